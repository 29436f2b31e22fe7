import { describe, expect, it } from 'vitest';
import { gradCheck } from '../../../src/core/ad/gradcheck';
import { priorLogDensity, priorProblem } from '../../../src/core/dist/priorDensity';
import {
  cauchyLpdf, exponentialLpdf, gammaLpdf, invGammaLpdf, lognormalLpdf, normalLpdf, studentTLpdf,
} from '../../../src/core/dist';
import type { PriorDensity } from '../../../src/core/types';

const g = new Float64Array(1);
const priors: Array<[PriorDensity, (x: number) => number, number[]]> = [
  [{ dist: 'normal', mu: 1, sigma: 2 }, (x) => normalLpdf(x, 1, 2), [-3, 0.5, 4]],
  [{ dist: 'student_t', nu: 3, mu: 288.7, sigma: 59.3 }, (x) => studentTLpdf(x, 3, 288.7, 59.3), [100, 290, 500]],
  [{ dist: 'cauchy', mu: 0, sigma: 2.5 }, (x) => cauchyLpdf(x, 0, 2.5), [-10, 0.1, 3]],
  [{ dist: 'exponential', rate: 0.5 }, (x) => exponentialLpdf(x, 0.5), [0.1, 1, 7]],
  [{ dist: 'gamma', shape: 2, rate: 0.1 }, (x) => gammaLpdf(x, 2, 0.1), [1.5, 10, 40]],
  [{ dist: 'inv_gamma', shape: 3, scale: 2 }, (x) => invGammaLpdf(x, 3, 2), [0.2, 1, 5]],
  [{ dist: 'lognormal', mu: 0, sigma: 1 }, (x) => lognormalLpdf(x, 0, 1), [0.2, 1, 5]],
];

describe('priorLogDensity (constants dropped, as Stan ~)', () => {
  for (const [p, full, xs] of priors) {
    it(`${p.dist}: differs from the full density by a constant, gradient agrees with finite differences`, () => {
      const c = full(xs[0]) - priorLogDensity(p, xs[0], g);
      for (const x of xs) {
        expect(full(x) - priorLogDensity(p, x, g)).toBeCloseTo(c, 10);
        const r = gradCheck((v, gr) => priorLogDensity(p, v[0], gr), Float64Array.from([x]));
        expect(r.ok, r.message).toBe(true);
      }
    });
  }
  it('flat is 0; uniform is 0 inside and -Infinity outside; positive-only priors reject x <= 0', () => {
    expect(priorLogDensity({ dist: 'flat' }, 1e9, g)).toBe(0);
    expect(priorLogDensity({ dist: 'uniform', lower: 0, upper: 1 }, 0.5, g)).toBe(0);
    expect(priorLogDensity({ dist: 'uniform', lower: 0, upper: 1 }, 1.5, g)).toBe(-Infinity);
    expect(priorLogDensity({ dist: 'gamma', shape: 2, rate: 1 }, -1, g)).toBe(-Infinity);
    expect(g[0]).toBe(0);
    expect(() => priorLogDensity({ dist: 'lkj', eta: 1 }, 0.3, g)).toThrow(/correlation matrix/);
  });
  it('priorProblem names bad hyperparameters', () => {
    expect(priorProblem({ dist: 'normal', mu: 0, sigma: 0 })).toMatch(/normal scale must be a positive/);
    expect(priorProblem({ dist: 'student_t', nu: -1, mu: 0, sigma: 1 })).toMatch(/degrees of freedom/);
    expect(priorProblem({ dist: 'uniform', lower: 2, upper: 1 })).toMatch(/must be below upper/);
    expect(priorProblem({ dist: 'gamma', shape: 2, rate: 0.1 })).toBeNull();
  });
});
