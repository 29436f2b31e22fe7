// "Conditional effects" (issue 21, item 1): brms conditional_effects() for one effect of the fit
// (a population-level variable or a two-way interaction): the expected response on the response
// scale over a grid of the variable, the others held at their means / reference levels, with
// the posterior mean or median and an interval; group-level effects left out or added for one
// chosen group; the observed points optional. Computed in the analysis worker
// (src/core/interpret/conditionalEffects.ts); PNG/SVG and a CSV shaped like brms's data frame.
import { useMemo, useRef, useState } from 'react';
import type { DrawStore } from '../../client/drawStore';
import type { DataTable, ModelStructure } from '../../core/types';
import { conditionalEffectsCsv, type ConditionalEffectsResult } from '../../core/interpret/conditionalEffects';
import { effectsPlot, type EffectsPlotData } from '../../plots';
import { ChartBox } from './ChartBox';
import { download } from './exports';
import { fmtNum } from './SummaryTable';
import { useContentWidth, useInterpretView, useNextTask } from './useInterpretView';
import { LevelSearch } from './LevelSearch';

const safe = (s: string) => s.replace(/[^A-Za-z0-9_.-]+/g, '_');
const pctOf = (p: number) => `${+(p * 100).toPrecision(4)}%`;
export const LEVELS = [0.5, 0.8, 0.9, 0.95, 0.99];

/** The series the plot draws: one per effect2__ level (or one), in brms's level order. */
function plotData(r: ConditionalEffectsResult, points: boolean): EffectsPlotData {
  const labels: (string | null)[] = r.effect2Levels ?? [null];
  const series = labels.map((label) => {
    const rows = r.rows.filter((row) => row.effect2 === label);
    return { label, x: rows.map((row) => row.effect1), estimate: rows.map((row) => row.estimate), lower: rows.map((row) => row.lower), upper: rows.map((row) => row.upper) };
  });
  const factorX = r.types[0] === 'factor';
  return {
    xKind: factorX ? 'factor' : 'numeric',
    levels: factorX ? [...new Set(r.rows.map((row) => String(row.effect1)))] : undefined,
    series,
    points: points ? r.points.map((p) => ({ x: p.x, y: p.y, n: p.n, series: p.level2 === null ? null : labels.indexOf(p.level2) })) : undefined,
  };
}

export function yLabelOf(response: string, probability: boolean): string {
  return probability ? `${response}: probability (response scale)` : `${response}: expected value (response scale)`;
}

function Conditions({ r }: { r: ConditionalEffectsResult }) {
  const held = r.conditions.map((c) => `${c.name} = ${typeof c.value === 'number' ? fmtNum(c.value) : c.value} (${typeof c.value === 'number' ? 'mean' : 'reference level'})`);
  return (
    <p className="ws-hint" aria-label="Conditional effects note">
      {r.robust ? 'Posterior median' : 'Posterior mean'} with the {pctOf(r.prob)} interval of the expected response{r.probability ? ' (a probability; trials set to 1 as brms does)' : ''}.
      {held.length ? ` Held at: ${held.join(', ')}.` : ''}
      {r.vars.length === 2 && r.types[1] === 'numeric' ? ` ${r.vars[1]} at its mean - sd, mean and mean + sd, as brms does.` : ''}
      {r.group ? ` Includes the group-level effects of ${r.group.group} ${r.group.level}.` : ' Group-level effects left out (brms re_formula = NA).'}
      {r.probability ? ` Observed: the proportion of ${r.nPoints} rows at each value (or tenth of the rows) of ${r.vars[0]}, area by rows.` : r.nPoints > r.points.length ? ` ${r.points.length} of ${r.nPoints} observed points shown.` : ''}
      {r.categories ? ` One line per category of ${r.response}: its probability (brms categorical = TRUE).` : ''}
    </p>
  );
}

