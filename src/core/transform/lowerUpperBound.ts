// Interval-bounded parameter x = lb + (ub - lb) inv_logit(y) (Stan's lub_constrain);
// log|dx/dy| = log(ub - lb) + log inv_logit(y) + log(1 - inv_logit(y)).
import { invLogit, log1mInvLogit, logInvLogit, logit } from '../math/special';

export function lowerUpperConstrain(y: number, lb: number, ub: number): number {
  return lb + (ub - lb) * invLogit(y);
}

/** y = logit((x - lb) / (ub - lb)); x outside (lb, ub) throws. */
export function lowerUpperUnconstrain(x: number, lb: number, ub: number): number {
  if (!(x > lb && x < ub)) throw new Error(`lowerUpperUnconstrain: value ${x} must lie strictly between ${lb} and ${ub}`);
  return logit((x - lb) / (ub - lb));
}

export function lowerUpperLogJacobian(y: number, lb: number, ub: number): number {
  return Math.log(ub - lb) + logInvLogit(y) + log1mInvLogit(y);
}

/**
 * d/dy of lp(x(y)) + log|J|: dLpDx (ub - lb) p (1 - p) + 1 - 2 p, with p = inv_logit(y).
 */
export function lowerUpperGradient(y: number, lb: number, ub: number, dLpDx: number): number {
  const p = invLogit(y);
  return dLpDx * (ub - lb) * p * (1 - p) + 1 - 2 * p;
}
