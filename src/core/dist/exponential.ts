// exponential(y | rate) = rate exp(-rate y), y >= 0.
import { allFinite, outsideSupport } from './domain';

/** log exponential(y | rate); grad receives [d/dy, d/drate]. y < 0 or rate <= 0: -Infinity. */
export function exponentialLpdf(y: number, rate: number, _propto = false, grad?: Float64Array): number {
  if (!allFinite(y, rate) || !(rate > 0) || y < 0) return outsideSupport(grad, 2);
  if (grad) {
    grad[0] = -rate;
    grad[1] = 1 / rate - y;
  }
  return Math.log(rate) - rate * y;
}
