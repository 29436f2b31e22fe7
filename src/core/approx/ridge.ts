// Cholesky factorisation with a diagonal ridge when the matrix is not positive definite.
import { choleskyDecompose } from '../math/cholesky';

/**
 * Cholesky factor of P, adding a ridge lambda I (from 1e-8 of the largest |diagonal|, tenfold up to
 * 16 times) when P is not positive definite: the mode is then a saddle or a flat ridge and the
 * approximation is only a regularised stand-in. Returns the ridge used, or NaN when none worked.
 */
export function choleskyWithRidge(P: Float64Array, n: number, L: Float64Array): number {
  if (choleskyDecompose(P, n, L)) return 0;
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(P[i * n + i]));
  if (!Number.isFinite(scale)) return NaN;
  const Q = Float64Array.from(P);
  let ridge = 1e-8 * Math.max(scale, 1);
  for (let attempt = 0; attempt < 16; attempt++, ridge *= 10) {
    for (let i = 0; i < n; i++) Q[i * n + i] = P[i * n + i] + ridge;
    if (choleskyDecompose(Q, n, L)) return ridge;
  }
  return NaN;
}
