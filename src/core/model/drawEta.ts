// The linear predictor of output draws (b_*, r_*, the family's distributional parameters) on the
// model structure's design, as brms's prepare_predictions / posterior_linpred compute it:
//   eta_i = b_Intercept + X_i b + sum_t sum_m r_t[level_t(i), m] Z_tm[i] + offset_i.
// X is not centred in ModelStructure and b_Intercept is on the original scale (brms's
// b_Intercept = Intercept - mean(X) b), so no centring correction is needed. One home for every
// consumer of draws that needs eta: the posterior predictive check (app/workspace/ppc.ts),
// PSIS-LOO's pointwise log-likelihood and Bayes R2's expected values (core/loo/fitLogLik.ts).
import { getFamily } from '../families';
import type { ModelStructure } from '../types';

/** Output-draw column of every quantity the linear predictor needs; -1 when absent. */
export interface DrawPlan {
  intercept: number;
  b: Int32Array;
  /** Per group term, per coefficient m, per level j: column of r_group[level,coef] (m * J + j). */
  r: Int32Array[];
  /**
   * Columns of the family's distributional parameters, in its params order; for ordinal families
   * the thresholds b_Intercept[1..K-1] (the family's par, families/types.ts LogLikelihood.categories).
   */
  params: Int32Array;
}

/**
 * The columns of `names` (output-column order) the linear predictor and the family read.
 * `purpose` starts the message when a column is missing (the draws belong to another model).
 */
export function drawPlan(s: ModelStructure, names: readonly string[], purpose = 'Posterior predictive check'): DrawPlan {
  const at = new Map<string, number>();
  names.forEach((n, i) => at.set(n, i));
  const need = (name: string): number => {
    const i = at.get(name);
    if (i === undefined) throw new Error(`${purpose}: the draws have no column '${name}' (the draws do not belong to this model)`);
    return i;
  };
  const r = s.groups.map((g) => {
    const J = g.levels.length;
    const cols = new Int32Array(g.coefNames.length * J);
    g.coefNames.forEach((c, m) => g.levels.forEach((lev, j) => { cols[m * J + j] = need(`r_${g.group}[${lev},${c}]`); }));
    return cols;
  });
  // Ordinal families: P(y <= k) = F(b_Intercept[k] - eta) with eta = X b + Z r (no intercept;
  // b_Intercept[k] = Intercept[k] + means_X b is on X's scale, as brms's generated quantities).
  const nThr = s.thresholdPriors?.length ?? 0;
  return {
    intercept: s.hasIntercept && nThr === 0 ? need('b_Intercept') : -1,
    b: Int32Array.from(s.bNames, (n) => need(`b_${n}`)),
    r,
    params: nThr > 0
      ? Int32Array.from({ length: nThr }, (_, k) => need(`b_Intercept[${k + 1}]`))
      : Int32Array.from(getFamily(s.family, s.link).params, (p) => need(p.name)),
  };
}

/**
 * Writes eta of observations [i0, i1) for one draw into eta[0 .. i1 - i0). The draw is the row
 * of output parameters draws[at .. at + names.length) (so a chain's row-major draws need no
 * subarray per draw).
 */
export function linearPredictorRange(
  s: ModelStructure, plan: DrawPlan, draws: ArrayLike<number>, at: number, i0: number, i1: number, eta: Float64Array,
): void {
  const { K, X } = s;
  const b0 = plan.intercept >= 0 ? draws[at + plan.intercept] : 0;
  const bCols = plan.b;
  for (let i = i0; i < i1; i++) {
    let v = b0;
    const row = i * K;
    for (let k = 0; k < K; k++) v += X[row + k] * draws[at + bCols[k]];
    eta[i - i0] = v;
  }
  const off = s.offset;
  if (off) for (let i = i0; i < i1; i++) eta[i - i0] += off[i];
  for (let t = 0; t < s.groups.length; t++) {
    const g = s.groups[t];
    const J = g.levels.length;
    const cols = plan.r[t];
    const index = g.index;
    for (let m = 0; m < g.coefNames.length; m++) {
      const z = g.Z[m];
      const base = m * J;
      for (let i = i0; i < i1; i++) eta[i - i0] += draws[at + cols[base + index[i]]] * z[i];
    }
  }
}

/** Writes the linear predictor of one draw (a row of output parameters) into `eta` (length N). */
export function linearPredictor(s: ModelStructure, plan: DrawPlan, draw: ArrayLike<number>, eta: Float64Array): void {
  linearPredictorRange(s, plan, draw, 0, 0, s.N, eta);
}

/** The family's distributional parameters of one draw (draws[at + ...]) into par, in params order. */
export function drawParams(plan: DrawPlan, draws: ArrayLike<number>, at: number, par: Float64Array): void {
  const cols = plan.params;
  for (let k = 0; k < cols.length; k++) par[k] = draws[at + cols[k]];
}
