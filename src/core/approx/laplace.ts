// Laplace approximation at the posterior mode on the unconstrained scale: theta ~ N(mode, P^-1),
// P = -Hessian of log p at the mode (Tierney & Kadane 1986; Stan's laplace_sample, which draws the
// same way, jacobian=true). With P = L L' (Cholesky), theta = mode + L'^-1 z, z ~ N(0, I), has
// covariance L'^-1 L^-1 = P^-1. Draws are mapped through the model's writeDraw, so they carry the
// output names and constraints of MCMC draws and can be summarised the same way.
//
// Where it is weak: a hierarchical sd. The joint mode of (group effects, log sd) is not where the
// marginal posterior of sd is: in non-centred coordinates the mode's sd is pulled towards 0 when the
// data say little about it, and in centred coordinates log p grows without bound as sd -> 0 with all
// effects at 0 (the funnel), so the optimizer walks towards it. `scales` reports each group-level
// sd at the mode and the approximation's spread on the log scale so the caller can say so.
import { solveLower, solveLowerTranspose } from '../math/cholesky';
import { createChainRng } from '../sampler/rng';
import type { LogDensity, ModelStructure } from '../types';
import { findMode, type ModeOptions, type ModeResult } from './findMode';
import { PARETO_K_UNRELIABLE, paretoKNote, paretoKOfRatios } from './importance';
import { NEWTON_DEFAULTS, newtonRefine } from './newton';

export interface LaplaceOptions {
  draws: number;
  seed: number;
  /** Above this many coordinates the dense Hessian (2 dim gradients) and its Cholesky (dim^3 / 3) are not attempted. */
  maxDim: number;
  mode: Partial<ModeOptions>;
  newton: Partial<typeof NEWTON_DEFAULTS>;
}

export const LAPLACE_DEFAULTS: LaplaceOptions = { draws: 1000, seed: 1, maxDim: 1500, mode: {}, newton: {} };

/** A group-level sd at the mode (from an unconstrained coordinate named 'log(sd_...)'). */
export interface ScaleCheck {
  /** Output name, e.g. 'sd_Subject__Intercept'. */
  name: string;
  /** The sd at the mode. */
  atMode: number;
  /** Approximate posterior sd of log(sd): sqrt of the covariance's diagonal entry. */
  logScaleSd: number;
  /** Root mean square of the term's standardised effects z for this coefficient at the mode (NaN when centred). */
  rmsZ: number;
  /** The term is centred (no joint mode exists). */
  centred: boolean;
  /** True when the approximation is untrustworthy for this sd (see the SCALE_ constants). */
  suspect: boolean;
}

/**
 * A log-scale sd above 1 means the Gaussian spreads this sd over more than a factor e^2 between its
 * 16% and 84% points: the data barely determine it, the regime where the joint mode sits far from
 * the marginal posterior (funnel), and a symmetric Gaussian on log(sd) is a poor fit.
 */
export const SCALE_SUSPECT_LOG_SD = 1;
/** rms(z) below this: the mode's sd is more than twice what its effects imply. */
export const SCALE_SUSPECT_RMS_Z = 0.5;
/** An sd at the mode this small (relative to 1 on the unconstrained scale) is treated as collapsed. */
export const SCALE_COLLAPSED = 1e-4;

export interface LaplaceResult {
  /** 'ok'; 'ridge': P was not positive definite and a ridge was added; 'failed': no draws. */
  status: 'ok' | 'ridge' | 'failed';
  mode: ModeResult;
  /** The Newton refinement of the L-BFGS mode (null when it did not run). */
  newton: { steps: number; converged: boolean; decrement: number } | null;
  /** Ridge added to the diagonal of P (0 when none was needed). */
  ridge: number;
  /** Output names (the model's outputNames, or the unconstrained names for a bare LogDensity). */
  names: string[];
  /** nDraws x names.length, row-major (one "chain"). */
  draws: Float64Array;
  nDraws: number;
  /** Unconstrained draws, nDraws x dim, row-major. */
  unconstrained: Float64Array;
  /** log p - log q per draw (constants dropped), and their Pareto k (importance.ts; NaN without draws). */
  logRatios: Float64Array;
  paretoK: number;
  /** P = -Hessian at the mode (row-major), null when it could not be computed. */
  precision: Float64Array | null;
  scales: ScaleCheck[];
  gradientEvaluations: number;
  notes: string[];
}

