// gamma(y | alpha, beta) with rate beta: beta^alpha / Gamma(alpha) y^(alpha-1) exp(-beta y).
import { digamma, lgamma } from '../math/special';
import { allFinite, outsideSupport } from './domain';

/** log gamma(y | shape alpha, rate beta); grad receives [d/dy, d/dalpha, d/dbeta]. y < 0: -Infinity. */
export function gammaLpdf(y: number, alpha: number, beta: number, _propto = false, grad?: Float64Array): number {
  if (!allFinite(y, alpha, beta) || !(alpha > 0) || !(beta > 0) || y < 0) return outsideSupport(grad, 3);
  const ly = Math.log(y);
  const lb = Math.log(beta);
  const lp = -lgamma(alpha) + alpha * lb + (alpha - 1) * ly - beta * y;
  if (!Number.isFinite(lp)) return outsideSupport(grad, 3);
  if (grad) {
    grad[0] = (alpha - 1) / y - beta;
    grad[1] = -digamma(alpha) + lb + ly;
    grad[2] = alpha / beta - y;
  }
  return lp;
}
