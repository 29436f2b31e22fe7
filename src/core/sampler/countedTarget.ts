import type { LogDensity } from '../types';

/**
 * The target with a count of its gradient evaluations. A class rather than a closure per chain:
 * V8 inlines the closure object it saw, so a new closure for every chain on a worker would
 * deoptimise the leapfrog ("wrong call target") at the start of the worker's next chain.
 */
export class CountedTarget implements LogDensity {
  readonly dim: number;
  readonly unconstrainedNames: string[];
  readonly gradientCost: number | undefined;
  count = 0;
  private readonly inner: LogDensity;
  constructor(inner: LogDensity) {
    this.inner = inner;
    this.dim = inner.dim;
    this.unconstrainedNames = inner.unconstrainedNames;
    this.gradientCost = inner.gradientCost;
  }
  logDensityGradient(theta: Float64Array, grad: Float64Array): number {
    this.count++;
    return this.inner.logDensityGradient(theta, grad);
  }
}