export interface ApproxTarget extends LogDensity {
  readonly outputNames?: string[];
  /** A compiled model's structure: lets the result check its group-level sds (scaleChecks). */
  readonly structure?: ModelStructure;
  writeDraw?(theta: Float64Array, out: Float64Array): void;
}

function failed(mode: ModeResult, names: string[], notes: string[], evaluations: number): LaplaceResult {
  return {
    status: 'failed', mode, newton: null, ridge: 0, names, draws: new Float64Array(0), nDraws: 0, unconstrained: new Float64Array(0), logRatios: new Float64Array(0), paretoK: NaN,
    precision: null, scales: [], gradientEvaluations: evaluations, notes: [...mode.notes, ...notes],
  };
}

/** Mode, Hessian, Cholesky and draws. Never throws for a bad model: the result says what failed. */
export function laplaceApproximation(target: ApproxTarget, options: Partial<LaplaceOptions> = {}): LaplaceResult {
  const o = { ...LAPLACE_DEFAULTS, ...options };
  const n = target.dim;
  const names = target.writeDraw && target.outputNames ? target.outputNames : target.unconstrainedNames;
  const mode = findMode(target, o.mode);
  if (mode.status === 'failed') return failed(mode, names, [], mode.evaluations);
  if (n > o.maxDim) {
    return failed(mode, names, [`The model has ${n} unconstrained parameters, more than the ${o.maxDim} for which a dense Hessian is computed; only the mode is available.`], mode.evaluations);
  }
  const refined = newtonRefine(target, mode.mode, mode.lp, mode.gradient, o.newton);
  const evaluations = mode.evaluations + refined.evaluations;
  if (refined.failedAt >= 0) {
    const which = target.unconstrainedNames[refined.failedAt] ?? `coordinate ${refined.failedAt + 1}`;
    return failed(mode, names, [`The log density was not finite next to the mode when "${which}" was perturbed, so the Hessian could not be computed.`], evaluations);
  }
  if (!refined.cholesky || !refined.precision) return failed(mode, names, ['The curvature at the mode could not be made positive definite even with a large ridge.'], evaluations);
  const notes = [...mode.notes];
  if (!refined.converged) notes.push(`Newton refinement of the mode stopped after ${refined.steps} step(s) with a predicted log density gain of ${refined.decrement.toPrecision(2)}: the approximation may not be centred on a mode.`);
  const ridge = refined.ridge;
  if (ridge > 0) notes.push(notRidgeNote(refined.precision, n, ridge, target.unconstrainedNames));
  const L = refined.cholesky;
  const { draws, unconstrained, logRatios } = drawLaplace(target, refined.x, L, o.draws, o.seed, names.length);
  const paretoK = paretoKOfRatios(logRatios);
  if (!(paretoK <= PARETO_K_UNRELIABLE)) notes.push(paretoKNote(paretoK, 'Laplace approximation'));
  const scales = scaleChecks(target, refined.x, L);
  for (const sc of scales) if (sc.suspect) notes.push(scaleNote(sc));
  const refinedMode: ModeResult = { ...mode, mode: refined.x, lp: refined.lp, gradient: refined.gradient };
  return {
    status: ridge > 0 ? 'ridge' : 'ok', mode: refinedMode, newton: { steps: refined.steps, converged: refined.converged, decrement: refined.decrement },
    ridge, names, draws, nDraws: o.draws, unconstrained, logRatios, paretoK, precision: refined.precision, scales, gradientEvaluations: evaluations + o.draws, notes,
  };
}

function notRidgeNote(P: Float64Array, n: number, ridge: number, names: string[]): string {
  const flat: string[] = [];
  for (let i = 0; i < n && flat.length < 3; i++) if (!(P[i * n + i] > 0)) flat.push(`"${names[i] ?? i + 1}"`);
  const where = flat.length ? ` (no curvature along ${flat.join(', ')})` : '';
  return `The curvature at the mode is not positive definite${where}, so a ridge of ${ridge.toPrecision(2)} was added to it: the approximate uncertainty there is a regularised guess.`;
}

