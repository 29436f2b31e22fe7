// Multinomial NUTS exactly as Stan's base_nuts.hpp (stan-dev/stan, src/stan/mcmc/hmc/nuts/):
// - the trajectory doubles in a random direction until the generalized no-U-turn criterion fails
//   (Betancourt 2017, "A Conceptual Introduction to HMC", appendix A), with the two extra checks
//   across the seam of every merge of two sub-trajectories;
// - within a subtree states are sampled uniformly (multinomially by weight exp(H0 - H)); across the
//   top-level doublings the new subtree is preferred ("biased progressive sampling");
// - an energy error above maxDeltaH (1000) is a divergence and stops the trajectory.
// Kept as the plain reference for nutsFused.test.ts (same types as src/core/sampler/nuts.ts).
// Shape as BlackJAX (blackjax/mcmc/nuts.py): init(position) -> state, step(rng, state, tuning).
import type { LogDensity } from '../../../src/core/types';
import type { Metric } from '../../../src/core/sampler/metric';
import type { NutsInfo, NutsKernel, NutsOptions, NutsState, NutsTuning } from '../../../src/core/sampler/nuts';
import type { Rng } from '../../../src/core/sampler/rng';
import { createPhasePoint, copyPhasePoint, type PhasePoint } from '../../../src/core/sampler/phasePoint';
import { evaluate, hamiltonian, leapfrog } from '../../../src/core/sampler/leapfrog';

function logSumExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/**
 * Generalized no-U-turn criterion (continue while both hold): pSharpMinus.r > 0 and pSharpPlus.r > 0
 * with r = rho + extra (extra null: r = rho). Summing here avoids materialising rho + extra.
 */
