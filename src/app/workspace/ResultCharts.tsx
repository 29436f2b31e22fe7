// Result charts after a run: rank and per-chain density of any parameter, a pairs plot of
// chosen parameters (divergent draws in red), caterpillar plots of every group's effects and a
// posterior predictive check. Every chart exports as SVG and PNG.
import { useEffect, useMemo, useState } from 'react';
import type { FamilyName, ModelStructure, SummaryRow } from '../../core/types';
import { quantileKey } from '../../core/diagnostics/summary';
import {
  caterpillarPlot, densityPlot, pairsPlot, ppcPlot, rankPlot,
  type IntervalRow, type PairsData, type ParameterDraws, type PpcData,
} from '../../plots';
import type { DrawStore } from '../../client/drawStore';
import { Tabs } from '../components/Tabs';
import { ChartBox } from './ChartBox';
import { commonDraws, pooledRow, usableChains } from './fit';
import { posteriorPredictive, ppcKind } from './ppc';
import { groupOfEffect, intervalProbs, isEffect } from './summaryGroups';

export function parameterDraws(store: DrawStore, name: string): ParameterDraws {
  // Every chain cut to the common number of post-warmup draws (a stopped run's chains differ),
  // so rank histograms compare like with like, as the summary does.
  const ids = usableChains(store);
  const n = commonDraws(store);
  const chains = ids.map((c) => {
    const values = store.trace(c, name, true);
    return { values, count: Math.min(values.length, store.nWarmup(c) + n) };
  });
  return { chains, warmup: ids.length ? store.nWarmup(ids[0]) : 0 };
}

function pairsData(store: DrawStore, names: string[]): PairsData {
  const n = commonDraws(store);
  const chains = usableChains(store).map((c) => {
    const params = names.map((p) => store.trace(c, p, false));
    return { params, divergent: store.stat(c, 'divergent__', false), count: Math.min(n, params[0]?.length ?? 0) };
  });
  return { names, chains, warmup: 0 };
}

/**
 * Caterpillar rows per r_ block: group term x coefficient, labelled with the factor levels; the
 * outer interval (IntervalRow's lo90 / hi90) is the summary's credible level (95% by default).
 */
export function caterpillarBlocks(rows: readonly SummaryRow[], level = 0.95): { key: string; group: string; coef: string; rows: IntervalRow[] }[] {
  const blocks = new Map<string, { key: string; group: string; coef: string; rows: IntervalRow[] }>();
  const q = (r: SummaryRow, p: number) => r.quantiles[quantileKey(p)];
  const [pLo, pHi] = intervalProbs(level);
  for (const r of rows) {
    if (!isEffect(r.name)) continue;
    const group = groupOfEffect(r.name);
    const inside = r.name.slice(r.name.indexOf('[') + 1, -1);
    const comma = inside.lastIndexOf(',');
    const level = inside.slice(0, comma);
    const coef = inside.slice(comma + 1);
    const key = `${group}|${coef}`;
    let b = blocks.get(key);
    if (!b) { b = { key, group, coef, rows: [] }; blocks.set(key, b); }
    b.rows.push({ label: level, mean: r.mean, lo90: q(r, pLo), hi90: q(r, pHi), lo50: q(r, 0.25), hi50: q(r, 0.75) });
  }
  return [...blocks.values()];
}

const mainParams = (names: readonly string[]) => names.filter((n) => !n.startsWith('r_'));

function ParamSelect({ names, value, onChange, label }: { names: string[]; value: string; onChange: (v: string) => void; label: string }) {
  return (
    <label className="ws-inline">
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {names.map((n) => <option key={n} value={n}>{n}</option>)}
      </select>
    </label>
  );
}

