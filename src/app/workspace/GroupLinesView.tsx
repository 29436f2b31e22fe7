// "Group lines" (issue 21, item 2): each group's fitted line (population coefficients plus that
// group's r_) over a numeric predictor, on the response scale, the population line emphasised,
// the groups' observed points; a search box picks groups (highlighted, and drawn even when there
// are more than 60 groups, where only the 60 with the most rows are drawn otherwise). In panels
// (one per group, as lattice draws sleepstudy) or overlaid. Computed in the analysis worker
// (src/core/interpret/groupLines.ts); PNG/SVG and a CSV of the lines.
import { useMemo, useRef, useState } from 'react';
import type { DrawStore } from '../../client/drawStore';
import type { DataTable, ModelStructure } from '../../core/types';
import { groupLinesCsv, MAX_GROUPS, type GroupLinesResult } from '../../core/interpret/groupLines';
import { groupLinesPlot, type GroupLinesData } from '../../plots';
import { ChartBox } from './ChartBox';
import { download } from './exports';
import { useContentWidth, useInterpretView, useNextTask } from './useInterpretView';
import { yLabelOf } from './ConditionalEffectsView';
import { LevelSearch } from './LevelSearch';

const safe = (s: string) => s.replace(/[^A-Za-z0-9_.-]+/g, '_');
const pctOf = (p: number) => `${+(p * 100).toPrecision(4)}%`;

function GroupSearch({ r, picked, onPick }: { r: GroupLinesResult; picked: string[]; onPick: (next: string[]) => void }) {
  const levels = useMemo(() => r.levels.map((l) => l.level), [r.levels]);
  return (
    <div className="ws-row">
      <label className="ws-inline">
        Find a {r.group}
        <LevelSearch label={`Find a ${r.group}`} levels={levels} value={null} keepText={false} placeholder={`${levels.length} levels`}
          onPick={(level) => { if (!picked.includes(level)) onPick([...picked, level]); }} />
      </label>
      {picked.map((p) => (
        <button key={p} type="button" className="ws-chip" aria-label={`Remove ${p}`} onClick={() => onPick(picked.filter((q) => q !== p))}>{p} ×</button>
      ))}
      {picked.length ? <button type="button" className="ws-small" onClick={() => onPick([])}>Clear</button> : null}
    </div>
  );
}

export function GroupLinesView({ store, loadStructure, fileStem, level = 0.95, table, formula }: {
  store: DrawStore; loadStructure: () => Promise<ModelStructure>; fileStem: string; level?: number; table: DataTable; formula: string;
}) {
  const section = useRef<HTMLElement>(null);
  const boxWidth = useContentWidth(section);
  const [pick, setPick] = useState<{ group?: string; predictor?: string }>({});
  const [picked, setPicked] = useState<string[]>([]);
  const [layout, setLayout] = useState<'auto' | 'overlay' | 'panels'>('auto');
  const job = useMemo(() => ({ kind: 'groupLines' as const, formula, ...pick, picked, prob: level }), [formula, pick, picked, level]);
  const { result: r, busy, error } = useInterpretView<GroupLinesResult>(store, loadStructure, job, section, { table, idle: true });
  const last = useRef<GroupLinesResult | null>(null);
  if (r) last.current = r;
  const shown = last.current;
  const data = useNextTask(useMemo((): GroupLinesData | null => (r ? {
    x: r.x, population: r.population,
    groups: r.lines.map((l) => ({ label: l.level, estimate: l.estimate, points: l.points, highlight: l.picked, population: l.population })),
  } : null), [r]));
  const chosen = layout === 'auto' ? ((r?.lines.length ?? 0) <= 30 ? 'panels' : 'overlay') : layout;
  const stem = shown ? `${fileStem}-group-lines-${safe(shown.group)}-${safe(shown.predictor)}` : fileStem;
  return (
    <section ref={section} className="ws-card" aria-label="Group lines">
      <h3 className="ws-title">Group lines</h3>
      <p className="ws-hint">Each group&apos;s fitted line (the population coefficients plus the group&apos;s own effects, posterior mean) on the response scale, with its observed points; the population line in black with its {pctOf(level)} interval.</p>
      <div className="ws-row">
        <label className="ws-inline">
          Grouping factor
          <select aria-label="Grouping factor" value={shown?.group ?? ''} disabled={!shown} onChange={(e) => { setPicked([]); setPick({ ...pick, group: e.target.value }); }}>
            {(shown?.choices.groups ?? []).map((g) => <option key={g} value={g}>{g}</option>)}
          </select>
        </label>
        <label className="ws-inline">
          Predictor
          <select aria-label="Predictor" value={shown?.predictor ?? ''} disabled={!shown} onChange={(e) => setPick({ ...pick, predictor: e.target.value })}>
            {(shown?.choices.predictors ?? []).map((p) => <option key={p} value={p}>{p}</option>)}
          </select>
        </label>
        <label className="ws-inline">
          Layout
          <select aria-label="Layout" value={layout} onChange={(e) => setLayout(e.target.value as typeof layout)}>
            <option value="auto">Automatic</option>
            <option value="panels">One panel per group</option>
            <option value="overlay">All in one</option>
          </select>
        </label>
        <button type="button" className="ws-small" disabled={!r} onClick={() => r && download(`${stem}.csv`, groupLinesCsv(r), 'text/csv')}>Download CSV</button>
        <span className="ws-hint" role="status" aria-label="Group lines status">{busy ? 'Computing…' : ''}</span>
      </div>
      {shown ? <GroupSearch r={shown} picked={picked} onPick={setPicked} /> : null}
      {error ? <p className="ws-error-text" role="alert">{error}</p> : null}
      {r && data ? (
        <>
          <p className="ws-hint" aria-label="Group lines note">
            {r.hidden > 0 ? `Showing the ${MAX_GROUPS} ${r.group} levels with the most rows${picked.length ? ` plus ${picked.length} picked` : ''} (${r.lines.length} of ${r.levels.length}). ` : `All ${r.lines.length} ${r.group} levels. `}
            {r.conditions.length ? `Other variables at ${r.conditions.map((c) => `${c.name} = ${typeof c.value === 'number' ? +c.value.toPrecision(4) : c.value}`).join(', ')}. ` : ''}
            {r.perGroup.length ? `${r.perGroup.join(', ')} ${r.perGroup.length > 1 ? 'are' : 'is'} constant within each ${r.group}: each line (and its panel's dashed population line) uses the ${r.group}'s own value. ` : ''}
            {r.probability ? 'Probabilities with trials set to 1.' : ''}
          </p>
          <ChartBox kind={`group-lines-${chosen}`} title={`${r.group} lines of ${r.response} against ${r.predictor}`} fileName={stem} data={boxWidth === null ? null : data} deps={[data, chosen, boxWidth]} width={boxWidth ?? undefined}
            create={(el, d, w) => groupLinesPlot(el, d, {
              width: Math.min(w, 900), xLabel: r.predictor, yLabel: yLabelOf(r.response, r.probability), layout: chosen,
              yDomain: r.probability ? [0, 1] : undefined, intervalLabel: pctOf(r.prob), groupNoun: r.group,
            })} />
        </>
      ) : null}
    </section>
  );
}
