import { checkRange } from './checkRange';
import { quantileSorted } from './quantileSorted';

/**
 * Silverman's rule-of-thumb bandwidth for a Gaussian kernel, exactly as R's stats::bw.nrd0:
 * 0.9 * min(sd, IQR / 1.34) * n^(-1/5), falling back to sd, then |x_1|, then 1 when that is 0.
 * Silverman (1986) Density Estimation, eq. 3.31.
 */
export function silvermanBandwidth(values: Float64Array, start = 0, end = values.length): number {
  checkRange(values, start, end, 'silvermanBandwidth: values');
  const n = end - start;
  if (n < 2) throw new Error(`silvermanBandwidth: needs at least 2 values, got ${n}`);
  const sorted = values.slice(start, end).sort();
  let mean = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(sorted[i])) {
      throw new Error(`silvermanBandwidth: value ${sorted[i]} is not finite; drop non-finite draws first`);
    }
    mean += sorted[i];
  }
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (sorted[i] - mean) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  const iqr = quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25);
  let lo = Math.min(sd, iqr / 1.34);
  if (!(lo > 0)) lo = sd > 0 ? sd : Math.abs(values[start]) > 0 ? Math.abs(values[start]) : 1;
  return 0.9 * lo * Math.pow(n, -0.2);
}
