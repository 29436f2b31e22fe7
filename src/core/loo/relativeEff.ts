/**
 * Relative efficiency r_eff of one observation's likelihood draws, as `loo::relative_eff` in loo
 * 2.5.1 (what brms passes to `loo`: `relative_eff(exp(log_lik), chain_id)`): loo's own
 * `loo:::ess_rfun` (Geyer's initial positive then monotone sequence estimator, the rstan 2.x
 * code, not posterior's rank-normalised ESS) divided by the total number of draws S.
 *
 * Two details of loo's code are reproduced on purpose:
 * - `loo:::autocovariance` divides the inverse FFT by 2 N^2 while the zero padding is 2 M with
 *   M = `loo:::fft_next_good_size(N)`, so its autocovariances are the divisor-N ones times M / N;
 *   the chain-means variance it is added to is not scaled, so M / N changes r_eff when N is not a
 *   product of 2s, 3s and 5s.
 * - tau = -1 + 2 sum(rho[1:max_t]) + rho[max_t + 1] uses R's 1:0 = c(1, 0) when max_t = 0 (too
 *   few draws, or a constant likelihood), which counts rho[1] = 1 once more: tau = 2, r_eff = 0.5.
 *
 * The ESS is invariant to scaling the values, so the caller may pass exp(ll - max ll), which
 * cannot overflow. Geyer's sum usually stops after a few lags, so the autocovariances are
 * computed lag by lag, directly, as the loop asks for them; past DIRECT_LAGS lags every lag is
 * taken at once by FFT (core/diagnostics/autocovariance), which costs O(N log N) per chain.
 */
import { autocovarianceInto } from '../diagnostics/autocovariance';

const DIRECT_LAGS = 40;

/** `loo:::fft_next_good_size`: the smallest n' >= n whose only prime factors are 2, 3 and 5. */
export function fftNextGoodSize(n: number): number {
  if (n <= 2) return 2;
  for (;;) {
    let m = n;
    while (m % 2 === 0) m /= 2;
    while (m % 3 === 0) m /= 3;
    while (m % 5 === 0) m /= 5;
    if (m <= 1) return n;
    n += 1;
  }
}

/** Reusable scratch for `relativeEffInto`, sized for chains x iterations draws. */
export class RelativeEffWorkspace {
  readonly centred: Float64Array;
  readonly chainMeans: Float64Array;
  /** Mean over chains of loo's autocovariance at each lag computed so far. */
  readonly meanAcov: Float64Array;
  readonly rho: Float64Array;
  readonly fftOut: Float64Array;
  lagsDone = 0;
  /** `loo:::fft_next_good_size(iterations)`. */
  readonly goodSize: number;
  constructor(readonly chains: number, readonly iterations: number) {
    this.goodSize = fftNextGoodSize(iterations);
    this.centred = new Float64Array(chains * iterations);
    this.chainMeans = new Float64Array(chains);
    this.meanAcov = new Float64Array(iterations);
    this.rho = new Float64Array(iterations);
    this.fftOut = new Float64Array(iterations);
  }
}

/** Centres each chain (chain-major values at `offset`) and records the chain means. */
function centreChains(values: Float64Array, offset: number, ws: RelativeEffWorkspace): void {
  const { chains, iterations: n, centred, chainMeans } = ws;
  for (let c = 0; c < chains; c++) {
    const base = offset + c * n;
    let sum = 0;
    for (let t = 0; t < n; t++) sum += values[base + t];
    let mean = sum / n;
    // R's mean() refines sum / n by the mean residual: a constant chain centres to exact zeros
    let residual = 0;
    for (let t = 0; t < n; t++) residual += values[base + t] - mean;
    mean += residual / n;
    chainMeans[c] = mean;
    for (let t = 0; t < n; t++) centred[c * n + t] = values[base + t] - mean;
  }
  ws.lagsDone = 0;
}

