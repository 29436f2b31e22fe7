// Posterior predictive check: replicated responses from output draws (b_*, r_*, sigma, nu,
// shape) and the model structure's design, as brms's posterior_predict does it:
//   eta_i = b_Intercept + X_i b + sum_t sum_m r_t[level_t(i), m] Z_tm[i] + offset_i
//   y_rep_i ~ family(eta_i) with the family's link (identity, logit, log).
// X is not centred in ModelStructure and b_Intercept is on the original scale, so no centring
// correction is needed. Pure functions, no DOM: tested in tests/app/ppc.test.ts.
import { createChainRng } from '../../core/sampler/rng';
import type { FamilyName, ModelStructure } from '../../core/types';

/**
 * Which posterior predictive check a family gets (bayesplot's choice by outcome type):
 * continuous families a density overlay (ppc_dens_overlay), binary, binomial and count families
 * bars of counts per value (ppc_bars). Chosen by family, never by the data: a gaussian model of
 * a whole-number response still replicates non-integers.
 */
export function ppcKind(family: FamilyName): 'density' | 'bars' {
  switch (family) {
    case 'gaussian':
    case 'student':
      return 'density';
    case 'bernoulli':
    case 'binomial':
    case 'poisson':
    case 'negbinomial':
      return 'bars';
    default: {
      const never: never = family;
      throw new Error(`Posterior predictive check: unsupported family ${String(never)}`);
    }
  }
}

/** Output-draw column of every quantity the linear predictor needs; -1 when absent. */
export interface PpcPlan {
  intercept: number;
  b: Int32Array;
  /** Per group term, per coefficient m, per level j: column of r_group[level,coef] (m * J + j). */
  r: Int32Array[];
  sigma: number;
  nu: number;
  shape: number;
}

export function ppcPlan(s: ModelStructure, names: readonly string[]): PpcPlan {
  const at = new Map<string, number>();
  names.forEach((n, i) => at.set(n, i));
  const need = (name: string): number => {
    const i = at.get(name);
    if (i === undefined) throw new Error(`Posterior predictive check: the draws have no column '${name}' (the draws do not belong to this model)`);
    return i;
  };
  const r = s.groups.map((g) => {
    const J = g.levels.length;
    const cols = new Int32Array(g.coefNames.length * J);
    g.coefNames.forEach((c, m) => g.levels.forEach((lev, j) => { cols[m * J + j] = need(`r_${g.group}[${lev},${c}]`); }));
    return cols;
  });
  const optional = (n: string) => at.get(n) ?? -1;
  const plan: PpcPlan = {
    intercept: s.hasIntercept ? need('b_Intercept') : -1,
    b: Int32Array.from(s.bNames, (n) => need(`b_${n}`)),
    r,
    sigma: optional('sigma'),
    nu: optional('nu'),
    shape: optional('shape'),
  };
  if ((s.family === 'gaussian' || s.family === 'student') && plan.sigma < 0) need('sigma');
  if (s.family === 'student' && plan.nu < 0) need('nu');
  if (s.family === 'negbinomial' && plan.shape < 0) need('shape');
  return plan;
}

/** Writes the linear predictor of one draw (a row of output parameters) into `eta` (length N). */
export function linearPredictor(s: ModelStructure, plan: PpcPlan, draw: ArrayLike<number>, eta: Float64Array): void {
  const { N, K, X } = s;
  const b0 = plan.intercept >= 0 ? draw[plan.intercept] : 0;
  for (let i = 0; i < N; i++) {
    let v = b0;
    const row = i * K;
    for (let k = 0; k < K; k++) v += X[row + k] * draw[plan.b[k]];
    eta[i] = v;
  }
  if (s.offset) for (let i = 0; i < N; i++) eta[i] += s.offset[i];
  s.groups.forEach((g, t) => {
    const J = g.levels.length;
    const cols = plan.r[t];
    for (let m = 0; m < g.coefNames.length; m++) {
      const z = g.Z[m];
      const base = m * J;
      for (let i = 0; i < N; i++) eta[i] += draw[cols[base + g.index[i]]] * z[i];
    }
  });
}

/**
 * Uniforms in (0, 1] from the project's seeded generator (core/sampler: MT19937 keyed by seed), so
 * the PPC is reproducible; (0, 1] keeps log(u) finite in the Box-Muller and Poisson steps.
 */
