// Evaluates a PriorDensity (types.ts) at one parameter value with its derivative, with constants
// dropped as Stan's `~` does (hyperparameters are data, so only terms in x remain).
import type { PriorDensity } from '../types';
import { lkjCorrCholeskyLpdf } from './lkjCorrCholesky';

/**
 * log prior(x) up to a constant, and d/dx into grad[0] (grad[0] is overwritten). Flat: 0.
 * Outside the support (x <= 0 for gamma / inv_gamma / lognormal / exponential, x outside
 * [lower, upper] for uniform, outside (0, 1) for beta): -Infinity. Throws for 'lkj', which is a prior on a Cholesky
 * factor (use lkjCorrCholeskyLpdf).
 */
export function priorLogDensity(p: PriorDensity, x: number, grad: Float64Array): number {
  // brms's defaults (student_t, flat) first, in a function small enough for V8 to inline into the
  // gradient: no call and no heap number for the returned double, ~5% of a small model's gradient.
  if (p.dist === 'student_t') {
    const d = x - p.mu;
    const s2nu = p.sigma * p.sigma * p.nu;
    grad[0] = -(p.nu + 1) * d / (s2nu + d * d);
    return -0.5 * (p.nu + 1) * Math.log1p((d * d) / s2nu);
  }
  if (p.dist === 'flat') {
    grad[0] = 0;
    return 0;
  }
  return otherPriorLogDensity(p, x, grad) * 1; // * 1: a number, so the inlined result stays unboxed
}

function otherPriorLogDensity(p: Exclude<PriorDensity, { dist: 'student_t' | 'flat' }>, x: number, grad: Float64Array): number {
  switch (p.dist) {
    case 'normal': {
      const z = (x - p.mu) / p.sigma;
      grad[0] = -z / p.sigma;
      return -0.5 * z * z;
    }
    case 'cauchy': {
      const d = x - p.mu;
      const s2 = p.sigma * p.sigma;
      grad[0] = -2 * d / (s2 + d * d);
      return -Math.log1p((d * d) / s2);
    }
    case 'exponential':
      if (x < 0) { grad[0] = 0; return -Infinity; }
      grad[0] = -p.rate;
      return -p.rate * x;
    case 'gamma':
      if (!(x > 0)) { grad[0] = 0; return -Infinity; }
      grad[0] = (p.shape - 1) / x - p.rate;
      return (p.shape - 1) * Math.log(x) - p.rate * x;
    case 'inv_gamma':
      if (!(x > 0)) { grad[0] = 0; return -Infinity; }
      grad[0] = -(p.shape + 1) / x + p.scale / (x * x);
      return -(p.shape + 1) * Math.log(x) - p.scale / x;
    case 'lognormal': {
      if (!(x > 0)) { grad[0] = 0; return -Infinity; }
      const lx = Math.log(x);
      const z = (lx - p.mu) / p.sigma;
      grad[0] = -(z / p.sigma + 1) / x;
      return -0.5 * z * z - lx;
    }
    case 'uniform':
      grad[0] = 0;
      return x >= p.lower && x <= p.upper ? 0 : -Infinity;
    case 'beta': {
      // (alpha - 1) log x + (beta - 1) log(1 - x), for zi and hu (brms's beta(1, 1) default)
      if (!(x > 0 && x < 1)) { grad[0] = 0; return -Infinity; }
      grad[0] = (p.alpha - 1) / x - (p.beta - 1) / (1 - x);
      return (p.alpha - 1) * Math.log(x) + (p.beta - 1) * Math.log1p(-x);
    }
    case 'lkj':
      throw new Error('priorLogDensity: an lkj prior applies to a correlation matrix, not to one value; use lkjCorrCholeskyLpdf');
  }
}

/** Checks a prior's hyperparameters; returns an error message or null. */
export function priorProblem(p: PriorDensity): string | null {
  const pos = (v: number, what: string) => (v > 0 && Number.isFinite(v) ? null : `${what} must be a positive finite number, got ${v}`);
  const fin = (v: number, what: string) => (Number.isFinite(v) ? null : `${what} must be finite, got ${v}`);
  switch (p.dist) {
    case 'flat': return null;
    case 'normal': case 'cauchy': case 'lognormal': return fin(p.mu, `${p.dist} location`) ?? pos(p.sigma, `${p.dist} scale`);
    case 'student_t': return pos(p.nu, 'student_t degrees of freedom') ?? fin(p.mu, 'student_t location') ?? pos(p.sigma, 'student_t scale');
    case 'exponential': return pos(p.rate, 'exponential rate');
    case 'gamma': return pos(p.shape, 'gamma shape') ?? pos(p.rate, 'gamma rate');
    case 'inv_gamma': return pos(p.shape, 'inv_gamma shape') ?? pos(p.scale, 'inv_gamma scale');
    case 'uniform':
      return fin(p.lower, 'uniform lower') ?? fin(p.upper, 'uniform upper') ??
        (p.lower < p.upper ? null : `uniform lower (${p.lower}) must be below upper (${p.upper})`);
    case 'lkj': return pos(p.eta, 'lkj eta');
    case 'beta': return pos(p.alpha, 'beta alpha') ?? pos(p.beta, 'beta beta');
  }
}

export { lkjCorrCholeskyLpdf };
