// normal(y | mu, sigma) and std_normal(y). Partials as Stan Math's normal_lpdf.hpp:
// d/dy = -(y-mu)/sigma^2, d/dmu = (y-mu)/sigma^2, d/dsigma = ((y-mu)^2/sigma^2 - 1)/sigma.
import { LOG_SQRT_2PI } from '../math/special';
import { allFinite, outsideSupport } from './domain';

/**
 * log normal(y | mu, sigma). `propto` drops the constant -log sqrt(2 pi) (Stan's `~`).
 * grad (optional) receives [d/dy, d/dmu, d/dsigma]. sigma <= 0 or non-finite input: -Infinity.
 */
export function normalLpdf(y: number, mu: number, sigma: number, propto = false, grad?: Float64Array): number {
  if (!allFinite(y, mu, sigma) || !(sigma > 0)) return outsideSupport(grad, 3);
  const inv = 1 / sigma;
  const z = (y - mu) * inv;
  if (grad) {
    grad[0] = -z * inv;
    grad[1] = z * inv;
    grad[2] = (z * z - 1) * inv;
  }
  return -0.5 * z * z - Math.log(sigma) - (propto ? 0 : LOG_SQRT_2PI);
}

/** log std_normal(y); grad receives [d/dy] = [-y]. */
export function stdNormalLpdf(y: number, propto = false, grad?: Float64Array): number {
  if (!Number.isFinite(y)) return outsideSupport(grad, 1);
  if (grad) grad[0] = -y;
  return -0.5 * y * y - (propto ? 0 : LOG_SQRT_2PI);
}
