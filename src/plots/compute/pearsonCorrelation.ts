/** Sample Pearson correlation of paired values x[i], y[i] for i in [0, n); NaN-free inputs required. */
export function pearsonCorrelation(x: ArrayLike<number>, y: ArrayLike<number>, n = x.length): number {
  if (n > x.length || n > y.length) {
    throw new Error(`pearsonCorrelation: n = ${n} exceeds the arrays (lengths ${x.length}, ${y.length})`);
  }
  if (n < 2) throw new Error(`pearsonCorrelation: needs at least 2 pairs, got ${n}`);
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (!Number.isFinite(sxy + sxx + syy)) throw new Error('pearsonCorrelation: inputs contain non-finite values');
  if (sxx === 0 || syy === 0) return NaN; // undefined for a constant variable; the chart prints "n/a"
  return sxy / Math.sqrt(sxx * syy);
}
