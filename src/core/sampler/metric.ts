// Euclidean metrics (Stan's diag_e and dense_e Hamiltonians, src/stan/mcmc/hmc/hamiltonians/).
// The sampler is tuned by the INVERSE metric A = M^-1 (the posterior covariance estimate):
//   momentum p ~ N(0, M), kinetic energy T = 1/2 p^T A p, velocity ("sharp" momentum) p# = A p.
import type { Rng } from './rng';

export interface Metric {
  readonly kind: 'diag' | 'dense';
  readonly dim: number;
  /** A = M^-1: length dim (diag) or dim*dim row-major (dense). Do not mutate. */
  readonly inverseMetric: Float64Array;
  /** Draws p ~ N(0, M) into p. */
  sampleMomentum(rng: Rng, p: Float64Array): void;
  /** T(p) = 1/2 p^T A p. */
  kineticEnergy(p: Float64Array): number;
  /** out = A p (dT/dp, Stan's dtau_dp). */
  velocity(p: Float64Array, out: Float64Array): void;
}

function checkFinitePositive(a: Float64Array, what: string): void {
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i]) || a[i] <= 0) {
      throw new Error(`${what}: element ${i} is ${a[i]}; an inverse metric needs finite positive diagonal entries.`);
    }
  }
}

class DiagMetric implements Metric {
  readonly kind = 'diag' as const;
  readonly dim: number;
  readonly inverseMetric: Float64Array;
  private readonly sdMomentum: Float64Array;
  constructor(inv: Float64Array) {
    checkFinitePositive(inv, 'Diagonal inverse metric');
    this.dim = inv.length;
    this.inverseMetric = Float64Array.from(inv);
    this.sdMomentum = new Float64Array(this.dim);
    // Stan's diag_e_metric::sample_p: p_i = z_i / sqrt(A_ii).
    for (let i = 0; i < this.dim; i++) this.sdMomentum[i] = 1 / Math.sqrt(inv[i]);
  }
  sampleMomentum(rng: Rng, p: Float64Array): void {
    const s = this.sdMomentum;
    for (let i = 0; i < this.dim; i++) p[i] = rng.normal() * s[i];
  }
  kineticEnergy(p: Float64Array): number {
    const a = this.inverseMetric;
    let t = 0;
    for (let i = 0; i < this.dim; i++) t += a[i] * p[i] * p[i];
    return 0.5 * t;
  }
  velocity(p: Float64Array, out: Float64Array): void {
    const a = this.inverseMetric;
    for (let i = 0; i < this.dim; i++) out[i] = a[i] * p[i];
  }
}

class DenseMetric implements Metric {
  readonly kind = 'dense' as const;
  readonly dim: number;
  readonly inverseMetric: Float64Array;
  /** Lower Cholesky factor L of A (A = L L^T), row-major. */
  private readonly chol: Float64Array;
  private readonly z: Float64Array;
  constructor(inv: Float64Array, dim: number) {
    if (inv.length !== dim * dim) {
      throw new Error(`Dense inverse metric must have dim*dim = ${dim * dim} entries; got ${inv.length}.`);
    }
    this.dim = dim;
    this.inverseMetric = Float64Array.from(inv);
    this.chol = choleskyLower(this.inverseMetric, dim);
    this.z = new Float64Array(dim);
  }
  sampleMomentum(rng: Rng, p: Float64Array): void {
    // Stan's dense_e_metric::sample_p: p = L^-T z, so Cov(p) = (L L^T)^-1 = A^-1 = M.
    const n = this.dim, L = this.chol, z = this.z;
    for (let i = 0; i < n; i++) z[i] = rng.normal();
    for (let i = n - 1; i >= 0; i--) {
      let s = z[i];
      for (let k = i + 1; k < n; k++) s -= L[k * n + i] * p[k];
      p[i] = s / L[i * n + i];
    }
  }
  kineticEnergy(p: Float64Array): number {
    const n = this.dim, a = this.inverseMetric;
    let t = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      const row = i * n;
      for (let j = 0; j < n; j++) s += a[row + j] * p[j];
      t += p[i] * s;
    }
    return 0.5 * t;
  }
  velocity(p: Float64Array, out: Float64Array): void {
    // Four rows per pass over p (each p[j] loaded once for all four, four independent sums in
    // flight), then two, then one. Each row still sums in order j = 0..n-1, so the results are the
    // same bits as one row at a time. One row at a time is bound by the latency of its dependent
    // additions; independent sums overlap them (bench/NOTES.md, "dense metric velocity").
    const n = this.dim, a = this.inverseMetric;
    let i = 0;
    for (; i + 3 < n; i += 4) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      const r0 = i * n, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n;
      for (let j = 0; j < n; j++) {
        const pj = p[j];
        s0 += a[r0 + j] * pj;
        s1 += a[r1 + j] * pj;
        s2 += a[r2 + j] * pj;
        s3 += a[r3 + j] * pj;
      }
      out[i] = s0;
      out[i + 1] = s1;
      out[i + 2] = s2;
      out[i + 3] = s3;
    }
    for (; i + 1 < n; i += 2) {
      let s0 = 0, s1 = 0;
      const r0 = i * n, r1 = r0 + n;
      for (let j = 0; j < n; j++) {
        const pj = p[j];
        s0 += a[r0 + j] * pj;
        s1 += a[r1 + j] * pj;
      }
      out[i] = s0;
      out[i + 1] = s1;
    }
    if (i < n) {
      let s = 0;
      const row = i * n;
      for (let j = 0; j < n; j++) s += a[row + j] * p[j];
      out[i] = s;
    }
  }
}

/** Lower Cholesky factor of a symmetric positive-definite row-major matrix. Throws if not SPD. */
export function choleskyLower(a: Float64Array, n: number): Float64Array {
  const L = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j];
    for (let k = 0; k < j; k++) d -= L[j * n + k] * L[j * n + k];
    if (!(d > 0) || !Number.isFinite(d)) {
      throw new Error(`Dense inverse metric is not symmetric positive definite (pivot ${j} is ${d}).`);
    }
    const ljj = Math.sqrt(d);
    L[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      L[i * n + j] = s / ljj;
    }
  }
  return L;
}

/** A diagonal metric from the inverse-metric diagonal (e.g. posterior variances). */
export function diagMetric(inverseMetric: ArrayLike<number>): Metric {
  // The constructor copies, so a Float64Array needs no copy of its own here (the fast adaptation
  // makes a metric every warmup iteration).
  return new DiagMetric(inverseMetric instanceof Float64Array ? inverseMetric : Float64Array.from(inverseMetric));
}

/** A dense metric from a dim x dim row-major inverse metric (e.g. a posterior covariance). */
export function denseMetric(inverseMetric: ArrayLike<number>, dim: number): Metric {
  return new DenseMetric(Float64Array.from(inverseMetric), dim);
}

/** The unit metric Stan starts from (identity inverse metric). */
export function unitMetric(kind: 'diag' | 'dense', dim: number): Metric {
  if (kind === 'diag') return diagMetric(new Float64Array(dim).fill(1));
  const a = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) a[i * dim + i] = 1;
  return denseMetric(a, dim);
}
