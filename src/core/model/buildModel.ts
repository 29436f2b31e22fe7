// Compiles a ModelStructure into the log posterior on the unconstrained scale with its exact
// gradient, as brms's generated Stan program defines it (algorithms.md §e), with constants dropped
// (Stan's `~`). The gradient is hand-fused (algorithms.md §f): one pass builds eta (gathering r by
// group index), one fused likelihood kernel gives d lp / d eta, one pass does X^T d eta and the
// scatter-add into d r, then back through the group-effect blocks and the transforms.
// Every buffer is allocated here; logDensityGradient allocates nothing.
import type { CompiledModel, ModelStructure } from '../types';
import {
  bernoulliLogitKernel, binomialLogitKernel, negBinomial2LogKernel, normalIdKernel, poissonLogKernel,
  studentIdKernel,
} from '../dist/likelihoodKernels';
import { lkjCorrCholeskyLpdf } from '../dist/lkjCorrCholesky';
import { priorLogDensity } from '../dist/priorDensity';
import { choleskyCorrConstrain, choleskyCorrGradient } from '../transform/choleskyCorr';
import { noncenteredBackward, noncenteredBackward2, noncenteredForward, noncenteredForward2 } from '../transform/noncentered';
import { digamma, lgamma } from '../math/special';
import { compileFusedLoop, type FusedLoop } from './kernelsCodegen';
import { modelLayout } from './layout';
import { validateStructure } from './validateStructure';

interface TermBuffers {
  sd: Float64Array;
  dSd: Float64Array;
  /** Cholesky factor of the correlation (M x M), null when uncorrelated or M = 1. */
  L: Float64Array | null;
  dL: Float64Array | null;
  lkjGrad: Float64Array | null;
  u: Float64Array;
  v: Float64Array;
  /** Centred terms: r_j / sd, 1 / sd and 1 / diag(L) (scratch, length M). */
  w: Float64Array;
  invSd: Float64Array;
  invLd: Float64Array;
}

/** Column means of a row-major N x K matrix. */
function columnMeans(X: Float64Array, N: number, K: number): Float64Array {
  const means = new Float64Array(K);
  for (let n = 0; n < N; n++) for (let k = 0; k < K; k++) means[k] += X[n * K + k];
  for (let k = 0; k < K; k++) means[k] /= N;
  return means;
}

/** eta[n] += Z[n] * r[base + index[n]] (Z all ones: no multiply). */
function gather(eta: Float64Array, Z: Float64Array, index: Int32Array, r: Float64Array, base: number, ones: boolean): void {
  const n = eta.length;
  if (ones) for (let i = 0; i < n; i++) eta[i] += r[base + index[i]];
  else for (let i = 0; i < n; i++) eta[i] += Z[i] * r[base + index[i]];
}

/** eta[n] = offset[n] + a + Z[n] * r[base + index[n]]. */
function gatherInit(
  eta: Float64Array, offset: Float64Array, a: number, Z: Float64Array, index: Int32Array, r: Float64Array, base: number, ones: boolean,
): void {
  const n = eta.length;
  if (ones) for (let i = 0; i < n; i++) eta[i] = offset[i] + a + r[base + index[i]];
  else for (let i = 0; i < n; i++) eta[i] = offset[i] + a + Z[i] * r[base + index[i]];
}

/** scatterAdd that also returns sum_n dEta[n]. */
function scatterAddSum(dr: Float64Array, Z: Float64Array, index: Int32Array, dEta: Float64Array, base: number, ones: boolean): number {
  const n = dEta.length;
  let sum = 0;
  if (ones) {
    for (let i = 0; i < n; i++) {
      const g = dEta[i];
      sum += g;
      dr[base + index[i]] += g;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const g = dEta[i];
      sum += g;
      dr[base + index[i]] += Z[i] * g;
    }
  }
  return sum;
}

/** dr[base + index[n]] += Z[n] * dEta[n], the reverse of gather. */
function scatterAdd(dr: Float64Array, Z: Float64Array, index: Int32Array, dEta: Float64Array, base: number, ones: boolean): void {
  const n = dEta.length;
  if (ones) for (let i = 0; i < n; i++) dr[base + index[i]] += dEta[i];
  else for (let i = 0; i < n; i++) dr[base + index[i]] += Z[i] * dEta[i];
}

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
 * Per-row cost of the family's log likelihood and its derivative, in multiply-adds (~1 ns each):
 * transcendental functions (exp, log1p, lgamma, digamma) dominate the non-gaussian ones.
 */