function scaleNote(s: ScaleCheck): string {
  let why: string;
  if (s.centred) why = 'is in a centred group term, whose joint mode collapses towards sd = 0 (the funnel)';
  else if (s.rmsZ < SCALE_SUSPECT_RMS_Z) why = `is ${s.atMode.toPrecision(3)} at the joint mode, but its standardised effects have root mean square ${s.rmsZ.toFixed(2)} instead of about 1, so the data suggest nearer ${(s.atMode * s.rmsZ).toPrecision(3)}`;
  else if (s.atMode < SCALE_COLLAPSED) why = `is near 0 at the mode (${s.atMode.toPrecision(2)})`;
  else why = `is poorly determined (the approximation's sd of log(${s.name}) is ${s.logScaleSd.toFixed(1)})`;
  return `${s.name} ${why}. For group-level sds the joint mode is a known weak point (the funnel): the approximation of this sd, its group effects and the uncertainty of the matching population-level effect is unreliable; wait for the MCMC summary.`;
}

/** theta_d = mode + L'^-1 z_d, mapped to the outputs. Normals from stream (seed, 0), which no chain uses. */
function drawLaplace(target: ApproxTarget, mode: Float64Array, L: Float64Array, nDraws: number, seed: number, P: number): { draws: Float64Array; unconstrained: Float64Array; logRatios: Float64Array } {
  const n = mode.length;
  // log q(theta) = log N(z | 0, I) + log |det L| (theta = mode + L'^-1 z), constants dropped.
  let logDetL = 0;
  for (let i = 0; i < n; i++) logDetL += Math.log(L[i * n + i]);
  const logRatios = new Float64Array(nDraws);
  const g = new Float64Array(n);
  const rng = createChainRng(seed, 0);
  const unconstrained = new Float64Array(nDraws * n);
  const draws = new Float64Array(nDraws * P);
  const z = new Float64Array(n);
  const theta = new Float64Array(n);
  const out = new Float64Array(P);
  for (let d = 0; d < nDraws; d++) {
    let zz = 0;
    for (let i = 0; i < n; i++) { z[i] = rng.normal(); zz += z[i] * z[i]; }
    solveLowerTranspose(L, n, z);
    for (let i = 0; i < n; i++) theta[i] = mode[i] + z[i];
    unconstrained.set(theta, d * n);
    logRatios[d] = target.logDensityGradient(theta, g) - (-0.5 * zz + logDetL);
    if (target.writeDraw) target.writeDraw(theta, out);
    else out.set(theta);
    draws.set(out, d * P);
  }
  return { draws, unconstrained, logRatios };
}

/** Sigma_ii = |L^-1 e_i|^2, the approximation's variance of coordinate i. */
function marginalVariance(L: Float64Array, n: number, i: number, e: Float64Array): number {
  e.fill(0);
  e[i] = 1;
  solveLower(L, n, e);
  let v = 0;
  for (let k = 0; k < n; k++) v += e[k] * e[k];
  return v;
}

/**
 * For every group-level sd of a compiled model: its value at the mode, the spread of log(sd), and
 * the root mean square of its standardised effects z (non-centred terms). A priori z ~ N(0, 1), so
 * in the posterior rms(z) is near 1; at the joint mode the sd grows towards its prior's scale while
 * the z shrink (the likelihood only sees sd z), so rms(z) well below 1 says the mode's sd is too large
 * by about 1 / rms(z). A centred term has no joint mode at all (log p is unbounded as sd -> 0 with
 * its effects at 0), so its sds are always suspect.
 */
function scaleChecks(target: ApproxTarget, x: Float64Array, L: Float64Array): ScaleCheck[] {
  const s = target.structure;
  if (!s) return [];
  const n = target.dim;
  const index = new Map(target.unconstrainedNames.map((name, i) => [name, i]));
  const e = new Float64Array(n);
  const out: ScaleCheck[] = [];
  for (const g of s.groups) {
    for (const coef of g.coefNames) {
      const name = `sd_${g.group}__${coef}`;
      const i = index.get(`log(${name})`);
      if (i === undefined) continue;
      const atMode = Math.exp(x[i]);
      const logScaleSd = Math.sqrt(marginalVariance(L, n, i, e));
      let rmsZ = NaN;
      if (g.parameterization === 'noncentered') {
        let ss = 0, count = 0;
        for (const level of g.levels) {
          const j = index.get(`z_${g.group}[${coef},${level}]`);
          if (j !== undefined) { ss += x[j] * x[j]; count++; }
        }
        rmsZ = count > 0 ? Math.sqrt(ss / count) : NaN;
      }
      const centred = g.parameterization !== 'noncentered';
      const suspect = centred || logScaleSd > SCALE_SUSPECT_LOG_SD || atMode < SCALE_COLLAPSED || rmsZ < SCALE_SUSPECT_RMS_Z;
      out.push({ name, atMode, logScaleSd, rmsZ, centred, suspect });
    }
  }
  return out;
}
