// An independent, deliberately naive log posterior for the model tests: plain loops over the
// constrained parameters, full densities with all constants, the covariance matrix inverted by
// Gauss-Jordan elimination. It shares no code with src/core, so agreement means something.
import type { ModelStructure, PriorDensity } from '../../../src/core/types';

export function lgammaNaive(x: number): number {
  // Lanczos (g = 7, n = 9), accurate to ~1e-13 for x > 0.
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgammaNaive(1 - x);
  x -= 1;
  let a = c[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** [name, lower bound, upper bound] of each family's distributional parameters, brms order. */
const NAIVE_PARAMS: Record<string, [string, number, number?][]> = {
  gaussian: [['sigma', 0]], student: [['sigma', 0], ['nu', 1]], negbinomial: [['shape', 0]],
  zero_inflated_poisson: [['zi', 0, 1]], zero_inflated_negbinomial: [['shape', 0], ['zi', 0, 1]],
  hurdle_poisson: [['hu', 0, 1]], hurdle_negbinomial: [['shape', 0], ['hu', 0, 1]],
};

const poissonNaive = (y: number, mu: number) => y * Math.log(mu) - mu - lgammaNaive(y + 1);
const negbinNaive = (y: number, mu: number, phi: number) => lgammaNaive(y + phi) - lgammaNaive(y + 1) - lgammaNaive(phi)
  + y * Math.log(mu / (mu + phi)) + phi * Math.log(phi / (mu + phi));
/** A zero with probability zi, else the count pmf. */
const zeroInflatedNaive = (y: number, zi: number, pmf: (k: number) => number) =>
  (y === 0 ? Math.log(zi + (1 - zi) * Math.exp(pmf(0))) : Math.log(1 - zi) + pmf(y));
/** A zero with probability hu, else the count pmf truncated to y > 0. */
const hurdleNaive = (y: number, hu: number, pmf: (k: number) => number) =>
  (y === 0 ? Math.log(hu) : Math.log(1 - hu) + pmf(y) - Math.log(1 - Math.exp(pmf(0))));

/** Full log densities with every constant, written directly from their textbook formulas. */
const NAIVE_LPDF: Record<string, (y: number, eta: number, t: number, sigma: number, nu: number, shape: number, mix: number) => number> = {
  gaussian: (y, eta, _t, sigma) => -0.5 * ((y - eta) / sigma) ** 2 - Math.log(sigma) - 0.5 * Math.log(2 * Math.PI),
  student: (y, eta, _t, sigma, nu) => {
    const z = (y - eta) / sigma;
    return lgammaNaive((nu + 1) / 2) - lgammaNaive(nu / 2) - 0.5 * Math.log(nu * Math.PI) - Math.log(sigma)
      - ((nu + 1) / 2) * Math.log(1 + (z * z) / nu);
  },
  bernoulli: (y, eta) => {
    const pr = 1 / (1 + Math.exp(-eta));
    return y === 1 ? Math.log(pr) : Math.log(1 - pr);
  },
  binomial: (y, eta, t) => {
    const pr = 1 / (1 + Math.exp(-eta));
    return lgammaNaive(t + 1) - lgammaNaive(y + 1) - lgammaNaive(t - y + 1) + y * Math.log(pr) + (t - y) * Math.log(1 - pr);
  },
  poisson: (y, eta) => {
    const mu = Math.exp(eta);
    return y * Math.log(mu) - mu - lgammaNaive(y + 1);
  },
  negbinomial: (y, eta, _t, _sigma, _nu, shape) => {
    const mu = Math.exp(eta);
    return lgammaNaive(y + shape) - lgammaNaive(y + 1) - lgammaNaive(shape)
      + y * Math.log(mu / (mu + shape)) + shape * Math.log(shape / (mu + shape));
  },
  // mix: zi or hu
  zero_inflated_poisson: (y, eta, _t, _s, _n, _sh, zi) => zeroInflatedNaive(y, zi, (k) => poissonNaive(k, Math.exp(eta))),
  zero_inflated_negbinomial: (y, eta, _t, _s, _n, shape, zi) => zeroInflatedNaive(y, zi, (k) => negbinNaive(k, Math.exp(eta), shape)),
  hurdle_poisson: (y, eta, _t, _s, _n, _sh, hu) => hurdleNaive(y, hu, (k) => poissonNaive(k, Math.exp(eta))),
  hurdle_negbinomial: (y, eta, _t, _s, _n, shape, hu) => hurdleNaive(y, hu, (k) => negbinNaive(k, Math.exp(eta), shape)),
};

function priorNaive(p: PriorDensity, x: number): number {
  switch (p.dist) {
    case 'flat': return 0;
    case 'normal': return -0.5 * ((x - p.mu) / p.sigma) ** 2 - Math.log(p.sigma) - 0.5 * Math.log(2 * Math.PI);
    case 'student_t': {
      const z = (x - p.mu) / p.sigma;
      return lgammaNaive((p.nu + 1) / 2) - lgammaNaive(p.nu / 2) - 0.5 * Math.log(p.nu * Math.PI) - Math.log(p.sigma)
        - ((p.nu + 1) / 2) * Math.log(1 + (z * z) / p.nu);
    }
    case 'cauchy': return -Math.log(Math.PI * p.sigma * (1 + ((x - p.mu) / p.sigma) ** 2));
    case 'exponential': return Math.log(p.rate) - p.rate * x;
    case 'gamma': return p.shape * Math.log(p.rate) - lgammaNaive(p.shape) + (p.shape - 1) * Math.log(x) - p.rate * x;
    case 'inv_gamma': return p.shape * Math.log(p.scale) - lgammaNaive(p.shape) - (p.shape + 1) * Math.log(x) - p.scale / x;
    case 'lognormal': return -0.5 * ((Math.log(x) - p.mu) / p.sigma) ** 2 - Math.log(p.sigma * x * Math.sqrt(2 * Math.PI));
    case 'uniform': return x >= p.lower && x <= p.upper ? -Math.log(p.upper - p.lower) : -Infinity;
    case 'beta': return (p.alpha - 1) * Math.log(x) + (p.beta - 1) * Math.log(1 - x)
      - lgammaNaive(p.alpha) - lgammaNaive(p.beta) + lgammaNaive(p.alpha + p.beta);
    case 'lkj': throw new Error('not a scalar prior');
  }
}

/** Inverse and log determinant by Gauss-Jordan (no pivoting needed for SPD). */
function invertNaive(A: number[][]): { inv: number[][]; logDet: number } {
  const n = A.length;
  const a = A.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  let logDet = 0;
  for (let i = 0; i < n; i++) {
    const piv = a[i][i];
    logDet += Math.log(piv);
    for (let j = 0; j < 2 * n; j++) a[i][j] /= piv;
    for (let k = 0; k < n; k++) {
      if (k === i) continue;
      const f = a[k][i];
      for (let j = 0; j < 2 * n; j++) a[k][j] -= f * a[i][j];
    }
  }
  return { inv: a.map((row) => row.slice(n)), logDet };
}

export interface NaiveResult {
  lp: number;
  b: number[];
  bIntercept: number;
  sd: number[][];
  cor: number[][][];
  r: number[][][]; // [term][level][coef]
  sigma: number;
  nu: number;
  shape: number;
  /** zi or hu (NaN for the other families). */
  mix: number;
}

/** Log posterior (unconstrained, Jacobian included, all constants kept) for theta in the documented layout. */
export function naiveLogPosterior(s: ModelStructure, theta: Float64Array): NaiveResult {
  let p = 0;
  let lp = 0;
  const Intercept = s.hasIntercept ? theta[p++] : 0;
  const b: number[] = [];
  for (let k = 0; k < s.K; k++) b.push(theta[p++]);
  const means = b.map((_, k) => {
    let m = 0;
    for (let n = 0; n < s.N; n++) m += s.X[n * s.K + k];
    return s.hasIntercept ? m / s.N : 0;
  });
  if (s.hasIntercept) lp += priorNaive(s.interceptPrior, Intercept);
  b.forEach((v, k) => { lp += priorNaive(s.bPriors[k], v); });
  const sds: number[][] = [];
  const cors: number[][][] = [];
  const rs: number[][][] = [];
  for (const g of s.groups) {
    const M = g.coefNames.length;
    const J = g.levels.length;
    const sd: number[] = [];
    for (let m = 0; m < M; m++) {
      const u = theta[p++];
      sd.push(Math.exp(u));
      lp += u + priorNaive(g.sdPriors[m], Math.exp(u));
    }
    // Cholesky factor of the correlation matrix by the CPC construction.
    const L: number[][] = Array.from({ length: M }, (_, i) => Array.from({ length: M }, (_, j): number => (i === j ? 1 : 0)));
    if (g.correlated && M > 1) {
      for (let i = 1; i < M; i++) {
        let rest = 1;
        for (let j = 0; j < i; j++) {
          const u = theta[p++];
          const z = Math.tanh(u);
          lp += Math.log(1 - z * z) + 0.5 * Math.log(rest);
          L[i][j] = z * Math.sqrt(rest);
          rest -= L[i][j] ** 2;
        }
        L[i][i] = Math.sqrt(rest);
      }
      // lkj_corr_cholesky(eta) kernel (constant dropped, cancels in differences)
      for (let i = 1; i < M; i++) lp += (M - (i + 1) + 2 * g.lkjEta - 2) * Math.log(L[i][i]);
    }
    const cor = L.map((Li) => L.map((Lj) => Li.reduce((acc, v, k) => acc + v * Lj[k], 0)));
    const block = Array.from({ length: M * J }, () => theta[p++]);
    const r: number[][] = Array.from({ length: J }, () => new Array<number>(M).fill(0));
    if (g.parameterization === 'noncentered') {
      for (const z of block) lp += -0.5 * z * z - 0.5 * Math.log(2 * Math.PI);
      for (let j = 0; j < J; j++) {
        for (let m = 0; m < M; m++) {
          let acc = 0;
          for (let k = 0; k < M; k++) acc += L[m][k] * block[k * J + j];
          r[j][m] = sd[m] * acc;
        }
      }
    } else {
      const Sigma = cor.map((row, i) => row.map((c, j) => c * sd[i] * sd[j]));
      const { inv, logDet } = invertNaive(Sigma);
      for (let j = 0; j < J; j++) {
        // hcentered: the intercept row holds beta = Intercept + r.
        for (let m = 0; m < M; m++) r[j][m] = block[m * J + j] - (g.parameterization === 'hcentered' && m === 0 ? Intercept : 0);
        let q = 0;
        for (let i = 0; i < M; i++) for (let k = 0; k < M; k++) q += r[j][i] * inv[i][k] * r[j][k];
        lp += -0.5 * q - 0.5 * logDet - 0.5 * M * Math.log(2 * Math.PI);
      }
    }
    sds.push(sd);
    cors.push(cor);
    rs.push(r);
  }
  // The families' distributional parameters as brms declares them (independent of src/core/families).
  const par: Record<string, number> = { sigma: NaN, nu: NaN, shape: NaN, zi: NaN, hu: NaN };
  for (const [name, lower, upper] of NAIVE_PARAMS[s.family] ?? []) {
    const u = theta[p++];
    // (lower, upper): lower + (upper - lower) / (1 + e^-u), |dx/du| = (x - lower)(upper - x) / (upper - lower)
    par[name] = upper === undefined ? lower + Math.exp(u) : lower + (upper - lower) / (1 + Math.exp(-u));
    const logJ = upper === undefined ? u : Math.log((par[name] - lower) * (upper - par[name]) / (upper - lower));
    const prior = s.familyPriors.find((fp) => fp.name === name)?.prior;
    lp += logJ + (prior ? priorNaive(prior, par[name]) : 0);
  }
  const { sigma, nu, shape } = par;
  const mix = Number.isNaN(par.zi) ? par.hu : par.zi;
  if (p !== theta.length) throw new Error(`naive layout used ${p} of ${theta.length} coordinates`);
  for (let n = 0; n < s.N; n++) {
    let eta = Intercept + (s.offset ? s.offset[n] : 0);
    for (let k = 0; k < s.K; k++) eta += (s.X[n * s.K + k] - means[k]) * b[k];
    s.groups.forEach((g, t) => {
      g.coefNames.forEach((_, m) => { eta += g.Z[m][n] * rs[t][g.index[n]][m]; });
    });
    lp += NAIVE_LPDF[s.family](s.y[n], eta, s.trials ? s.trials[n] : 0, sigma, nu, shape, mix);
  }
  const bIntercept = Intercept - means.reduce((acc, m, k) => acc + m * b[k], 0);
  return { lp, b, bIntercept, sd: sds, cor: cors, r: rs, sigma, nu, shape, mix };
}