export function makeRng(seed: number): () => number {
  const rng = createChainRng(seed >>> 0, 0);
  return () => 1 - rng.uniform();
}

function normal(u: () => number): number {
  return Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

/** Gamma(shape, 1) by Marsaglia and Tsang (2000); shape < 1 boosted with U^(1/shape). */
function gamma(u: () => number, shape: number): number {
  if (shape < 1) return gamma(u, shape + 1) * Math.pow(u(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do { x = normal(u); v = 1 + c * x; } while (v <= 0);
    v = v * v * v;
    const w = u();
    if (w < 1 - 0.0331 * x * x * x * x || Math.log(w) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Poisson: multiplication method for small means, normal approximation (rounded) above 50. */
function poisson(u: () => number, lambda: number): number {
  if (!(lambda > 0)) return 0;
  if (lambda > 50) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * normal(u)));
  const L = Math.exp(-lambda);
  let k = 0;
  let p = u();
  while (p > L) { k++; p *= u(); }
  return k;
}

/** Binomial: sum of Bernoulli draws up to 200 trials, normal approximation (clamped) beyond. */
function binomial(u: () => number, n: number, p: number): number {
  if (n <= 200) {
    let k = 0;
    for (let i = 0; i < n; i++) if (u() < p) k++;
    return k;
  }
  const v = Math.round(n * p + Math.sqrt(n * p * (1 - p)) * normal(u));
  return Math.min(n, Math.max(0, v));
}

const logistic = (x: number) => 1 / (1 + Math.exp(-x));

/** One replicated dataset for one draw: eta from linearPredictor, then the family's noise. */
export function replicate(s: ModelStructure, plan: PpcPlan, draw: ArrayLike<number>, u: () => number, eta: Float64Array, out: Float64Array): void {
  linearPredictor(s, plan, draw, eta);
  const N = s.N;
  switch (s.family) {
    case 'gaussian': {
      const sigma = draw[plan.sigma];
      for (let i = 0; i < N; i++) out[i] = eta[i] + sigma * normal(u);
      return;
    }
    case 'student': {
      const sigma = draw[plan.sigma];
      const nu = draw[plan.nu];
      for (let i = 0; i < N; i++) out[i] = eta[i] + sigma * normal(u) / Math.sqrt((2 * gamma(u, nu / 2)) / nu);
      return;
    }
    case 'bernoulli':
      for (let i = 0; i < N; i++) out[i] = u() < logistic(eta[i]) ? 1 : 0;
      return;
    case 'binomial':
      for (let i = 0; i < N; i++) out[i] = binomial(u, s.trials ? s.trials[i] : 1, logistic(eta[i]));
      return;
    case 'poisson':
      for (let i = 0; i < N; i++) out[i] = poisson(u, Math.exp(eta[i]));
      return;
    case 'negbinomial': {
      const shape = draw[plan.shape];
      for (let i = 0; i < N; i++) out[i] = poisson(u, (Math.exp(eta[i]) * gamma(u, shape)) / shape);
      return;
    }
    default: {
      const never: never = s.family;
      throw new Error(`Posterior predictive check: unsupported family ${String(never)}`);
    }
  }
}

/**
 * Replicated datasets for `count` draws spread evenly over the pooled post-warmup draws,
 * computed one draw per slice of work so the main thread yields between them.
 * `rowAt(k)` returns the k-th pooled draw (0-based) as a row of output parameters.
 */
export async function posteriorPredictive(
  s: ModelStructure, names: readonly string[], total: number, rowAt: (k: number) => ArrayLike<number>,
  count = 20, seed = 1, signal?: { cancelled: boolean },
): Promise<Float64Array[]> {
  if (total < 1) throw new Error('Posterior predictive check: no post-warmup draws yet');
  const plan = ppcPlan(s, names);
  const u = makeRng(seed);
  const eta = new Float64Array(s.N);
  const out: Float64Array[] = [];
  const n = Math.min(count, total);
  for (let d = 0; d < n; d++) {
    if (signal?.cancelled) break;
    const k = Math.floor(((d + 0.5) * total) / n);
    const y = new Float64Array(s.N);
    replicate(s, plan, rowAt(k), u, eta, y);
    out.push(y);
    if (s.N > 2000) await new Promise((r) => setTimeout(r, 0));
  }
  return out;
}
