// The comparison view's content, pure: which picked fits can be compared (same response, LOO
// computed), loo_compare over them, the warnings about the rows they used, and their
// population-level estimates side by side (one column per fit, estimate and sd, as a regression table).
import { looCompare, type LooCompareTable } from '../../../core/loo';
import type { DrawStore } from '../../../client/drawStore';
import { fitStore } from '../fit';
import { responseOf } from './selectors';
import type { Fit } from './types';

export interface Comparison {
  /** Why there is no table yet, or why these fits cannot be compared. */
  blocked: string | null;
  table: LooCompareTable | null;
  /** Fits that used different rows (different N, data or dropped rows). */
  rowWarnings: string[];
}

const quote = (f: Fit) => `'${f.name}'`;

/** Rows a fit used, as far as the record says: its data set, its observations and the drops. */
const rowsKey = (f: Fit) => JSON.stringify([f.data.name, f.data.nRows, f.loo?.state === 'ok' ? f.loo.loo.nObs : f.data.nObs, f.data.dropped]);

export function compareFits(fits: readonly Fit[]): Comparison {
  const none = (blocked: string): Comparison => ({ blocked, table: null, rowWarnings: [] });
  if (fits.length < 2) return none('Tick "Compare" for two or more fits in the model list to compare them.');
  const opened = fits.filter((f) => f.external);
  if (opened.length) return none(`${opened.map(quote).join(', ')} ${opened.length > 1 ? 'were' : 'was'} opened from files: no model, so no LOO to compare.`);
  const responses = [...new Set(fits.map((f) => responseOf(f.spec.formula)))];
  if (responses.length > 1) {
    return none(`These fits model different responses (${fits.map((f) => `${quote(f)}: ${responseOf(f.spec.formula)}`).join(', ')}); LOO compares models of the same response: untick the others.`);
  }
  const names = fits.map((f) => f.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) return none(`Two of these fits are called '${twice}': rename one in the model list so the table can tell them apart.`);
  const waiting = fits.filter((f) => f.loo?.state !== 'ok');
  if (waiting.length) {
    const failed = waiting.filter((f) => f.loo?.state === 'error');
    if (failed.length) return none(`PSIS-LOO failed for ${failed.map(quote).join(', ')}, so it cannot be compared.`);
    return none(`Waiting for the PSIS-LOO of ${waiting.map(quote).join(', ')} (computed when a fit is done or stopped).`);
  }
  const rowWarnings: string[] = [];
  if (new Set(fits.map(rowsKey)).size > 1) {
    rowWarnings.push(`These fits used different rows: ${fits.map((f) => `${quote(f)} ${f.data.name}, ${f.loo?.state === 'ok' ? f.loo.loo.nObs : f.data.nObs} observations${f.data.dropped.length ? ` (${f.data.dropped.join(' ')})` : ''}`).join('; ')}. LOO compares models of the same observations: fit them on the same rows.`);
  }
  try {
    const table = looCompare(fits.map((f) => ({ name: f.name, loo: (f.loo as Extract<Fit['loo'], { state: 'ok' }>).loo })));
    return { blocked: null, table, rowWarnings };
  } catch (err) {
    return { blocked: err instanceof Error ? err.message : String(err), table: null, rowWarnings };
  }
}

/** Mean and sd of each b_ column over the usable chains cut to their common length. */
export function populationEstimates(store: DrawStore): Map<string, { mean: number; sd: number }> {
  const out = new Map<string, { mean: number; sd: number }>();
  const ids: number[] = [];
  for (let c = 1; c <= store.nChains; c++) if (store.nSampling(c) > 0) ids.push(c);
  if (!ids.length) return out;
  const n = Math.min(...ids.map((c) => store.nSampling(c)));
  const P = store.nParams;
  store.names.forEach((name, j) => {
    if (!name.startsWith('b_')) return;
    let sum = 0;
    for (const c of ids) { const d = store.samplingDraws(c); for (let i = 0; i < n; i++) sum += d[i * P + j]; }
    const mean = sum / (n * ids.length);
    let ss = 0;
    for (const c of ids) { const d = store.samplingDraws(c); for (let i = 0; i < n; i++) ss += (d[i * P + j] - mean) ** 2; }
    out.set(name.slice(2), { mean, sd: Math.sqrt(ss / (n * ids.length - 1)) });
  });
  return out;
}

/** The regression table: coefficients in order of first appearance, one column per fit. */
export function estimatesTable(fits: readonly Fit[]): { coefs: string[]; columns: Map<string, { mean: number; sd: number }>[] } {
  const columns = fits.map((f) => { const s = fitStore(f); return s ? populationEstimates(s) : new Map(); });
  const coefs: string[] = [];
  for (const col of columns) for (const k of col.keys()) if (!coefs.includes(k)) coefs.push(k);
  return { coefs, columns };
}
