// The group-level terms of a compiled model (brms's r_ blocks, algorithms.md §e-f): the sd's and
// Cholesky correlation factors from their unconstrained coordinates, the effects r from z
// (non-centred, r_j = diag(sd) L z_j as brms fun_scale_r_cor.stan) or taken directly (centred),
// their priors (z ~ std_normal, or r_j ~ MVN(0, diag(sd) L L^T diag(sd)) when centred, lkj on L,
// the sd priors with the log-Jacobian of sd = exp(u)), and the reverse pass from d lp / d r.
import type { ModelStructure } from '../types';
import { lkjCorrCholeskyLpdf } from '../dist/lkjCorrCholesky';
import { priorLogDensity } from '../dist/priorDensity';
import { choleskyCorrConstrain, choleskyCorrGradient } from '../transform/choleskyCorr';
import { noncenteredBackward, noncenteredBackward2, noncenteredForward, noncenteredForward2 } from '../transform/noncentered';
import type { ModelLayout } from './layout';

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

export interface GroupTerms {
  /**
   * Constrains every term from theta into sd, L and r (the effects the linear predictor uses);
   * returns the Cholesky log-Jacobian.
   */
  forward(theta: Float64Array): number;
  /**
   * The terms' log prior and Jacobian added to lp (returned), with the gradient: dr (d lp / d r
   * from the likelihood) back through the effects, and every term's own prior.
   */
  backward(theta: Float64Array, grad: Float64Array, lp: number): number;
  /** Writes sd_* then cor_* (brms order) from the last forward() into out at o; returns the next o. */
  writeOutputs(out: Float64Array, o: number): number;
}

/**
 * The group terms of s. r and dr are the model's effect buffers (r filled by forward, dr read by
 * backward); generalGroupLoops (tests) disables the unrolled two-coefficient loops.
 */
export function createGroupTerms(
  s: ModelStructure, lay: ModelLayout, r: Float64Array, dr: Float64Array, generalGroupLoops: boolean,
): GroupTerms {
  const { terms, intercept } = lay;
  const pg = new Float64Array(1);
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
  function forward(theta: Float64Array): number {
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
      // scalars in registers, the same operations in the same order (so the same bits), without
      // the general loop's short inner loops and Float64Array scratch (bench/NOTES.md).
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

  function backward(theta: Float64Array, grad: Float64Array, lp: number): number {
    // Group-level blocks.
    for (let t = 0; t < terms.length; t++) {
      const tl = terms[t];
      const b = buffers[t];
      const g = s.groups[tl.term];
      const { M, J } = tl;
      // Loops, not fill(): for a handful of entries the builtin's fixed cost dominates (bench/NOTES.md).
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

    return lp;
  }

  function writeOutputs(out: Float64Array, o: number): number {
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
    return o;
  }

  return { forward, backward, writeOutputs };
}
