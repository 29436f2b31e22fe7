/**
 * A scale domain around [lo, hi] with `fraction` of the range added on each side. A constant
 * (lo === hi) gets a window of +-10% of |lo| (or +-1 at zero) so it still draws as a line.
 */
export function paddedDomain(lo: number, hi: number, fraction = 0.05): [number, number] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    throw new Error(`paddedDomain: bounds must be finite, got [${lo}, ${hi}]`);
  }
  if (lo > hi) throw new Error(`paddedDomain: lower bound ${lo} is above upper bound ${hi}; swap them`);
  if (lo === hi) {
    const half = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    return [lo - half, hi + half];
  }
  const pad = (hi - lo) * fraction;
  return [lo - pad, hi + pad];
}
