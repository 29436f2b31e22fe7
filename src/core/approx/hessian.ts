// Hessian of the log density by central finite differences of its gradient, column j from
// (grad(x + h_j e_j) - grad(x - h_j e_j)) / (2 h_j), then symmetrised ((H + H') / 2). The step
// h_j = eps^(1/3) max(1, |x_j|) balances the O(h^2) truncation error of a central difference with
// the O(eps / h) rounding error (Nocedal & Wright 2006, §8.1, eq. 8.5 and the discussion after it);
// Stan's laplace_sample also differences the gradient (stan::math::internal::finite_diff_hessian_auto).
import type { LogDensity } from '../types';

export interface HessianResult {
  /** Row-major dim x dim, symmetric; null when the log density failed at a perturbed point. */
  H: Float64Array | null;
  evaluations: number;
  /** Coordinate whose perturbation gave a non-finite value (0-based), or -1. */
  failedAt: number;
}

export function finiteDifferenceHessian(target: LogDensity, x: Float64Array): HessianResult {
  const n = target.dim;
  const H = new Float64Array(n * n);
  const xp = Float64Array.from(x);
  const gPlus = new Float64Array(n), gMinus = new Float64Array(n);
  const h0 = Math.cbrt(Number.EPSILON);
  let evaluations = 0;
  for (let j = 0; j < n; j++) {
    const h = h0 * Math.max(1, Math.abs(x[j]));
    xp[j] = x[j] + h;
    const lpPlus = target.logDensityGradient(xp, gPlus);
    xp[j] = x[j] - h;
    const lpMinus = target.logDensityGradient(xp, gMinus);
    xp[j] = x[j];
    evaluations += 2;
    if (!Number.isFinite(lpPlus) || !Number.isFinite(lpMinus)) return { H: null, evaluations, failedAt: j };
    // The step actually taken ((x + h) - x may differ from h in floating point).
    const width = (x[j] + h) - (x[j] - h);
    for (let i = 0; i < n; i++) {
      const d = (gPlus[i] - gMinus[i]) / width;
      if (!Number.isFinite(d)) return { H: null, evaluations, failedAt: j };
      H[i * n + j] = d;
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const s = 0.5 * (H[i * n + j] + H[j * n + i]);
      H[i * n + j] = s;
      H[j * n + i] = s;
    }
  }
  return { H, evaluations, failedAt: -1 };
}
