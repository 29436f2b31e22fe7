// Multinomial NUTS exactly as Stan's base_nuts.hpp (stan-dev/stan, src/stan/mcmc/hmc/nuts/):
// - the trajectory doubles in a random direction until the generalized no-U-turn criterion fails
//   (Betancourt 2017, "A Conceptual Introduction to HMC", appendix A), with the two extra checks
//   across the seam of every merge of two sub-trajectories;
// - within a subtree states are sampled uniformly (multinomially by weight exp(H0 - H)); across the
//   top-level doublings the new subtree is preferred ("biased progressive sampling");
// - an energy error above maxDeltaH (1000) is a divergence and stops the trajectory.
// Shape as BlackJAX (blackjax/mcmc/nuts.py): init(position) -> state, step(rng, state, tuning).
import type { LogDensity } from '../types';
import { unitMetric, type Metric } from './metric';
import type { Rng } from './rng';
import { createPhasePoint, copyPhasePoint, type PhasePoint } from './phasePoint';
import { evaluate, hamiltonian } from './leapfrog';

/** What is carried from one transition to the next. */
export interface NutsState {
  /** Unconstrained position. */
  position: Float64Array;
  /** Log density at position (Stan's lp__). */
  logDensity: number;
  /** Gradient of the log density at position. */
  gradient: Float64Array;
}

/** Diagnostics of one transition (never carried over). Names map to Stan's sampler stats. */
export interface NutsInfo {
  /** accept_stat__: mean Metropolis acceptance probability over every leapfrog state built. */
  acceptStat: number;
  /** stepsize__: the step size used. */
  stepSize: number;
  /** treedepth__: number of accepted doublings. */
  treeDepth: number;
  /** n_leapfrog__: leapfrog steps (= gradient evaluations) in this transition. */
  nLeapfrog: number;
  /** divergent__: the energy error exceeded maxDeltaH (or the log density failed). */
  divergent: boolean;
  /** energy__: Hamiltonian of the selected state with its momentum. */
  energy: number;
}

/** Passed in on every step; owned by the adaptation. */
export interface NutsTuning {
  stepSize: number;
  metric: Metric;
}

export interface NutsOptions {
  /** Maximum tree depth (Stan's services default 10). */
  maxTreedepth?: number;
  /** Energy error that counts as a divergence (Stan: 1000). */
  maxDeltaH?: number;
  /**
   * Deliberately broken variants, for tests that must be able to fail only:
   * 'momentumSign' flips the sign of the gradient in the closing half-step of the momentum update;
   * 'lastState' always takes the newest state (no multinomial / Metropolis correction).
   */
  fault?: 'momentumSign' | 'lastState';
}

export interface NutsKernel {
  readonly dim: number;
  /** Evaluates the log density at position. Throws if it is not finite there. */
  init(position: ArrayLike<number>): NutsState;
  /**
   * One NUTS transition. The returned state and info objects are owned by the kernel and are
   * overwritten by the next call (copy them to keep them); the input state is only read.
   */
  step(rng: Rng, state: NutsState, tuning: NutsTuning): { state: NutsState; info: NutsInfo };
}

function logSumExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** Buffers used by one level of the subtree recursion. */
interface Level {
  zProposeFinal: PhasePoint;
  pInitEnd: Float64Array;
  pSharpInitEnd: Float64Array;
  pFinalBeg: Float64Array;
  pSharpFinalBeg: Float64Array;
  rhoInit: Float64Array;
  rhoFinal: Float64Array;
}

/**
 * The NUTS transition as a class, not as closures made per kernel: V8 inlines a closure only for
 * the closure object it saw, so with per-kernel closures a worker's second chain (a new kernel)
 * deoptimised the transition, the subtree recursion and the leapfrog ("wrong call target") and
 * compiled them again. Methods are one function object per worker, so every chain on a worker
 * runs the code the first one optimised.
 */
