// neg_binomial_2_log(y | eta, phi): mean mu = e^eta, variance mu + mu^2 / phi.
// With d = eta - log phi, mu / (mu + phi) = inv_logit(d), so
// lp = lgammaRatio(phi, y) - lgamma(y + 1) + y log_inv_logit(d) + phi log1m_inv_logit(d),
// which stays finite for large |eta| and large phi.
import { digammaRatio, invLogit, lgamma, lgammaRatio, log1mInvLogit, logInvLogit } from '../math/special';
import { outsideSupport } from './domain';

/**
 * log neg_binomial_2_log(y | eta, phi); grad receives [d/deta, d/dphi]. `propto` drops -lgamma(y+1).
 * y a non-negative integer, phi > 0.
 */
export function negBinomial2LogLpmf(y: number, eta: number, phi: number, propto = false, grad?: Float64Array): number {
  if (!Number.isInteger(y) || y < 0 || !Number.isFinite(eta) || !Number.isFinite(phi) || !(phi > 0)) {
    return outsideSupport(grad, 2);
  }
  const d = eta - Math.log(phi);
  const p = invLogit(d);
  const l1mp = log1mInvLogit(d);
  if (grad) {
    grad[0] = y - (y + phi) * p;
    grad[1] = digammaRatio(phi, y) + l1mp + p - (y / phi) * (1 - p);
  }
  const lp = lgammaRatio(phi, y) + (y > 0 ? y * logInvLogit(d) : 0) + phi * l1mp;
  return propto ? lp : lp - lgamma(y + 1);
}
