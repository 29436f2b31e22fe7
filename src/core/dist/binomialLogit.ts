// binomial_logit(y | n, eta) = choose(n, y) inv_logit(eta)^y (1 - inv_logit(eta))^(n-y).
import { invLogit, lchoose, log1mInvLogit, logInvLogit } from '../math/special';
import { outsideSupport } from './domain';

/**
 * log binomial_logit(y | trials, eta); grad receives [d/deta] = [y - trials inv_logit(eta)].
 * `propto` drops log choose(trials, y). y and trials must be integers with 0 <= y <= trials.
 */
export function binomialLogitLpmf(y: number, trials: number, eta: number, propto = false, grad?: Float64Array): number {
  if (!Number.isInteger(y) || !Number.isInteger(trials) || y < 0 || y > trials || !Number.isFinite(eta)) {
    return outsideSupport(grad, 1);
  }
  if (grad) grad[0] = y - trials * invLogit(eta);
  const lp = (y > 0 ? y * logInvLogit(eta) : 0) + (trials - y > 0 ? (trials - y) * log1mInvLogit(eta) : 0);
  return propto ? lp : lp + lchoose(trials, y);
}
