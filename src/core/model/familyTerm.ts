// The family's part of a compiled model: its distributional parameters (value = lower + exp(u),
// log-Jacobian u, or with an upper bound value = lower + (upper - lower) inv_logit(u), log-Jacobian
// log(upper - lower) + log inv_logit(u) + log(1 - inv_logit(u)) (transform/lowerUpperBound.ts),
// with their priors) and the likelihood of the observations given eta, through
// the fused per-model loop (kernelsCodegen.ts) or the multi-pass kernel (dist/likelihoodKernels.ts),
// both evaluating the family's row function (src/core/families). The chain rule composes the
// family's partials: d lp / d eta into the linear predictor's reverse pass, d lp / d par into
// d u = (d lp / d par + d prior / d par) (par - lower) + 1, or with an upper bound
// (d lp / d par + d prior / d par) (upper - lower) p (1 - p) + 1 - 2 p, p = inv_logit(u).
import type { ModelStructure, PriorDensity } from '../types';
import { getFamily, rowResponse, type Family } from '../families';
import { likelihoodPass } from '../dist/likelihoodKernels';
import { priorLogDensity } from '../dist/priorDensity';
import { lowerUpperConstrain, lowerUpperGradient, lowerUpperLogJacobian } from '../transform/lowerUpperBound';
import { compileFusedLoop, fusedWidth, type FusedLoop } from './kernelsCodegen';
import type { FamilyParamLayout, ModelLayout } from './layout';
import type { LinearPredictor } from './linearPredictor';

export interface FamilyTerm {
  family: Family;
  /** Constrains the distributional parameters from theta (call before observe). */
  constrain(theta: Float64Array): void;
  /**
   * The log likelihood at theta (constants dropped) with d lp / d (Intercept, b) added into grad
   * and d lp / d r written to dr; a is the Intercept in eta (0 when absorbed). Not finite: returned.
   */
  observe(theta: Float64Array, grad: Float64Array, a: number): number;
  /** The distributional parameters' priors and Jacobians, with their gradient; returns lp. */
  logPrior(theta: Float64Array, grad: Float64Array, lp: number): number;
  /** Writes the constrained parameters into out at o; returns the next o. */
  writeOutputs(theta: Float64Array, out: Float64Array, o: number): number;
  /** Number of ordinal thresholds (0 for other families). */
  nThresholds: number;
  /**
   * Ordinal families: writes b_Intercept[k] = Intercept[k] + means' b (brms's generated
   * quantities: eta = Xc b = X b - means' b, so the thresholds on X's scale shift by +means' b).
   */
  writeThresholds(theta: Float64Array, means: Float64Array, out: Float64Array, o: number): number;
}

export interface FamilyTermOptions {
  kernel: 'auto' | 'fused' | 'passes';
  /** Whether the Intercept enters eta (false without one, or when an hcentered term carries it). */
  interceptInEta: boolean;
}

export function createFamilyTerm(
  s: ModelStructure, lay: ModelLayout, lin: LinearPredictor, r: Float64Array, dr: Float64Array, options: FamilyTermOptions,
): FamilyTerm {
  const family = getFamily(s.family, s.link);
  const ll = family.logLik;
  const { N, K } = s;
  const y = rowResponse(ll, s.y);
  const { bOffset, intercept } = lay;
  const params = lay.familyParams;
  const nThr = lay.nThresholds;
  // Ordinal families: par holds the thresholds (LogLikelihood.categories), their priors are class Intercept's.
  const nPar = nThr > 0 ? 0 : params.length;
  const priors: (PriorDensity | null)[] = params.map((p) => s.familyPriors?.find((fp) => fp.name === p.name)?.prior ?? null);
  const par = new Float64Array(Math.max(nPar, nThr, 1));
  const dPar = new Float64Array(Math.max(nPar, nThr, 1));
  const thr = nThr > 0 ? createThresholds(s, lay, par.subarray(0, nThr), dPar.subarray(0, nThr)) : null;
  const nc = ll.constants ?? 2;
  const c = new Float64Array(4); // up to 4 row constants and 4 per-row terms (LogLikelihood)
  const D = new Float64Array(4);
  const pg = new Float64Array(1);
  const eta = new Float64Array(N);
  const dEta = new Float64Array(N);
  const withA = options.interceptInEta;

  const fused: FusedLoop | null = options.kernel === 'passes' ? null : compileFusedLoop({
    logLik: ll, N, K, y, trials: s.trials, base: s.offset ? lin.base : null, Xcol: lin.Xcol, intercept: withA,
    termIndex: lay.terms.map((tl) => s.groups[tl.term].index),
    columns: lin.fusedColumns,
    r, dr,
    ...(thr ? { categories: thr.buffers } : {}),
  });
  if (options.kernel === 'fused' && !fused) throw new Error('buildModel: the fused kernel needs code generation (new Function), which this environment forbids');
  const P = new Float64Array(fusedWidth(ll, K));
  const fusedOut = new Float64Array(fusedWidth(ll, K));

  function constrain(theta: Float64Array): void {
    if (thr) thr.constrain(theta);
    for (let k = 0; k < nPar; k++) par[k] = constrainParam(params[k], theta[params[k].index]);
  }

  function observeFused(loop: FusedLoop, theta: Float64Array, grad: Float64Array, a: number): number {
    ll.prepare(par, c);
    P[0] = a;
    for (let k = 0; k < K; k++) P[1 + k] = theta[bOffset + k];
    P[K + 1] = c[0];
    P[K + 2] = c[1];
    for (let k = 2; k < nc; k++) P[K + 1 + k] = c[k];
    dr.fill(0);
    if (thr) thr.beforeLoop();
    loop(P, fusedOut);
    if (intercept >= 0 && withA) grad[intercept] += fusedOut[2];
    for (let k = 0; k < K; k++) grad[bOffset + k] += fusedOut[3 + k];
    const lp = ll.sums > 2
      ? ll.finish(fusedOut[0], fusedOut[1], N, par, dPar, fusedOut[K + 3], ll.sums > 3 ? fusedOut[K + 4] : 0)
      : ll.finish(fusedOut[0], fusedOut[1], N, par, dPar, 0, 0);
    if (thr) thr.afterLoop();
    return lp;
  }

  function observePasses(theta: Float64Array, grad: Float64Array, a: number): number {
    lin.forward(theta, a, eta);
    const lp = likelihoodPass(ll, y, s.trials, eta, N, par, c, D, dEta, dPar);
    if (!Number.isFinite(lp)) return lp;
    const dA = lin.backward(dEta, grad);
    if (intercept >= 0 && withA) grad[intercept] += dA;
    return lp;
  }

  function observe(theta: Float64Array, grad: Float64Array, a: number): number {
    return fused ? observeFused(fused, theta, grad, a) : observePasses(theta, grad, a);
  }

  function logPrior(theta: Float64Array, grad: Float64Array, lp: number): number {
    if (thr) lp = thr.logPrior(theta, grad, lp);
    for (let k = 0; k < nPar; k++) {
      const p = params[k];
      const u = theta[p.index];
      const prior = priors[k];
      const value = par[k];
      const lprior = prior ? priorLogDensity(prior, value, pg) : (pg[0] = 0);
      if (p.upper !== Infinity) {
        lp += lprior + lowerUpperLogJacobian(u, p.lower, p.upper);
        grad[p.index] += lowerUpperGradient(u, p.lower, p.upper, dPar[k] + pg[0]);
        continue;
      }
      lp += lprior + u;
      grad[p.index] += (dPar[k] + pg[0]) * (p.lower === 0 ? value : value - p.lower) + 1;
    }
    return lp;
  }

  const fixed = family.fixedParams ?? [];
  function writeOutputs(theta: Float64Array, out: Float64Array, o: number): number {
    for (let k = 0; k < nPar; k++) out[o++] = constrainParam(params[k], theta[params[k].index]);
    for (const f of fixed) out[o++] = f.value;
    return o;
  }

  const writeThresholds = (theta: Float64Array, means: Float64Array, out: Float64Array, o: number): number =>
    (thr ? thr.write(theta, means, bOffset, out, o) : o);
  return { family, constrain, observe, logPrior, writeOutputs, nThresholds: nThr, writeThresholds };
}

