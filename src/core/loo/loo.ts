/**
 * PSIS-LOO (Vehtari, Gelman and Gabry 2017) over observations in chunks, as `loo::loo` in loo
 * 2.5.1 with `r_eff = relative_eff(exp(log_lik), chain_id)` (what brms does): the caller's
 * `fill` writes the log-likelihood of a block of observations into a buffer owned here, so the
 * N x S matrix is never held (an InstEval fit: 73,000 x 4,000 doubles would be 2.3 GB).
 *
 * Estimates are `loo:::table_of_estimates`: Estimate = sum of the pointwise values, SE =
 * sqrt(N var(pointwise)); the MCSE of elpd_loo is `loo::mcse_loo` (NA when some k > 0.7).
 */
import { ObservationWorkspace, allocatePointwise, looObservation, type LooPointwise } from './pointwise';
import { paretoKTable, type ParetoKTable } from './paretoK';

/** Log-likelihood draws by blocks of observations. */
export interface LogLikSource {
  readonly nObs: number;
  readonly nChains: number;
  /** Draws per chain (loo needs equal chain lengths). */
  readonly nIterations: number;
  /**
   * Writes log p(y_i | theta_s) for i in [i0, i1) into out[(i - i0) * S + s], S = nChains *
   * nIterations, s = chain * nIterations + iteration (chain-major, 0-based). `out` is reused.
   */
  fill(i0: number, i1: number, out: Float64Array): void;
}

export interface LooOptions {
  /** Observations per chunk (default 256). */
  chunkSize?: number;
  /**
   * r_eff per observation: 'chains' (default) computes it from the chains as loo::relative_eff;
   * a number or one value per observation is used as given (1 = loo without r_eff).
   */
  rEff?: 'chains' | number | ArrayLike<number>;
  /** Called after each chunk with the observations done so far. */
  onProgress?: (done: number, total: number) => void;
}

export interface LooEstimate {
  estimate: number;
  se: number;
}

export interface LooResult {
  nObs: number;
  nDraws: number;
  elpdLoo: LooEstimate;
  pLoo: LooEstimate;
  looic: LooEstimate;
  /** loo::mcse_loo: null when some k > 0.7 (R: NA). */
  mcseElpdLoo: number | null;
  pointwise: LooPointwise;
  paretoK: ParetoKTable;
}

const DEFAULT_CHUNK = 256;

function checkSource(source: LogLikSource): void {
  const { nObs, nChains, nIterations } = source;
  for (const [name, v] of [['nObs', nObs], ['nChains', nChains], ['nIterations', nIterations]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`PSIS-LOO: ${name} must be a positive integer, got ${v}`);
  }
  if (nIterations < 2) throw new Error('PSIS-LOO needs at least 2 draws per chain (loo::relative_eff cannot estimate r_eff from 1)');
}

function rEffFor(option: LooOptions['rEff'], nObs: number): (i: number) => number {
  if (option === undefined || option === 'chains') return () => NaN;
  const values = typeof option === 'number' ? new Array<number>(nObs).fill(option) : option;
  if (values.length !== nObs) {
    throw new Error(`'r_eff' must have one value per observation: got ${values.length} values for ${nObs} observations`);
  }
  for (let i = 0; i < nObs; i++) {
    if (!(values[i] > 0 && values[i] < Infinity)) {
      throw new Error(`'r_eff' of observation ${i + 1} is ${values[i]}; it must be a positive finite number (or use 'chains')`);
    }
  }
  return (i) => values[i];
}

/** PSIS-LOO from a chunked log-likelihood source. */
export function psisLoo(source: LogLikSource, options: LooOptions = {}): LooResult {
  const pointwise = psisLooPointwise(source, 0, source.nObs, options);
  return looFromPointwise(pointwise, source.nChains * source.nIterations);
}

/**
 * The pointwise PSIS-LOO values of observations [from, to) only (index 0 of the result is
 * observation `from`): ranges can run in separate workers and be joined with `concatPointwise`
 * and `looFromPointwise`, which give the same result as `psisLoo` on all observations. A given
 * r_eff array is indexed by observation (length nObs).
 */
