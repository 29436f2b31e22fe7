import type { ChainMatrix } from './chainMatrix';

/**
 * The one validity gate every diagnostic uses (posterior's `should_return_NA`): a diagnostic is
 * undefined (NA, here null) when any value is NA/NaN or infinite, or when the values are constant,
 * i.e. max - min < .Machine$double.eps (an absolute tolerance, as in posterior's `is_constant`).
 * Too few draws: ESS needs >= 3 iterations per (split) chain (posterior's .ess), R-hat >= 2 and
 * at least 2 chains (otherwise a variance in posterior's .rhat is NA).
 */
export const CONSTANT_TOLERANCE = 2.220446049250313e-16;

/** True when some value is NaN or +-Infinity. */
export function hasNonFinite(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v - v !== 0) return true; // NaN and +-Infinity both give NaN here
  }
  return false;
}

/** posterior's is_constant: abs(max - min) < eps. */
export function isConstant(values: Float64Array): boolean {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return Math.abs(hi - lo) < CONSTANT_TOLERANCE;
}

/** posterior's should_return_NA: non-finite or constant input. */
export function shouldReturnNA(values: Float64Array): boolean {
  return values.length === 0 || hasNonFinite(values) || isConstant(values);
}

/** Minimum iterations per (split) chain for the ESS (posterior's .ess: niterations < 3 is NA). */
export const MIN_ITERATIONS_ESS = 3;
/** Minimum iterations per (split) chain for R-hat (a chain variance needs two values). */
export const MIN_ITERATIONS_RHAT = 2;

/**
 * The gate in one call: true when a diagnostic of x is undefined (NA) because there are too few
 * iterations, too few chains, a non-finite value, or constant values.
 */
export function diagnosticUndefined(x: ChainMatrix, minIterations: number, minChains = 1): boolean {
  return x.iterations < minIterations || x.chains < minChains || shouldReturnNA(x.values);
}
