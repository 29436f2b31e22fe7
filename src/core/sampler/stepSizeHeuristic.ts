// Stan's initial step-size heuristic (base_hmc::init_stepsize): from a fixed position, take one
// leapfrog step with a fresh momentum and double (or halve) the step size until the energy change
// H0 - h crosses log(0.8) in the direction first observed.
import type { LogDensity } from '../types';
import type { Metric } from './metric';
import type { Rng } from './rng';
import { copyPhasePoint, createPhasePoint, type PhasePoint } from './phasePoint';
import { hamiltonian, leapfrog } from './leapfrog';

const LOG_08 = Math.log(0.8);

export interface StepSizeHeuristic {
  /**
   * Returns the heuristic step size starting from `stepSize`, at the position/log density/gradient
   * in `start` (its momentum is ignored). Throws Stan's messages if the step size runs to 1e7 or 0.
   */
  (rng: Rng, start: { position: Float64Array; logDensity: number; gradient: Float64Array }, stepSize: number, metric: Metric): number;
}

/** Builds the heuristic for a target, with its scratch buffers allocated once. */
export function stepSizeHeuristic(target: LogDensity): StepSizeHeuristic {
  const dim = target.dim;
  const z0: PhasePoint = createPhasePoint(dim);
  const z: PhasePoint = createPhasePoint(dim);
  const velocity = new Float64Array(dim);

  function energyChange(rng: Rng, metric: Metric, eps: number): number {
    copyPhasePoint(z, z0);
    metric.sampleMomentum(rng, z.p);
    const H0 = hamiltonian(metric, z);
    leapfrog(target, metric, z, eps, velocity);
    const h = hamiltonian(metric, z); // NaN already mapped to +Infinity
    return H0 - h;
  }

  return (rng, start, stepSize, metric) => {
    let eps = stepSize;
    // Stan skips the search for degenerate starting values (it would loop forever).
    if (eps === 0 || eps > 1e7 || Number.isNaN(eps)) return eps;
    z0.q.set(start.position);
    z0.grad.set(start.gradient);
    z0.lp = start.logDensity;
    const direction = energyChange(rng, metric, eps) > LOG_08 ? 1 : -1;
    for (;;) {
      const dH = energyChange(rng, metric, eps);
      if (direction === 1 && !(dH > LOG_08)) break;
      if (direction === -1 && !(dH < LOG_08)) break;
      eps = direction === 1 ? 2 * eps : 0.5 * eps;
      if (eps > 1e7) throw new Error('Posterior is improper (the step size grew beyond 1e7). Please check your model.');
      if (eps === 0) {
        throw new Error('No acceptably small step size could be found. Perhaps the posterior is not continuous?');
      }
    }
    return eps;
  };
}
