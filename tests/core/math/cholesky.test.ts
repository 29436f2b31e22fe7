import { describe, expect, it } from 'vitest';
import {
  choleskyDecompose, logDetFromCholesky, multiplyLowerSelfTranspose, solveLower, solveLowerTranspose,
} from '../../../src/core/math/cholesky';

const A = Float64Array.from([4, 2, 0.4, 2, 5, 1, 0.4, 1, 3]);

describe('Cholesky', () => {
  it('choleskyDecompose(A) gives lower L with L L^T = A', () => {
    const L = new Float64Array(9).fill(7);
    expect(choleskyDecompose(A, 3, L)).toBe(true);
    expect(L[1]).toBe(0);
    const B = new Float64Array(9);
    multiplyLowerSelfTranspose(L, 3, B);
    B.forEach((v, i) => expect(v).toBeCloseTo(A[i], 13));
    expect(logDetFromCholesky(L, 3)).toBeCloseTo(Math.log(4 * (5 * 3 - 1) - 2 * (2 * 3 - 0.4) + 0.4 * (2 - 5 * 0.4)), 12);
  });
  it('reports a matrix that is not positive definite', () => {
    expect(choleskyDecompose(Float64Array.from([1, 2, 2, 1]), 2, new Float64Array(4))).toBe(false);
    expect(choleskyDecompose(Float64Array.from([NaN, 0, 0, 1]), 2, new Float64Array(4))).toBe(false);
  });
  it('solves L x = b and L^T x = b', () => {
    const L = new Float64Array(9);
    choleskyDecompose(A, 3, L);
    const b = Float64Array.from([1, -2, 0.5]);
    const x = Float64Array.from(b);
    solveLower(L, 3, x);
    for (let i = 0; i < 3; i++) {
      let s = 0;
      for (let k = 0; k <= i; k++) s += L[i * 3 + k] * x[k];
      expect(s).toBeCloseTo(b[i], 13);
    }
    const y = Float64Array.from(b);
    solveLowerTranspose(L, 3, y);
    for (let i = 0; i < 3; i++) {
      let s = 0;
      for (let k = i; k < 3; k++) s += L[k * 3 + i] * y[k];
      expect(s).toBeCloseTo(b[i], 13);
    }
  });
});
