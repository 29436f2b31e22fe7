// The log densities the tape can record as one node, with a uniform signature
// (a0, a1, a2, a3, propto, grad) so the tape dispatches on a small integer code.
import {
  bernoulliLogitLpmf, betaLpdf, binomialLogitLpmf, cauchyLpdf, exponentialLpdf, gammaLpdf, invGammaLpdf,
  lognormalLpdf, negBinomial2LogLpmf, normalLpdf, poissonLogLpmf, stdNormalLpdf, studentTLpdf,
} from '../dist';

export type DensityName =
  | 'normal' | 'std_normal' | 'student_t' | 'cauchy' | 'exponential' | 'gamma' | 'inv_gamma' | 'lognormal'
  | 'beta' | 'bernoulli_logit' | 'binomial_logit' | 'poisson_log' | 'neg_binomial_2_log';

type Uniform = (a0: number, a1: number, a2: number, a3: number, propto: boolean, grad: Float64Array) => number;

export interface DensityEntry {
  name: DensityName;
  /** Number of arguments including the variate (y first, as Stan writes y ~ dist(...)). */
  arity: number;
  /**
   * Which arguments have partials, in the order the scalar function writes them to grad.
   * Discrete variates (and binomial trials) have none.
   */
  partialArgs: number[];
  f: Uniform;
}

export const DENSITIES: DensityEntry[] = [
  { name: 'normal', arity: 3, partialArgs: [0, 1, 2], f: (y, m, s, _d, p, g) => normalLpdf(y, m, s, p, g) },
  { name: 'std_normal', arity: 1, partialArgs: [0], f: (y, _a, _b, _c, p, g) => stdNormalLpdf(y, p, g) },
  { name: 'student_t', arity: 4, partialArgs: [0, 1, 2, 3], f: (y, nu, m, s, p, g) => studentTLpdf(y, nu, m, s, p, g) },
  { name: 'cauchy', arity: 3, partialArgs: [0, 1, 2], f: (y, m, s, _d, p, g) => cauchyLpdf(y, m, s, p, g) },
  { name: 'exponential', arity: 2, partialArgs: [0, 1], f: (y, r, _b, _c, p, g) => exponentialLpdf(y, r, p, g) },
  { name: 'gamma', arity: 3, partialArgs: [0, 1, 2], f: (y, a, b, _c, p, g) => gammaLpdf(y, a, b, p, g) },
  { name: 'inv_gamma', arity: 3, partialArgs: [0, 1, 2], f: (y, a, b, _c, p, g) => invGammaLpdf(y, a, b, p, g) },
  { name: 'lognormal', arity: 3, partialArgs: [0, 1, 2], f: (y, m, s, _c, p, g) => lognormalLpdf(y, m, s, p, g) },
  { name: 'beta', arity: 3, partialArgs: [0, 1, 2], f: (y, a, b, _c, p, g) => betaLpdf(y, a, b, p, g) },
  { name: 'bernoulli_logit', arity: 2, partialArgs: [1], f: (y, e, _b, _c, p, g) => bernoulliLogitLpmf(y, e, p, g) },
  { name: 'binomial_logit', arity: 3, partialArgs: [2], f: (y, n, e, _c, p, g) => binomialLogitLpmf(y, n, e, p, g) },
  { name: 'poisson_log', arity: 2, partialArgs: [1], f: (y, e, _b, _c, p, g) => poissonLogLpmf(y, e, p, g) },
  { name: 'neg_binomial_2_log', arity: 3, partialArgs: [1, 2], f: (y, e, phi, _c, p, g) => negBinomial2LogLpmf(y, e, phi, p, g) },
];

export const DENSITY_CODE: Record<DensityName, number> = Object.fromEntries(
  DENSITIES.map((d, i) => [d.name, i]),
) as Record<DensityName, number>;
