/**
 * The pointwise PSIS-LOO quantities of one observation from its S log-likelihood draws, as loo
 * 2.5.1's `loo:::pointwise_loo_calcs`, `loo:::importance_sampling_object`, `loo:::psis_n_eff` and
 * `loo:::mcse_elpd`:
 *   elpd_loo = logSumExp(ll + lw_normalised), lpd = logSumExp(ll) - log S, p_loo = lpd - elpd_loo,
 *   looic = -2 elpd_loo, n_eff = r_eff / sum(w_normalised^2), and the MCSE of elpd_loo.
 *
 * Everything is computed on scaled exponentials, never on exp(ll) itself: e_s = exp(ll_s - max ll)
 * and w_s = exp(lw_s - max log ratio) <= 1 (after the truncation every such lw is <= 0). Then
 * elpd_loo = max ll + log(sum e_s w_s) - log(sum w_s). For a draw outside the smoothed tail
 * lw_s = min ll - ll_s, so w_s = exp(min ll - max ll) / e_s: a division instead of an exp. When
 * max ll - min ll > 300 the products e_s w_s could underflow, so the sums are taken in log space.
 */
import { invPhi } from '../math/special';
import { expNonPositive } from './expNonPositive';
import { PsisWorkspace, paretoTailLength, smoothTail } from './psis';
import { RelativeEffWorkspace, relativeEffInto } from './relativeEff';

const FAST_RANGE = 300;
/** `loo:::mcse_elpd`: n_samples = 1000 normal quantiles at (r - 3/8) / (n - 2 (3/8) + 1). */
const MCSE_SAMPLES = 1000;
let mcseQuantiles: Float64Array | null = null;

/**
 * For z_r = E (1 + rho zn_r), var(log z) = var_r(log1p(rho zn_r)) depends on rho = sd / E only.
 * With |rho zn| < 1 it is the power series sum_n a_n rho^n, a_n = sum_{j+k=n} c_j c_k
 * cov(zn^j, zn^k), c_j = (-1)^(j+1) / j (log1p's series), R's var() divisor 1000 - 1. Below
 * SERIES_RHO (|rho zn| < 0.33, terms below 0.33^40 / 40) the series replaces the 1000 logs.
 */
const SERIES_TERMS = 40;
const SERIES_RHO = 0.1;
let seriesCoefficients: Float64Array | null = null;

function varLogZSeriesCoefficients(): Float64Array {
  if (seriesCoefficients) return seriesCoefficients;
  const zn = mcseZ();
  const kMax = SERIES_TERMS;
  // centred powers: cov(zn^j, zn^k) = sum (zn^j - mean_j)(zn^k - mean_k) / (n - 1)
  const centred: Float64Array[] = [];
  for (let j = 1; j < kMax; j++) {
    const col = new Float64Array(MCSE_SAMPLES);
    let mean = 0;
    for (let r = 0; r < MCSE_SAMPLES; r++) mean += (col[r] = zn[r] ** j);
    mean /= MCSE_SAMPLES;
    for (let r = 0; r < MCSE_SAMPLES; r++) col[r] -= mean;
    centred.push(col);
  }
  const a = new Float64Array(kMax + 1);
  for (let j = 1; j < kMax; j++) {
    for (let k = 1; j + k <= kMax; k++) {
      let cov = 0;
      for (let r = 0; r < MCSE_SAMPLES; r++) cov += centred[j - 1][r] * centred[k - 1][r];
      cov /= MCSE_SAMPLES - 1;
      const cj = (j % 2 === 1 ? 1 : -1) / j;
      const ck = (k % 2 === 1 ? 1 : -1) / k;
      a[j + k] += cj * ck * cov;
    }
  }
  seriesCoefficients = a;
  return a;
}

/** var_r(log1p(rho zn_r)) by the series (0 <= rho < SERIES_RHO). */
export function varLogZSeries(rho: number): number {
  const a = varLogZSeriesCoefficients();
  let acc = 0;
  for (let n = SERIES_TERMS; n >= 2; n--) acc = acc * rho + a[n];
  return acc * rho * rho;
}

