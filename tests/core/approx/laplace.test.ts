import { describe, expect, it } from 'vitest';
import { laplaceApproximation } from '../../../src/core/approx/laplace';
import { choleskyWithRidge } from '../../../src/core/approx/ridge';
import { findMode } from '../../../src/core/approx/findMode';
import { finiteDifferenceHessian } from '../../../src/core/approx/hessian';
import { StandardNormal } from '../../../src/core/sampler/standardNormal';
import type { LogDensity } from '../../../src/core/types';

/** log N(x | mu, P^-1) up to a constant, P a fixed correlated precision. */
function gaussian(mu: number[], P: number[][]): LogDensity {
  const n = mu.length;
  return {
    dim: n,
    unconstrainedNames: mu.map((_, i) => `x[${i + 1}]`),
    logDensityGradient(x, g) {
      let lp = 0;
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += P[i][j] * (x[j] - mu[j]);
        g[i] = -s;
        lp -= 0.5 * (x[i] - mu[i]) * s;
      }
      return lp;
    },
  };
}

// Sigma = P^-1 for a 3 x 3 P with strong correlation.
const P3 = [[4, 1.8, 0.3], [1.8, 1, 0.2], [0.3, 0.2, 0.5]];
const MU3 = [1.5, -20, 300];

function inverse3(A: number[][]): number[][] {
  const [[a, b, c], [d, e, f], [g, h, i]] = A;
  const det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
  return [
    [(e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det],
    [(f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det],
    [(d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det],
  ];
}

describe('Laplace approximation on a Gaussian target', () => {
  const target = gaussian(MU3, P3);
  const res = laplaceApproximation(target, { draws: 4000, seed: 3 });

  it('finds the exact mode and Hessian', () => {
    expect(res.status).toBe('ok');
    expect(res.mode.status).toBe('converged');
    for (let i = 0; i < 3; i++) expect(res.mode.mode[i]).toBeCloseTo(MU3[i], 5);
    // The gradient is linear, so central differences are exact up to rounding.
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(res.precision![i * 3 + j]).toBeCloseTo(P3[i][j], 7);
    expect(res.ridge).toBe(0);
  });

  it('draws have the exact mean and covariance up to Monte Carlo error', () => {
    const S = inverse3(P3);
    const n = res.nDraws;
    const mean = [0, 1, 2].map((i) => { let s = 0; for (let d = 0; d < n; d++) s += res.draws[d * 3 + i]; return s / n; });
    for (let i = 0; i < 3; i++) expect(Math.abs(mean[i] - MU3[i])).toBeLessThan(4 * Math.sqrt(S[i][i] / n));
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j <= i; j++) {
        let s = 0;
        for (let d = 0; d < n; d++) s += (res.draws[d * 3 + i] - mean[i]) * (res.draws[d * 3 + j] - mean[j]);
        const cov = s / (n - 1);
        // Var of a sample covariance: (S_ii S_jj + S_ij^2) / n.
        expect(Math.abs(cov - S[i][j])).toBeLessThan(4 * Math.sqrt((S[i][i] * S[j][j] + S[i][j] ** 2) / n));
      }
    }
  });

  it('its importance ratios are constant (exact approximation): Pareto k is not large', () => {
    // log p - log q is the same constant for every draw when q = p; PSIS then finds no tail to fit.
    let min = Infinity, max = -Infinity;
    for (const v of res.logRatios) { min = Math.min(min, v); max = Math.max(max, v); }
    expect(max - min).toBeLessThan(1e-6);
    expect(res.paretoK).toBe(0);
    expect(res.notes.join(' ')).not.toMatch(/Pareto k/);
  });

  it('is reproducible for a seed and names the outputs', () => {
    const again = laplaceApproximation(target, { draws: 4000, seed: 3 });
    expect(Array.from(again.draws.slice(0, 30))).toEqual(Array.from(res.draws.slice(0, 30)));
    expect(res.names).toEqual(['x[1]', 'x[2]', 'x[3]']);
  });
});

describe('failure results', () => {
  it('adds a ridge and says so when the curvature is singular', () => {
    // lp = -(x1 + x2)^2 / 2 - x3^2 / 2: flat along x1 - x2, so -H is only semidefinite.
    const t: LogDensity = {
      dim: 3, unconstrainedNames: ['a', 'b', 'c'],
      logDensityGradient(x, g) { const s = x[0] + x[1]; g[0] = -s; g[1] = -s; g[2] = -x[2]; return -0.5 * s * s - 0.5 * x[2] * x[2]; },
    };
    const r = laplaceApproximation(t, { draws: 10 });
    expect(r.status).toBe('ridge');
    expect(r.ridge).toBeGreaterThan(0);
    expect(r.notes.join(' ')).toMatch(/not positive definite.*ridge/);
  });

  it('choleskyWithRidge returns 0 for a positive definite matrix and NaN for a non-finite one', () => {
    const L = new Float64Array(4);
    expect(choleskyWithRidge(Float64Array.of(2, 1, 1, 2), 2, L)).toBe(0);
    expect(choleskyWithRidge(Float64Array.of(NaN, 0, 0, 1), 2, L)).toBeNaN();
  });

  it('reports a log density that is never finite instead of throwing', () => {
    const t: LogDensity = { dim: 2, unconstrainedNames: ['a', 'b'], logDensityGradient: () => -Infinity };
    const r = laplaceApproximation(t, { mode: { starts: 2 } });
    expect(r.status).toBe('failed');
    expect(r.mode.status).toBe('failed');
    expect(r.notes.join(' ')).toMatch(/Initialization .* failed/);
    expect(r.notes.join(' ')).toMatch(/No start reached a finite log density/);
  });

  it('reports a start that did not converge within the iteration bound', () => {
    const r = findMode(gaussian(MU3, P3), { lbfgs: { maxIterations: 2 }, starts: 2 });
    expect(r.status).toBe('notConverged');
    expect(r.notes[0]).toMatch(/did not converge from any of 2 start/);
  });

  it('retries a start whose first Stan step cannot recover (huge gradient at the init)', async () => {
    const { lbfgsMinimize } = await import('../../../src/core/approx/lbfgs');
    // Curvature 1e12 and log p undefined beyond |x| > 10: Stan's first step (1e-3 x gradient) lands
    // ~1e9 away and ten halvings do not bring it back.
    const t: LogDensity = {
      dim: 1, unconstrainedNames: ['x'],
      logDensityGradient(x, g) { g[0] = -1e12 * (x[0] - 1); return Math.abs(x[0]) > 10 ? -Infinity : -0.5e12 * (x[0] - 1) ** 2; },
    };
    const neg = (x: Float64Array, g: Float64Array) => { const v = -t.logDensityGradient(x, g); g[0] = -g[0]; return v; };
    expect(lbfgsMinimize(neg, Float64Array.of(-1.5)).status).toBe('lineSearchFailed');
    const r = findMode(t, { starts: 2 });
    expect(r.status).toBe('converged');
    expect(r.mode[0]).toBeCloseTo(1, 6);
  });

  it('reports another mode found by one of the starts', () => {
    // Two separated modes at x = -3 (higher) and x = +3 (lower by 2 units of log density).
    const t: LogDensity = {
      dim: 1, unconstrainedNames: ['x'],
      logDensityGradient(x, g) {
        const a = -0.5 * ((x[0] + 3) / 0.3) ** 2, b = -0.5 * ((x[0] - 3) / 0.3) ** 2 - 2;
        const m = Math.max(a, b), wa = Math.exp(a - m), wb = Math.exp(b - m);
        g[0] = (wa * -(x[0] + 3) / 0.09 + wb * -(x[0] - 3) / 0.09) / (wa + wb);
        return m + Math.log(wa + wb);
      },
    };
    const r = findMode(t, { starts: 8, initRadius: 5 });
    expect(r.mode[0]).toBeCloseTo(-3, 4);
    expect(r.otherModes).toBeGreaterThan(0);
    expect(r.notes.join(' ')).toMatch(/multimodal/);
  });
});

describe('finiteDifferenceHessian', () => {
  it('is -I for a standard normal', () => {
    const h = finiteDifferenceHessian(new StandardNormal(4), Float64Array.of(0.3, -1, 2, 10));
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) expect(h.H![i * 4 + j]).toBeCloseTo(i === j ? -1 : 0, 8);
    expect(h.evaluations).toBe(8);
  });

  it('says which coordinate fails', () => {
    const t: LogDensity = { dim: 2, unconstrainedNames: ['a', 'b'], logDensityGradient: (x, g) => { g[0] = 0; g[1] = 0; return x[1] > 0 ? -Infinity : 0; } };
    expect(finiteDifferenceHessian(t, Float64Array.of(0, 0)).failedAt).toBe(1);
  });
});

describe('paretoKOfRatios', () => {
  it('is small for light-tailed ratios and large for heavy-tailed ones', async () => {
    const { paretoKOfRatios } = await import('../../../src/core/approx/importance');
    const S = 2000;
    const light = new Float64Array(S), heavy = new Float64Array(S);
    for (let s = 0; s < S; s++) {
      const u = (s + 0.5) / S;
      light[s] = Math.log(u);            // weights uniform on (0, 1): bounded, k < 0
      heavy[s] = -1.5 * Math.log(1 - u); // weights (1 - u)^-1.5: Pareto with k = 1.5
    }
    expect(paretoKOfRatios(light)).toBeLessThan(0.5);
    expect(paretoKOfRatios(heavy)).toBeGreaterThan(1);
  });
});