export function ResultCharts({ store, rows, storeVersion, fileStem, loadStructure, outcome, family, level, categories }: {
  store: DrawStore;
  rows: SummaryRow[] | null;
  storeVersion: number;
  fileStem: string;
  /** The fit's ModelStructure (prepared in the analysis worker) for the PPC. */
  loadStructure: () => Promise<ModelStructure>;
  outcome: string;
  /** An ordinal text response's category names, lowest first (category k is categories[k - 1]). */
  categories?: readonly string[];
  /** The fit's family: chooses the PPC (density overlay or bars), see ppcKind. */
  family: FamilyName;
  /** Credible level of the summary (outer caterpillar interval). */
  level: number;
}) {
  const [tab, setTab] = useState('rank');
  const names = store.names;
  const main = mainParams(names);
  const [param, setParam] = useState(main[0] ?? names[0]);
  const [pairs, setPairs] = useState<string[]>(main.slice(0, 3));
  const current = names.includes(param) ? param : names[0];
  const draws = useMemo(() => parameterDraws(store, current), [store, current, storeVersion]); // eslint-disable-line react-hooks/exhaustive-deps
  const pairNames = pairs.filter((p) => names.includes(p));
  const pdata = useMemo(() => (pairNames.length >= 2 ? pairsData(store, pairNames) : null), [store, pairNames.join('\n'), storeVersion]); // eslint-disable-line react-hooks/exhaustive-deps
  const blocks = useMemo(() => (rows ? caterpillarBlocks(rows, level) : []), [rows, level]);
  const pct = `${Number((level * 100).toPrecision(4))}%`;
  const bars = ppcKind(family) === 'bars';
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_.-]+/g, '_');

  const [ppc, setPpc] = useState<{ data: PpcData | null; error: string | null; busy: boolean; version: number }>({ data: null, error: null, busy: false, version: -1 });
  useEffect(() => {
    if (tab !== 'ppc' || ppc.version === storeVersion) return;
    const signal = { cancelled: false };
    setPpc({ data: null, error: null, busy: true, version: storeVersion });
    loadStructure().then(async (s) => {
      const total = commonDraws(store) * usableChains(store).length;
      const yrep = await posteriorPredictive(s, store.names, total, (k) => pooledRow(store, k), 20, 1, signal);
      if (!signal.cancelled) setPpc({ data: { y: s.y, yrep }, error: null, busy: false, version: storeVersion });
    }).catch((err: unknown) => {
      if (!signal.cancelled) setPpc({ data: null, error: err instanceof Error ? err.message : String(err), busy: false, version: storeVersion });
    });
    return () => { signal.cancelled = true; };
  }, [tab, storeVersion]); // eslint-disable-line react-hooks/exhaustive-deps

  const togglePair = (n: string) => setPairs((list) => (list.includes(n) ? list.filter((x) => x !== n) : list.length >= 5 ? list : [...list, n]));

  const items = [
    { id: 'rank', label: 'Rank plots' },
    { id: 'density', label: 'Densities' },
    { id: 'pairs', label: 'Pairs' },
    ...(blocks.length ? [{ id: 'caterpillar', label: 'Group effects' }] : []),
    { id: 'ppc', label: 'Predictive check' },
  ];
  return (
    <section className="ws-card" aria-label="Charts">
      <h3 className="ws-title">Charts</h3>
      <Tabs items={items} selected={tab} onSelect={setTab} label="Result charts">
        {tab === 'rank' || tab === 'density' ? (
          <>
            <ParamSelect names={names} value={current} onChange={setParam} label="Parameter" />
            {tab === 'rank' ? (
              <ChartBox key="rank" kind="rank" title={`Rank plot of ${current}`} fileName={`${fileStem}-rank-${safe(current)}`} data={draws} deps={[draws]}
                create={(el, d, w) => rankPlot(el, d, { width: w, title: current, layout: 'panels' })} />
            ) : (
              <ChartBox key="density" kind="density" title={`Density of ${current} per chain`} fileName={`${fileStem}-density-${safe(current)}`} data={draws} deps={[draws]}
                create={(el, d, w) => densityPlot(el, d, { width: w, title: current })} />
            )}
          </>
        ) : null}
        {tab === 'pairs' ? (
          <>
            <fieldset className="ws-pairs-pick">
              <legend>Parameters (2 to 5)</legend>
              {(main.length >= 2 ? main : names.slice(0, 40)).map((n) => (
                <label key={n} className="ws-check">
                  <input type="checkbox" checked={pairNames.includes(n)} disabled={!pairNames.includes(n) && pairNames.length >= 5} onChange={() => togglePair(n)} /> {n}
                </label>
              ))}
            </fieldset>
            {pdata ? (
              <ChartBox kind="pairs" title="Pairs plot" fileName={`${fileStem}-pairs`} data={pdata} deps={[pdata]}
                note={<p className="ws-hint">Divergent transitions are drawn in red.</p>}
                create={(el, d, w) => pairsPlot(el, d, { width: Math.min(w, 640) })} />
            ) : <p className="ws-hint">Choose at least two parameters.</p>}
          </>
        ) : null}
        {tab === 'caterpillar' ? (
          <div className="ws-cats">
            {blocks.map((b) => (
              <ChartBox key={b.key} kind="caterpillar" title={`r_${b.group}[, ${b.coef}]`} fileName={`${fileStem}-caterpillar-${safe(b.group)}-${safe(b.coef)}`}
                data={b.rows} deps={[b.rows]}
                create={(el, d, w) => caterpillarPlot(el, d, { width: w, title: `${b.coef} by ${b.group} (${d.length} levels, sorted)`, labelWidth: 110, maxHeight: 420, outerLabel: pct })} />
            ))}
          </div>
        ) : null}
        {tab === 'ppc' ? (
          ppc.error ? <p className="ws-error-text" role="alert">{ppc.error}</p>
            : ppc.busy || !ppc.data ? <p className="ws-hint">Simulating 20 replicated datasets…</p>
              : (
                <ChartBox kind="ppc" title="Posterior predictive check" fileName={`${fileStem}-ppc`} data={ppc.data} deps={[ppc.data, bars]}
                  note={<p className="ws-hint">{bars
                    ? <>Observed {outcome}: count of each value (light bars), against the median and 90% interval of those counts over {ppc.data.yrep.length} datasets replicated from the posterior (dark points and lines).</>
                    : <>Observed {outcome} (dark, thick line) against {ppc.data.yrep.length} datasets replicated from the posterior (light, thin lines).</>}</p>}
                  create={(el, d, w) => ppcPlot(el, d, { width: w, outcome, discrete: bars, ...(categories ? { valueLabel: (v: number) => categories[v - 1] ?? String(v) } : {}) })} />
              )
        ) : null}
      </Tabs>
    </section>
  );
}
