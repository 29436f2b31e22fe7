// The prior densities of brms's `lprior` statements, constants included, as Stan Math's *_lpdf and
// *_lccdf compute them (prim/prob/*_lpdf.hpp, *_lccdf.hpp), so the exported draws' `lprior`
// column is the value CmdStan would write for the same parameters. Keyed by Stan function name.
import betainc from '@stdlib/math-base-special-betainc';
import gammainc from '@stdlib/math-base-special-gammainc';
import { LOG_PI, LOG_SQRT_2PI, Phi, lbeta, lgamma } from '../math/special';
import { studentTLpdf } from '../dist/studentT';

type Scalar = (x: number, a: readonly number[]) => number;

const normalLpdf: Scalar = (x, [mu, s]) => -0.5 * ((x - mu) / s) ** 2 - Math.log(s) - LOG_SQRT_2PI;

const LPDF = new Map<string, Scalar>([
  ['normal', normalLpdf],
  ['student_t', (x, [nu, mu, s]) => studentTLpdf(x, nu, mu, s)],
  ['cauchy', (x, [mu, s]) => -LOG_PI - Math.log(s) - Math.log1p(((x - mu) / s) ** 2)],
  ['exponential', (x, [rate]) => (x < 0 ? -Infinity : Math.log(rate) - rate * x)],
  ['gamma', (x, [a, b]) => (x < 0 ? -Infinity : a * Math.log(b) - lgamma(a) + (a - 1) * Math.log(x) - b * x)],
  ['inv_gamma', (x, [a, b]) => (x <= 0 ? -Infinity : a * Math.log(b) - lgamma(a) - (a + 1) * Math.log(x) - b / x)],
  ['lognormal', (x, [mu, s]) => (x <= 0 ? -Infinity : normalLpdf(Math.log(x), [mu, s]) - Math.log(x))],
  ['uniform', (x, [lo, hi]) => (x < lo || x > hi ? -Infinity : -Math.log(hi - lo))],
  // zi and hu (brms default beta(1, 1)); their lower bound is the support's, so no lccdf is needed
  ['beta', (x, [a, b]) => (x < 0 || x > 1 ? -Infinity : (a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - lbeta(a, b))],
]);

/** Upper tail of Student's t at (x - mu) / s: 1/2 I_{nu / (nu + t^2)}(nu / 2, 1 / 2) on the far side. */
function studentTCcdf(x: number, nu: number, mu: number, s: number): number {
  const t = (x - mu) / s;
  const tail = 0.5 * betainc(nu / (nu + t * t), 0.5 * nu, 0.5);
  return t > 0 ? tail : 1 - tail;
}

const LCCDF = new Map<string, Scalar>([
  ['normal', (x, [mu, s]) => Math.log(Phi(-(x - mu) / s))],
  ['student_t', (x, [nu, mu, s]) => Math.log(studentTCcdf(x, nu, mu, s))],
  ['cauchy', (x, [mu, s]) => Math.log(0.5 - Math.atan((x - mu) / s) / Math.PI)],
  ['exponential', (x, [rate]) => (x < 0 ? 0 : -rate * x)],
  ['gamma', (x, [a, b]) => (x <= 0 ? 0 : Math.log(gammainc(b * x, a, true, true)))],
  ['inv_gamma', (x, [a, b]) => (x <= 0 ? 0 : Math.log(gammainc(b / x, a, true, false)))],
  ['lognormal', (x, [mu, s]) => (x <= 0 ? 0 : Math.log(Phi(-(Math.log(x) - mu) / s)))],
  ['uniform', (x, [lo, hi]) => (x <= lo ? 0 : x >= hi ? -Infinity : Math.log((hi - x) / (hi - lo)))],
]);

function lookup(table: Map<string, Scalar>, fn: string, kind: string): Scalar {
  const f = table.get(fn);
  if (!f) throw new Error(`The draws export cannot evaluate the prior ${fn}_${kind} of the Stan program's lprior; export the draws CSV instead.`);
  return f;
}

/** Stan's `FN_lpdf(x | args)` summed over the elements of x (a vector target sums, as in Stan). */
export function stanLpdf(fn: string, x: ArrayLike<number>, args: readonly number[]): number {
  const f = lookup(LPDF, fn, 'lpdf');
  let s = 0;
  for (let i = 0; i < x.length; i++) s += f(x[i], args);
  return s;
}

/** Stan's `FN_lccdf(x | args)`: log P(X > x). */
export function stanLccdf(fn: string, x: number, args: readonly number[]): number {
  return lookup(LCCDF, fn, 'lccdf')(x, args);
}