class NutsSampler implements NutsKernel {
  readonly dim: number;
  private readonly target: LogDensity;
  private readonly maxTreedepth: number;
  private readonly maxDeltaH: number;
  private readonly gradSign: number;
  private readonly takeLast: boolean;
  // Trajectory buffers, allocated once.
  private readonly z: PhasePoint;
  private readonly zFwd: PhasePoint;
  private readonly zBck: PhasePoint;
  private readonly zPropose: PhasePoint;
  private readonly samples: PhasePoint[];
  private which = 0;
  private readonly pFwdFwd: Float64Array;
  private readonly pSharpFwdFwd: Float64Array;
  private readonly pFwdBck: Float64Array;
  private readonly pSharpFwdBck: Float64Array;
  private readonly pBckFwd: Float64Array;
  private readonly pSharpBckFwd: Float64Array;
  private readonly pBckBck: Float64Array;
  private readonly pSharpBckBck: Float64Array;
  private readonly rho: Float64Array;
  private readonly rhoFwd: Float64Array;
  private readonly rhoBck: Float64Array;
  // Dense metric: A p and A grad carried with z and with the two trajectory ends, so that a leaf
  // needs one d x d product (A grad at the new point) instead of two (A p_half and A p_end).
  private readonly zV: Float64Array;
  private readonly zAg: Float64Array;
  private readonly fwdV: Float64Array;
  private readonly fwdAg: Float64Array;
  private readonly bckV: Float64Array;
  private readonly bckAg: Float64Array;
  private readonly levels: Level[];
  private readonly outState: NutsState[];
  private readonly info: NutsInfo;
  private readonly result: { state: NutsState; info: NutsInfo };

  // Per-transition accumulators (Stan passes these by reference). The fractional ones start as NaN,
  // not 0: V8 stores a field that has only held small integers untagged, and the first fraction
  // would then change the object's shape and discard the optimised code that read it.
  private metric: Metric;
  private rng: Rng | null = null;
  private signedEps = NaN;
  /** The inverse metric's diagonal when the metric is diagonal (the fused fast path), else null. */
  private invDiag: Float64Array | null = null;
  private H0 = NaN;
  private nLeapfrog = 0;
  private sumMetroProb = NaN;
  private divergent = false;
  /** Log sum of weights of the subtree most recently built by buildTree. */
  private subtreeLogWeight = -Infinity;

  constructor(target: LogDensity, options: NutsOptions) {
    const dim = target.dim;
    if (!Number.isInteger(dim) || dim < 1) throw new Error(`Target dimension must be a positive integer; got ${dim}.`);
    const maxTreedepth = options.maxTreedepth ?? 10;
    if (!Number.isInteger(maxTreedepth) || maxTreedepth < 1) {
      throw new Error(`maxTreedepth must be a positive integer; got ${maxTreedepth}.`);
    }
    this.dim = dim;
    this.target = target;
    this.maxTreedepth = maxTreedepth;
    this.maxDeltaH = options.maxDeltaH ?? 1000;
    this.gradSign = options.fault === 'momentumSign' ? -1 : 1;
    this.takeLast = options.fault === 'lastState';
    const vec = (): Float64Array => new Float64Array(dim);
    this.z = createPhasePoint(dim);
    this.zFwd = createPhasePoint(dim);
    this.zBck = createPhasePoint(dim);
    this.zPropose = createPhasePoint(dim);
    this.samples = [createPhasePoint(dim), createPhasePoint(dim)];
    this.pFwdFwd = vec(); this.pSharpFwdFwd = vec(); this.pFwdBck = vec(); this.pSharpFwdBck = vec();
    this.pBckFwd = vec(); this.pSharpBckFwd = vec(); this.pBckBck = vec(); this.pSharpBckBck = vec();
    this.rho = vec(); this.rhoFwd = vec(); this.rhoBck = vec();
    this.zV = vec(); this.zAg = vec(); this.fwdV = vec(); this.fwdAg = vec(); this.bckV = vec(); this.bckAg = vec();
    this.levels = [];
    for (let d = 0; d < maxTreedepth; d++) {
      this.levels.push({
        zProposeFinal: createPhasePoint(dim), pInitEnd: vec(), pSharpInitEnd: vec(), pFinalBeg: vec(),
        pSharpFinalBeg: vec(), rhoInit: vec(), rhoFinal: vec(),
      });
    }
    this.outState = this.samples.map((s) => ({ position: s.q, logDensity: 0, gradient: s.grad }));
    this.info = { acceptStat: 0, stepSize: 0, treeDepth: 0, nLeapfrog: 0, divergent: false, energy: 0 };
    this.result = { state: this.outState[0], info: this.info };
    this.metric = unitMetric('diag', dim);
  }

