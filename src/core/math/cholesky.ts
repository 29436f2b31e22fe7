// Dense Cholesky factorisation and triangular solves on row-major Float64Array matrices.
// Small matrices (group-level covariance, dense metric); no allocation inside.

/**
 * Lower Cholesky factor L of the symmetric positive definite n x n matrix A (row-major), written
 * into L (row-major, upper triangle zeroed). Returns false (L unspecified) when A is not
 * positive definite or has a non-finite entry.
 */
export function choleskyDecompose(A: Float64Array, n: number, L: Float64Array): boolean {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * n + j];
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      if (i === j) {
        if (!(s > 0) || !Number.isFinite(s)) return false;
        L[i * n + i] = Math.sqrt(s);
      } else {
        L[i * n + j] = s / L[j * n + j];
      }
    }
    for (let j = i + 1; j < n; j++) L[i * n + j] = 0;
  }
  return true;
}

/** Solves L x = b in place (x overwrites b), L lower triangular row-major n x n. */
export function solveLower(L: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * n + k] * b[k];
    b[i] = s / L[i * n + i];
  }
}

/** Solves L^T x = b in place (x overwrites b), L lower triangular row-major n x n. */
export function solveLowerTranspose(L: Float64Array, n: number, b: Float64Array): void {
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < n; k++) s -= L[k * n + i] * b[k];
    b[i] = s / L[i * n + i];
  }
}

/** out = L L^T (row-major n x n). */
export function multiplyLowerSelfTranspose(L: Float64Array, n: number, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k <= j; k++) s += L[i * n + k] * L[j * n + k];
      out[i * n + j] = s;
      out[j * n + i] = s;
    }
  }
}

/** log det(L L^T) = 2 sum log L_ii. */
export function logDetFromCholesky(L: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log(L[i * n + i]);
  return 2 * s;
}
