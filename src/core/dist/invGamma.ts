// inv_gamma(y | alpha, beta) = beta^alpha / Gamma(alpha) y^-(alpha+1) exp(-beta / y), y > 0.
import { digamma, lgamma } from '../math/special';
import { allFinite, outsideSupport } from './domain';

/** log inv_gamma(y | shape alpha, scale beta); grad receives [d/dy, d/dalpha, d/dbeta]. */
export function invGammaLpdf(y: number, alpha: number, beta: number, _propto = false, grad?: Float64Array): number {
  if (!allFinite(y, alpha, beta) || !(alpha > 0) || !(beta > 0) || !(y > 0)) return outsideSupport(grad, 3);
  const ly = Math.log(y);
  const lb = Math.log(beta);
  const iy = 1 / y;
  if (grad) {
    grad[0] = -(alpha + 1) * iy + beta * iy * iy;
    grad[1] = -digamma(alpha) + lb - ly;
    grad[2] = alpha / beta - iy;
  }
  return -lgamma(alpha) + alpha * lb - (alpha + 1) * ly - beta * iy;
}
