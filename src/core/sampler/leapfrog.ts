// The leapfrog (velocity Verlet) integrator, Stan's expl_leapfrog:
// half momentum step, full position step, new gradient, half momentum step.
import type { LogDensity } from '../types';
import type { Metric } from './metric';
import type { PhasePoint } from './phasePoint';

/**
 * Evaluates the log density and gradient at z.q into z.lp / z.grad. A thrown error or a non-finite
 * value becomes lp = -Infinity (Stan: a domain error sets V = +inf), which the sampler then treats
 * as a divergence rather than a crash.
 */
export function evaluate(target: LogDensity, z: PhasePoint): void {
  let lp: number;
  try {
    lp = target.logDensityGradient(z.q, z.grad);
  } catch {
    lp = -Infinity;
  }
  z.lp = Number.isNaN(lp) ? -Infinity : lp;
}

/**
 * One leapfrog step of size eps (negative = backwards in time) on z, in place.
 * `velocity` is scratch of length dim. `gradSign` is +1 for the real integrator; tests inject -1,
 * a wrong sign in the closing half-step of the momentum update, to check that calibration tests
 * catch a broken sampler. (Flipping both half-steps would not do: that is an exact leapfrog for the
 * wrong potential, still volume-preserving and reversible, so multinomial NUTS would stay exact,
 * only slow. A sign error in one half-step breaks reversibility and biases the sampler.)
 */
export function leapfrog(
  target: LogDensity, metric: Metric, z: PhasePoint, eps: number, velocity: Float64Array, gradSign = 1,
): void {
  const n = z.q.length;
  const half = 0.5 * eps;
  const p = z.p, q = z.q, g = z.grad;
  // p -= eps/2 * dV/dq with V = -lp, i.e. p += eps/2 * grad lp.
  for (let i = 0; i < n; i++) p[i] += half * g[i];
  metric.velocity(p, velocity);
  for (let i = 0; i < n; i++) q[i] += eps * velocity[i];
  evaluate(target, z);
  const halfEnd = half * gradSign;
  for (let i = 0; i < n; i++) p[i] += halfEnd * g[i];
}

/** H = V + T = -lp + 1/2 p^T A p; NaN becomes +Infinity (Stan's base_nuts does the same). */
export function hamiltonian(metric: Metric, z: PhasePoint): number {
  const h = -z.lp + metric.kineticEnergy(z.p);
  return Number.isNaN(h) ? Infinity : h;
}
