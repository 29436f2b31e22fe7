// Choosing between a diagonal and a dense metric from warmup draws (SamplerSettings.metric 'auto').
//
// With a diagonal metric the sampler sees the posterior's correlation matrix C: for a Gaussian the
// leapfrog step size is limited by C's smallest eigenvalue and the trajectory length by its largest,
// so the steps per iteration grow like sqrt(kappa), kappa = lambda_max / lambda_min (Neal 2011,
// "MCMC using Hamiltonian dynamics", sec. 4.2). A dense metric estimated from n draws removes the
// correlations but leaves the estimate's own noise: for white noise in d dimensions the sample
// covariance's eigenvalues spread over (1 -+ sqrt(d/n))^2 (Marchenko-Pastur), a condition number
// kappaNoise(d, n). So for a Gaussian the expected saving in steps is sqrt(kappa / kappaNoise)
// (chooseDense generalises it with the gradients' covariance, which unmasks funnels), and a dense metric
// pays when that beats its extra cost per step: a d x d matrix-vector product in every leapfrog,
// against the model's gradient (LogDensity.gradientCost). The decision uses only the draws, their gradients and the
// model's size, so it is the same on every machine and run (draws stay reproducible).
import { choleskyDecompose, solveLower, solveLowerTranspose } from '../math/cholesky';

/** A dense metric must save at least this factor more than it costs (estimates are rough). */
export const DENSE_MARGIN = 1.25;
/** Nanoseconds per multiply-add of the dense metric's product (a rough constant; bench/NOTES.md). */
export const DENSE_NS_PER_FMA = 1.5;
/**
 * Draws per dimension a window needs before a dense estimate is considered: warmup draws are
 * autocorrelated, and with n near d the sample covariance is near singular (kappa explodes faster
 * than the asymptotic noise bound says; sleepstudy chose a useless dense metric from 50 draws in 42 dimensions).
 */
export const AUTO_DENSE_MIN_DRAWS = 3;
/** Above this dimension 'auto' never considers a dense metric (its d^2 cost dominates). */
export const AUTO_DENSE_MAX_DIM = 400;

/** Condition number of white-noise sample covariance from n draws in d dimensions. */
export function noiseConditionNumber(d: number, n: number): number {
  const r = Math.sqrt(d / n);
  return r >= 1 ? Infinity : ((1 + r) / (1 - r)) ** 2;
}

/**
 * Largest eigenvalue of the symmetric positive semi-definite operator `apply` (out = A v) by power
 * iteration from a fixed start (deterministic). A rough estimate is all the choice needs.
 */
function largestEigenvalue(apply: (v: Float64Array, out: Float64Array) => void, d: number, start: number, iterations = 40): number {
  const v = new Float64Array(d), w = new Float64Array(d);
  for (let i = 0; i < d; i++) v[i] = hashUnit(i, start) - 0.5;
  let lambda = 0;
  for (let it = 0; it < iterations; it++) {
    normalise(v);
    apply(v, w);
    lambda = dot(v, w);
    v.set(w);
  }
  return lambda;
}

function matVec(A: Float64Array, d: number, v: Float64Array, out: Float64Array): void {
  for (let i = 0; i < d; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += A[i * d + j] * v[j];
    out[i] = s;
  }
}

/** Correlation matrix of the covariance S, or null when a variance is not positive. */
function correlationOf(S: Float64Array, d: number): Float64Array | null {
  for (let i = 0; i < d; i++) if (!(S[i * d + i] > 0)) return null;
  const C = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) C[i * d + j] = S[i * d + j] / Math.sqrt(S[i * d + i] * S[j * d + j]);
  }
  return C;
}

/**
 * Condition number of the correlation matrix of the d x d covariance S (row-major): power
 * iteration for the largest eigenvalue, and on the inverse (through a Cholesky factor) for the
 * smallest. Infinity when S is singular or has a zero variance.
 */
