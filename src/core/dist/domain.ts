// Shared domain handling: a density outside its support returns -Infinity and a zero gradient,
// never NaN (the sampler treats -Infinity as a rejected proposal).

/** Zeroes grad[0..n) (when given) and returns -Infinity. */
export function outsideSupport(grad: Float64Array | undefined, n: number): number {
  if (grad) for (let i = 0; i < n; i++) grad[i] = 0;
  return -Infinity;
}

/** True when every argument is a finite number. */
export function allFinite(a: number, b: number, c = 0, d = 0): boolean {
  return Number.isFinite(a) && Number.isFinite(b) && Number.isFinite(c) && Number.isFinite(d);
}
