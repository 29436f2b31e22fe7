/**
 * Quantiles of type 7 (R's default `quantile`, d3's `quantile`): linear interpolation between
 * order statistics at h = 1 + (S - 1) p, computed with R's exact floating-point steps
 * ((1 - h) x_lo + h x_hi, and x_lo untouched when h is an integer or x_hi equals x_lo), so that
 * the indicator x <= Q_p used by the quantile ESS flips at exactly the same draws as in posterior.
 */

function checkProbability(p: number): void {
  if (!(p >= 0 && p <= 1)) {
    throw new Error(`quantile probability must be between 0 and 1, got ${p}`);
  }
}

/** True when values are in non-decreasing order (NaN anywhere makes this false). */
export function isSorted(values: ArrayLike<number>): boolean {
  for (let i = 1; i < values.length; i++) {
    if (!(values[i - 1] <= values[i])) return false;
  }
  return values.length > 0 ? values[0] === values[0] : true;
}

/** A sorted copy (NaN last). */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(values);
  out.sort();
  return out;
}

/**
 * Type-7 quantile of already sorted values (ascending, NaN-free). No check: hot path.
 * `length` lets a caller use the first `length` values of a larger scratch buffer.
 */
export function quantileSorted(sorted: Float64Array, p: number, length = sorted.length): number {
  const index = 1 + Math.max(length - 1, 0) * p;
  const lo = Math.floor(index);
  const hi = Math.ceil(index);
  const qs = sorted[lo - 1];
  const xhi = sorted[hi - 1];
  if (index > lo && xhi !== qs) {
    const h = index - lo;
    return (1 - h) * qs + h * xhi;
  }
  return qs;
}

/** Median of sorted values, as R's median (mean of the two middle values for even length). */
export function medianSorted(sorted: Float64Array, length = sorted.length): number {
  const half = Math.floor((length + 1) / 2);
  if (length % 2 === 1) return sorted[half - 1];
  return (sorted[half - 1] + sorted[half]) / 2;
}

/**
 * Type-7 quantile of sorted or unsorted values; null (posterior's NA) when a value is NaN or
 * there are no values. Throws for p outside [0, 1].
 */
export function quantile7(values: ArrayLike<number>, p: number): number | null {
  checkProbability(p);
  if (values.length === 0) return null;
  const sorted = isSorted(values) ? (values instanceof Float64Array ? values : Float64Array.from(values)) : sortedCopy(values);
  if (Number.isNaN(sorted[sorted.length - 1])) return null;
  return quantileSorted(sorted, p);
}

/** Median (R's median); null when a value is NaN or there are no values. */
export function median(values: ArrayLike<number>): number | null {
  if (values.length === 0) return null;
  const sorted = isSorted(values) ? (values instanceof Float64Array ? values : Float64Array.from(values)) : sortedCopy(values);
  if (Number.isNaN(sorted[sorted.length - 1])) return null;
  return medianSorted(sorted);
}

/**
 * Median of |x - center| for sorted x without sorting again: the deviations below and above
 * `center` are two monotone runs, merged from the centre outwards until the middle (O(S)).
 * Used for R's mad (center = median) without a second sort.
 */
export function medianAbsoluteDeviationSorted(sorted: Float64Array, center: number, length = sorted.length): number {
  if (length === 0) return NaN;
  let right = lowerBound(sorted, center, length); // first index with value >= center
  let left = right - 1;
  const half = Math.floor((length + 1) / 2); // 1-based position of the (lower) middle
  let taken = 0;
  let previous = NaN;
  while (true) {
    let next: number;
    const dl = left >= 0 ? center - sorted[left] : Infinity;
    const dr = right < length ? sorted[right] - center : Infinity;
    if (dl <= dr && left >= 0) { next = dl; left--; } else { next = dr; right++; }
    taken++;
    if (taken === half) {
      if (length % 2 === 1) return next;
      previous = next;
    } else if (taken === half + 1) {
      return (previous + next) / 2;
    }
  }
}

/** Number of values strictly less than v in sorted[0, length). */
export function lowerBound(sorted: Float64Array, v: number, length = sorted.length): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < v) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** R's mad: 1.4826 * median(|x - median(x)|) for sorted, NaN-free values. */
export function madSorted(sorted: Float64Array, length = sorted.length): number {
  return 1.4826 * medianAbsoluteDeviationSorted(sorted, medianSorted(sorted, length), length);
}