const FAMILY_ROW_COST: Record<ModelStructure['family'], number> = {
  gaussian: 4, student: 40, bernoulli: 30, binomial: 40, poisson: 30, negbinomial: 60,
};

/**
 * Rough multiply-adds of one gradient (LogDensity.gradientCost): per row the linear predictor and
 * its backward pass over the K population and sum(M) group coefficients plus the family's cost;
 * per coordinate the transforms and priors. Deterministic, so choices made from it are too.
 */
export function gradientCost(s: ModelStructure, dim: number): number {
  const coefficients = s.K + s.groups.reduce((sum, g) => sum + g.coefNames.length, 0);
  return s.N * (2 * coefficients + FAMILY_ROW_COST[s.family]) + 20 * dim + 1000;
}

export function buildModel(structure: ModelStructure, options: BuildModelOptions = {}): CompiledModel {
  validateStructure(structure);
  const s = structure;
  const lay = modelLayout(s);
  const { dim, K, intercept, bOffset, terms } = lay;
  // With an hcentered term the population Intercept lives in that term's coordinates
  // (beta_j = Intercept + r_j[Intercept]) and drops out of the linear predictor.
  const absorbed = lay.absorbingTerm >= 0;
  const N = s.N;
  const family = s.family;
  const y = s.y;
  const trials = s.trials ?? new Float64Array(0);

  // brms centres the population design when the model has an intercept (stan_center_X).
  const means = s.hasIntercept ? columnMeans(s.X, N, K) : new Float64Array(K);
  const base = s.offset ? Float64Array.from(s.offset) : new Float64Array(N);

  const eta = new Float64Array(N);
  const dEta = new Float64Array(N);
  const r = new Float64Array(lay.rSize);
  const dr = new Float64Array(lay.rSize);
  const famOut = new Float64Array(2);
  const pg = new Float64Array(1);

  // Centred population columns (column-major) and one gather column per (group term, coefficient):
  // eta[n] += Z_c[n] * r[colBase_c + index_c[n]]. Separate tight loops beat one loop with short
  // inner loops in V8 (measured in bench/gradient.ts).
  const Xcol: Float64Array[] = [];
  for (let k = 0; k < K; k++) {
    const col = new Float64Array(N);
    for (let n = 0; n < N; n++) col[n] = s.X[n * K + k] - means[k];
    Xcol.push(col);
  }
  const colIndex: Int32Array[] = [];
  const colZ: Float64Array[] = [];
  const colBase: number[] = [];
  /** True when the column's Z is all ones (intercepts): the gather skips the multiply. */
  const colOnes: boolean[] = [];
  const colTerm: number[] = [];
  for (const [t, tl] of terms.entries()) {
    const g = s.groups[tl.term];
    for (let m = 0; m < tl.M; m++) {
      colIndex.push(g.index);
      colZ.push(g.Z[m]);
      colOnes.push(g.Z[m].every((v) => v === 1));
      colBase.push(tl.rOffset + m * tl.J);
      colTerm.push(t);
    }
  }
  const C = colIndex.length;

  const kernel = options.kernel ?? 'auto';
  const generalGroupLoops = options.generalGroupLoops === true;
  const fused: FusedLoop | null = kernel === 'passes' ? null : compileFusedLoop({
    family, N, K, y, trials: s.trials, base: s.offset ? base : null, Xcol, intercept: !absorbed,
    termIndex: terms.map((tl) => s.groups[tl.term].index),
    columns: colIndex.map((_, c) => ({ term: colTerm[c], rBase: colBase[c], Z: colOnes[c] ? null : colZ[c] })),
    r, dr,
  });
  if (kernel === 'fused' && !fused) throw new Error('buildModel: the fused kernel needs code generation (new Function), which this environment forbids');
  const P = new Float64Array(K + 3);
  const fusedOut = new Float64Array(K + 3);
  const buffers: TermBuffers[] = terms.map((tl) => {
    const M = tl.M;
    return {
      sd: new Float64Array(M),
      dSd: new Float64Array(M),
      L: tl.hasCor ? new Float64Array(M * M) : null,
      dL: tl.hasCor ? new Float64Array(M * M) : null,
      lkjGrad: tl.hasCor ? new Float64Array(M * M) : null,
      u: new Float64Array(M),
      v: new Float64Array(M),
      w: new Float64Array(M),
      invSd: new Float64Array(M),
      invLd: new Float64Array(M),
    };
  });

  /**
   * Constrains the group terms: sd, L (returns the Cholesky log-Jacobian) and the effects the
   * linear predictor uses, into r: r itself, except for an hcentered term's intercept row, which
   * holds beta = Intercept + r (writeDraw subtracts the Intercept again).
   */
  function groupForward(theta: Float64Array): number {
    let lj = 0;
    for (let t = 0; t < terms.length; t++) {
      const tl = terms[t];
      const b = buffers[t];
      for (let m = 0; m < tl.M; m++) b.sd[m] = Math.exp(theta[tl.sdOffset + m]);
      if (b.L) lj += choleskyCorrConstrain(theta, tl.corOffset, tl.M, b.L);
      if (tl.centered) {
        const size = tl.M * tl.J;
        for (let i = 0; i < size; i++) r[tl.rOffset + i] = theta[tl.zOffset + i];
      } else if (tl.M === 2 && b.L && !generalGroupLoops) {
        noncenteredForward2(b.sd, b.L, theta, tl.zOffset, tl.J, r, tl.rOffset);
      } else {
        noncenteredForward(b.sd, b.L, theta, tl.zOffset, tl.M, tl.J, r, tl.rOffset);
      }
    }
    return lj;
  }

  /**
   * Centred prior r_j ~ MVN(0, diag(sd) L L^T diag(sd)) with constants dropped; adds gradients.
   * hcentered: the coordinates are beta_j and r_j = beta_j - (Intercept, 0, ..., 0), so the
   * Intercept's gradient gets minus the sum of the intercept row's (unit Jacobian shift).
   */
  function centeredPrior(theta: Float64Array, grad: Float64Array, t: number): number {
    const tl = terms[t];
    const b = buffers[t];
    const { M, J, zOffset } = tl;
    const L = b.L;
    const { sd, dSd, u, v, w, invSd, invLd } = b;
    const shift = tl.absorbsIntercept ? theta[intercept] : 0;
    let dShift = 0;
    let lp = 0;
    // Reciprocals once per gradient: the loop over levels multiplies instead of dividing.
    for (let m = 0; m < M; m++) {
      invSd[m] = 1 / sd[m];
      invLd[m] = L ? 1 / L[m * M + m] : 1;
    }
    if (M === 2 && L && b.dL && !generalGroupLoops) {
      // (1 + x | g), the commonest correlated term: the general loop below unrolled for M = 2 with
      // scalars in registers, the same operations in the same order (so the same bits); per level
      // ~5x faster than the general loop's short inner loops and Float64Array scratch.
      const dL = b.dL;
      const is0 = invSd[0], is1 = invSd[1], iL0 = invLd[0], iL1 = invLd[1], L10 = L[2];
      const z0 = zOffset, z1 = zOffset + J;
      let dSd0 = 0, dSd1 = 0, dL00 = 0, dL10 = 0, dL11 = 0;
      for (let j = 0; j < J; j++) {
        const w0 = (theta[z0 + j] - shift) * is0;
        const w1 = theta[z1 + j] * is1;
        const u0 = w0 * iL0;
        const u1 = (w1 - L10 * u0) * iL1;
        const v1 = u1 * iL1;
        const v0 = (u0 - L10 * v1) * iL0;
        dShift += v0 * is0;
        lp -= 0.5 * u0 * u0;
        const vs0 = v0 * is0;
        grad[z0 + j] -= vs0;
        dSd0 += vs0 * w0;
        dL00 += v0 * u0;
        lp -= 0.5 * u1 * u1;
        const vs1 = v1 * is1;
        grad[z1 + j] -= vs1;
        dSd1 += vs1 * w1;
        dL10 += v1 * u0;
        dL11 += v1 * u1;
      }
      dSd[0] += dSd0;
      dSd[1] += dSd1;
      dL[0] += dL00;
      dL[2] += dL10;
      dL[3] += dL11;
    } else if (M === 1 && !L) {
      // One coefficient: u = v = w = r_j / sd.
      const is = invSd[0];
      let ss = 0, sw = 0;
      for (let j = 0; j < J; j++) {
        const wj = (theta[zOffset + j] - shift) * is;
        ss += wj * wj;
        sw += wj;
        grad[zOffset + j] -= wj * is;
      }
      lp -= 0.5 * ss;
      dSd[0] += ss * is;
      dShift += sw * is;
    } else {
      const dL = b.dL;
      for (let j = 0; j < J; j++) {
        // w = r_j / sd; u = L^{-1} w
        for (let m = 0; m < M; m++) {
          const wm = (m === 0 ? theta[zOffset + j] - shift : theta[zOffset + m * J + j]) * invSd[m];
          w[m] = wm;
          let acc = wm;
          if (L) for (let k = 0; k < m; k++) acc -= L[m * M + k] * u[k];
          u[m] = acc * invLd[m];
        }
        // v = L^{-T} u ; d lp / d w = -v
        for (let m = M - 1; m >= 0; m--) {
          let acc = u[m];
          if (L) for (let k = m + 1; k < M; k++) acc -= L[k * M + m] * v[k];
          v[m] = acc * invLd[m];
        }
        dShift += v[0] * invSd[0];
        for (let m = 0; m < M; m++) {
          lp -= 0.5 * u[m] * u[m];
          const vs = v[m] * invSd[m];
          grad[zOffset + m * J + j] -= vs;
          dSd[m] += vs * w[m];
          if (dL) for (let k = 0; k <= m; k++) dL[m * M + k] += v[m] * u[k];
        }
      }
    }
    for (let m = 0; m < M; m++) {
      lp -= J * Math.log(sd[m]);
      dSd[m] -= J / sd[m];
      if (L && b.dL) {
        lp -= J * Math.log(L[m * M + m]);
        b.dL[m * M + m] -= J / L[m * M + m];
      }
    }
    if (tl.absorbsIntercept) grad[intercept] += dShift;
    return lp;
  }

  /**
   * The observation loop: lp of the likelihood (constants dropped), d lp / d (Intercept, b) added
   * into grad, d lp / d r into dr, family-parameter partials into famOut. sigma, nu, shape given.
   */
  function observationPasses(theta: Float64Array, grad: Float64Array, a: number, sigma: number, nu: number, shape: number): number {
      // Pass 1: linear predictor eta = offset + Intercept + Xc b + sum_c Z_c * r_c[index_c]
      // (a = 0 when an hcentered term carries the Intercept in r).
      // The first gather is fused with the initialisation (one pass fewer).
      if (C > 0) gatherInit(eta, base, a, colZ[0], colIndex[0], r, colBase[0], colOnes[0]);
      else for (let n = 0; n < N; n++) eta[n] = base[n] + a;
      for (let k = 0; k < K; k++) {
        const col = Xcol[k];
        const bk = theta[bOffset + k];
        for (let n = 0; n < N; n++) eta[n] += col[n] * bk;
      }
      for (let c = 1; c < C; c++) gather(eta, colZ[c], colIndex[c], r, colBase[c], colOnes[c]);

      // Pass 2: fused likelihood, d lp / d eta.
      let lp = 0;
      switch (family) {
        case 'gaussian':
          sigma = Math.exp(theta[lay.sigma]);
          lp += normalIdKernel(y, eta, N, sigma, dEta, famOut);
          break;
        case 'student':
          sigma = Math.exp(theta[lay.sigma]);
          nu = 1 + Math.exp(theta[lay.nu]);
          lp += studentIdKernel(y, eta, N, sigma, nu, dEta, famOut);
          break;
        case 'bernoulli':
          lp += bernoulliLogitKernel(y, eta, N, dEta);
          break;
        case 'binomial':
          lp += binomialLogitKernel(y, trials, eta, N, dEta);
          break;
        case 'poisson':
          lp += poissonLogKernel(y, eta, N, dEta);
          break;
        case 'negbinomial':
          shape = Math.exp(theta[lay.shape]);
          lp += negBinomial2LogKernel(y, eta, N, shape, dEta, famOut);
          break;
      }
      if (!Number.isFinite(lp)) return lp;

      // Pass 3: sum for the intercept, Xc^T d eta, scatter-add into d r.
      dr.fill(0);
      // The first scatter also sums d eta for the intercept.
      let dA = 0;
      if (C > 0) dA = scatterAddSum(dr, colZ[0], colIndex[0], dEta, colBase[0], colOnes[0]);
      else for (let n = 0; n < N; n++) dA += dEta[n];
      for (let k = 0; k < K; k++) {
        const col = Xcol[k];
        let acc = 0;
        for (let n = 0; n < N; n++) acc += col[n] * dEta[n];
        grad[bOffset + k] += acc;
      }
      for (let c = 1; c < C; c++) scatterAdd(dr, colZ[c], colIndex[c], dEta, colBase[c], colOnes[c]);

      if (intercept >= 0 && !absorbed) grad[intercept] += dA;
      return lp;
  }

  function observationFused(loop: FusedLoop, theta: Float64Array, grad: Float64Array, a: number, sigma: number, nu: number, shape: number): number {
    P[0] = a;
    for (let k = 0; k < K; k++) P[1 + k] = theta[bOffset + k];
    P[K + 1] = family === 'negbinomial' ? shape : sigma;
    P[K + 2] = nu;
    dr.fill(0);
    loop(P, fusedOut);
    if (intercept >= 0 && !absorbed) grad[intercept] += fusedOut[2];
    for (let k = 0; k < K; k++) grad[bOffset + k] += fusedOut[3 + k];
    switch (family) {
      case 'gaussian': {
        const ss = fusedOut[0];
        famOut[0] = (ss - N) / sigma;
        return -0.5 * ss - N * Math.log(sigma);
      }
      case 'student': {
        const sumLog = fusedOut[0];
        const sumFrac = fusedOut[1];
        const half = 0.5 * (nu + 1);
        famOut[0] = (-N + (nu + 1) * sumFrac) / sigma;
        famOut[1] = N * 0.5 * (digamma(half) - digamma(0.5 * nu) - 1 / nu) - 0.5 * sumLog + (half / nu) * sumFrac;
        return N * (lgamma(half) - lgamma(0.5 * nu) - 0.5 * Math.log(nu) - Math.log(sigma)) - half * sumLog;
      }
      case 'negbinomial':
        famOut[0] = fusedOut[1];
        return fusedOut[0];
      default:
        return fusedOut[0];
    }
  }

  function logDensityGradient(theta: Float64Array, grad: Float64Array): number {
    grad.fill(0);
    let lp = groupForward(theta);
    const a = intercept >= 0 ? theta[intercept] : 0;
    const aEta = absorbed ? 0 : a;

    const sigma = lay.sigma >= 0 ? Math.exp(theta[lay.sigma]) : 0;
    const nu = lay.nu >= 0 ? 1 + Math.exp(theta[lay.nu]) : 0;
    const shape = lay.shape >= 0 ? Math.exp(theta[lay.shape]) : 0;
    lp += fused ? observationFused(fused, theta, grad, aEta, sigma, nu, shape) : observationPasses(theta, grad, aEta, sigma, nu, shape);
    if (!Number.isFinite(lp)) return -Infinity;

    // Population-level priors.
    if (intercept >= 0) {
      lp += priorLogDensity(s.interceptPrior, a, pg);
      grad[intercept] += pg[0];
    }
    for (let k = 0; k < K; k++) {
      lp += priorLogDensity(s.bPriors[k], theta[bOffset + k], pg);
      grad[bOffset + k] += pg[0];
    }

    // Group-level blocks.
    for (let t = 0; t < terms.length; t++) {
      const tl = terms[t];
      const b = buffers[t];
      const g = s.groups[tl.term];
      const { M, J } = tl;
      // Loops, not fill(): for a handful of entries the builtin's fixed cost is ~4x the loop's.
      for (let m = 0; m < M; m++) b.dSd[m] = 0;
      if (b.dL) for (let i = 0; i < M * M; i++) b.dL[i] = 0;
      if (tl.centered) {
        for (let i = 0; i < M * J; i++) grad[tl.zOffset + i] += dr[tl.rOffset + i];
        lp += centeredPrior(theta, grad, t);
      } else if (M === 2 && b.L && !generalGroupLoops) {
        // One pass: the backward pass and the z ~ std_normal() prior together.
        lp = noncenteredBackward2(b.sd, b.L, theta, tl.zOffset, J, dr, tl.rOffset, grad, b.dSd, b.dL, lp);
      } else {
        for (let i = tl.zOffset, end = tl.zOffset + M * J; i < end; i++) {
          const z = theta[i];
          lp -= 0.5 * z * z; // z ~ std_normal()
          grad[i] -= z;
        }
        noncenteredBackward(b.sd, b.L, theta, tl.zOffset, M, J, dr, tl.rOffset, grad, b.dSd, b.dL);
      }
      const { dL, lkjGrad } = b;
      if (b.L && dL && lkjGrad) {
        lp += lkjCorrCholeskyLpdf(b.L, M, g.lkjEta, true, lkjGrad);
        for (let i = 0, n = M * M; i < n; i++) dL[i] += lkjGrad[i];
        choleskyCorrGradient(theta, tl.corOffset, M, b.L, dL, grad);
      }
      for (let m = 0; m < M; m++) {
        lp += priorLogDensity(g.sdPriors[m], b.sd[m], pg);
        // sd = exp(u): chain rule plus the log-Jacobian u.
        lp += theta[tl.sdOffset + m];
        grad[tl.sdOffset + m] += (b.dSd[m] + pg[0]) * b.sd[m] + 1;
      }
    }

    // Family parameters: sigma = exp(u), nu = 1 + exp(u), shape = exp(u); each log|J| = u.
    if (lay.sigma >= 0) {
      const u = theta[lay.sigma];
      const prior = s.sigmaPrior ? priorLogDensity(s.sigmaPrior, sigma, pg) : (pg[0] = 0);
      lp += prior + u;
      grad[lay.sigma] += (famOut[0] + pg[0]) * sigma + 1;
    }
    if (lay.nu >= 0) {
      const u = theta[lay.nu];
      const prior = s.nuPrior ? priorLogDensity(s.nuPrior, nu, pg) : (pg[0] = 0);
      lp += prior + u;
      grad[lay.nu] += (famOut[1] + pg[0]) * (nu - 1) + 1;
    }
    if (lay.shape >= 0) {
      const u = theta[lay.shape];
      const prior = s.shapePrior ? priorLogDensity(s.shapePrior, shape, pg) : (pg[0] = 0);
      lp += prior + u;
      grad[lay.shape] += (famOut[0] + pg[0]) * shape + 1;
    }

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

  function writeDraw(theta: Float64Array, out: Float64Array): void {
    groupForward(theta);
    let o = 0;
    if (intercept >= 0) {
      let bi = theta[intercept];
      for (let k = 0; k < K; k++) bi -= means[k] * theta[bOffset + k]; // b_Intercept = Intercept - means' b
      out[o++] = bi;
    }
    for (let k = 0; k < K; k++) out[o++] = theta[bOffset + k];
    for (let t = 0; t < terms.length; t++) for (let m = 0; m < terms[t].M; m++) out[o++] = buffers[t].sd[m];
    for (let t = 0; t < terms.length; t++) {
      const L = buffers[t].L;
      const M = terms[t].M;
      if (!L) continue;
      // Cor = L L^T; cor[j, k] for k = 2..M, j = 1..k-1 (brms order).
      for (let k = 1; k < M; k++) {
        for (let j = 0; j < k; j++) {
          let c = 0;
          for (let i = 0; i <= j; i++) c += L[j * M + i] * L[k * M + i];
          out[o++] = c;
        }
      }
    }
    if (lay.sigma >= 0) out[o++] = Math.exp(theta[lay.sigma]);
    if (lay.nu >= 0) out[o++] = 1 + Math.exp(theta[lay.nu]);
    if (lay.shape >= 0) out[o++] = Math.exp(theta[lay.shape]);
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
