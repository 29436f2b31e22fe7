// "Pooling" (issue 21, item 3): for one grouping factor and one coefficient, complete pooling
// (one estimate from a model without the group term), no pooling (each group's own fit, with
// its SE, or why it has none) and partial pooling (the fit's b + r, posterior mean and interval)
// side by side, with the shrinkage plot (1-D, and intercept x slope for a term with both).
// Computed in the analysis worker (src/core/interpret/views.ts); PNG/SVG and a CSV of the numbers.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { DrawStore } from '../../client/drawStore';
import type { ModelStructure } from '../../core/types';
import { poolingCsv, type PoolingViewResult } from '../../core/interpret/views';
import { shrinkagePlot, type ShrinkageData } from '../../plots';
import { ChartBox } from './ChartBox';
import { download } from './exports';
import { fmtNum } from './SummaryTable';
import { useInterpretView } from './useInterpretView';

const safe = (s: string) => s.replace(/[^A-Za-z0-9_.-]+/g, '_');
const pctOf = (p: number) => `${+(p * 100).toPrecision(4)}%`;

function axisLabel(coef: string, r: PoolingViewResult): string {
  return `${coef}${r.scale ? ` (${r.scale} scale)` : ''}`;
}

function PoolingTable({ r }: { r: PoolingViewResult }) {
  const p = pctOf(r.prob);
  return (
    <div className="ws-scroll" style={{ maxHeight: 360 }}>
      <table className="ws-table" aria-label="Pooling estimates">
        <thead>
          <tr>
            {[r.group, 'rows', 'No pooling', 'SE', 'Partial pooling', `${p} interval`, 'Shift', 'Complete pooling'].map((h) => <th key={h} scope="col">{h}</th>)}
          </tr>
        </thead>
        <tbody>
          {r.rows.map((g) => (
            <tr key={g.level}>
              <th scope="row">{g.level}</th>
              <td>{g.n}</td>
              {g.reason ? <td colSpan={2} className="ws-hint" style={{ textAlign: 'left', whiteSpace: 'normal' }}>{g.reason}</td> : <><td>{fmtNum(g.noPooling)}</td><td>{fmtNum(g.noPoolingSe)}</td></>}
              <td>{fmtNum(g.partial.estimate)}</td>
              <td>[{fmtNum(g.partial.lower)}, {fmtNum(g.partial.upper)}]</td>
              <td>{g.reason ? '' : fmtNum(g.partial.estimate - g.noPooling)}</td>
              <td>{fmtNum(r.complete.estimate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Unestimable({ r }: { r: PoolingViewResult }) {
  const missing = r.rows.filter((g) => g.reason);
  if (missing.length === 0) return null;
  const reasons = new Map<string, string[]>();
  for (const g of missing) {
    const why = g.reason!.split(':')[0];
    reasons.set(why, [...(reasons.get(why) ?? []), g.level]);
  }
  const list = (levels: string[]) => (levels.length > 12 ? `${levels.slice(0, 12).join(', ')} and ${levels.length - 12} more` : levels.join(', '));
  return (
    <div className="ws-hint" aria-label="Groups without a no-pooling estimate">
      {missing.length} of {r.rows.length} {r.group} levels have no no-pooling estimate (listed in the table with the reason; they keep their partial-pooling estimate):
      <ul className="ws-notes">{[...reasons].map(([why, levels]) => <li key={why}>{why}: {list(levels)}</li>)}</ul>
    </div>
  );
}

export function PoolingView({ store, loadStructure, fileStem, level = 0.95 }: { store: DrawStore; loadStructure: () => Promise<ModelStructure>; fileStem: string; level?: number }) {
  const [pick, setPick] = useState<{ group?: string; coef?: string }>({});
  const section = useRef<HTMLElement>(null);
  const job = useMemo(() => ({ kind: 'pooling' as const, ...pick, prob: level }), [pick, level]);
  const { result: r, busy, error } = useInterpretView<PoolingViewResult>(store, loadStructure, job, section);
  const oneD = useMemo((): ShrinkageData | null => (r ? {
    dims: 1, population: r.population.estimate, complete: r.complete.estimate,
    groups: r.rows.map((g) => ({ label: g.level, n: g.n, from: g.reason ? null : g.noPooling, to: g.partial.estimate })),
  } : null), [r]);
  const twoD = useMemo((): ShrinkageData | null => (r?.twoD ? {
    dims: 2, mean: r.twoD.mean, cov: r.twoD.cov, complete: r.twoD.complete,
    groups: r.twoD.groups.map((g) => ({ label: g.level, n: g.n, from: g.noPooling, to: g.partial })),
  } : null), [r]);
  // The pickers keep the last choices when a choice fails (its message is shown), so another can be made.
  const last = useRef<{ choices: PoolingViewResult['choices']; group: string; coef: string } | null>(null);
  if (r) last.current = { choices: r.choices, group: r.group, coef: r.coef };
  const choices = last.current?.choices ?? [];
  const group = pick.group ?? last.current?.group ?? '';
  const coef = pick.coef ?? (r?.coef ?? last.current?.coef ?? '');
  const choice = choices.find((c) => c.group === group);
  // The two charts and the table appear in three tasks, not one: each chart reads its width
  // (a layout of the page) and draws a mark per group, and on a busy machine the three together
  // made main-thread tasks over 50 ms (radon, 85 counties).
  const [stage, setStage] = useState(0);
  useEffect(() => {
    setStage(0);
    if (!r) return undefined;
    const timers = [setTimeout(() => setStage(1), 0), setTimeout(() => setStage(2), 30)];
    return () => timers.forEach(clearTimeout);
  }, [r]);
  const stem = r ? `${fileStem}-pooling-${safe(r.group)}-${safe(r.coef)}` : fileStem;

  return (
    <section ref={section} className="ws-card" aria-label="Pooling">
      <h3 className="ws-title">Pooling</h3>
      <p className="ws-hint">
        Complete pooling ignores the groups, no pooling fits each group alone, partial pooling (the multilevel model) pulls each group&apos;s
        estimate towards the population mean, the more so the fewer rows the group has.
      </p>
      <div className="ws-row">
        <label className="ws-inline">
          Grouping factor
          <select value={group} disabled={choices.length === 0} onChange={(e) => setPick({ group: e.target.value })}>
            {choices.map((c) => <option key={c.group} value={c.group}>{c.group}</option>)}
          </select>
        </label>
        <label className="ws-inline">
          Coefficient
          <select value={coef} disabled={!choice} onChange={(e) => setPick({ group, coef: e.target.value })}>
            {(choice?.coefs ?? []).map((c) => <option key={c} value={c}>{c}</option>)}
          </select>
        </label>
        <button type="button" className="ws-small" disabled={!r} onClick={() => r && download(`${stem}.csv`, poolingCsv(r), 'text/csv')}>Download CSV</button>
        <span className="ws-hint" role="status" aria-label="Pooling status">{busy ? 'Computing…' : ''}</span>
      </div>
      {error ? <p className="ws-error-text" role="alert">{error}</p> : null}
      {r ? (
        <>
          <p aria-label="Pooling summary">
            Complete pooling: {fmtNum(r.complete.estimate)} (SE {fmtNum(r.complete.se)}, {r.complete.n} rows).
            Population mean of the fit: {fmtNum(r.population.estimate)} [{fmtNum(r.population.lower)}, {fmtNum(r.population.upper)}].
            {r.scale ? ` All on the ${r.scale} scale (the link), as the model's coefficients.` : ''}
          </p>
          <p className="ws-hint">{r.note}</p>
          <Unestimable r={r} />
          <ChartBox kind="shrinkage" title={`Shrinkage of ${r.coef} by ${r.group}`} fileName={`${stem}-shrinkage`} data={oneD} deps={[oneD]}
            create={(el, d, w) => shrinkagePlot(el, d, { width: Math.min(w, 820), xLabel: axisLabel(r.coef, r), groupNoun: r.group })} />
          {stage >= 1 && twoD && r.twoD ? (
            <ChartBox kind="shrinkage-2d" title={`Shrinkage of Intercept and ${r.twoD.slope} by ${r.group}`} fileName={`${fileStem}-pooling-${safe(r.group)}-2d`} data={twoD} deps={[twoD]}
              create={(el, d, w) => shrinkagePlot(el, d, { width: Math.min(w, 820), xLabel: axisLabel('Intercept', r), yLabel: axisLabel(r.twoD!.slope, r), groupNoun: r.group })} />
          ) : null}
          {stage >= 2 ? <PoolingTable r={r} /> : null}
        </>
      ) : null}
    </section>
  );
}
