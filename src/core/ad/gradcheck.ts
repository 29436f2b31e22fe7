// Gradient checker: central finite differences against an analytic gradient (the idea of Stan
// Math's `expect_ad` tests). Any test can call it on any function of a Float64Array.

export interface GradCheckOptions {
  /** Relative step: h_i = step * max(1, |x_i|). Default 1e-6 (about cbrt(machine eps)). */
  step?: number;
  /** Relative tolerance on |analytic - numeric| / max(1, |numeric|, |analytic|). Default 1e-5. */
  rtol?: number;
  /** Absolute tolerance added to the bound. Default 1e-7. */
  atol?: number;
  /** Coordinates to check (default all). */
  indices?: ArrayLike<number>;
}

export interface GradCheckResult {
  ok: boolean;
  /** Largest scaled error over the checked coordinates. */
  maxError: number;
  /** Coordinate with the largest scaled error (-1 if none checked). */
  worstIndex: number;
  analytic: Float64Array;
  numeric: Float64Array;
  /** Human-readable description of the worst coordinate, for test messages. */
  message: string;
}

/** A function with its gradient: returns f(x) and writes df/dx into grad. */
export type ValueAndGradient = (x: Float64Array, grad: Float64Array) => number;

/**
 * Compares the analytic gradient of `f` at `x` with central differences of its value:
 * (f(x + h e_i) - f(x - h e_i)) / 2h. `x` is not modified.
 */
export function gradCheck(f: ValueAndGradient, x: Float64Array, options: GradCheckOptions = {}): GradCheckResult {
  const step = options.step ?? 1e-6;
  const rtol = options.rtol ?? 1e-5;
  const atol = options.atol ?? 1e-7;
  const n = x.length;
  const analytic = new Float64Array(n);
  const numeric = new Float64Array(n);
  const scratch = new Float64Array(n);
  const xx = Float64Array.from(x);
  const f0 = f(xx, analytic);
  if (!Number.isFinite(f0)) {
    return { ok: false, maxError: Infinity, worstIndex: -1, analytic, numeric, message: `f(x) is not finite (${f0})` };
  }
  const idx = options.indices ?? Array.from({ length: n }, (_, i) => i);
  let maxError = 0;
  let worst = -1;
  let ok = true;
  for (let t = 0; t < idx.length; t++) {
    const i = idx[t];
    const h = step * Math.max(1, Math.abs(x[i]));
    xx[i] = x[i] + h;
    const fp = f(xx, scratch);
    xx[i] = x[i] - h;
    const fm = f(xx, scratch);
    xx[i] = x[i];
    const d = (fp - fm) / (2 * h);
    numeric[i] = d;
    const diff = Math.abs(analytic[i] - d);
    const bound = atol + rtol * Math.max(1, Math.abs(d), Math.abs(analytic[i]));
    const err = diff / bound;
    if (!(err <= 1)) ok = false;
    if (!(err <= maxError)) {
      maxError = Number.isNaN(err) ? Infinity : err;
      worst = i;
    }
  }
  const message = worst < 0
    ? 'all coordinates agree'
    : `coordinate ${worst}: analytic ${analytic[worst]}, numeric ${numeric[worst]} (scaled error ${maxError.toFixed(3)})`;
  return { ok, maxError, worstIndex: worst, analytic, numeric, message };
}
