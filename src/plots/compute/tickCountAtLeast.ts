import { ticks } from 'd3';

/**
 * The tick count to ask d3 for on [lo, hi] so that at least `min` of its nice ticks pass `keep`:
 * d3 rounds to nice steps (1, 2, 5 x 10^k), and a small hint over an awkward domain can return a
 * single tick ([-0.93, 0.8] with 2 gives only 0), which leaves an axis without a scale. Starts at
 * `hint` (so a hint that works is kept) and asks for more, up to hint + 12.
 */
export function tickCountAtLeast(lo: number, hi: number, hint: number, min = 2, keep: (v: number) => boolean = () => true): number {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !Number.isFinite(hint)) {
    throw new Error(`tickCountAtLeast: needs a finite domain and hint, got [${lo}, ${hi}] and ${hint}`);
  }
  const start = Math.max(1, Math.floor(hint));
  for (let c = start; c <= start + 12; c++) {
    if (ticks(lo, hi, c).filter(keep).length >= min) return c;
  }
  return start;
}
