// Weighted least squares by a QR decomposition (modified Gram-Schmidt, applied twice for
// orthogonality to working precision: "twice is enough", Giraud et al. 2005), with R's rank rule:
// a column whose norm after removing the earlier columns is at most 1e-7 of its own norm is a
// linear combination of them (the tolerance of lm's qr(), LINPACK dqrdc2). Used for lm and for
// each IRLS step of glm (pooling.ts).

export interface WlsFit {
  beta: Float64Array;
  /** (X' W X)^{-1}, p x p row-major: the unscaled covariance of beta. */
  covUnscaled: Float64Array;
  /** Weighted residual sum of squares. */
  rss: number;
}

/** Index of the first column dependent on earlier ones, or -1; `sqrtW` null for unit weights. */
function orthogonalise(cols: Float64Array[], sqrtW: Float64Array | null, tol: number): { Q: Float64Array[]; R: Float64Array; dependent: number } {
  const p = cols.length;
  const n = cols[0]?.length ?? 0;
  const Q: Float64Array[] = [];
  const R = new Float64Array(p * p);
  for (let k = 0; k < p; k++) {
    const v = new Float64Array(n);
    let norm0 = 0;
    for (let i = 0; i < n; i++) { v[i] = sqrtW ? sqrtW[i] * cols[k][i] : cols[k][i]; norm0 += v[i] * v[i]; }
    norm0 = Math.sqrt(norm0);
    for (let pass = 0; pass < 2; pass++) {
      for (let j = 0; j < k; j++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += Q[j][i] * v[i];
        for (let i = 0; i < n; i++) v[i] -= dot * Q[j][i];
        R[j * p + k] += dot;
      }
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += v[i] * v[i];
    norm = Math.sqrt(norm);
    if (norm0 === 0 || norm <= tol * norm0) return { Q, R, dependent: k };
    for (let i = 0; i < n; i++) v[i] /= norm;
    R[k * p + k] = norm;
    Q.push(v);
  }
  return { Q, R, dependent: -1 };
}

/** Inverse of an upper-triangular p x p matrix (back substitution, column by column). */
function invertUpper(R: Float64Array, p: number): Float64Array {
  const inv = new Float64Array(p * p);
  for (let c = 0; c < p; c++) {
    for (let r = c; r >= 0; r--) {
      let s = r === c ? 1 : 0;
      for (let k = r + 1; k <= c; k++) s -= R[r * p + k] * inv[k * p + c];
      inv[r * p + c] = s / R[r * p + r];
    }
  }
  return inv;
}

/**
 * Minimises sum w_i (y_i - x_i' beta)^2 over the columns `cols` (each length n). Returns the
 * index of the first linearly dependent column instead of a fit when the design is singular.
 */
export function weightedLeastSquares(cols: Float64Array[], y: Float64Array, w: Float64Array | null = null, tol = 1e-7): WlsFit | { dependent: number } {
  const p = cols.length;
  const n = y.length;
  const sqrtW = w ? w.map(Math.sqrt) : null;
  const { Q, R, dependent } = orthogonalise(cols, sqrtW, tol);
  if (dependent >= 0) return { dependent };
  const yw = sqrtW ? y.map((v, i) => v * sqrtW[i]) : y;
  const qty = new Float64Array(p);
  for (let j = 0; j < p; j++) { let s = 0; for (let i = 0; i < n; i++) s += Q[j][i] * yw[i]; qty[j] = s; }
  const Rinv = invertUpper(R, p);
  const beta = new Float64Array(p);
  for (let r = 0; r < p; r++) { let s = 0; for (let k = r; k < p; k++) s += Rinv[r * p + k] * qty[k]; beta[r] = s; }
  const covUnscaled = new Float64Array(p * p);
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < p; b++) {
      let s = 0;
      for (let k = Math.max(a, b); k < p; k++) s += Rinv[a * p + k] * Rinv[b * p + k];
      covUnscaled[a * p + b] = s;
    }
  }
  let rss = 0;
  for (let i = 0; i < n; i++) {
    let f = 0;
    for (let k = 0; k < p; k++) f += cols[k][i] * beta[k];
    rss += (w ? w[i] : 1) * (y[i] - f) ** 2;
  }
  return { beta, covUnscaled, rss };
}
