// student_t(y | nu, mu, sigma): lgamma((nu+1)/2) - lgamma(nu/2) - log(nu pi)/2 - log sigma
// - (nu+1)/2 log(1 + z^2/nu), z = (y - mu)/sigma.
import { LOG_PI, digamma, lgamma } from '../math/special';
import { allFinite, outsideSupport } from './domain';

/**
 * log student_t(y | nu, mu, sigma). `propto` drops -log(pi)/2 only (the other terms depend on nu).
 * grad receives [d/dy, d/dnu, d/dmu, d/dsigma]. nu <= 0 or sigma <= 0: -Infinity.
 */
export function studentTLpdf(y: number, nu: number, mu: number, sigma: number, propto = false, grad?: Float64Array): number {
  if (!allFinite(y, nu, mu, sigma) || !(nu > 0) || !(sigma > 0)) return outsideSupport(grad, 4);
  const d = y - mu;
  const z = d / sigma;
  const t = (z * z) / nu;
  const l1t = Math.log1p(t);
  const half = 0.5 * (nu + 1);
  if (grad) {
    const dy = -(nu + 1) * d / (sigma * sigma * nu + d * d);
    grad[0] = dy;
    grad[1] = 0.5 * (digamma(half) - digamma(0.5 * nu) - 1 / nu - l1t) + half * (t / nu) / (1 + t);
    grad[2] = -dy;
    grad[3] = (-1 + (nu + 1) * t / (1 + t)) / sigma;
  }
  return lgamma(half) - lgamma(0.5 * nu) - 0.5 * Math.log(nu) - Math.log(sigma) - half * l1t - (propto ? 0 : 0.5 * LOG_PI);
}
