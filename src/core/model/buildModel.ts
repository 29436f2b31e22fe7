// Compiles a ModelStructure into the log posterior on the unconstrained scale with its exact
// gradient, as brms's generated Stan program defines it (algorithms.md §e), with constants dropped
// (Stan's `~`). The gradient is hand-fused (algorithms.md §f), composed of four parts:
//   linearPredictor.ts  eta = offset + Intercept + Xc b + Z r and its reverse pass;
//   groupTerms.ts       sd, L and r from theta, their priors, d lp / d r back to theta;
//   familyTerm.ts       the family's likelihood given eta (fused loop or passes) and its
//                       distributional parameters (from src/core/families);
//   writeDraw (below)   the constrained outputs in brms order.
// Every buffer is allocated here or in those factories; logDensityGradient allocates nothing.
import type { CompiledModel, ModelStructure } from '../types';
import { getFamily } from '../families';
import { priorLogDensity } from '../dist/priorDensity';
import { createFamilyTerm } from './familyTerm';
import { createGroupTerms } from './groupTerms';
import { createLinearPredictor } from './linearPredictor';
import { modelLayout } from './layout';
import { validateStructure } from './validateStructure';

export interface BuildModelOptions {
  /**
   * Observation loop: 'fused' (one generated loop per model, the fast default), 'passes' (separate
   * kernel passes, no code generation), or 'auto' (fused when code generation is available).
   */
  kernel?: 'auto' | 'fused' | 'passes';
  /**
   * Test-only: use the general M-dimensional group-level loops even where a specialised one exists
   * (two correlated coefficients: the centred prior, the non-centred forward and backward passes),
   * so tests can check both give the same bits.
   */
  generalGroupLoops?: boolean;
}

/**
 * Rough multiply-adds of one gradient (LogDensity.gradientCost): per row the linear predictor and
 * its backward pass over the K population and sum(M) group coefficients plus the family's per-row cost (Family.rowCost: transcendental functions dominate);
 * per coordinate the transforms and priors. Deterministic, so choices made from it are too.
 */
export function gradientCost(s: ModelStructure, dim: number): number {
  const coefficients = s.K + s.groups.reduce((sum, g) => sum + g.coefNames.length, 0);
  return s.N * (2 * coefficients + getFamily(s.family, s.link).rowCost) + 20 * dim + 1000;
}

export function buildModel(structure: ModelStructure, options: BuildModelOptions = {}): CompiledModel {
  validateStructure(structure);
  const s = structure;
  const lay = modelLayout(s);
  const { dim, K, intercept, bOffset, terms } = lay;
  // With an hcentered term the population Intercept lives in that term's coordinates
  // (beta_j = Intercept + r_j[Intercept]) and drops out of the linear predictor.
  const absorbed = lay.absorbingTerm >= 0;
  const r = new Float64Array(lay.rSize);
  const dr = new Float64Array(lay.rSize);
  const pg = new Float64Array(1);
  const lin = createLinearPredictor(s, lay, r, dr);
  const groups = createGroupTerms(s, lay, r, dr, options.generalGroupLoops === true);
  // Ordinal thresholds sit at the Intercept's coordinates; eta has no intercept then (familyTerm.ts).
  const thresholds = lay.nThresholds > 0;
  const fam = createFamilyTerm(s, lay, lin, r, dr, { kernel: options.kernel ?? 'auto', interceptInEta: !absorbed && !thresholds });
  const { means } = lin;
  const scalarIntercept = intercept >= 0 && !thresholds;

  function logDensityGradient(theta: Float64Array, grad: Float64Array): number {
    grad.fill(0);
    let lp = groups.forward(theta);
    const a = scalarIntercept ? theta[intercept] : 0;
    fam.constrain(theta);
    lp += fam.observe(theta, grad, absorbed ? 0 : a);
    if (!Number.isFinite(lp)) return -Infinity;

    // Population-level priors.
    if (scalarIntercept) {
      lp += priorLogDensity(s.interceptPrior, a, pg);
      grad[intercept] += pg[0];
    }
    for (let k = 0; k < K; k++) {
      lp += priorLogDensity(s.bPriors[k], theta[bOffset + k], pg);
      grad[bOffset + k] += pg[0];
    }
    lp = groups.backward(theta, grad, lp);
    lp = fam.logPrior(theta, grad, lp);

    if (!Number.isFinite(lp)) return -Infinity;
    // x * 0 is NaN exactly when x is NaN or infinite; two sums halve the dependent chain.
    let nonFinite0 = 0, nonFinite1 = 0, i = 0;
    for (; i + 1 < dim; i += 2) {
      nonFinite0 += grad[i] * 0;
      nonFinite1 += grad[i + 1] * 0;
    }
    if (i < dim) nonFinite0 += grad[i] * 0;
    if (nonFinite0 + nonFinite1 !== 0) return -Infinity;
    return lp;
  }

  /** The constrain step: b_Intercept, b, sd, cor, the family's parameters, r (brms order). */
  function writeDraw(theta: Float64Array, out: Float64Array): void {
    groups.forward(theta);
    let o = 0;
    if (thresholds) o = fam.writeThresholds(theta, means, out, o);
    else if (intercept >= 0) {
      let bi = theta[intercept];
      for (let k = 0; k < K; k++) bi -= means[k] * theta[bOffset + k]; // b_Intercept = Intercept - means' b
      out[o++] = bi;
    }
    for (let k = 0; k < K; k++) out[o++] = theta[bOffset + k];
    o = groups.writeOutputs(out, o);
    o = fam.writeOutputs(theta, out, o);
    const rStart = o;
    for (let i = 0; i < lay.rSize; i++) out[o++] = r[i];
    if (absorbed) {
      // r_j[Intercept] = beta_j - Intercept
      const tl = terms[lay.absorbingTerm];
      const a = theta[intercept];
      for (let j = 0; j < tl.J; j++) out[rStart + tl.rOffset + j] -= a;
    }
  }

  return {
    dim,
    unconstrainedNames: lay.unconstrainedNames,
    outputNames: lay.outputNames,
    structure: s,
    gradientCost: gradientCost(s, dim),
    logDensityGradient,
    writeDraw,
  };
}