/** meanAcov[lag] on loo's scale ((M / N) sum_t yc_t yc_{t+lag} / N), computing lags on demand. */
function meanAcovAt(lag: number, ws: RelativeEffWorkspace): number {
  if (lag < ws.lagsDone) return ws.meanAcov[lag];
  const { chains, iterations: n, meanAcov } = ws;
  if (lag >= DIRECT_LAGS) {
    meanAcov.fill(0);
    for (let c = 0; c < chains; c++) {
      autocovarianceInto(ws.centred.subarray(c * n, (c + 1) * n), ws.fftOut);
      for (let t = 0; t < n; t++) meanAcov[t] += (ws.fftOut[t] * ws.goodSize) / n / chains;
    }
    ws.lagsDone = n;
    return meanAcov[lag];
  }
  while (ws.lagsDone <= lag) lagBlock(ws, ws.lagsDone);
  return meanAcov[lag];
}

/** Lags l .. l + 3 (those below n) in one pass over each chain. */
function lagBlock(ws: RelativeEffWorkspace, l: number): void {
  const { chains, iterations: n, centred: y, meanAcov } = ws;
  const scale = ws.goodSize / n / n / chains;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let c = 0; c < chains; c++) {
    const b = c * n;
    const end = b + n - l - 3;
    let t = b;
    for (; t < end; t++) {
      const v = y[t];
      s0 += v * y[t + l];
      s1 += v * y[t + l + 1];
      s2 += v * y[t + l + 2];
      s3 += v * y[t + l + 3];
    }
    for (; t < b + n - l; t++) {
      const v = y[t];
      s0 += v * y[t + l];
      if (t + l + 1 < b + n) s1 += v * y[t + l + 1];
      if (t + l + 2 < b + n) s2 += v * y[t + l + 2];
    }
  }
  const count = Math.min(4, n - l);
  meanAcov[l] = s0 * scale;
  if (count > 1) meanAcov[l + 1] = s1 * scale;
  if (count > 2) meanAcov[l + 2] = s2 * scale;
  if (count > 3) meanAcov[l + 3] = s3 * scale;
  ws.lagsDone = l + count;
}

/**
 * `loo:::ess_rfun(sims) / S` for one observation: values[offset + c * n + t] is draw t of chain c
 * (n = ws.iterations). Returns r_eff = ESS / (chains n).
 */
export function relativeEffInto(values: Float64Array, offset: number, ws: RelativeEffWorkspace): number {
  const { chains, iterations: n, rho } = ws;
  centreChains(values, offset, ws);
  const meanVar = (meanAcovAt(0, ws) * n) / (n - 1);
  let varPlus = (meanVar * (n - 1)) / n;
  if (chains > 1) varPlus += sampleVariance(ws.chainMeans);
  rho.fill(0);
  let rhoEven = 1;
  rho[0] = rhoEven;
  let rhoOdd = 1 - (meanVar - meanAcovAt(1, ws)) / varPlus;
  rho[1] = rhoOdd;
  let t = 0;
  while (t < n - 5 && !Number.isNaN(rhoEven + rhoOdd) && rhoEven + rhoOdd > 0) {
    t += 2;
    rhoEven = 1 - (meanVar - meanAcovAt(t, ws)) / varPlus;
    rhoOdd = 1 - (meanVar - meanAcovAt(t + 1, ws)) / varPlus;
    if (rhoEven + rhoOdd >= 0) {
      rho[t] = rhoEven;
      rho[t + 1] = rhoOdd;
    }
  }
  const maxT = t;
  if (rhoEven > 0) rho[maxT] = rhoEven;
  // Geyer's initial monotone sequence: pair sums may not increase.
  for (t = 0; t <= maxT - 4; ) {
    t += 2;
    if (rho[t] + rho[t + 1] > rho[t - 2] + rho[t - 1]) {
      rho[t] = (rho[t - 2] + rho[t - 1]) / 2;
      rho[t + 1] = rho[t];
    }
  }
  let sum = 0;
  if (maxT === 0) sum = rho[0]; // R: rho_hat_t[1:0] is rho_hat_t[1]
  else for (let j = 0; j < maxT; j++) sum += rho[j];
  const total = chains * n;
  const tau = Math.max(-1 + 2 * sum + rho[maxT], 1 / Math.log10(total));
  return total / tau / total;
}

/** R's var(): the n - 1 divisor, two passes. */
function sampleVariance(x: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i];
  const mean = sum / x.length;
  let ss = 0;
  for (let i = 0; i < x.length; i++) ss += (x[i] - mean) * (x[i] - mean);
  return ss / (x.length - 1);
}
