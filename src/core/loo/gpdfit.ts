/**
 * The generalised Pareto fit of PSIS (Vehtari, Gelman and Gabry 2017; Vehtari et al. 2019,
 * "Pareto smoothed importance sampling"), step by step as `loo:::gpdfit` in loo 2.5.1: the
 * empirical Bayes estimate of Zhang and Stephens (2009, Technometrics 51, 316-325) with loo's
 * weakly informative prior on the grid (prior = 3, min_grid_pts = 30) and its regularisation of
 * k towards 0.5 (`loo:::adjust_k_wip`, a = 10 pseudo-observations).
 *
 * The grid posterior needs, at every grid point theta_j, mean_i log1p(-theta_j x_i) over the tail
 * (M = 30 + floor(sqrt(n)) points x n values: the cost of PSIS). `meanLog1pNeg` computes it as
 * the log of a running product of the factors (1 - theta_j x_i), taking a log only when the
 * product nears the ends of the double range, and falls back to the sum of log1p terms whenever
 * that could lose accuracy (see there).
 */

/** Result of one fit: shape k (after the prior regularisation) and scale sigma. */
export interface GpdFit {
  k: number;
  sigma: number;
}

const PRIOR = 3;
const MIN_GRID_PTS = 30;

/** Scratch for the grid (theta and its log posterior), grown on demand and reused. */
let gridTheta = new Float64Array(64);
let gridLogPost = new Float64Array(64);

function ensureGrid(m: number): void {
  if (gridTheta.length < m) {
    gridTheta = new Float64Array(2 * m);
    gridLogPost = new Float64Array(2 * m);
  }
}

/** mean_i log1p(-theta x_i) as a plain sum of log1p terms (`loo:::lx`'s inner mean). */
function meanLog1pNegDirect(theta: number, x: Float64Array, n: number): number {
  let sum = 0;
  const a = -theta;
  for (let i = 0; i < n; i++) sum += Math.log1p(a * x[i]);
  return sum / n;
}

/**
 * mean_i log(1 - theta x_i) for x sorted ascending, x >= 0. Product form: the factors lie in
 * [1 - theta x_n, 1 + |theta| x_n] (theta < 1 / x_n on loo's grid, so all factors are positive).
 * When that range is within [1e-50, 1e50], four running products (independent, so the
 * multiplications pipeline) each take a factor per step and are flushed into a log when they
 * leave [1e-100, 1e100], checked every 4 steps: a product never leaves [1e-300, 1e300].
 * Rounding: each factor 1 - theta x_i is exact to half an ulp of 1, so the sum carries an absolute
 * error of about 1.5 n eps, negligible next to n |mean| unless |mean| is tiny: below 1e-3 the
 * direct log1p sum is used (log1p keeps full relative accuracy there), as it is for factor ranges
 * outside [1e-50, 1e50].
 */
export function meanLog1pNeg(theta: number, x: Float64Array, n: number): number {
  const lo = 1 - theta * x[n - 1];
  const hi = 1 - theta * x[0];
  const spanLo = theta > 0 ? lo : hi;
  const spanHi = theta > 0 ? hi : lo;
  if (!(spanLo > 1e-50 && spanHi < 1e50)) return meanLog1pNegDirect(theta, x, n);
  let acc = 0;
  let p0 = 1;
  let p1 = 1;
  let p2 = 1;
  let p3 = 1;
  let i = 0;
  for (const end = n - 15; i < end; ) {
    for (let r = 0; r < 4; r++, i += 4) {
      p0 *= 1 - theta * x[i];
      p1 *= 1 - theta * x[i + 1];
      p2 *= 1 - theta * x[i + 2];
      p3 *= 1 - theta * x[i + 3];
    }
    if (!(p0 < 1e100 && p0 > 1e-100)) { acc += Math.log(p0); p0 = 1; }
    if (!(p1 < 1e100 && p1 > 1e-100)) { acc += Math.log(p1); p1 = 1; }
    if (!(p2 < 1e100 && p2 > 1e-100)) { acc += Math.log(p2); p2 = 1; }
    if (!(p3 < 1e100 && p3 > 1e-100)) { acc += Math.log(p3); p3 = 1; }
  }
  for (; i < n; i++) {
    p0 *= 1 - theta * x[i];
    if (!(p0 < 1e100 && p0 > 1e-100)) { acc += Math.log(p0); p0 = 1; }
  }
  const mean = (acc + Math.log(p0) + Math.log(p1) + Math.log(p2) + Math.log(p3)) / n;
  return Math.abs(mean) < 1e-3 ? meanLog1pNegDirect(theta, x, n) : mean;
}

