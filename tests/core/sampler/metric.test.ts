import { describe, expect, test } from 'vitest';
import { choleskyLower, denseMetric, diagMetric } from '../../../src/core/sampler/metric';
import { createChainRng } from '../../../src/core/sampler/rng';

describe('metric', () => {
  test('diagonal: the metric keeps its own copy of the inverse metric (a Float64Array the caller reuses)', () => {
    const inv = new Float64Array([4, 0.25]);
    const m = diagMetric(inv);
    inv[0] = 9;
    expect(Array.from(m.inverseMetric)).toEqual([4, 0.25]);
    const v = new Float64Array(2);
    m.velocity(new Float64Array([1, 1]), v);
    expect(Array.from(v)).toEqual([4, 0.25]);
  });

  test('diagonal: momentum variance is 1/A_ii, T = 1/2 sum A_ii p_i^2, velocity = A p', () => {
    const m = diagMetric([4, 0.25]);
    const rng = createChainRng(7, 1);
    const p = new Float64Array(2);
    const n = 20000;
    let s0 = 0, s1 = 0;
    for (let i = 0; i < n; i++) { m.sampleMomentum(rng, p); s0 += p[0] ** 2; s1 += p[1] ** 2; }
    expect(s0 / n).toBeCloseTo(0.25, 1);
    expect(s1 / n / 4).toBeCloseTo(1, 1);
    p.set([1, 2]);
    expect(m.kineticEnergy(p)).toBeCloseTo(0.5 * (4 + 0.25 * 4), 14);
    const v = new Float64Array(2);
    m.velocity(p, v);
    expect(Array.from(v)).toEqual([4, 0.5]);
  });

  test('dense: momentum covariance is the inverse of the inverse metric', () => {
    const A = [2, 0.9, 0.9, 1]; // inverse metric; M = A^-1
    const det = 2 - 0.81;
    const M = [1 / det, -0.9 / det, -0.9 / det, 2 / det];
    const m = denseMetric(A, 2);
    const rng = createChainRng(8, 1);
    const p = new Float64Array(2);
    const n = 40000;
    const c = [0, 0, 0];
    for (let i = 0; i < n; i++) { m.sampleMomentum(rng, p); c[0] += p[0] * p[0]; c[1] += p[0] * p[1]; c[2] += p[1] * p[1]; }
    expect(c[0] / n / M[0]).toBeCloseTo(1, 1);
    expect(c[1] / n / M[1]).toBeCloseTo(1, 1);
    expect(c[2] / n / M[3]).toBeCloseTo(1, 1);
  });

  test('dense with a diagonal matrix agrees with diagonal', () => {
    const d = diagMetric([3, 0.5]);
    const m = denseMetric([3, 0, 0, 0.5], 2);
    const p = new Float64Array([0.7, -1.3]);
    expect(m.kineticEnergy(p)).toBeCloseTo(d.kineticEnergy(p), 14);
    const a = new Float64Array(2), b = new Float64Array(2);
    m.velocity(p, a); d.velocity(p, b);
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  test('dense velocity is A p with each row summed in order: the same bits as one row at a time', () => {
    for (const n of [1, 2, 3, 4, 5, 6, 7, 9, 42]) {
      // A = B B^T + n I, symmetric positive definite with uneven entries.
      const B = Float64Array.from({ length: n * n }, (_, k) => Math.sin(k * 1.7 + n) * (1 + (k % 5)));
      const A = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
        let s = i === j ? n : 0;
        for (let k = 0; k < n; k++) s += B[i * n + k] * B[j * n + k];
        A[i * n + j] = s;
      }
      for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) A[i * n + j] = A[j * n + i];
      const p = Float64Array.from({ length: n }, (_, j) => Math.cos(j * 2.3) * 1e3 ** ((j % 3) - 1));
      const expected = Array.from({ length: n }, (_, i) => {
        let s = 0;
        for (let j = 0; j < n; j++) s += A[i * n + j] * p[j];
        return s;
      });
      const out = new Float64Array(n);
      denseMetric(A, n).velocity(p, out);
      expect(Array.from(out)).toEqual(expected);
    }
  });

  test('Cholesky factor reproduces the matrix and rejects a non-positive-definite one', () => {
    const A = new Float64Array([4, 2, 2, 3]);
    const L = choleskyLower(A, 2);
    expect(L[0] * L[0]).toBeCloseTo(4, 14);
    expect(L[2] * L[0]).toBeCloseTo(2, 14);
    expect(L[2] * L[2] + L[3] * L[3]).toBeCloseTo(3, 14);
    expect(() => denseMetric([1, 2, 2, 1], 2)).toThrow(/positive definite/);
  });

  test('rejects a diagonal inverse metric with a zero, negative or non-finite entry', () => {
    expect(() => diagMetric([1, 0])).toThrow(/element 1/);
    expect(() => diagMetric([NaN])).toThrow(/finite positive/);
  });
});