export function psisLooPointwise(source: LogLikSource, from: number, to: number, options: LooOptions = {}): LooPointwise {
  checkSource(source);
  const { nObs, nChains, nIterations } = source;
  if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && from < to && to <= nObs)) {
    throw new Error(`PSIS-LOO: observation range [${from}, ${to}) is not within [0, ${nObs})`);
  }
  const nDraws = nChains * nIterations;
  const chunk = Math.max(1, Math.min(to - from, Math.floor(options.chunkSize ?? DEFAULT_CHUNK)));
  const buffer = new Float64Array(chunk * nDraws);
  const ws = new ObservationWorkspace(nChains, nIterations);
  const out = allocatePointwise(to - from);
  const rEff = rEffFor(options.rEff, nObs);
  for (let i0 = from; i0 < to; i0 += chunk) {
    const i1 = Math.min(to, i0 + chunk);
    source.fill(i0, i1, buffer);
    for (let i = i0; i < i1; i++) looObservation(buffer, (i - i0) * nDraws, rEff(i), ws, out, i - from, i);
    options.onProgress?.(i1 - from, to - from);
  }
  return out;
}

/** Joins pointwise results of consecutive observation ranges, in order. */
export function concatPointwise(parts: LooPointwise[]): LooPointwise {
  const n = parts.reduce((sum, p) => sum + p.elpdLoo.length, 0);
  const out = allocatePointwise(n);
  let at = 0;
  for (const p of parts) {
    for (const key of Object.keys(out) as (keyof LooPointwise)[]) out[key].set(p[key], at);
    at += p.elpdLoo.length;
  }
  return out;
}

/**
 * PSIS-LOO from a full matrix: logLik[i * S + s] (observation-major: R's S x N matrix in its
 * column-major order), s chain-major as in `LogLikSource`.
 */
export function psisLooMatrix(
  logLik: Float64Array, dims: { nObs: number; nChains: number; nIterations: number }, options: LooOptions = {},
): LooResult {
  const nDraws = dims.nChains * dims.nIterations;
  if (logLik.length !== dims.nObs * nDraws) {
    throw new Error(`PSIS-LOO: the log-likelihood matrix has ${logLik.length} values, expected ${dims.nObs} observations x ${nDraws} draws`);
  }
  const source: LogLikSource = {
    ...dims,
    fill: (i0, i1, buf) => buf.set(logLik.subarray(i0 * nDraws, i1 * nDraws)),
  };
  return psisLoo(source, options);
}

function estimate(values: Float64Array): LooEstimate {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - mean) * (values[i] - mean);
  return { estimate: sum, se: Math.sqrt(n * (ss / (n - 1))) };
}

/** The loo table (estimates, SEs, MCSE, Pareto k table) from the pointwise values of all observations. */
export function looFromPointwise(pw: LooPointwise, nDraws: number): LooResult {
  const nObs = pw.elpdLoo.length;
  let anyHigh = false;
  let mcVar = 0;
  for (let i = 0; i < nObs; i++) {
    if (pw.paretoK[i] > 0.7) anyHigh = true;
    mcVar += pw.mcseElpdLoo[i] * pw.mcseElpdLoo[i];
  }
  return {
    nObs,
    nDraws,
    elpdLoo: estimate(pw.elpdLoo),
    pLoo: estimate(pw.pLoo),
    looic: estimate(pw.looic),
    mcseElpdLoo: anyHigh || Number.isNaN(mcVar) ? null : Math.sqrt(mcVar),
    pointwise: pw,
    paretoK: paretoKTable(pw.paretoK, pw.nEff),
  };
}

/** The `loo` object of the summary JSON (issue 20; loo 2.5.1's thresholds 0.5, 0.7 and 1). */
export function looSummaryJson(r: LooResult): {
  elpd_loo: number; se_elpd_loo: number; p_loo: number; se_p_loo: number; looic: number; se_looic: number;
  pareto_k: { good: number; ok: number; bad: number; very_bad: number };
} {
  return {
    elpd_loo: r.elpdLoo.estimate,
    se_elpd_loo: r.elpdLoo.se,
    p_loo: r.pLoo.estimate,
    se_p_loo: r.pLoo.se,
    looic: r.looic.estimate,
    se_looic: r.looic.se,
    pareto_k: { good: r.paretoK.good.count, ok: r.paretoK.ok.count, bad: r.paretoK.bad.count, very_bad: r.paretoK.very_bad.count },
  };
}
