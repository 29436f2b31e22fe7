import { describe, expect, it } from 'vitest';
import { gradCheck } from '../../../src/core/ad/gradcheck';
import { lkjCorrCholeskyLpdf, lkjLogConstant } from '../../../src/core/dist/lkjCorrCholesky';
import { choleskyCorrConstrain } from '../../../src/core/transform/choleskyCorr';

describe('lkj_corr_cholesky', () => {
  it('K = 2: the density of the correlation r integrates to one for several eta', () => {
    for (const eta of [0.5, 1, 2.5]) {
      const L = new Float64Array(4);
      const n = 200000;
      let s = 0;
      for (let i = 0; i < n; i++) {
        const r = -1 + (2 * (i + 0.5)) / n; // midpoint rule
        L[0] = 1; L[2] = r; L[3] = Math.sqrt(1 - r * r);
        s += Math.exp(lkjCorrCholeskyLpdf(L, 2, eta));
      }
      expect(s * (2 / n)).toBeCloseTo(1, eta < 1 ? 2 : 5);
    }
  });

  it('K = 3: exp(lpdf(L(y)) + log|J|) integrates to one over the unconstrained space', () => {
    // Integrate over z = tanh(y) in (-1, 1)^3 with the CPC Jacobian of z -> L (excluding tanh).
    for (const eta of [1, 2]) {
      const L = new Float64Array(9);
      const y = new Float64Array(3);
      const m = 40;
      let s = 0;
      for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) for (let c = 0; c < m; c++) {
        const z = [a, b, c].map((i) => -1 + (2 * (i + 0.5)) / m);
        for (let i = 0; i < 3; i++) y[i] = Math.atanh(z[i]);
        const ljAll = choleskyCorrConstrain(y, 0, 3, L);
        const ljTanh = z.reduce((acc, v) => acc + Math.log(1 - v * v), 0);
        s += Math.exp(lkjCorrCholeskyLpdf(L, 3, eta) + ljAll - ljTanh);
      }
      expect(s * (2 / m) ** 3).toBeCloseTo(1, 2); // midpoint rule error ~1e-3
    }
  });

  it('eta = 1 constant matches the closed form for K = 2 (1/2) and K = 3 (1/pi^2)', () => {
    expect(lkjLogConstant(1, 2)).toBeCloseTo(Math.log(0.5), 12);
    // LKJ(1) on 3x3 correlation matrices is uniform on a set of volume pi^2 / 2
    expect(lkjLogConstant(1, 3)).toBeCloseTo(-Math.log(Math.PI ** 2 / 2), 12);
  });

  it('gradient in the diagonal of L and in eta agrees with finite differences', () => {
    const K = 4;
    const L = new Float64Array(K * K);
    choleskyCorrConstrain(Float64Array.from([0.3, -0.5, 0.2, 0.8, -0.1, 0.4]), 0, K, L);
    const gL = new Float64Array(K * K);
    const gE = new Float64Array(1);
    const f = (x: Float64Array, g: Float64Array) => {
      const M = Float64Array.from(L);
      for (let i = 0; i < K; i++) M[i * K + i] = x[i];
      const lp = lkjCorrCholeskyLpdf(M, K, x[K], false, gL, gE);
      for (let i = 0; i < K; i++) g[i] = gL[i * K + i];
      g[K] = gE[0];
      return lp;
    };
    const x = Float64Array.from([1, L[5], L[10], L[15], 1.7]);
    const r = gradCheck(f, x);
    expect(r.ok, r.message).toBe(true);
  });

  it('drops only the constant with propto, and rejects a non-positive diagonal or eta', () => {
    const L = Float64Array.from([1, 0, 0.6, 0.8]);
    expect(lkjCorrCholeskyLpdf(L, 2, 2, false) - lkjCorrCholeskyLpdf(L, 2, 2, true)).toBeCloseTo(lkjLogConstant(2, 2), 12);
    expect(lkjCorrCholeskyLpdf(Float64Array.from([1, 0, 1, 0]), 2, 2)).toBe(-Infinity);
    expect(lkjCorrCholeskyLpdf(L, 2, 0)).toBe(-Infinity);
  });
});
