// lognormal(y | mu, sigma): log y ~ normal(mu, sigma), with the 1/y Jacobian.
import { LOG_SQRT_2PI } from '../math/special';
import { allFinite, outsideSupport } from './domain';

/** log lognormal(y | mu, sigma); grad receives [d/dy, d/dmu, d/dsigma]. y <= 0: -Infinity. */
export function lognormalLpdf(y: number, mu: number, sigma: number, propto = false, grad?: Float64Array): number {
  if (!allFinite(y, mu, sigma) || !(sigma > 0) || !(y > 0)) return outsideSupport(grad, 3);
  const ly = Math.log(y);
  const inv = 1 / sigma;
  const z = (ly - mu) * inv;
  if (grad) {
    grad[0] = -(z * inv + 1) / y;
    grad[1] = z * inv;
    grad[2] = (z * z - 1) * inv;
  }
  return -0.5 * z * z - Math.log(sigma) - ly - (propto ? 0 : LOG_SQRT_2PI);
}