function mcseZ(): Float64Array {
  if (!mcseQuantiles) {
    const c = 3 / 8;
    mcseQuantiles = new Float64Array(MCSE_SAMPLES);
    for (let r = 1; r <= MCSE_SAMPLES; r++) mcseQuantiles[r - 1] = invPhi((r - c) / (MCSE_SAMPLES - 2 * c + 1));
  }
  return mcseQuantiles;
}

/** Columns of loo's pointwise table plus the PSIS diagnostics, one entry per observation. */
export interface LooPointwise {
  elpdLoo: Float64Array;
  mcseElpdLoo: Float64Array;
  pLoo: Float64Array;
  looic: Float64Array;
  /** Pareto k (loo's influence_pareto_k); Infinity when no tail was fitted. */
  paretoK: Float64Array;
  /** PSIS effective sample size (loo's diagnostics$n_eff). */
  nEff: Float64Array;
  rEff: Float64Array;
}

export function allocatePointwise(nObs: number): LooPointwise {
  const col = (): Float64Array => new Float64Array(nObs);
  return { elpdLoo: col(), mcseElpdLoo: col(), pLoo: col(), looic: col(), paretoK: col(), nEff: col(), rEff: col() };
}

/** Scratch for one observation: S-sized arrays reused for every observation. */
export class ObservationWorkspace {
  readonly lw: Float64Array;
  readonly e: Float64Array;
  readonly w: Float64Array;
  readonly logZ = new Float64Array(MCSE_SAMPLES);
  readonly psis: PsisWorkspace;
  readonly reff: RelativeEffWorkspace;
  /** Sum of the (unnormalised) weights in w and of their squares, for n_eff and the MCSE. */
  sumW = 0;
  sumW2 = 0;
  constructor(readonly chains: number, readonly iterations: number) {
    const s = chains * iterations;
    this.lw = new Float64Array(s);
    this.e = new Float64Array(s);
    this.w = new Float64Array(s);
    this.psis = new PsisWorkspace(s);
    this.reff = new RelativeEffWorkspace(chains, iterations);
  }
}

/**
 * Computes row `i` of `out` from ll[offset .. offset + S) (chain-major draws) of observation
 * `obs` (0-based, for messages). `rEffGiven` is the caller's r_eff (NaN: from the chains, as
 * loo::relative_eff on exp(ll)).
 */
export function looObservation(
  ll: Float64Array, offset: number, rEffGiven: number, ws: ObservationWorkspace, out: LooPointwise, i: number, obs = i,
): void {
  const nDraws = ws.lw.length;
  const { lw, e } = ws;
  let llMax = -Infinity;
  let llMin = Infinity;
  for (let s = 0; s < nDraws; s++) {
    const v = ll[offset + s];
    if (v > llMax) llMax = v;
    if (v < llMin) llMin = v;
  }
  const lrMax = -llMin;
  let sumE = 0;
  for (let s = 0; s < nDraws; s++) {
    const v = ll[offset + s];
    const ev = expNonPositive(v - llMax);
    e[s] = ev;
    sumE += ev;
    lw[s] = -v - lrMax;
  }
  // NaN anywhere makes sumE NaN (the min/max scan skips NaN); loo::validate_ll refuses both
  if (!(llMax < Infinity && llMin > -Infinity) || Number.isNaN(sumE)) {
    throw new Error(`log-likelihood of observation ${obs + 1} is not finite in every draw (loo requires finite values): check the model's log-likelihood for this row`);
  }
  const rEff = Number.isNaN(rEffGiven) ? relativeEffInto(e, 0, ws.reff) : rEffGiven;
  if (!(rEff > 0 && rEff < Infinity)) {
    throw new Error(`relative efficiency r_eff of observation ${obs + 1} is ${rEff}; it must be a positive finite number`);
  }
  const tailLength = paretoTailLength(rEff, nDraws);
  const k = smoothTail(lw, nDraws, tailLength, ws.psis);
  const elpd = llMax - llMin <= FAST_RANGE
    ? weightsFast(ws, nDraws, llMax - llMin, Number.isFinite(k) ? tailLength : 0)
    : weightsLogSpace(ll, offset, ws, nDraws, llMax);
  const elpdLoo = llMax + elpd;
  const lpd = llMax + Math.log(sumE) - Math.log(nDraws);
  out.elpdLoo[i] = elpdLoo;
  out.pLoo[i] = lpd - elpdLoo;
  out.looic[i] = -2 * elpdLoo;
  out.paretoK[i] = k;
  out.rEff[i] = rEff;
  // psis_n_eff: r_eff / sum(w_normalised^2)
  out.nEff[i] = (rEff * ws.sumW * ws.sumW) / ws.sumW2;
  out.mcseElpdLoo[i] = mcseElpd(ws, nDraws, Math.exp(elpd), rEff);
}