export function ConditionalEffectsView({ store, loadStructure, fileStem, level = 0.95, table, formula }: {
  store: DrawStore; loadStructure: () => Promise<ModelStructure>; fileStem: string; level?: number; table: DataTable; formula: string;
}) {
  const section = useRef<HTMLElement>(null);
  const boxWidth = useContentWidth(section);
  const [effect, setEffect] = useState<string | undefined>(undefined);
  const [prob, setProb] = useState(LEVELS.includes(level) ? level : 0.95);
  const [robust, setRobust] = useState(false);
  const [group, setGroup] = useState<{ group: string; level: string } | null>(null);
  const [points, setPoints] = useState(false);
  const job = useMemo(() => ({ kind: 'effects' as const, formula, effect, prob, robust, group }), [formula, effect, prob, robust, group]);
  const { result: r, busy, error } = useInterpretView<ConditionalEffectsResult>(store, loadStructure, job, section, { table, idle: true });
  const last = useRef<ConditionalEffectsResult | null>(null);
  if (r) last.current = r;
  const shown = last.current;
  const data = useNextTask(useMemo(() => (r ? plotData(r, points) : null), [r, points]));
  const stem = shown ? `${fileStem}-conditional-effects-${safe(shown.effect)}` : fileStem;
  const groups = shown?.groupChoices ?? [];
  const levelsOf = groups.find((g) => g.group === group?.group)?.levels ?? [];
  return (
    <section ref={section} className="ws-card" aria-label="Conditional effects">
      <h3 className="ws-title">Conditional effects</h3>
      <p className="ws-hint">How the expected response changes with one predictor (or two, for an interaction) while the others stay fixed, as brms&apos;s conditional_effects() draws it.</p>
      <div className="ws-row">
        <label className="ws-inline">
          Effect
          <select aria-label="Effect" value={shown?.effect ?? ''} disabled={!shown} onChange={(e) => setEffect(e.target.value)}>
            {(shown?.choices ?? []).map((c) => <option key={c} value={c}>{c}</option>)}
          </select>
        </label>
        <label className="ws-inline">
          Estimate
          <select aria-label="Estimate" value={robust ? 'median' : 'mean'} onChange={(e) => setRobust(e.target.value === 'median')}>
            <option value="mean">Posterior mean</option>
            <option value="median">Posterior median (brms default)</option>
          </select>
        </label>
        <label className="ws-inline">
          Interval
          <select aria-label="Interval" value={String(prob)} onChange={(e) => setProb(Number(e.target.value))}>
            {LEVELS.map((p) => <option key={p} value={p}>{pctOf(p)}</option>)}
          </select>
        </label>
        {groups.length ? (
          <label className="ws-inline">
            Group-level effects
            <select aria-label="Group-level effects" value={group?.group ?? ''} onChange={(e) => { const g = groups.find((c) => c.group === e.target.value); setGroup(g ? { group: g.group, level: g.levels[0] } : null); }}>
              <option value="">Left out (re_formula = NA)</option>
              {groups.map((g) => <option key={g.group} value={g.group}>Include one {g.group}</option>)}
            </select>
          </label>
        ) : null}
        {group ? (
          <label className="ws-inline">
            {group.group}
            <LevelSearch key={group.group} label={group.group} levels={levelsOf} value={group.level} onPick={(l) => setGroup({ group: group.group, level: l })} />
          </label>
        ) : null}
        {shown?.categories ? null : <label className="ws-check"><input type="checkbox" checked={points} onChange={(e) => setPoints(e.target.checked)} /> {shown?.probability ? 'show observed proportions' : 'show data points'}</label>}
        <button type="button" className="ws-small" disabled={!r} onClick={() => r && download(`${stem}.csv`, conditionalEffectsCsv(r), 'text/csv')}>Download CSV</button>
        <span className="ws-hint" role="status" aria-label="Conditional effects status">{busy ? 'Computing…' : ''}</span>
      </div>
      {error ? <p className="ws-error-text" role="alert">{error}</p> : null}
      {r && data ? (
        <>
          <Conditions r={r} />
          <ChartBox kind="effects" title={`Conditional effect of ${r.effect}`} fileName={stem} data={boxWidth === null ? null : data} deps={[data, boxWidth]} width={boxWidth ?? undefined}
            create={(el, d, w) => effectsPlot(el, d, {
              width: Math.min(w, 860), xLabel: r.vars[0], yLabel: yLabelOf(r.response, r.probability), legendTitle: r.categories ? r.response : r.vars[1],
              yDomain: r.probability ? [0, 1] : undefined, intervalLabel: pctOf(r.prob),
            })} />
        </>
      ) : null}
    </section>
  );
}
