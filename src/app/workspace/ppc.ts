// Posterior predictive check: replicated responses from output draws (b_*, r_*, the family's
// distributional parameters) and the model structure's design, as brms's posterior_predict does it:
// eta from the draws (core/model/drawEta.ts), then y_rep_i ~ family(eta_i), drawn by the family's
// own predict (src/core/families). Pure functions, no DOM: tested in tests/app/ppc.test.ts.
import { createChainRng } from '../../core/sampler/rng';
import type { FamilyName, ModelStructure } from '../../core/types';
import { getFamily } from '../../core/families';
import { drawPlan, linearPredictor, type DrawPlan } from '../../core/model/drawEta';

/**
 * Which posterior predictive check a family gets (bayesplot's choice by outcome type):
 * continuous families a density overlay (ppc_dens_overlay), binary, binomial and count families
 * bars of counts per value (ppc_bars). Chosen by family (Family.discrete), never by the data: a
 * gaussian model of a whole-number response still replicates non-integers.
 */
export function ppcKind(family: FamilyName): 'density' | 'bars' {
  return getFamily(family).discrete ? 'bars' : 'density';
}

/** The draw plan of the PPC (core/model/drawEta.ts, shared with PSIS-LOO and Bayes R2). */
export type PpcPlan = DrawPlan;

export function ppcPlan(s: ModelStructure, names: readonly string[]): PpcPlan {
  return drawPlan(s, names, 'Posterior predictive check');
}

export { linearPredictor };

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
