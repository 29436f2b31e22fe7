// Welford's streaming (co)variance (stan/math/prim/fun/welford_var_estimator.hpp,
// welford_covar_estimator.hpp) and Stan's regularised metric estimate (var_adaptation.hpp,
// covar_adaptation.hpp): A = n/(n+5) S + 1e-3 * 5/(n+5) I.

export interface WelfordEstimator {
  readonly dim: number;
  readonly dense: boolean;
  n: number;
  mean: Float64Array;
  /** Sum of squared deviations: length dim (diagonal) or dim*dim row-major (dense). */
  m2: Float64Array;
  /** Scratch: q - old mean. */
  delta: Float64Array;
}

export function welfordInit(dim: number, dense: boolean): WelfordEstimator {
  return { dim, dense, n: 0, mean: new Float64Array(dim), m2: new Float64Array(dense ? dim * dim : dim), delta: new Float64Array(dim) };
}

export function welfordRestart(w: WelfordEstimator): void {
  w.n = 0;
  w.mean.fill(0);
  w.m2.fill(0);
}

/** Adds one draw q. */
export function welfordUpdate(w: WelfordEstimator, q: ArrayLike<number>): void {
  const n = w.dim, mean = w.mean, m2 = w.m2, d = w.delta;
  w.n += 1;
  for (let i = 0; i < n; i++) {
    d[i] = q[i] - mean[i];
    mean[i] += d[i] / w.n;
  }
  if (!w.dense) {
    for (let i = 0; i < n; i++) m2[i] += d[i] * (q[i] - mean[i]);
  } else {
    // M2 += (q - m_new)(q - m_old)^T, as Stan's welford_covar_estimator.
    for (let i = 0; i < n; i++) {
      const qi = q[i] - mean[i];
      const row = i * n;
      for (let j = 0; j < n; j++) m2[row + j] += qi * d[j];
    }
  }
}

/** Sample (co)variance with n - 1 denominator. */
export function welfordVariance(w: WelfordEstimator): Float64Array {
  const out = new Float64Array(w.m2.length);
  if (w.n > 1) for (let i = 0; i < out.length; i++) out[i] = w.m2[i] / (w.n - 1);
  return out;
}

/**
 * Stan's regularised inverse metric from the draws in the window:
 * (n/(n+5)) S + 1e-3 (5/(n+5)) I. Throws when the result is not finite.
 */
export function regularizedInverseMetric(w: WelfordEstimator): Float64Array {
  const s = welfordVariance(w);
  const n = w.n, dim = w.dim;
  const a = n / (n + 5), b = 1e-3 * (5 / (n + 5));
  for (let i = 0; i < s.length; i++) s[i] *= a;
  if (!w.dense) for (let i = 0; i < dim; i++) s[i] += b;
  else {
    for (let i = 0; i < dim; i++) s[i * dim + i] += b;
    // Symmetrise against rounding so the Cholesky factor sees an exactly symmetric matrix.
    for (let i = 0; i < dim; i++) for (let j = 0; j < i; j++) {
      const v = 0.5 * (s[i * dim + j] + s[j * dim + i]);
      s[i * dim + j] = v; s[j * dim + i] = v;
    }
  }
  return finiteMetric(s);
}

/** Bounds of a running gradient-informed estimate (nutpie's clamp is 1e-20..1e20; ours is tighter). */
export const GRADIENT_INFORMED_BOUNDS = [1e-10, 1e10] as const;

/**
 * Diagonal inverse metric from the draws q AND the gradients g at them (nutpie's estimator:
 * Seyboldt, Carlson & Carpenter 2025, "Preconditioning Hamiltonian Monte Carlo by minimizing Fisher
 * divergence"): A_ii = sqrt(var(q_i) / var(g_i)), clamped to GRADIENT_INFORMED_BOUNDS. For a
 * Gaussian target var(g_i) = 1 / var(q_i), so the estimate is the exact variance, but it uses the
 * curvature seen by every gradient and so is good from 3 draws, even draws of a chain still on its
 * way to the typical set. Unshrunk (it is re-estimated every iteration, and shrinking towards 1e-3
 * would halve the scales of a 3-draw estimate). A coordinate where the ratio is not a positive
 * finite number (q or g not varying yet) keeps its entry of `previous`.
 */
export function gradientInformedInverseMetric(
  draws: WelfordEstimator, grads: WelfordEstimator, previous: ArrayLike<number>,
): Float64Array {
  if (draws.dense || grads.dense) throw new Error('gradientInformedInverseMetric: diagonal estimators only');
  const dim = draws.dim;
  const [lo, hi] = GRADIENT_INFORMED_BOUNDS;
  const out = new Float64Array(dim);
  for (let i = 0; i < dim; i++) {
    const est = Math.sqrt(draws.m2[i] / grads.m2[i]);
    out[i] = est > 0 && Number.isFinite(est) ? Math.min(Math.max(est, lo), hi) : previous[i];
  }
  return out;
}

/** Returns the estimate, or throws Stan's message when any entry is not finite. */
function finiteMetric(a: Float64Array): Float64Array {
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i])) {
      throw new Error(
        'Numerical overflow in metric adaptation. This occurs when the sampler encounters extreme values on ' +
        'the unconstrained space; this may happen when the posterior density function is too wide or improper. ' +
        'There may be problems with your model specification.',
      );
    }
  }
  return a;
}