  /**
   * Leapfrog step on z (Stan's expl_leapfrog) fused with the leaf bookkeeping of build_tree:
   * writes the closing momentum into z.p, its velocity into pSharp and into rhoOut (which the
   * caller never reads before this write), and returns H at the new point. Diagonal metric: each
   * element sees the same floating-point operations, in the same order, as the unfused reference
   * (tests/core/sampler/referenceNuts.ts), so draws are bit-identical to it. Dense metric: A p is
   * linear in p, so A p_half = A p + (eps/2) A grad and A p_end = A p_half + (eps/2) A grad_new,
   * with A p and A grad carried in zV and zAg: one matrix-vector product per step instead of two;
   * the same numbers up to rounding (the reference test allows 1e-9).
   */
  private leafStep(pSharp: Float64Array, rhoOut: Float64Array): number {
    const dim = this.dim, z = this.z, signedEps = this.signedEps;
    const q = z.q, p = z.p, g = z.grad;
    const half = 0.5 * signedEps;
    const halfEnd = half * this.gradSign;
    let t = 0;
    const invDiag = this.invDiag;
    if (invDiag !== null) {
      const a = invDiag;
      for (let i = 0; i < dim; i++) {
        const pi = p[i] + half * g[i];
        p[i] = pi;
        q[i] += signedEps * (a[i] * pi);
      }
      evaluate(this.target, z);
      for (let i = 0; i < dim; i++) {
        const pi = p[i] + halfEnd * g[i];
        p[i] = pi;
        const vi = a[i] * pi;
        t += vi * pi;
        pSharp[i] = vi;
        rhoOut[i] = 0 + pi;
      }
    } else {
      const v = this.zV, ag = this.zAg;
      for (let i = 0; i < dim; i++) {
        p[i] += half * g[i];
        const vi = v[i] + half * ag[i];
        v[i] = vi;
        q[i] += signedEps * vi;
      }
      evaluate(this.target, z);
      this.metric.velocity(g, ag);
      for (let i = 0; i < dim; i++) {
        const pi = p[i] + halfEnd * g[i];
        p[i] = pi;
        const vi = v[i] + halfEnd * ag[i];
        v[i] = vi;
        t += pi * vi;
        pSharp[i] = vi;
        rhoOut[i] = 0 + pi;
      }
    }
    const h = -z.lp + 0.5 * t;
    return Number.isNaN(h) ? Infinity : h;
  }

  /**
   * Builds a subtree of 2^depth leapfrog steps from z in the current direction (Stan's build_tree).
   * Writes the subtree's proposal, end momenta (beg = nearest the existing trajectory) and summed
   * momentum (into rhoOut, overwritten). Returns false when it diverged or U-turned internally.
   */
  private buildTree(
    depth: number, propose: PhasePoint, pSharpBeg: Float64Array, pSharpEnd: Float64Array,
    rhoOut: Float64Array, pBeg: Float64Array, pEnd: Float64Array,
  ): boolean {
    if (depth === 0) {
      const h = this.leafStep(pSharpBeg, rhoOut);
      this.nLeapfrog++;
      const H0 = this.H0;
      if (h - H0 > this.maxDeltaH) this.divergent = true;
      this.subtreeLogWeight = H0 - h;
      this.sumMetroProb += H0 - h > 0 ? 1 : Math.exp(H0 - h);
      const z = this.z;
      copyPhasePoint(propose, z);
      pSharpEnd.set(pSharpBeg);
      pBeg.set(z.p);
      pEnd.set(z.p);
      return !this.divergent;
    }
    const L = this.levels[depth];
    // Initial half.
    if (!this.buildTree(depth - 1, propose, pSharpBeg, L.pSharpInitEnd, L.rhoInit, pBeg, L.pInitEnd)) return false;
    const wInit = this.subtreeLogWeight;
    // Final half.
    if (!this.buildTree(depth - 1, L.zProposeFinal, L.pSharpFinalBeg, pSharpEnd, L.rhoFinal, L.pFinalBeg, pEnd)) return false;
    const wFinal = this.subtreeLogWeight;
    // Uniform (multinomial) sampling within the subtree: take the final half's proposal with
    // probability w_final / (w_init + w_final).
    const wSubtree = logSumExp(wInit, wFinal);
    this.subtreeLogWeight = wSubtree;
    if (this.takeLast || wFinal > wSubtree) {
      copyPhasePoint(propose, L.zProposeFinal);
    } else if (this.rng!.uniform() < Math.exp(wFinal - wSubtree)) {
      copyPhasePoint(propose, L.zProposeFinal);
    }
    // rho = rho_init + rho_final, and the generalized no-U-turn criterion (continue while every
    // p#.r > 0) over the merged subtree and across its seam (Stan >= 2.21): whole subtree; init
    // half plus the first state of the final half; final half plus the last state of the init
    // half. One pass computes all six products.
    const rhoInit = L.rhoInit, rhoFinal = L.rhoFinal, pFinalBeg = L.pFinalBeg, pInitEnd = L.pInitEnd;
    const pSharpFinalBeg = L.pSharpFinalBeg, pSharpInitEnd = L.pSharpInitEnd;
    const dim = this.dim;
    let a1 = 0, b1 = 0, a2 = 0, b2 = 0, a3 = 0, b3 = 0;
    for (let i = 0; i < dim; i++) {
      const ri = rhoInit[i], rf = rhoFinal[i];
      const r1 = ri + rf;
      rhoOut[i] = 0 + r1;
      a1 += pSharpEnd[i] * r1; b1 += pSharpBeg[i] * r1;
      const r2 = ri + pFinalBeg[i];
      a2 += pSharpFinalBeg[i] * r2; b2 += pSharpBeg[i] * r2;
      const r3 = rf + pInitEnd[i];
      a3 += pSharpEnd[i] * r3; b3 += pSharpInitEnd[i] * r3;
    }
    return a1 > 0 && b1 > 0 && a2 > 0 && b2 > 0 && a3 > 0 && b3 > 0;
  }

