/** `n` evenly spaced points from lo to hi inclusive (like R's seq(lo, hi, length.out = n)). */
export function linearGrid(lo: number, hi: number, n: number): Float64Array {
  if (!Number.isInteger(n) || n < 2) throw new Error(`linearGrid: needs an integer n >= 2, got ${n}`);
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi < lo) {
    throw new Error(`linearGrid: bounds must be finite with lo <= hi, got [${lo}, ${hi}]`);
  }
  const grid = new Float64Array(n);
  const step = (hi - lo) / (n - 1);
  for (let i = 0; i < n; i++) grid[i] = lo + i * step;
  grid[n - 1] = hi;
  return grid;
}
