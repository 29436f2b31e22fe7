import type { LogDensity } from '../types';

/** log N(theta | 0, I) up to a constant: the sampler's priming target and the NUTS benchmark's. */
export class StandardNormal implements LogDensity {
  readonly dim: number;
  readonly unconstrainedNames: string[];
  readonly gradientCost: number | undefined = undefined;
  constructor(dim: number) {
    this.dim = dim;
    this.unconstrainedNames = Array.from({ length: dim }, (_, i) => `x[${i + 1}]`);
  }
  logDensityGradient(theta: Float64Array, grad: Float64Array): number {
    let lp = 0;
    for (let i = 0; i < this.dim; i++) {
      const t = theta[i];
      lp -= 0.5 * t * t;
      grad[i] = -t;
    }
    return lp;
  }
}
