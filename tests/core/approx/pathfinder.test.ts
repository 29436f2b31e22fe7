import { describe, expect, it } from 'vitest';
import { denseInverseHessian, pathfinder, updateDiagonal } from '../../../src/core/approx/pathfinder';
import type { LogDensity } from '../../../src/core/types';

function gaussian(mu: number[], P: number[][]): LogDensity {
  const n = mu.length;
  return {
    dim: n, unconstrainedNames: mu.map((_, i) => `x[${i + 1}]`),
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

describe('pathfinder (single path)', () => {
  it('approximately recovers a Gaussian posterior: mean, variances', () => {
    // Independent coordinates with sds 0.5, 2 and 10: Sigma = diag(0.25, 4, 100).
    const r = pathfinder(gaussian([1, -5, 40], [[4, 0, 0], [0, 0.25, 0], [0, 0, 0.01]]), { draws: 4000, seed: 2 });
    expect(r.status).toBe('ok');
    const n = r.nDraws, variances = [0.25, 4, 100], mu = [1, -5, 40];
    for (let i = 0; i < 3; i++) {
      let s = 0, s2 = 0;
      for (let d = 0; d < n; d++) { const v = r.draws[d * 3 + i]; s += v; s2 += v * v; }
      const m = s / n, v = s2 / n - m * m;
      // The chosen iterate maximises a 25-draw ELBO estimate, so it is one of several near-exact
      // approximations along the path (here iterate 9 of 19), not the exact one.
      expect(Math.abs(m - mu[i]) / Math.sqrt(variances[i])).toBeLessThan(0.25);
      expect(Math.abs(v / variances[i] - 1)).toBeLessThan(0.3);
    }
  });

  it('says why when the log density is never finite', () => {
    const r = pathfinder({ dim: 1, unconstrainedNames: ['a'], logDensityGradient: () => NaN });
    expect(r.status).toBe('failed');
    expect(r.notes[0]).toMatch(/Initialization/);
  });

  it('denseInverseHessian satisfies the secant condition H y = s for the newest pair', () => {
    const pairs = [
      { s: Float64Array.of(1, 0.2, -0.3), y: Float64Array.of(2, 0.1, -0.2) },
      { s: Float64Array.of(-0.4, 1, 0.5), y: Float64Array.of(-0.5, 3, 0.4) },
    ];
    const alpha = Float64Array.of(1, 1, 1);
    updateDiagonal(alpha, pairs[0].s, pairs[0].y);
    const H = denseInverseHessian(pairs, 3, alpha);
    const { s, y } = pairs[1];
    for (let i = 0; i < 3; i++) {
      let v = 0;
      for (let j = 0; j < 3; j++) v += H[i * 3 + j] * y[j];
      expect(v).toBeCloseTo(s[i], 12);
      for (let j = 0; j < 3; j++) expect(H[i * 3 + j]).toBeCloseTo(H[j * 3 + i], 12);
    }
  });
});
