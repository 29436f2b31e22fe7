// bernoulli_logit(y | eta): y eta - log(1 + e^eta), written as y eta - max(eta, 0) - log1p(e^-|eta|)
// so it is exact for large |eta|; d/deta = y - inv_logit(eta).
import { invLogit } from '../math/special';
import { outsideSupport } from './domain';

/** log bernoulli_logit(y | eta), y in {0, 1}; grad receives [d/deta]. */
export function bernoulliLogitLpmf(y: number, eta: number, _propto = false, grad?: Float64Array): number {
  if (!(y === 0 || y === 1) || Number.isNaN(eta)) return outsideSupport(grad, 1);
  if (grad) grad[0] = y - invLogit(eta);
  if (eta === Infinity || eta === -Infinity) return (eta > 0) === (y === 1) ? 0 : -Infinity;
  return y * eta - (eta > 0 ? eta : 0) - Math.log1p(Math.exp(-Math.abs(eta)));
}
