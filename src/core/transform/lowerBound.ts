// Lower-bounded parameter x = lb + exp(y); log|dx/dy| = y (Stan's lb_constrain).

/** x = lb + exp(y). */
export function lowerBoundConstrain(y: number, lb = 0): number {
  return lb + Math.exp(y);
}

/** y = log(x - lb); x <= lb throws (an init or a user value outside the support). */
export function lowerBoundUnconstrain(x: number, lb = 0): number {
  if (!(x > lb)) throw new Error(`lowerBoundUnconstrain: value ${x} must be above the lower bound ${lb}`);
  return Math.log(x - lb);
}

/** log|Jacobian| = y; its derivative is 1. */
export function lowerBoundLogJacobian(y: number): number {
  return y;
}

/**
 * Chain rule back to y for a target lp(x) + log|J|: given dLp/dx, returns d/dy of
 * lp(x(y)) + y = dLpDx * exp(y) + 1.
 */
export function lowerBoundGradient(y: number, dLpDx: number): number {
  return dLpDx * Math.exp(y) + 1;
}
