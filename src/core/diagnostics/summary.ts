import type { SummaryRow } from '../types';
import { ensureCapacity, type ChainMatrix } from './chainMatrix';
import { DrawsWorkspace, defaultWorkspace, type PreparedDraws } from './preparedDraws';
import { mean, sd } from './moments';
import { madSorted, medianSorted, quantileSorted } from './quantile7';
import { zScale } from './rankNormalise';
import { rhatCore } from './rhatCore';
import { essCore } from './essCore';
import { rhatTailOf } from './rhat';
import { essTailOf } from './ess';
import { mcseMeanOf } from './mcse';

/** Default quantiles: a 90% credible interval, as the course slides use. */
export const DEFAULT_PROBS: readonly number[] = [0.05, 0.95];

/** Key of a quantile in SummaryRow.quantiles, as posterior names them: 0.05 -> 'q5', 0.025 -> 'q2.5'. */
export function quantileKey(p: number): string {
  return `q${Number((p * 100).toPrecision(15))}`;
}

function checkProbs(probs: readonly number[]): void {
  for (const p of probs) {
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
      throw new Error(`summary: quantile probabilities must be numbers between 0 and 1, got ${String(p)} in [${probs.join(', ')}]`);
    }
  }
}

/**
 * One summary row (posterior's summarise_draws defaults plus mcse_mean) from prepared draws.
 * The rank-normalised split chains are computed once and shared by bulk R-hat and bulk-ESS.
 * Draws with NaN give NaN statistics and null diagnostics (posterior: NA), except split-only ones
 * when the NaN is the middle draw an odd-length split drops (as in posterior).
 */
export function summaryRowOf(name: string, d: PreparedDraws, probs: readonly number[], ws: DrawsWorkspace = defaultWorkspace): SummaryRow {
  const values = d.x.values;
  const S = values.length;
  const quantiles: Record<string, number> = {};
  for (const p of probs) quantiles[quantileKey(p)] = d.noNaN ? quantileSorted(d.sorted, p) : NaN;
  // rank-normalised split chains, shared by bulk R-hat and bulk-ESS
  const z = zScale(d.split, d.splitOrder);
  const rhatBulk = rhatCore(z);
  const essBulk = essCore(z);
  const rhatTail = rhatTailOf(d, ws);
  const rhat = rhatBulk === null || rhatTail === null ? null : Math.max(rhatBulk, rhatTail);
  return {
    name,
    mean: mean(values),
    sd: S > 1 ? sd(values) : NaN,
    median: d.noNaN ? medianSorted(d.sorted) : NaN,
    mad: d.noNaN ? madSorted(d.sorted) : NaN,
    quantiles,
    rhat,
    ess_bulk: essBulk,
    ess_tail: essTailOf(d),
    mcse_mean: mcseMeanOf(d),
  };
}

/** Summary row of one parameter; chains: one Float64Array of draws per chain (equal lengths). */
export function summariseParameter(name: string, chains: readonly Float64Array[], probs: readonly number[] = DEFAULT_PROBS): SummaryRow {
  checkProbs(probs);
  return summaryRowOf(name, defaultWorkspace.prepareChains(chains, `summariseParameter('${name}')`), probs);
}

export interface DrawsInput {
  /** Parameter names, P of them. */
  names: string[];
  /** One Float64Array per chain: iterations x P, row-major (may be longer: streaming capacity). */
  chains: Float64Array[];
  /** Iterations written so far per chain; chains may differ while streaming, the minimum is used. */
  nIterations: number[];
}

let transposed: Float64Array = new Float64Array(0);

/**
 * Summary rows for every parameter of a (possibly still running) fit. Transposes the
 * iteration-major chains once into a reusable parameter-major buffer, then summarises each
 * parameter with shared scratch buffers (no per-draw allocation).
 */
export function summariseDraws(input: DrawsInput, probs: readonly number[] = DEFAULT_PROBS): SummaryRow[] {
  checkProbs(probs);
  const { names, chains, nIterations } = input;
  const P = names.length;
  const m = chains.length;
  if (m === 0) throw new Error('summariseDraws: no chains; pass one Float64Array (iterations x parameters) per chain');
  if (nIterations.length !== m) {
    throw new Error(`summariseDraws: got ${m} chains but ${nIterations.length} iteration counts; pass one count per chain`);
  }
  if (P === 0) return [];
  let n = Infinity;
  for (let c = 0; c < m; c++) {
    const k = nIterations[c];
    if (!Number.isInteger(k) || k < 0) throw new Error(`summariseDraws: nIterations[${c}] must be a non-negative integer, got ${k}`);
    if (chains[c].length < k * P) {
      throw new Error(`summariseDraws: chain ${c + 1} holds ${chains[c].length} values but ${k} iterations x ${P} parameters need ${k * P}; names and draws disagree`);
    }
    n = Math.min(n, k);
  }
  if (n === 0) throw new Error('summariseDraws: no draws yet (some chain has 0 iterations); wait for the first batch');
  transposed = ensureCapacity(transposed, P * m * n);
  parameterMajorDraws(chains, n, P, 0, P, transposed);
  return summariseParameterMajor(names, transposed, m, n, probs);
}

/**
 * Draws of `m` chains x `n` iterations for several parameters, parameter-major: parameter j's draws
 * are values[j*m*n, (j+1)*m*n), chain by chain (what summariseDraws transposes its input into).
 */
export function parameterMajorDraws(
  chains: readonly Float64Array[], n: number, P: number, first: number, count: number, out?: Float64Array,
): Float64Array {
  const m = chains.length;
  const S = m * n;
  const values = out ?? new Float64Array(count * S);
  for (let c = 0; c < m; c++) {
    const chain = chains[c];
    const offset = c * n;
    for (let i = 0; i < n; i++) {
      const row = i * P + first;
      const col = offset + i;
      for (let j = 0; j < count; j++) values[j * S + col] = chain[row + j];
    }
  }
  return values;
}

/**
 * Summary rows from parameter-major draws (parameterMajorDraws): the CLI splits the parameters
 * into blocks and summarises each block on its own thread; summariseDraws runs this on all of them.
 */
export function summariseParameterMajor(
  names: readonly string[], values: Float64Array, m: number, n: number, probs: readonly number[] = DEFAULT_PROBS,
): SummaryRow[] {
  checkProbs(probs);
  const P = names.length;
  const S = m * n;
  if (!(m >= 1 && n >= 1 && values.length >= P * S)) {
    throw new Error(`summariseParameterMajor: ${P} parameters x ${m} chains x ${n} iterations need ${P * S} values, got ${values.length}`);
  }
  const rows: SummaryRow[] = new Array(P);
  for (let j = 0; j < P; j++) {
    const x: ChainMatrix = { values: values.subarray(j * S, (j + 1) * S), chains: m, iterations: n };
    rows[j] = summaryRowOf(names[j], defaultWorkspace.prepare(x), probs);
  }
  return rows;
}
