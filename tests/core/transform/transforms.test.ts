import { describe, expect, it } from 'vitest';
import { gradCheck } from '../../../src/core/ad/gradcheck';
import {
  choleskyCorrConstrain, choleskyCorrGradient, choleskyCorrSize, choleskyCorrUnconstrain, lowerBoundConstrain,
  lowerBoundGradient, lowerBoundLogJacobian, lowerBoundUnconstrain, lowerUpperConstrain, lowerUpperGradient,
  lowerUpperLogJacobian, lowerUpperUnconstrain, noncenteredBackward, noncenteredForward,
} from '../../../src/core/transform';

describe('lower bound (exp) transform', () => {
  it('round-trips, has log|J| = y, and rejects values at or below the bound', () => {
    expect(lowerBoundConstrain(Math.log(2), 1)).toBeCloseTo(3, 14);
    expect(lowerBoundUnconstrain(3, 1)).toBeCloseTo(Math.log(2), 14);
    expect(lowerBoundLogJacobian(0.3)).toBe(0.3);
    expect(() => lowerBoundUnconstrain(1, 1)).toThrow(/above the lower bound 1/);
  });
  it('chain rule with the Jacobian: d/dy [lp(x(y)) + y] for lp = -x^2', () => {
    const f = (v: Float64Array, g: Float64Array) => {
      const x = lowerBoundConstrain(v[0], 0.5);
      g[0] = lowerBoundGradient(v[0], -2 * x);
      return -x * x + lowerBoundLogJacobian(v[0]);
    };
    for (const y of [-3, 0.2, 1.5]) expect(gradCheck(f, Float64Array.from([y])).ok).toBe(true);
  });
});

describe('lower and upper bound (logit) transform', () => {
  it('round-trips and matches log|dx/dy| numerically', () => {
    expect(lowerUpperUnconstrain(lowerUpperConstrain(0.7, -2, 5), -2, 5)).toBeCloseTo(0.7, 12);
    const h = 1e-6;
    const dx = (lowerUpperConstrain(0.7 + h, -2, 5) - lowerUpperConstrain(0.7 - h, -2, 5)) / (2 * h);
    expect(lowerUpperLogJacobian(0.7, -2, 5)).toBeCloseTo(Math.log(dx), 8);
    expect(Number.isFinite(lowerUpperLogJacobian(800, 0, 1))).toBe(true);
    expect(() => lowerUpperUnconstrain(5, -2, 5)).toThrow(/strictly between -2 and 5/);
  });
  it('chain rule with the Jacobian', () => {
    const f = (v: Float64Array, g: Float64Array) => {
      const x = lowerUpperConstrain(v[0], -1, 3);
      g[0] = lowerUpperGradient(v[0], -1, 3, Math.cos(x));
      return Math.sin(x) + lowerUpperLogJacobian(v[0], -1, 3);
    };
    for (const y of [-4, 0, 2.5]) expect(gradCheck(f, Float64Array.from([y])).ok).toBe(true);
  });
});

