import { ensureCapacity, type ChainMatrix } from './chainMatrix';
import { autocovarianceInto } from './autocovariance';
import { diagnosticUndefined, MIN_ITERATIONS_ESS } from './validity';

/**
 * Effective sample size of an (already split and transformed) chain matrix: posterior's .ess,
 * i.e. Geyer's (1992) initial positive and initial monotone sequence estimators applied to the
 * multi-chain autocorrelation of Vehtari et al. (2021, eq. 10) and BDA3 (sec. 11.5).
 * null when fewer than 3 iterations or the validity gate fails.
 *
 * Speed: Geyer's sequence usually stops after a few lags, so the first DIRECT_LAGS
 * autocovariances are summed directly (n * lag multiply-adds per chain); only when the sequence
 * runs longer are all lags computed by FFT (autocovarianceInto). Both give the biased estimate
 * sum_{i<n-t} (x_i - m)(x_{i+t} - m) / n of posterior's autocovariance, to rounding.
 */

const DIRECT_LAGS = 32;

let acov: Float64Array = new Float64Array(0);
let rho: Float64Array = new Float64Array(0);
let chainMeans: Float64Array = new Float64Array(0);
let centred: Float64Array = new Float64Array(0);
let lagsReady = 0;

/** Centres each chain into `centred` and records chain means; returns nothing. */
function centreChains(x: ChainMatrix): void {
  const { values, chains: m, iterations: n } = x;
  for (let c = 0; c < m; c++) {
    const base = c * n;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[base + i];
    let mu = sum / n;
    let residual = 0;
    for (let i = 0; i < n; i++) residual += values[base + i] - mu;
    mu += residual / n;
    chainMeans[c] = mu;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = values[base + i];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    // a constant chain has all-zero autocovariances (posterior: var(x) == 0)
    const constant = lo === hi;
    for (let i = 0; i < n; i++) centred[base + i] = constant ? 0 : values[base + i] - mu;
  }
}

/** Makes acov[0..lag] available (mean over chains of the biased autocovariance). */
function ensureLag(x: ChainMatrix, lag: number): void {
  if (lag < lagsReady) return;
  const { chains: m, iterations: n } = x;
  if (lag < DIRECT_LAGS) {
    // lags in blocks of four: four independent sums per pass over the chain
    const upTo = Math.min(n, Math.max(lag + 1, 2 * lagsReady, 4));
    for (let t = lagsReady; t < upTo; t += 4) {
      const blockEnd = Math.min(t + 4, upTo);
      directLags(m, n, t, blockEnd);
    }
    lagsReady = upTo;
    return;
  }
  acov.fill(0, 0, n);
  for (let c = 0; c < m; c++) autocovarianceInto(centred.subarray(c * n, (c + 1) * n), acov, true);
  for (let t = 0; t < n; t++) acov[t] /= m;
  lagsReady = n;
}

/** acov[t0..t1) (t1 - t0 <= 4) by direct summation, averaged over chains. */
function directLags(m: number, n: number, t0: number, t1: number): void {
  let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
  const full = t1 - t0 === 4;
  for (let c = 0; c < m; c++) {
    const base = c * n;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    if (full) {
      const common = base + n - (t0 + 3);
      let i = base;
      for (; i < common; i++) {
        const y = centred[i];
        s0 += y * centred[i + t0];
        s1 += y * centred[i + t0 + 1];
        s2 += y * centred[i + t0 + 2];
        s3 += y * centred[i + t0 + 3];
      }
      // the shorter lags have up to three more products
      for (; i < base + n - t0; i++) {
        const y = centred[i];
        s0 += y * centred[i + t0];
        if (i < base + n - t0 - 1) s1 += y * centred[i + t0 + 1];
        if (i < base + n - t0 - 2) s2 += y * centred[i + t0 + 2];
      }
    } else {
      for (let t = t0; t < t1; t++) {
        let s = 0;
        for (let i = base, end = base + n - t; i < end; i++) s += centred[i] * centred[i + t];
        if (t === t0) s0 = s; else if (t === t0 + 1) s1 = s; else s2 = s;
      }
    }
    a0 += s0 / n; a1 += s1 / n; a2 += s2 / n; a3 += s3 / n;
  }
  acov[t0] = a0 / m;
  if (t0 + 1 < t1) acov[t0 + 1] = a1 / m;
  if (t0 + 2 < t1) acov[t0 + 2] = a2 / m;
  if (t0 + 3 < t1) acov[t0 + 3] = a3 / m;
}

export function essCore(x: ChainMatrix): number | null {
  const m = x.chains;
  const n = x.iterations;
  if (diagnosticUndefined(x, MIN_ITERATIONS_ESS)) return null;
  acov = ensureCapacity(acov, n);
  rho = ensureCapacity(rho, n);
  chainMeans = ensureCapacity(chainMeans, m);
  centred = ensureCapacity(centred, m * n);
  centreChains(x);
  lagsReady = 0;
  ensureLag(x, 1);

  const meanVar = (acov[0] * n) / (n - 1);
  let varPlus = (meanVar * (n - 1)) / n;
  if (m > 1) varPlus += varianceOfFirst(chainMeans, m);

  // Geyer's initial positive sequence (pairs of lags while their sum is positive)
  rho.fill(0, 0, n);
  let t = 0;
  let rhoEven = 1;
  rho[0] = rhoEven;
  let rhoOdd = 1 - (meanVar - acov[1]) / varPlus;
  rho[1] = rhoOdd;
  while (t < n - 5 && !Number.isNaN(rhoEven + rhoOdd) && rhoEven + rhoOdd > 0) {
    t += 2;
    ensureLag(x, t + 1);
    rhoEven = 1 - (meanVar - acov[t]) / varPlus;
    rhoOdd = 1 - (meanVar - acov[t + 1]) / varPlus;
    if (rhoEven + rhoOdd >= 0) {
      rho[t] = rhoEven;
      rho[t + 1] = rhoOdd;
    }
  }
  const maxT = t;
  // used in the improved estimate (Vehtari et al. 2021, eq. 11: reduces variance when antithetic)
  if (rhoEven > 0) rho[maxT] = rhoEven;

  // Geyer's initial monotone sequence
  t = 0;
  while (t <= maxT - 4) {
    t += 2;
    if (rho[t] + rho[t + 1] > rho[t - 2] + rho[t - 1]) {
      rho[t] = (rho[t - 2] + rho[t - 1]) / 2;
      rho[t + 1] = rho[t];
    }
  }

  const S = m * n;
  // R's sum(rho[1:max_t]) is sum(rho[1]) when max_t = 0 (1:0 is c(1, 0)); reproduced here.
  let sum = 0;
  const last = maxT === 0 ? 1 : maxT;
  for (let k = 0; k < last; k++) sum += rho[k];
  let tau = -1 + 2 * sum + rho[maxT];
  // posterior caps ESS at S * log10(S) to avoid unstable estimates for antithetic chains
  tau = Math.max(tau, 1 / Math.log10(S));
  return S / tau;
}

function varianceOfFirst(values: Float64Array, count: number): number {
  let s = 0;
  for (let i = 0; i < count; i++) s += values[i];
  const mu = s / count;
  let ss = 0;
  for (let i = 0; i < count; i++) {
    const d = values[i] - mu;
    ss += d * d;
  }
  return ss / (count - 1);
}