export function correlationConditionNumber(S: Float64Array, d: number): number {
  const C = correlationOf(S, d);
  const L = new Float64Array(d * d);
  if (C === null || !choleskyDecompose(C, d, L)) return Infinity;
  const lambdaMax = largestEigenvalue((v, out) => matVec(C, d, v, out), d, 0x9e3779b1);
  const inverseMax = largestEigenvalue((v, out) => { out.set(v); solveLower(L, d, out); solveLowerTranspose(L, d, out); }, d, 0x85ebca6b);
  return inverseMax > 0 ? lambdaMax * inverseMax : Infinity;
}

export interface DenseChoice {
  dense: boolean;
  /** Expected factor fewer steps with the dense metric. */
  gain: number;
  /** Cost of a step with the dense metric over one with the diagonal metric. */
  costRatio: number;
}

/**
 * Whether the dense inverse metric A (d x d, the regularised covariance of n draws) should beat the
 * diagonal one, diag(S), for a model whose gradient costs `gradientCost` multiply-adds (the cost unit of LogDensity.gradientCost).
 * S is the draws' covariance, G the covariance of the gradients at them.
 *
 * Steps per iteration grow like sqrt(lambda_max(A H) * lambda_max(A^-1 Sigma)): the step size is
 * limited by the stiffest direction of the metric-scaled curvature H, the trajectory length by
 * the widest direction of the scaled posterior. With G standing in for H (for a Gaussian
 * G = Sigma^-1) that is sqrt(lambda_max(D G) * lambda_max(C)) for the diagonal metric D (for a
 * Gaussian sqrt(kappa(C))), and sqrt(lambda_max(A G) * kappaNoise) for the dense one: about 1 for
 * a Gaussian, times the noise of an estimate from n draws; but large where the curvature varies
 * (a funnel: the gradients at its neck are far steeper than the draws' spread says), where a dense
 * metric fitted to the draws' covariance misleads (grouseticks: 731 divergences with it).
 */
export function chooseDense(S: Float64Array, G: Float64Array, A: Float64Array, d: number, n: number, gradientCost: number): DenseChoice {
  const noise = noiseConditionNumber(d, n);
  const costRatio = 1 + (DENSE_NS_PER_FMA * d * d) / Math.max(gradientCost, 1);
  const C = correlationOf(S, d);
  const L = new Float64Array(d * d);
  if (C === null || !Number.isFinite(noise) || !choleskyDecompose(A, d, L)) return { dense: false, gain: 1, costRatio };
  const sd = new Float64Array(d);
  for (let i = 0; i < d; i++) sd[i] = Math.sqrt(S[i * d + i]);
  const t = new Float64Array(d), u = new Float64Array(d);
  const diagStiff = largestEigenvalue((v, out) => {
    for (let i = 0; i < d; i++) t[i] = sd[i] * v[i];
    matVec(G, d, t, out);
    for (let i = 0; i < d; i++) out[i] *= sd[i];
  }, d, 0x9e3779b1);
  const diagWide = largestEigenvalue((v, out) => matVec(C, d, v, out), d, 0x85ebca6b);
  // lambda_max(A G) = lambda_max(L^T G L), with A = L L^T.
  const denseStiff = largestEigenvalue((v, out) => {
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let j = 0; j <= i; j++) s += L[i * d + j] * v[j];
      t[i] = s;
    }
    matVec(G, d, t, u);
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let i = j; i < d; i++) s += L[i * d + j] * u[i];
      out[j] = s;
    }
  }, d, 0xc2b2ae35);
  const ratio = (diagStiff * diagWide) / (denseStiff * noise);
  const gain = ratio > 1 && Number.isFinite(ratio) ? Math.sqrt(ratio) : 1;
  return { dense: gain > DENSE_MARGIN * costRatio, gain, costRatio };
}

/** Default gradient cost when the model does not say: ~20 multiply-adds per coordinate. */
export function defaultGradientCost(d: number): number {
  return 1000 + 20 * d;
}

/** A fixed pseudo-random number in [0, 1) for index i: start vectors not orthogonal to any eigenvector by symmetry. */
function hashUnit(i: number, multiplier: number): number {
  return (Math.imul(i + 1, multiplier) >>> 0) / 4294967296;
}

function normalise(v: Float64Array): void {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  const k = s > 0 ? 1 / Math.sqrt(s) : 0;
  for (let i = 0; i < v.length; i++) v[i] *= k;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
