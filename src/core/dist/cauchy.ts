// cauchy(y | mu, sigma) = 1 / (pi sigma (1 + z^2)).
import { LOG_PI } from '../math/special';
import { allFinite, outsideSupport } from './domain';

/** log cauchy(y | mu, sigma); grad receives [d/dy, d/dmu, d/dsigma]. `propto` drops -log pi. */
export function cauchyLpdf(y: number, mu: number, sigma: number, propto = false, grad?: Float64Array): number {
  if (!allFinite(y, mu, sigma) || !(sigma > 0)) return outsideSupport(grad, 3);
  const z = (y - mu) / sigma;
  const q = 1 + z * z;
  if (grad) {
    const dy = -2 * z / (sigma * q);
    grad[0] = dy;
    grad[1] = -dy;
    grad[2] = (-1 + 2 * z * z / q) / sigma;
  }
  return -Math.log(sigma) - Math.log1p(z * z) - (propto ? 0 : LOG_PI);
}
