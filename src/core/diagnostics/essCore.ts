import { chainView, ensureCapacity, type ChainMatrix } from './chainMatrix';
import { autocovarianceInto } from './autocovariance';
import { shouldReturnNA } from './validity';

/**
 * Effective sample size of an (already split and transformed) chain matrix: posterior's .ess,
 * i.e. Geyer's (1992) initial positive and initial monotone sequence estimators applied to the
 * multi-chain autocorrelation of Vehtari et al. (2021, eq. 10) and BDA3 (sec. 11.5).
 * null when fewer than 3 iterations or the validity gate fails.
 */

let acovScratch: Float64Array = new Float64Array(0);
let rhoScratch: Float64Array = new Float64Array(0);
let chainMeanScratch: Float64Array = new Float64Array(0);

export function essCore(x: ChainMatrix): number | null {
  const m = x.chains;
  const n = x.iterations;
  if (n < 3 || shouldReturnNA(x.values)) return null;
  acovScratch = ensureCapacity(acovScratch, n);
  rhoScratch = ensureCapacity(rhoScratch, n);
  chainMeanScratch = ensureCapacity(chainMeanScratch, m);
  const acov = acovScratch;
  const rho = rhoScratch;
  const chainMeans = chainMeanScratch;
  acov.fill(0, 0, n);
  for (let c = 0; c < m; c++) chainMeans[c] = autocovarianceInto(chainView(x, c), acov, true);
  for (let t = 0; t < n; t++) acov[t] /= m;

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
