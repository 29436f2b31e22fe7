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
 * computed lag by lag, directly, as the loop asks for them; for long sums every lag is taken at
 * once by FFT (core/diagnostics/autocovariance), which costs O(N log N) per chain.
 */
import { autocovarianceInto } from '../diagnostics/autocovariance';

/** Direct lags cost O(N) each, the FFT O(N log N) for all: direct up to 128 lags, unless the
 * autocorrelation is still above 0.1 at lag 40. */
const DIRECT_LAGS = 128;
const EARLY_FFT_LAG = 40;

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
  /** The last few products of each lag block (near the chain's end). */
  readonly blockSums = new Float64Array(8);
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

/**
 * Centres each chain (chain-major values at `offset`) and records the chain means. R's mean()
 * refines sum / n by the mean residual, which moves it by about an ulp: that only matters for a
 * constant chain, which must centre to exact zeros (then every autocovariance is 0, as in R).
 */
function centreChains(values: Float64Array, offset: number, ws: RelativeEffWorkspace): void {
  const { chains, iterations: n, centred, chainMeans } = ws;
  for (let c = 0; c < chains; c++) {
    const base = offset + c * n;
    let sum = 0;
    for (let t = 0; t < n; t++) sum += values[base + t];
    const mean = sum / n;
    const first = values[base];
    let constant = true;
    for (let t = 0; t < n; t++) {
      const v = values[base + t];
      if (v !== first) constant = false;
      centred[c * n + t] = v - mean;
    }
    chainMeans[c] = constant ? first : mean;
    if (constant) centred.fill(0, c * n, (c + 1) * n);
  }
  ws.lagsDone = 0;
}

/** meanAcov[lag] on loo's scale ((M / N) sum_t yc_t yc_{t+lag} / N), computing lags on demand. */
function meanAcovAt(lag: number, ws: RelativeEffWorkspace): number {
  if (lag < ws.lagsDone) return ws.meanAcov[lag];
  const { chains, iterations: n, meanAcov } = ws;
  if (lag >= DIRECT_LAGS) {
    allLagsByFft(ws);
    return meanAcov[lag];
  }
  while (ws.lagsDone <= lag) lagBlock(ws, ws.lagsDone);
  return meanAcov[lag];
}

/** Every lag at once, by FFT (core/diagnostics' divisor-N autocovariance, times M / N). */
function allLagsByFft(ws: RelativeEffWorkspace): void {
  const { chains, iterations: n, meanAcov } = ws;
  meanAcov.fill(0);
  for (let c = 0; c < chains; c++) {
    autocovarianceInto(ws.centred.subarray(c * n, (c + 1) * n), ws.fftOut);
    for (let t = 0; t < n; t++) meanAcov[t] += (ws.fftOut[t] * ws.goodSize) / n / chains;
  }
  ws.lagsDone = n;
}

/** Lags l .. l + 7 (those below n) in one pass over each chain (eight independent sums). */
function lagBlock(ws: RelativeEffWorkspace, l: number): void {
  const { chains, iterations: n, centred: y, meanAcov, blockSums: sums } = ws;
  const scale = ws.goodSize / n / n / chains;
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
  sums.fill(0);
  for (let c = 0; c < chains; c++) {
    const b = c * n;
    const stop = b + n;
    const end = stop - l - 7;
    let t = b;
    for (; t < end; t++) {
      const v = y[t];
      const u = t + l;
      s0 += v * y[u];
      s1 += v * y[u + 1];
      s2 += v * y[u + 2];
      s3 += v * y[u + 3];
      s4 += v * y[u + 4];
      s5 += v * y[u + 5];
      s6 += v * y[u + 6];
      s7 += v * y[u + 7];
    }
    for (; t < stop - l; t++) {
      for (let j = 0; t + l + j < stop && j < 8; j++) sums[j] += y[t] * y[t + l + j];
    }
  }
  sums[0] += s0;
  sums[1] += s1;
  sums[2] += s2;
  sums[3] += s3;
  sums[4] += s4;
  sums[5] += s5;
  sums[6] += s6;
  sums[7] += s7;
  const count = Math.min(8, n - l);
  for (let j = 0; j < count; j++) meanAcov[l + j] = sums[j] * scale;
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
    // still far from 0 after EARLY_FFT_LAG lags: the sum will run long, one FFT is cheaper
    if (t === EARLY_FFT_LAG && rhoEven + rhoOdd > 0.2 && ws.lagsDone < n) allLagsByFft(ws);
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
