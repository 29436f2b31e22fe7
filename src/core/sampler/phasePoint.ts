// A point in phase space (Stan's ps_point): position, momentum and the log density with its
// gradient at the position. Buffers are allocated once and copied into, never reallocated.

export interface PhasePoint {
  /** Unconstrained position q. */
  q: Float64Array;
  /** Momentum p. */
  p: Float64Array;
  /** Gradient of the log density at q. */
  grad: Float64Array;
  /** Log density at q (-V); -Infinity when the model could not be evaluated. */
  lp: number;
}

export function createPhasePoint(dim: number): PhasePoint {
  return { q: new Float64Array(dim), p: new Float64Array(dim), grad: new Float64Array(dim), lp: -Infinity };
}

export function copyPhasePoint(to: PhasePoint, from: PhasePoint): void {
  if (to === from) return;
  to.q.set(from.q);
  to.p.set(from.p);
  to.grad.set(from.grad);
  to.lp = from.lp;
}