function persists(pSharpMinus: Float64Array, pSharpPlus: Float64Array, rho: Float64Array, extra: Float64Array | null): boolean {
  let a = 0, b = 0;
  const n = rho.length;
  if (extra === null) {
    for (let i = 0; i < n; i++) { a += pSharpPlus[i] * rho[i]; b += pSharpMinus[i] * rho[i]; }
  } else {
    for (let i = 0; i < n; i++) {
      const r = rho[i] + extra[i];
      a += pSharpPlus[i] * r;
      b += pSharpMinus[i] * r;
    }
  }
  return a > 0 && b > 0;
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

export function nutsKernel(target: LogDensity, options: NutsOptions = {}): NutsKernel {
  const dim = target.dim;
  if (!Number.isInteger(dim) || dim < 1) throw new Error(`Target dimension must be a positive integer; got ${dim}.`);
  const maxTreedepth = options.maxTreedepth ?? 10;
  if (!Number.isInteger(maxTreedepth) || maxTreedepth < 1) {
    throw new Error(`maxTreedepth must be a positive integer; got ${maxTreedepth}.`);
  }
  const maxDeltaH = options.maxDeltaH ?? 1000;
  const gradSign = options.fault === 'momentumSign' ? -1 : 1;
  const takeLast = options.fault === 'lastState';

  const vec = () => new Float64Array(dim);
  // Trajectory buffers, allocated once.
  const z = createPhasePoint(dim);
  const zFwd = createPhasePoint(dim), zBck = createPhasePoint(dim);
  const zPropose = createPhasePoint(dim);
  const samples = [createPhasePoint(dim), createPhasePoint(dim)];
  let which = 0;
  const pFwdFwd = vec(), pSharpFwdFwd = vec(), pFwdBck = vec(), pSharpFwdBck = vec();
  const pBckFwd = vec(), pSharpBckFwd = vec(), pBckBck = vec(), pSharpBckBck = vec();
  const rho = vec(), rhoFwd = vec(), rhoBck = vec();
  const velocity = vec();
  const levels: Level[] = [];
  for (let d = 0; d < maxTreedepth; d++) {
    levels.push({
      zProposeFinal: createPhasePoint(dim), pInitEnd: vec(), pSharpInitEnd: vec(), pFinalBeg: vec(),
      pSharpFinalBeg: vec(), rhoInit: vec(), rhoFinal: vec(),
    });
  }
  const outState: NutsState[] = samples.map((s) => ({ position: s.q, logDensity: 0, gradient: s.grad }));
  const info: NutsInfo = { acceptStat: 0, stepSize: 0, treeDepth: 0, nLeapfrog: 0, divergent: false, energy: 0 };
  const result = { state: outState[0], info };

  // Per-transition accumulators (Stan passes these by reference).
  let metric: Metric;
  let rng: Rng;
  let signedEps = 0;
  let H0 = 0;
  let nLeapfrog = 0;
  let sumMetroProb = 0;
  let divergent = false;
  /** Log sum of weights of the subtree most recently built by buildTree. */
  let subtreeLogWeight = -Infinity;

  /**
   * Builds a subtree of 2^depth leapfrog steps from z in the current direction (Stan's build_tree).
   * Writes the subtree's proposal, end momenta (beg = nearest the existing trajectory) and summed
   * momentum (added into rho). Returns false when it diverged or U-turned internally.
   */
  function buildTree(
    depth: number, propose: PhasePoint, pSharpBeg: Float64Array, pSharpEnd: Float64Array,
    rhoOut: Float64Array, pBeg: Float64Array, pEnd: Float64Array,
  ): boolean {
    if (depth === 0) {
      leapfrog(target, metric, z, signedEps, velocity, gradSign);
      nLeapfrog++;
      const h = hamiltonian(metric, z);
      if (h - H0 > maxDeltaH) divergent = true;
      subtreeLogWeight = H0 - h;
      sumMetroProb += H0 - h > 0 ? 1 : Math.exp(H0 - h);
      copyPhasePoint(propose, z);
      metric.velocity(z.p, pSharpBeg);
      pSharpEnd.set(pSharpBeg);
      const p = z.p;
      for (let i = 0; i < dim; i++) rhoOut[i] += p[i];
      pBeg.set(p);
      pEnd.set(p);
      return !divergent;
    }
    const L = levels[depth];
    // Initial half.
    L.rhoInit.fill(0);
    if (!buildTree(depth - 1, propose, pSharpBeg, L.pSharpInitEnd, L.rhoInit, pBeg, L.pInitEnd)) return false;
    const wInit = subtreeLogWeight;
    // Final half.
    L.rhoFinal.fill(0);
    if (!buildTree(depth - 1, L.zProposeFinal, L.pSharpFinalBeg, pSharpEnd, L.rhoFinal, L.pFinalBeg, pEnd)) return false;
    const wFinal = subtreeLogWeight;
    // Uniform (multinomial) sampling within the subtree: take the final half's proposal with
    // probability w_final / (w_init + w_final).
    const wSubtree = logSumExp(wInit, wFinal);
    subtreeLogWeight = wSubtree;
    if (takeLast || wFinal > wSubtree) {
      copyPhasePoint(propose, L.zProposeFinal);
    } else if (rng.uniform() < Math.exp(wFinal - wSubtree)) {
      copyPhasePoint(propose, L.zProposeFinal);
    }
    const rhoInit = L.rhoInit, rhoFinal = L.rhoFinal;
    for (let i = 0; i < dim; i++) rhoOut[i] += rhoInit[i] + rhoFinal[i];
    // The criterion over the merged subtree and across its seam (Stan >= 2.21): whole subtree;
    // init half plus the first state of the final half; final half plus the last state of the init half.
    let ok = persists(pSharpBeg, pSharpEnd, rhoInit, rhoFinal);
    ok = ok && persists(pSharpBeg, L.pSharpFinalBeg, rhoInit, L.pFinalBeg);
    ok = ok && persists(L.pSharpInitEnd, pSharpEnd, rhoFinal, L.pInitEnd);
    return ok;
  }

  function init(position: ArrayLike<number>): NutsState {
    if (position.length !== dim) {
      throw new Error(`Initial position has length ${position.length}; the target has dimension ${dim}.`);
    }
    const s = samples[which];
    for (let i = 0; i < dim; i++) s.q[i] = position[i];
    evaluate(target, s);
    if (!Number.isFinite(s.lp)) throw new Error('The log density is not finite at the initial position.');
    return { position: Float64Array.from(s.q), logDensity: s.lp, gradient: Float64Array.from(s.grad) };
  }

  function step(rngIn: Rng, state: NutsState, tuning: NutsTuning): { state: NutsState; info: NutsInfo } {
    rng = rngIn;
    metric = tuning.metric;
    const eps = tuning.stepSize;
    // Start point: position, gradient and lp from the state, fresh momentum.
    z.q.set(state.position);
    z.grad.set(state.gradient);
    z.lp = state.logDensity;
    metric.sampleMomentum(rng, z.p);
    which = 1 - which;
    const zSample = samples[which];
    copyPhasePoint(zFwd, z);
    copyPhasePoint(zBck, z);
    copyPhasePoint(zSample, z);
    copyPhasePoint(zPropose, z);
    metric.velocity(z.p, pSharpFwdFwd);
    pSharpFwdBck.set(pSharpFwdFwd); pSharpBckFwd.set(pSharpFwdFwd); pSharpBckBck.set(pSharpFwdFwd);
    pFwdFwd.set(z.p); pFwdBck.set(z.p); pBckFwd.set(z.p); pBckBck.set(z.p);
    rho.set(z.p);

    let logSumWeight = 0; // log(exp(H0 - H0))
    H0 = hamiltonian(metric, z);
    nLeapfrog = 0;
    sumMetroProb = 0;
    divergent = false;
    let depth = 0;

    while (depth < maxTreedepth) {
      rhoFwd.fill(0);
      rhoBck.fill(0);
      let valid: boolean;
      if (rng.uniform() > 0.5) {
        // Extend forward: the old trajectory becomes the backward part.
        copyPhasePoint(z, zFwd);
        rhoBck.set(rho);
        pBckFwd.set(pFwdFwd);
        pSharpBckFwd.set(pSharpFwdFwd);
        signedEps = eps;
        valid = buildTree(depth, zPropose, pSharpFwdBck, pSharpFwdFwd, rhoFwd, pFwdBck, pFwdFwd);
        copyPhasePoint(zFwd, z);
      } else {
        // Extend backward: the old trajectory becomes the forward part.
        copyPhasePoint(z, zBck);
        rhoFwd.set(rho);
        pFwdBck.set(pBckBck);
        pSharpFwdBck.set(pSharpBckBck);
        signedEps = -eps;
        valid = buildTree(depth, zPropose, pSharpBckFwd, pSharpBckBck, rhoBck, pBckFwd, pBckBck);
        copyPhasePoint(zBck, z);
      }
      if (!valid) break;
      depth++;
      // Biased progressive sampling: prefer the new subtree.
      const wSubtree = subtreeLogWeight;
      if (takeLast || wSubtree > logSumWeight) {
        copyPhasePoint(zSample, zPropose);
      } else if (rng.uniform() < Math.exp(wSubtree - logSumWeight)) {
        copyPhasePoint(zSample, zPropose);
      }
      logSumWeight = logSumExp(logSumWeight, wSubtree);

      for (let i = 0; i < dim; i++) rho[i] = rhoBck[i] + rhoFwd[i];
      // Whole trajectory, then across the seam between the old trajectory and the new subtree.
      let ok = persists(pSharpBckBck, pSharpFwdFwd, rho, null);
      ok = ok && persists(pSharpBckBck, pSharpFwdBck, rhoBck, pFwdBck);
      ok = ok && persists(pSharpBckFwd, pSharpFwdFwd, rhoFwd, pBckFwd);
      if (!ok) break;
    }

    info.acceptStat = nLeapfrog > 0 ? sumMetroProb / nLeapfrog : 0;
    info.stepSize = eps;
    info.treeDepth = depth;
    info.nLeapfrog = nLeapfrog;
    info.divergent = divergent;
    info.energy = hamiltonian(metric, zSample);
    const st = outState[which];
    st.logDensity = zSample.lp;
    result.state = st;
    return result;
  }

  return { dim, init, step };
}
