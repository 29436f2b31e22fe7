// The population and group-effect parts of the linear predictor of a compiled model:
//   eta = offset + Intercept + Xc b + sum_c Z_c * r_c[index_c],
// with X centred as brms does when the model has an intercept (stan_center_X), and its reverse
// (algorithms.md §f): d Intercept = sum d eta, d b = Xc^T d eta, d r = scatter-add of Z d eta.
// One gather column per (group term, coefficient); separate tight loops (the multi-pass kernel)
// or one generated loop (kernelsCodegen.ts) use the same columns.
import type { ModelStructure } from '../types';
import type { FusedTermColumn } from './kernelsCodegen';
import type { ModelLayout } from './layout';

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

export interface LinearPredictor {
  /** Column means of X (zeros without an intercept): b_Intercept = Intercept - means' b. */
  means: Float64Array;
  /** The offset (zeros when the model has none). */
  base: Float64Array;
  /** Centred population columns. */
  Xcol: Float64Array[];
  /** The gather columns as the fused loop takes them. */
  fusedColumns: FusedTermColumn[];
  /** eta = offset + a + Xc b + Z r (a = 0 when an hcentered term carries the Intercept in r). */
  forward(theta: Float64Array, a: number, eta: Float64Array): void;
  /** d b into grad, d r into dr (zeroed first); returns sum_n dEta[n], the Intercept's partial. */
  backward(dEta: Float64Array, grad: Float64Array): number;
}

export function createLinearPredictor(s: ModelStructure, lay: ModelLayout, r: Float64Array, dr: Float64Array): LinearPredictor {
  const { N, K } = s;
  const { bOffset, terms } = lay;
  const means = s.hasIntercept ? columnMeans(s.X, N, K) : new Float64Array(K);
  const base = s.offset ? Float64Array.from(s.offset) : new Float64Array(N);
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

  function forward(theta: Float64Array, a: number, eta: Float64Array): void {
    // The first gather is fused with the initialisation (one pass fewer).
    if (C > 0) gatherInit(eta, base, a, colZ[0], colIndex[0], r, colBase[0], colOnes[0]);
    else for (let n = 0; n < N; n++) eta[n] = base[n] + a;
    for (let k = 0; k < K; k++) {
      const col = Xcol[k];
      const bk = theta[bOffset + k];
      for (let n = 0; n < N; n++) eta[n] += col[n] * bk;
    }
    for (let c = 1; c < C; c++) gather(eta, colZ[c], colIndex[c], r, colBase[c], colOnes[c]);
  }

  function backward(dEta: Float64Array, grad: Float64Array): number {
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
    return dA;
  }

  const fusedColumns = colIndex.map((_, c) => ({ term: colTerm[c], rBase: colBase[c], Z: colOnes[c] ? null : colZ[c] }));
  return { means, base, Xcol, fusedColumns, forward, backward };
}
