// poisson_log(y | eta) = exp(y eta - e^eta) / y!; d/deta = y - e^eta.
import { lgamma } from '../math/special';
import { outsideSupport } from './domain';

/** log poisson_log(y | eta), y a non-negative integer; grad receives [d/deta]. `propto` drops -lgamma(y+1). */
export function poissonLogLpmf(y: number, eta: number, propto = false, grad?: Float64Array): number {
  if (!Number.isInteger(y) || y < 0 || Number.isNaN(eta) || eta === Infinity) return outsideSupport(grad, 1);
  if (eta === -Infinity) {
    if (grad) grad[0] = y;
    return y === 0 ? 0 : -Infinity;
  }
  const mu = Math.exp(eta);
  if (!Number.isFinite(mu)) return outsideSupport(grad, 1);
  if (grad) grad[0] = y - mu;
  const lp = y * eta - mu;
  return propto ? lp : lp - lgamma(y + 1);
}