/** matrixStats::logSumExp: max + log1p(sum of exp(x - max) over the other elements). */
function logSumExpFirst(values: Float64Array, m: number): number {
  let iMax = 0;
  for (let j = 1; j < m; j++) if (values[j] > values[iMax]) iMax = j;
  const xMax = values[iMax];
  if (!Number.isFinite(xMax)) return xMax;
  let sum = 0;
  for (let j = 0; j < m; j++) if (j !== iMax) sum += Math.exp(values[j] - xMax);
  return xMax + Math.log1p(sum);
}

/** `loo:::adjust_k_wip`: k n / (n + a) + a 0.5 / (n + a) with a = 10. */
export function adjustKWip(k: number, n: number): number {
  const a = 10;
  const nPlusA = n + a;
  return (k * n) / nPlusA + (a * 0.5) / nPlusA;
}

/**
 * `loo:::gpdfit(x, wip = TRUE, min_grid_pts = 30, sort_x = FALSE)` on the first n values of x,
 * which must be sorted ascending (PSIS passes its sorted tail, hence sort_x = FALSE).
 * Grid (1-based j = 1..M): theta_j = 1 / x[n] + (1 - sqrt(M / (j - 0.5))) / prior / x[floor(n/4 + 0.5)];
 * log posterior l_j = n lx(theta_j) with lx(a) = log(-a / kk) - kk - 1, kk = mean log1p(-a x);
 * theta_hat = sum_j theta_j w_j with w = exp(l - logSumExp(l)); k = mean log1p(-theta_hat x),
 * sigma = -k / theta_hat (from the unregularised k), then k is regularised; NaN k -> Inf.
 * Written into `out` (PSIS passes one reused object).
 */
export function gpdfit(x: Float64Array, n: number, out: GpdFit = { k: 0, sigma: 0 }): GpdFit {
  const m = MIN_GRID_PTS + Math.floor(Math.sqrt(n));
  ensureGrid(m);
  const theta = gridTheta;
  const logPost = gridLogPost;
  const xStar = x[Math.floor(n / 4 + 0.5) - 1];
  const invMax = 1 / x[n - 1];
  for (let j = 0; j < m; j++) {
    theta[j] = invMax + (1 - Math.sqrt(m / (j + 1 - 0.5))) / PRIOR / xStar;
    // loo:::lx(theta, x): a <- -theta; k <- mean(log1p(a x)); log(a / k) - k - 1.
    const kLx = meanLog1pNeg(theta[j], x, n);
    logPost[j] = n * (Math.log(-theta[j] / kLx) - kLx - 1);
  }
  const lse = logSumExpFirst(logPost, m);
  let thetaHat = 0;
  for (let j = 0; j < m; j++) thetaHat += theta[j] * Math.exp(logPost[j] - lse);
  let k = meanLog1pNegDirect(thetaHat, x, n);
  const sigma = -k / thetaHat;
  k = adjustKWip(k, n);
  if (Number.isNaN(k)) k = Infinity;
  out.k = k;
  out.sigma = sigma;
  return out;
}

/** `loo:::qgpd`: sigma expm1(-k log1p(-p)) / k; NaN when sigma is NaN or not positive. */
export function qgpd(p: number, k: number, sigma: number): number {
  if (Number.isNaN(sigma) || sigma <= 0) return NaN;
  return (sigma * Math.expm1(-k * Math.log1p(-p))) / k;
}
