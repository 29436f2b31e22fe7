// Posterior predictive check: replicated responses from output draws (b_*, r_*, the family's
// distributional parameters) and the model structure's design, as brms's posterior_predict does it:
//   eta_i = b_Intercept + X_i b + sum_t sum_m r_t[level_t(i), m] Z_tm[i] + offset_i
//   y_rep_i ~ family(eta_i), drawn by the family's own predict (src/core/families).
// X is not centred in ModelStructure and b_Intercept is on the original scale, so no centring
// correction is needed. Pure functions, no DOM: tested in tests/app/ppc.test.ts.
import { createChainRng } from '../../core/sampler/rng';
import type { FamilyName, ModelStructure } from '../../core/types';
import { getFamily } from '../../core/families';

/**
 * Which posterior predictive check a family gets (bayesplot's choice by outcome type):
 * continuous families a density overlay (ppc_dens_overlay), binary, binomial and count families
 * bars of counts per value (ppc_bars). Chosen by family (Family.discrete), never by the data: a
 * gaussian model of a whole-number response still replicates non-integers.
 */
export function ppcKind(family: FamilyName): 'density' | 'bars' {
  return getFamily(family).discrete ? 'bars' : 'density';
}

/** Output-draw column of every quantity the linear predictor needs; -1 when absent. */
export interface PpcPlan {
  intercept: number;
  b: Int32Array;
  /** Per group term, per coefficient m, per level j: column of r_group[level,coef] (m * J + j). */
  r: Int32Array[];
  /** Columns of the family's distributional parameters, in its params order. */
  params: Int32Array;
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
  return {
    intercept: s.hasIntercept ? need('b_Intercept') : -1,
    b: Int32Array.from(s.bNames, (n) => need(`b_${n}`)),
    r,
    params: Int32Array.from(getFamily(s.family).params, (p) => need(p.name)),
  };
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

/** One replicated dataset for one draw: eta from linearPredictor, then the family's noise. */
export function replicate(s: ModelStructure, plan: PpcPlan, draw: ArrayLike<number>, u: () => number, eta: Float64Array, out: Float64Array): void {
  linearPredictor(s, plan, draw, eta);
  const fam = getFamily(s.family, s.link);
  const par = Array.from(plan.params, (c) => draw[c]);
  const T = s.trials;
  for (let i = 0; i < s.N; i++) out[i] = fam.predict(eta[i], T ? T[i] : 1, par, u);
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
