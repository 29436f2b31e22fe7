import { checkRange } from './checkRange';

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
/** Kernel contributions beyond 6 bandwidths are below 1e-8 of the peak and are skipped. */
const CUTOFF = 6;

/**
 * Gaussian kernel density estimate of `values[start..end)` evaluated on an evenly spaced `grid`:
 * f(x) = 1/(n h) sum_i phi((x - x_i) / h). Each draw only touches the grid points within 6h,
 * so the cost is O(n * points within the window) rather than O(n * grid).
 */
export function gaussianKde(
  values: Float64Array,
  grid: Float64Array,
  bandwidth: number,
  start = 0,
  end = values.length,
): Float64Array {
  checkRange(values, start, end, 'gaussianKde: values');
  if (!(bandwidth > 0) || !Number.isFinite(bandwidth)) {
    throw new Error(`gaussianKde: bandwidth must be a positive finite number, got ${bandwidth}`);
  }
  const m = grid.length;
  if (m < 2) throw new Error(`gaussianKde: grid needs at least 2 points, got ${m}`);
  const n = end - start;
  const density = new Float64Array(m);
  if (n === 0) return density;
  const g0 = grid[0];
  const step = (grid[m - 1] - g0) / (m - 1);
  const invH = 1 / bandwidth;
  const reach = CUTOFF * bandwidth;
  for (let i = start; i < end; i++) {
    const x = values[i];
    if (!Number.isFinite(x)) {
      throw new Error(`gaussianKde: value ${x} at index ${i} is not finite; drop non-finite draws first`);
    }
    const jLo = Math.max(0, Math.ceil((x - reach - g0) / step));
    const jHi = Math.min(m - 1, Math.floor((x + reach - g0) / step));
    for (let j = jLo; j <= jHi; j++) {
      const u = (grid[j] - x) * invH;
      density[j] += Math.exp(-0.5 * u * u);
    }
  }
  const scale = INV_SQRT_2PI * invH / n;
  for (let j = 0; j < m; j++) density[j] *= scale;
  return density;
}
