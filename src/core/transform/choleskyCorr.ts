// Cholesky factor of a correlation matrix from K(K-1)/2 unconstrained values, as Stan's
// cholesky_corr_constrain.hpp (algorithms.md §e): z = tanh(y) (log|J| += log(1 - z^2)), consumed
// row by row; row i: L_i1 = z, L_ij = z sqrt(1 - sum_{k<j} L_ik^2) (log|J| += ½ log(1 - sum)),
// L_ii = sqrt(1 - sum_{k<i} L_ik^2). L is K x K row-major, upper triangle zero.
import { log1mTanhSq } from '../math/special';

/** Number of unconstrained values for a K x K correlation Cholesky factor. */
export function choleskyCorrSize(K: number): number {
  return (K * (K - 1)) / 2;
}

/** Fills L (K*K) from y[offset .. offset + K(K-1)/2); returns log|Jacobian|. */
export function choleskyCorrConstrain(y: ArrayLike<number>, offset: number, K: number, L: Float64Array): number {
  for (let i = 0; i < K * K; i++) L[i] = 0; // a loop: fill()'s fixed cost dominates for K*K entries
  L[0] = 1;
  let lp = 0;
  let k = offset;
  for (let i = 1; i < K; i++) {
    const row = i * K;
    const y0 = y[k++];
    const z0 = Math.tanh(y0);
    lp += log1mTanhSq(y0);
    L[row] = z0;
    let sumSq = z0 * z0;
    for (let j = 1; j < i; j++) {
      const yj = y[k++];
      const zj = Math.tanh(yj);
      lp += log1mTanhSq(yj);
      // Clamped: at |tanh(y)| = 1 in floating point the row is degenerate; log|J| = -Infinity, not NaN.
      const rest = sumSq < 1 ? 1 - sumSq : 0;
      lp += 0.5 * Math.log(rest);
      const lij = zj * Math.sqrt(rest);
      L[row + j] = lij;
      sumSq += lij * lij;
    }
    L[row + i] = Math.sqrt(sumSq < 1 ? 1 - sumSq : 0);
  }
  return lp;
}

/**
 * Reverse pass of choleskyCorrConstrain plus its log|Jacobian|: given dL = d lp / d L (K*K, lower
 * triangle read), ADDS d(lp(L(y)) + log|J|(y)) / dy into grad[offset ..]. L must be the factor the
 * forward pass produced from the same y.
 */
export function choleskyCorrGradient(
  y: ArrayLike<number>, offset: number, K: number, L: Float64Array, dL: Float64Array, grad: Float64Array,
): void {
  let k = offset;
  for (let i = 1; i < K; i++) {
    const row = i * K;
    const first = k;
    k += i;
    // Forward quantities of row i: s_j = sum_{m<j} L_im^2 (s_1 = L_i0^2), w_j = sqrt(1 - s_j).
    // Reverse: ds accumulates d/ds of everything downstream of the running sum.
    const lii = L[row + i];
    let ds = -dL[row + i] / (2 * lii);
    for (let j = i - 1; j >= 1; j--) {
      const lij = L[row + j];
      const aL = dL[row + j] + 2 * lij * ds; // s_{j+1} = s_j + L_ij^2
      const yj = y[first + j];
      const zj = Math.tanh(yj);
      // s_j from L_ij = z_j w_j: w_j = L_ij / z_j is unstable at z_j = 0, so recompute s_j.
      let sj = 0;
      for (let m = 0; m < j; m++) sj += L[row + m] * L[row + m];
      const wj = Math.sqrt(1 - sj);
      const dz = aL * wj;
      grad[first + j] += dz * (1 - zj * zj) - 2 * zj; // d log(1 - tanh^2) / dy = -2 tanh
      // L_ij = z_j sqrt(1 - s_j); log|J| has ½ log(1 - s_j)
      ds += aL * zj * (-0.5 / wj) - 0.5 / (1 - sj);
    }
    const z0 = L[row]; // = tanh(y[first]), stored by the forward pass (saves a tanh per row)
    const a0 = dL[row] + 2 * L[row] * ds;
    grad[first] += a0 * (1 - z0 * z0) - 2 * z0;
  }
}

/** Inverse transform: y from a valid correlation Cholesky factor L (for inits and tests). */
export function choleskyCorrUnconstrain(L: Float64Array, K: number, y: Float64Array, offset: number): void {
  let k = offset;
  for (let i = 1; i < K; i++) {
    const row = i * K;
    let sumSq = 0;
    for (let j = 0; j < i; j++) {
      const z = j === 0 ? L[row] : L[row + j] / Math.sqrt(1 - sumSq);
      y[k++] = Math.atanh(z);
      sumSq += L[row + j] * L[row + j];
    }
  }
}
