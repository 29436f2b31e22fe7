import { checkRange } from './checkRange';

/**
 * Indices of `values[start..end)` to draw so a line chart `buckets` pixels wide looks the same as
 * the full series: per bucket the first, minimum, maximum and last point (M4 aggregation, Jugel et
 * al. 2014, VLDB). Returns all indices when the series is short enough; output is ascending.
 */
export function traceEnvelope(values: Float64Array, start: number, end: number, buckets: number): Int32Array {
  checkRange(values, start, end, 'traceEnvelope: values');
  if (!Number.isInteger(buckets) || buckets < 1) {
    throw new Error(`traceEnvelope: buckets must be a positive integer, got ${buckets}`);
  }
  const n = end - start;
  if (n <= 4 * buckets) {
    const all = new Int32Array(n);
    for (let i = 0; i < n; i++) all[i] = start + i;
    return all;
  }
  const out = new Int32Array(4 * buckets);
  let k = 0;
  for (let b = 0; b < buckets; b++) {
    const lo = start + Math.floor((b * n) / buckets);
    const hi = start + Math.floor(((b + 1) * n) / buckets); // exclusive
    let iMin = lo;
    let iMax = lo;
    for (let i = lo + 1; i < hi; i++) {
      if (values[i] < values[iMin]) iMin = i;
      if (values[i] > values[iMax]) iMax = i;
    }
    const picks = [lo, iMin, iMax, hi - 1].sort((a, c) => a - c);
    for (let t = 0; t < 4; t++) {
      if (k === 0 || picks[t] !== out[k - 1]) out[k++] = picks[t];
    }
  }
  return out.slice(0, k);
}