describe('Cholesky factor of a correlation matrix (tanh / CPC)', () => {
  it('K = 2 is [[1, 0], [z, sqrt(1 - z^2)]] with log|J| = log(1 - z^2)', () => {
    const L = new Float64Array(4);
    const lj = choleskyCorrConstrain([0.4], 0, 2, L);
    const z = Math.tanh(0.4);
    expect(Array.from(L)).toEqual([1, 0, z, Math.sqrt(1 - z * z)]);
    expect(lj).toBeCloseTo(Math.log(1 - z * z), 14);
  });
  it('gives unit-norm rows (a correlation matrix) and round-trips for K = 4', () => {
    const K = 4;
    const y = Float64Array.from([0.3, -1.2, 0.8, 2.0, -0.4, 0.1]);
    expect(choleskyCorrSize(K)).toBe(6);
    const L = new Float64Array(K * K);
    choleskyCorrConstrain(y, 0, K, L);
    for (let i = 0; i < K; i++) {
      let s = 0;
      for (let j = 0; j < K; j++) s += L[i * K + j] ** 2;
      expect(s).toBeCloseTo(1, 14);
      expect(L[i * K + i]).toBeGreaterThan(0);
    }
    const back = new Float64Array(6);
    choleskyCorrUnconstrain(L, K, back, 0);
    back.forEach((v, i) => expect(v).toBeCloseTo(y[i], 12));
  });
  it('log|J| equals the log-determinant of the numerical Jacobian of y -> lower triangle of L', () => {
    const K = 3;
    const y = Float64Array.from([0.5, -0.3, 0.9]);
    const L = new Float64Array(9);
    const lj = choleskyCorrConstrain(y, 0, K, L);
    // free elements: L10, L20, L21 (the diagonal is determined)
    const free = [3, 6, 7];
    const Jm: number[][] = [];
    const h = 1e-6;
    for (const f of free) {
      Jm.push([0, 1, 2].map((i) => {
        const yp = Float64Array.from(y); yp[i] += h;
        const ym = Float64Array.from(y); ym[i] -= h;
        const Lp = new Float64Array(9); const Lm = new Float64Array(9);
        choleskyCorrConstrain(yp, 0, K, Lp);
        choleskyCorrConstrain(ym, 0, K, Lm);
        return (Lp[f] - Lm[f]) / (2 * h);
      }));
    }
    const det = Jm[0][0] * (Jm[1][1] * Jm[2][2] - Jm[1][2] * Jm[2][1]) - Jm[0][1] * (Jm[1][0] * Jm[2][2] - Jm[1][2] * Jm[2][0])
      + Jm[0][2] * (Jm[1][0] * Jm[2][1] - Jm[1][1] * Jm[2][0]);
    expect(lj).toBeCloseTo(Math.log(Math.abs(det)), 7);
  });
  it('reverse pass: gradient of sum(W ∘ L) + log|J| agrees with finite differences (K = 2, 3, 5)', () => {
    for (const K of [2, 3, 5]) {
      const m = choleskyCorrSize(K);
      const W = Float64Array.from({ length: K * K }, (_, i) => Math.sin(3 * i + 1));
      const L = new Float64Array(K * K);
      const f = (y: Float64Array, g: Float64Array) => {
        const lj = choleskyCorrConstrain(y, 1, K, L);
        let lp = lj;
        for (let i = 0; i < K * K; i++) lp += W[i] * L[i];
        g.fill(0);
        choleskyCorrGradient(y, 1, K, L, W, g);
        return lp;
      };
      const y = Float64Array.from({ length: m + 1 }, (_, i) => Math.cos(2 * i) * 1.3);
      const r = gradCheck(f, y, { indices: Array.from({ length: m }, (_, i) => i + 1) });
      expect(r.ok, `K = ${K}: ${r.message}`).toBe(true);
    }
  });
  it('never produces NaN for extreme unconstrained values (a degenerate row gives log|J| = -Infinity)', () => {
    const L = new Float64Array(9);
    const lj = choleskyCorrConstrain([30, -30, 30], 0, 3, L);
    expect(Number.isNaN(lj)).toBe(false);
    expect(lj === -Infinity || Number.isFinite(lj)).toBe(true);
    L.forEach((v) => expect(Number.isNaN(v)).toBe(false));
    expect(Number.isFinite(choleskyCorrConstrain([8, -8, 8], 0, 3, L))).toBe(true);
  });
});

describe('non-centred block r = diag(sd) L z', () => {
  it('forward matches the matrix product and backward agrees with finite differences', () => {
    const M = 3;
    const J = 4;
    const L = new Float64Array(M * M);
    choleskyCorrConstrain([0.2, -0.6, 0.9], 0, M, L);
    const W = Float64Array.from({ length: M * J }, (_, i) => Math.cos(i));
    // x = [sd (3), L lower (9, only lower used), z (12)]
    const f = (x: Float64Array, g: Float64Array) => {
      const sd = x.subarray(0, M);
      const Lx = x.slice(M, M + M * M);
      for (let i = 0; i < M; i++) for (let j = i + 1; j < M; j++) Lx[i * M + j] = 0;
      const r = new Float64Array(M * J);
      noncenteredForward(sd, Lx, x, M + M * M, M, J, r, 0);
      let lp = 0;
      for (let i = 0; i < M * J; i++) lp += W[i] * r[i];
      g.fill(0);
      const dSd = new Float64Array(M);
      const dL = new Float64Array(M * M);
      noncenteredBackward(sd, Lx, x, M + M * M, M, J, W, 0, g, dSd, dL);
      g.set(dSd, 0);
      for (let i = 0; i < M; i++) for (let j = 0; j <= i; j++) g[M + i * M + j] = dL[i * M + j];
      return lp;
    };
    const x = Float64Array.from([0.5, 1.3, 2.0, ...L, ...Array.from({ length: M * J }, (_, i) => Math.sin(i + 0.5))]);
    const lower = [0, 1, 2, 3, 6, 7, 9, 10, 11].concat(Array.from({ length: M * J }, (_, i) => M + M * M + i));
    const r = gradCheck(f, x, { indices: lower });
    expect(r.ok, r.message).toBe(true);
    // r[m=1, j=2] = sd1 (L10 z0j + L11 z1j)
    const rr = new Float64Array(M * J);
    noncenteredForward([0.5, 1.3, 2.0], L, x, M + M * M, M, J, rr, 0);
    const z = (m: number, j: number) => x[M + M * M + m * J + j];
    expect(rr[1 * J + 2]).toBeCloseTo(1.3 * (L[3] * z(0, 2) + L[4] * z(1, 2)), 14);
  });
  it('with L = null (uncorrelated) is r = sd z', () => {
    const r = new Float64Array(4);
    noncenteredForward([2, 3], null, [1, 2, 3, 4], 0, 2, 2, r, 0);
    expect(Array.from(r)).toEqual([2, 4, 9, 12]);
  });
});
