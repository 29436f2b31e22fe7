/**
 * Quantile p of ascending-sorted `sorted[0..n)` by linear interpolation between order statistics
 * (Hyndman & Fan 1996 type 7, R's default and numpy's 'linear').
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number, n = sorted.length): number {
  if (!(p >= 0 && p <= 1)) throw new Error(`quantileSorted: probability ${p} is outside [0, 1]`);
  if (n < 1) throw new Error('quantileSorted: needs at least one value');
  const h = (n - 1) * p;
  const i = Math.floor(h);
  if (i >= n - 1) return sorted[n - 1];
  return sorted[i] + (h - i) * (sorted[i + 1] - sorted[i]);
}
