// Special functions used by the log densities. lgamma, digamma, Phi and inverse Phi come from
// @stdlib (ports of Boost / Cephes with tested accuracy); the small logistic / log-sum-exp helpers
// are written out here in their numerically stable forms (as Stan Math's prim/fun does).
import gammaln from '@stdlib/math-base-special-gammaln';
import stdlibDigamma from '@stdlib/math-base-special-digamma';
import stdlibLog1p from '@stdlib/math-base-special-log1p';
import erfc from '@stdlib/math-base-special-erfc';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';

export const LOG_2 = Math.LN2;
export const LOG_PI = Math.log(Math.PI);
export const LOG_2PI = Math.log(2 * Math.PI);
/** log(sqrt(2 pi)), the normal density's constant. */
export const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** log Gamma(x) (log |Gamma(x)| for negative non-integers); +Infinity at 0 and negative integers. */
export function lgamma(x: number): number {
  return gammaln(x);
}

/** digamma(x) = d/dx log Gamma(x). */
export function digamma(x: number): number {
  return stdlibDigamma(x);
}

/** log(1 + x), accurate for small x. */
export function log1p(x: number): number {
  return stdlibLog1p(x);
}

/** log(1 + exp(x)) without overflow (softplus). */
export function log1pExp(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** log(1 - exp(x)) for x <= 0 (Maechler 2012: switch at -log 2). NaN for x > 0. */
export function log1mExp(x: number): number {
  if (x > 0) return NaN;
  return x > -LOG_2 ? Math.log(-Math.expm1(x)) : Math.log1p(-Math.exp(x));
}

/** log(exp(a) + exp(b)) without overflow. */
export function logSumExp2(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + log1pExp(b - a) : b + log1pExp(a - b);
}

/** log(sum(exp(x[0..n)))) without overflow; -Infinity for an empty array. */
export function logSumExp(x: ArrayLike<number>, n: number = x.length): number {
  let m = -Infinity;
  for (let i = 0; i < n; i++) if (x[i] > m) m = x[i];
  if (m === -Infinity || m === Infinity) return m;
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.exp(x[i] - m);
  return m + Math.log(s);
}

/** Logistic function 1 / (1 + exp(-x)), accurate in both tails. */
export function invLogit(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** log(inv_logit(x)) = -log1p(exp(-x)), finite for large negative x. */
export function logInvLogit(x: number): number {
  return -log1pExp(-x);
}

/** log(1 - inv_logit(x)) = -log1p(exp(x)). */
export function log1mInvLogit(x: number): number {
  return -log1pExp(x);
}

/** logit(p) = log(p / (1 - p)). */
export function logit(p: number): number {
  return Math.log(p / (1 - p));
}

/** Standard normal CDF. */
export function Phi(x: number): number {
  return normalCdf(x, 0, 1);
}

/**
 * log Phi(x), accurate in both tails: log1p(-Phi(-x)) for x > 0; log(erfc(-x / sqrt 2) / 2) down to
 * x = -37 (erfc keeps full relative accuracy there, Phi(-37) ~ 6e-300); below, the asymptotic
 * series Phi(x) = phi(x) / |x| (1 - 1/x^2 + 3/x^4 - 15/x^6 + 105/x^8), whose next term is 2e-13
 * of the sum at |x| = 37 (Abramowitz and Stegun 26.2.12). Stan Math's std_normal_lcdf uses
 * the same split with its own rational approximations.
 */
export function logPhi(x: number): number {
  if (x > 0) return Math.log1p(-0.5 * erfc(x * Math.SQRT1_2));
  if (x > -37) return Math.log(0.5 * erfc(-x * Math.SQRT1_2));
  const u = 1 / (x * x);
  return -0.5 * x * x - LOG_SQRT_2PI - Math.log(-x) + Math.log1p(u * (-1 + u * (3 + u * (-15 + u * 105))));
}

/** Inverse of the standard normal CDF (probit). */
export function invPhi(p: number): number {
  return normalQuantile(p, 0, 1);
}

/** log Beta(a, b). */
export function lbeta(a: number, b: number): number {
  return gammaln(a) + gammaln(b) - gammaln(a + b);
}

/** log of the binomial coefficient choose(n, k), for real n >= k >= 0. */
export function lchoose(n: number, k: number): number {
  if (k === 0 || k === n) return 0;
  return -Math.log(n + 1) - lbeta(n - k + 1, k + 1);
}

/**
 * log(1 - tanh(y)^2), the log-Jacobian of the tanh transform, without underflow for large |y|:
 * 1 - tanh^2 = 4 e^{-2|y|} / (1 + e^{-2|y|})^2.
 */
export function log1mTanhSq(y: number): number {
  const a = Math.abs(y);
  return 2 * LOG_2 - 2 * a - 2 * Math.log1p(Math.exp(-2 * a));
}

/**
 * lgamma(x + k) - lgamma(x) for a non-negative integer k, as sum_{i<k} log(x + i) when k is small
 * (exact even for huge x, where the lgamma difference cancels catastrophically).
 */
export function lgammaRatio(x: number, k: number): number {
  if (k <= 16) {
    let s = 0;
    for (let i = 0; i < k; i++) s += Math.log(x + i);
    return s;
  }
  return gammaln(x + k) - gammaln(x);
}

/** digamma(x + k) - digamma(x) for a non-negative integer k (small k: sum_{i<k} 1 / (x + i)). */
export function digammaRatio(x: number, k: number): number {
  if (k <= 16) {
    let s = 0;
    for (let i = 0; i < k; i++) s += 1 / (x + i);
    return s;
  }
  return stdlibDigamma(x + k) - stdlibDigamma(x);
}
