/**
 * Mean and variance as R computes them: R's mean() sums, divides, then adds the mean residual
 * (a second pass) so the result is accurate to the last bit or so; var() uses the n - 1 divisor.
 * Sums use Neumaier compensation so pooled statistics match R to ~1e-15.
 */
export function mean(values: Float64Array): number {
  const n = values.length;
  if (n === 0) return NaN;
  let sum = 0;
  let comp = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    const t = sum + v;
    comp += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  if (!Number.isFinite(sum)) return sum / n; // Inf, -Inf or NaN as in R (comp would be NaN)
  const m = (sum + comp) / n;
  let residual = 0;
  for (let i = 0; i < n; i++) residual += values[i] - m;
  return m + residual / n;
}

/** Sum of squared deviations from `center`, compensated. */
export function sumSquaredDeviations(values: Float64Array, center: number): number {
  let sum = 0;
  let comp = 0;
  for (let i = 0; i < values.length; i++) {
    const d = values[i] - center;
    const v = d * d;
    const t = sum + v;
    comp += sum >= v ? sum - t + v : v - t + sum;
    sum = t;
  }
  return sum + comp;
}

/** Sample variance with the n - 1 divisor (R's var); NaN for fewer than two values. */
export function variance(values: Float64Array, center = mean(values)): number {
  const n = values.length;
  if (n < 2) return NaN;
  return sumSquaredDeviations(values, center) / (n - 1);
}

/** Sample standard deviation (R's sd). */
export function sd(values: Float64Array): number {
  return Math.sqrt(variance(values));
}
