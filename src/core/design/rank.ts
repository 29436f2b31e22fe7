// Rank check of a design matrix: which columns are linear combinations of earlier ones (the
// columns lm() would report as NA). Modified Gram-Schmidt with R's qr() tolerance 1e-7, relative
// to each column's norm.

export function dependentColumns(columns: Float64Array[], tol = 1e-7): number[] {
  const basis: Float64Array[] = [];
  const dependent: number[] = [];
  columns.forEach((c, k) => {
    const v = Float64Array.from(c);
    let norm0 = 0;
    for (let i = 0; i < v.length; i++) norm0 += v[i] * v[i];
    norm0 = Math.sqrt(norm0);
    for (const q of basis) {
      let dot = 0;
      for (let i = 0; i < v.length; i++) dot += q[i] * v[i];
      for (let i = 0; i < v.length; i++) v[i] -= dot * q[i];
    }
    let norm = 0;
    for (let i = 0; i < v.length; i++) norm += v[i] * v[i];
    norm = Math.sqrt(norm);
    if (norm0 === 0 || norm <= tol * norm0) { dependent.push(k); return; }
    for (let i = 0; i < v.length; i++) v[i] /= norm;
    basis.push(v);
  });
  return dependent;
}
