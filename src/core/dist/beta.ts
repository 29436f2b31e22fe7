// beta(y | a, b) = y^(a-1) (1-y)^(b-1) / B(a, b), 0 <= y <= 1.
import { digamma, lbeta } from '../math/special';
import { allFinite, outsideSupport } from './domain';

/** log beta(y | a, b); grad receives [d/dy, d/da, d/db]. y outside [0, 1]: -Infinity. */
export function betaLpdf(y: number, a: number, b: number, _propto = false, grad?: Float64Array): number {
  if (!allFinite(y, a, b) || !(a > 0) || !(b > 0) || y < 0 || y > 1) return outsideSupport(grad, 3);
  const ly = Math.log(y);
  const l1my = Math.log1p(-y);
  const lp = (a - 1) * ly + (b - 1) * l1my - lbeta(a, b);
  if (!Number.isFinite(lp)) return outsideSupport(grad, 3);
  if (grad) {
    const dab = digamma(a + b);
    grad[0] = (a - 1) / y - (b - 1) / (1 - y);
    grad[1] = ly - digamma(a) + dab;
    grad[2] = l1my - digamma(b) + dab;
  }
  return lp;
}