/**
 * Weights w_s = exp(lw_s) (lw relative to the largest log ratio) into ws.w with ws.sumW and
 * ws.sumW2; returns elpd_loo - max ll = log(sum e w) - log(sum w). Body weights are divisions
 * exp(min ll - max ll) / e_s; the smoothed tail's are exp(lw) and replace them in the sums.
 */
function weightsFast(ws: ObservationWorkspace, nDraws: number, range: number, smoothed: number): number {
  const { lw, e, w } = ws;
  const c = Math.exp(-range);
  let sumW = 0;
  let sumW2 = 0;
  let sumEW = 0;
  for (let s = 0; s < nDraws; s++) {
    const v = c / e[s];
    w[s] = v;
    sumW += v;
    sumW2 += v * v;
    sumEW += e[s] * v;
  }
  const tail = ws.psis.tailIndex;
  for (let j = 0; j < smoothed; j++) {
    const s = tail[j];
    const old = w[s];
    const v = expNonPositive(lw[s]);
    w[s] = v;
    sumW += v - old;
    sumW2 += v * v - old * old;
    sumEW += e[s] * (v - old);
  }
  ws.sumW = sumW;
  ws.sumW2 = sumW2;
  return Math.log(sumEW) - Math.log(sumW);
}

/**
 * The same in log space (wide log-likelihood ranges): w_s = exp(lw_s - max lw) and
 * elpd_loo - max ll = logSumExp(ll + lw) - logSumExp(lw) - max ll.
 */
function weightsLogSpace(ll: Float64Array, offset: number, ws: ObservationWorkspace, nDraws: number, llMax: number): number {
  const { lw, w } = ws;
  let lwMax = -Infinity;
  let aMax = -Infinity;
  for (let s = 0; s < nDraws; s++) {
    if (lw[s] > lwMax) lwMax = lw[s];
    const a = ll[offset + s] + lw[s];
    if (a > aMax) aMax = a;
  }
  let sumW = 0;
  let sumW2 = 0;
  let sumA = 0;
  for (let s = 0; s < nDraws; s++) {
    const v = Math.exp(lw[s] - lwMax);
    w[s] = v;
    sumW += v;
    sumW2 += v * v;
    sumA += Math.exp(ll[offset + s] + lw[s] - aMax);
  }
  ws.sumW = sumW;
  ws.sumW2 = sumW2;
  return aMax + Math.log(sumA) - (lwMax + Math.log(sumW)) - llMax;
}

/**
 * `loo:::mcse_elpd` with lik and E_epd divided by exp(max ll) (log z shifts, var(log z) does not):
 * var_epd = sum w_s^2 (e_s - E)^2 with normalised w, z = E + sd zn, mcse = sqrt(var(log z[z > 0]) / r_eff).
 * NaN when fewer than two z are positive (R's var gives NA).
 */
function mcseElpd(ws: ObservationWorkspace, nDraws: number, expectation: number, rEff: number): number {
  const { e, w, logZ } = ws;
  let acc = 0;
  for (let s = 0; s < nDraws; s++) {
    const d = (e[s] - expectation) * w[s];
    acc += d * d;
  }
  const sd = Math.sqrt(acc) / ws.sumW;
  const rho = sd / expectation;
  if (rho < SERIES_RHO) return Math.sqrt(varLogZSeries(rho) / rEff);
  const zn = mcseZ();
  let count = 0;
  let sum = 0;
  for (let r = 0; r < MCSE_SAMPLES; r++) {
    const z = expectation + sd * zn[r];
    if (z > 0) {
      const lz = Math.log(z);
      logZ[count++] = lz;
      sum += lz;
    }
  }
  if (count < 2) return NaN;
  const mean = sum / count;
  let ss = 0;
  for (let r = 0; r < count; r++) ss += (logZ[r] - mean) * (logZ[r] - mean);
  return Math.sqrt(ss / (count - 1) / rEff);
}