/**
 * Ordinal thresholds on Stan's ordered transform (Stan reference manual, "Ordered vector"):
 * coordinates u at lay.intercept..+n give tau_1 = u_1, tau_k = tau_{k-1} + e^(u_k), log-Jacobian
 * sum_{k>=2} u_k; each tau_k has its class Intercept prior (brms: lprior += student_t_lpdf(Intercept | ...)).
 * d u_k = (k = 1 ? 1 : e^(u_k)) sum_{j>=k} d tau_j (+1 for the Jacobian, k >= 2).
 */
function createThresholds(s: ModelStructure, lay: ModelLayout, tau: Float64Array, dTau: Float64Array) {
  const n = lay.nThresholds;
  const at = lay.intercept;
  const priors = s.thresholdPriors!;
  const ll = getFamily(s.family, s.link).logLik;
  const cat = ll.categories;
  if (!cat) throw new Error(`buildModel: the ${s.family} family has no per-category likelihood for thresholds`);
  const buffers = { cv: new Float64Array(n + 2), G0: new Float64Array(n + 2), G1: new Float64Array(n + 2) };
  // valid thresholds for the fused loop's warm-up rows
  for (let k = 0; k < n; k++) tau[k] = k - (n - 1) / 2;
  cat.prepare(tau, buffers.cv);
  const pg = new Float64Array(1);
  return {
    buffers,
    constrain(theta: Float64Array): void {
      let t = theta[at];
      tau[0] = t;
      for (let k = 1; k < n; k++) tau[k] = t += Math.exp(theta[at + k]);
    },
    beforeLoop(): void {
      cat.prepare(tau, buffers.cv);
      buffers.G0.fill(0);
      buffers.G1.fill(0);
    },
    afterLoop(): void { cat.finish(buffers.G0, buffers.G1, dTau); },
    logPrior(theta: Float64Array, grad: Float64Array, lp: number): number {
      let acc = 0; // sum_{j >= k} d lp / d tau_j, from the top down
      for (let k = n - 1; k >= 0; k--) {
        lp += priorLogDensity(priors[k], tau[k], pg);
        acc += dTau[k] + pg[0];
        if (k === 0) grad[at] += acc;
        else {
          const u = theta[at + k];
          lp += u;
          grad[at + k] += acc * Math.exp(u) + 1;
        }
      }
      return lp;
    },
    write(theta: Float64Array, means: Float64Array, bOffset: number, out: Float64Array, o: number): number {
      let shift = 0;
      for (let k = 0; k < means.length; k++) shift += means[k] * theta[bOffset + k];
      let t = theta[at];
      for (let k = 0; k < n; k++) {
        if (k > 0) t += Math.exp(theta[at + k]);
        out[o++] = t + shift;
      }
      return o;
    },
  };
}

/** A distributional parameter's value from its coordinate u (lower-bound or lower-upper transform). */
function constrainParam(p: FamilyParamLayout, u: number): number {
  if (p.upper !== Infinity) return lowerUpperConstrain(u, p.lower, p.upper);
  return p.lower === 0 ? Math.exp(u) : p.lower + Math.exp(u);
}