  init(position: ArrayLike<number>): NutsState {
    const dim = this.dim;
    if (position.length !== dim) {
      throw new Error(`Initial position has length ${position.length}; the target has dimension ${dim}.`);
    }
    const s = this.samples[this.which];
    for (let i = 0; i < dim; i++) s.q[i] = position[i];
    evaluate(this.target, s);
    if (!Number.isFinite(s.lp)) throw new Error('The log density is not finite at the initial position.');
    return { position: Float64Array.from(s.q), logDensity: s.lp, gradient: Float64Array.from(s.grad) };
  }

  step(rng: Rng, state: NutsState, tuning: NutsTuning): { state: NutsState; info: NutsInfo } {
    this.rng = rng;
    const metric = tuning.metric;
    this.metric = metric;
    const invDiag = metric.kind === 'diag' ? metric.inverseMetric : null;
    this.invDiag = invDiag;
    const eps = tuning.stepSize;
    const dim = this.dim, maxTreedepth = this.maxTreedepth, takeLast = this.takeLast;
    const z = this.z, zFwd = this.zFwd, zBck = this.zBck, zPropose = this.zPropose;
    const pFwdFwd = this.pFwdFwd, pSharpFwdFwd = this.pSharpFwdFwd, pFwdBck = this.pFwdBck, pSharpFwdBck = this.pSharpFwdBck;
    const pBckFwd = this.pBckFwd, pSharpBckFwd = this.pSharpBckFwd, pBckBck = this.pBckBck, pSharpBckBck = this.pSharpBckBck;
    const rho = this.rho, rhoFwd = this.rhoFwd, rhoBck = this.rhoBck;
    const zV = this.zV, zAg = this.zAg, fwdV = this.fwdV, fwdAg = this.fwdAg, bckV = this.bckV, bckAg = this.bckAg;
    // Start point: position, gradient and lp from the state, fresh momentum.
    z.q.set(state.position);
    z.grad.set(state.gradient);
    z.lp = state.logDensity;
    metric.sampleMomentum(rng, z.p);
    const which = 1 - this.which;
    this.which = which;
    const zSample = this.samples[which];
    copyPhasePoint(zFwd, z);
    copyPhasePoint(zBck, z);
    copyPhasePoint(zSample, z);
    copyPhasePoint(zPropose, z);
    metric.velocity(z.p, pSharpFwdFwd);
    if (invDiag === null) {
      metric.velocity(z.grad, zAg);
      fwdV.set(pSharpFwdFwd); bckV.set(pSharpFwdFwd);
      fwdAg.set(zAg); bckAg.set(zAg);
    }
    pSharpFwdBck.set(pSharpFwdFwd); pSharpBckFwd.set(pSharpFwdFwd); pSharpBckBck.set(pSharpFwdFwd);
    pFwdFwd.set(z.p); pFwdBck.set(z.p); pBckFwd.set(z.p); pBckBck.set(z.p);
    rho.set(z.p);

    let logSumWeight = 0; // log(exp(H0 - H0))
    // H0 = -lp + 1/2 p.(A p) from the velocity just computed (the same products and order as
    // metric.kineticEnergy, so the same bits, without a second d x d product for a dense metric).
    let t0 = 0;
    for (let i = 0; i < dim; i++) t0 += z.p[i] * pSharpFwdFwd[i];
    const h0 = -z.lp + 0.5 * t0;
    this.H0 = Number.isNaN(h0) ? Infinity : h0;
    this.nLeapfrog = 0;
    this.sumMetroProb = 0;
    this.divergent = false;
    let depth = 0;

    while (depth < maxTreedepth) {
      let valid: boolean;
      if (rng.uniform() > 0.5) {
        // Extend forward: the old trajectory becomes the backward part.
        copyPhasePoint(z, zFwd);
        if (invDiag === null) { zV.set(fwdV); zAg.set(fwdAg); }
        rhoBck.set(rho);
        pBckFwd.set(pFwdFwd);
        pSharpBckFwd.set(pSharpFwdFwd);
        this.signedEps = eps;
        valid = this.buildTree(depth, zPropose, pSharpFwdBck, pSharpFwdFwd, rhoFwd, pFwdBck, pFwdFwd);
        copyPhasePoint(zFwd, z);
        if (invDiag === null) { fwdV.set(zV); fwdAg.set(zAg); }
      } else {
        // Extend backward: the old trajectory becomes the forward part.
        copyPhasePoint(z, zBck);
        if (invDiag === null) { zV.set(bckV); zAg.set(bckAg); }
        rhoFwd.set(rho);
        pFwdBck.set(pBckBck);
        pSharpFwdBck.set(pSharpBckBck);
        this.signedEps = -eps;
        valid = this.buildTree(depth, zPropose, pSharpBckFwd, pSharpBckBck, rhoBck, pBckFwd, pBckBck);
        copyPhasePoint(zBck, z);
        if (invDiag === null) { bckV.set(zV); bckAg.set(zAg); }
      }
      if (!valid) break;
      depth++;
      // Biased progressive sampling: prefer the new subtree.
      const wSubtree = this.subtreeLogWeight;
      if (takeLast || wSubtree > logSumWeight) {
        copyPhasePoint(zSample, zPropose);
      } else if (rng.uniform() < Math.exp(wSubtree - logSumWeight)) {
        copyPhasePoint(zSample, zPropose);
      }
      logSumWeight = logSumExp(logSumWeight, wSubtree);

      // rho = rho_bck + rho_fwd; the criterion over the whole trajectory, then across the seam
      // between the old trajectory and the new subtree (one pass, six products).
      let a1 = 0, b1 = 0, a2 = 0, b2 = 0, a3 = 0, b3 = 0;
      for (let i = 0; i < dim; i++) {
        const rb = rhoBck[i], rf = rhoFwd[i];
        const r1 = rb + rf;
        rho[i] = r1;
        a1 += pSharpFwdFwd[i] * r1; b1 += pSharpBckBck[i] * r1;
        const r2 = rb + pFwdBck[i];
        a2 += pSharpFwdBck[i] * r2; b2 += pSharpBckBck[i] * r2;
        const r3 = rf + pBckFwd[i];
        a3 += pSharpFwdFwd[i] * r3; b3 += pSharpBckFwd[i] * r3;
      }
      if (!(a1 > 0 && b1 > 0 && a2 > 0 && b2 > 0 && a3 > 0 && b3 > 0)) break;
    }

    const nLeapfrog = this.nLeapfrog;
    const info = this.info;
    info.acceptStat = nLeapfrog > 0 ? this.sumMetroProb / nLeapfrog : 0;
    info.stepSize = eps;
    info.treeDepth = depth;
    info.nLeapfrog = nLeapfrog;
    info.divergent = this.divergent;
    info.energy = hamiltonian(metric, zSample);
    const st = this.outState[which];
    st.logDensity = zSample.lp;
    this.result.state = st;
    return this.result;
  }
}

export function nutsKernel(target: LogDensity, options: NutsOptions = {}): NutsKernel {
  return new NutsSampler(target, options);
}
