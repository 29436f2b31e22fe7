// Newton refinement of the L-BFGS mode. Stan's relative-gradient test (tol_rel_grad 1e7 x eps on
// g' H g / max(|lp|, 1), with H the L-BFGS inverse Hessian) can stop far from the mode along a nearly
// flat direction: on sleepstudy (non-centred), b_Days stopped at -48 (the mode is 9.2), traded off
// against the mean of the Days effects. The Laplace step needs the Hessian anyway, so a few damped
// Newton steps x + P^-1 g (P = -H, ridged when not positive definite; halving until log p rises)
// finish the job and leave the Hessian at the returned point. Stops when the Newton decrement
// g' P^-1 g / 2 (the log density increase a Newton step predicts; Boyd & Vandenberghe 2004, §9.5.1)
// is below `tolDecrement`.
import { solveLower, solveLowerTranspose } from '../math/cholesky';
import type { LogDensity } from '../types';
import { finiteDifferenceHessian } from './hessian';
import { choleskyWithRidge } from './ridge';

export interface NewtonResult {
  x: Float64Array;
  lp: number;
  gradient: Float64Array;
  /** -Hessian at x (row-major), and its Cholesky factor (with `ridge` on the diagonal). */
  precision: Float64Array | null;
  cholesky: Float64Array | null;
  ridge: number;
  steps: number;
  /** Newton decrement at x. */
  decrement: number;
  converged: boolean;
  evaluations: number;
  /** Coordinate where the Hessian failed (non-finite nearby), or -1. */
  failedAt: number;
}

/** maxEvaluations caps the gradients spent (each step costs 2 dim for its Hessian). */
export const NEWTON_DEFAULTS = { maxSteps: 100, tolDecrement: 1e-8, maxEvaluations: 50_000 };

export function newtonRefine(target: LogDensity, x0: Float64Array, lp0: number, g0: Float64Array, opts: Partial<typeof NEWTON_DEFAULTS> = {}): NewtonResult {
  const o = { ...NEWTON_DEFAULTS, ...opts };
  const n = target.dim;
  let x = Float64Array.from(x0), lp = lp0, g = Float64Array.from(g0);
  const L = new Float64Array(n * n);
  const step = new Float64Array(n), trial = new Float64Array(n), gTrial = new Float64Array(n);
  let evaluations = 0;
  for (let k = 0; ; k++) {
    const h = finiteDifferenceHessian(target, x);
    evaluations += h.evaluations;
    if (!h.H) return { x, lp, gradient: g, precision: null, cholesky: null, ridge: 0, steps: k, decrement: NaN, converged: false, evaluations, failedAt: h.failedAt };
    const P = h.H.map((v) => -v);
    const ridge = choleskyWithRidge(P, n, L);
    const done = (decrement: number, converged: boolean): NewtonResult =>
      ({ x, lp, gradient: g, precision: P, cholesky: Number.isNaN(ridge) ? null : L, ridge, steps: k, decrement, converged, evaluations, failedAt: -1 });
    if (Number.isNaN(ridge)) return done(NaN, false);
    step.set(g);
    solveLower(L, n, step);
    let decrement = 0;
    for (let i = 0; i < n; i++) decrement += step[i] * step[i];
    decrement *= 0.5;
    solveLowerTranspose(L, n, step);
    if (decrement < o.tolDecrement) return done(decrement, true);
    if (k >= o.maxSteps || evaluations + 2 * n > o.maxEvaluations) return done(decrement, false);
    let t = 1, accepted = false;
    for (let halvings = 0; halvings < 30; halvings++, t *= 0.5) {
      for (let i = 0; i < n; i++) trial[i] = x[i] + t * step[i];
      const v = target.logDensityGradient(trial, gTrial);
      evaluations++;
      if (Number.isFinite(v) && v >= lp) {
        x = Float64Array.from(trial); g = Float64Array.from(gTrial); lp = v; accepted = true;
        break;
      }
    }
    if (!accepted) return done(decrement, false);
  }
}
