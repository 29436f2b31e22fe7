// One-pass fused kernel for the observation loop of a compiled model, generated per model structure
// (the same specialisation a C++ template or Stan's code generator gives). For each observation it
// builds eta (offset + Intercept + Xc b + Z r[index]), evaluates the family's log likelihood and
// d lp / d eta, and immediately accumulates the reverse pass (intercept sum, Xc^T d eta, scatter-add
// into d r), exactly as a hand-written loop would. Separate passes cost ~3 ns per element each in
// V8 (bench/gradient.ts); one fused loop makes the model run at hand-loop speed.
//
// The generated source only contains numeric literals and fixed identifiers derived from the
// structure's shape (never data or names), so it is safe to compile with new Function. Where code
// generation is unavailable (a Content-Security-Policy without 'unsafe-eval'), buildModel falls
// back to the multi-pass kernels.
import type { FamilyName } from '../types';
import { digammaRatio, lgammaRatio } from '../math/special';

export interface FusedTermColumn {
  /** Index of the term (columns of one term share its group index array). */
  term: number;
  /** Offset of r_c in the r buffer (r_c[j] = r[rBase + j]). */
  rBase: number;
  /** Z values, or null when all ones. */
  Z: Float64Array | null;
}

export interface FusedLoopSpec {
  family: FamilyName;
  N: number;
  K: number;
  y: Float64Array;
  trials: Float64Array | null;
  /** offset, length N; null when the model has none (the loop then never reads it). */
  base: Float64Array | null;
  /** Centred population columns (length N each). */
  Xcol: Float64Array[];
  /**
   * False when the linear predictor has no Intercept term (no intercept, or an hcentered group
   * term carries it in r): the loop then skips P[0] and leaves out[2] = 0. Default true.
   */
  intercept?: boolean;
  /** Group index per term (length N each). */
  termIndex: Int32Array[];
  columns: FusedTermColumn[];
  r: Float64Array;
  dr: Float64Array;
}

/**
 * P = [Intercept, b_1..b_K, famA, famB] in; out = [acc0, acc1, dIntercept, db_1..db_K].
 * Gaussian: famA = sigma; acc0 = sum r^2 (standardised residuals). Student: famA = sigma, famB = nu;
 * acc0 = sum log1p(t), acc1 = sum d^2 / (sigma^2 nu + d^2). Bernoulli / binomial / poisson: acc0 = lp.
 * Negbinomial: famA = phi; acc0 = lp, acc1 = d lp / d phi. dr must be zeroed by the caller.
 */
export type FusedLoop = (P: Float64Array, out: Float64Array) => void;

function familySnippet(f: FamilyName): { pre: string; body: string } {
  switch (f) {
    case 'gaussian':
      return { pre: 'const inv = 1 / P[K + 1];', body: 'const res = (y[n] - e) * inv; acc0 += res * res; const d = res * inv;' };
    case 'student':
      return {
        pre: 'const s2nu = P[K + 1] * P[K + 1] * P[K + 2]; const nu1 = P[K + 2] + 1;',
        body: 'const dd = y[n] - e; const q = s2nu + dd * dd; acc0 += Math.log1p((dd * dd) / s2nu); acc1 += (dd * dd) / q; const d = (nu1 * dd) / q;',
      };
    case 'bernoulli':
      return {
        pre: '',
        body: 'const ab = Math.exp(-Math.abs(e)); const p = e >= 0 ? 1 / (1 + ab) : ab / (1 + ab); acc0 += y[n] * e - (e > 0 ? e : 0) - Math.log1p(ab); const d = y[n] - p;',
      };
    case 'binomial':
      return {
        pre: '',
        body: 'const ab = Math.exp(-Math.abs(e)); const p = e >= 0 ? 1 / (1 + ab) : ab / (1 + ab); acc0 += y[n] * e - T[n] * ((e > 0 ? e : 0) + Math.log1p(ab)); const d = y[n] - T[n] * p;',
      };
    case 'poisson':
      return { pre: '', body: 'const mu = Math.exp(e); acc0 += y[n] * e - mu; const d = y[n] - mu;' };
    case 'negbinomial':
      return {
        pre: 'const phi = P[K + 1]; const logPhi = Math.log(phi);',
        body: [
          'const yi = y[n]; const dl = e - logPhi; const ab = Math.exp(-Math.abs(dl));',
          'const p = dl >= 0 ? 1 / (1 + ab) : ab / (1 + ab); const l1mp = -((dl > 0 ? dl : 0) + Math.log1p(ab));',
          'acc0 += lgammaRatio(phi, yi) + yi * (dl + l1mp) + phi * l1mp;',
          'acc1 += digammaRatio(phi, yi) + l1mp + p - (yi / phi) * (1 - p);',
          'const d = yi - (yi + phi) * p;',
        ].join(' '),
      };
  }
}

/**
 * True when every level's rows are contiguous (data sorted by this grouping factor, as insteval by
 * student or sleepstudy by subject) with at least 2 rows per run on average. The loop then sums a
 * level's d eta in a register and adds it to dr once per run: the same additions in the same order
 * as adding row by row into the zeroed dr, without a store-to-load dependency on every row.
 */
export function rowsGroupedByLevel(index: Int32Array): boolean {
  const N = index.length;
  if (N < 2) return false;
  const seen = new Set<number>([index[0]]);
  for (let n = 1; n < N; n++) {
    const j = index[n];
    if (j !== index[n - 1]) {
      if (seen.has(j)) return false;
      seen.add(j);
    }
  }
  return N >= 2 * seen.size;
}

let compiledLoops = 0;

/** Builds the fused loop, or returns null when code generation is not available. */
export function compileFusedLoop(spec: FusedLoopSpec): FusedLoop | null {
  const { K, N } = spec;
  const nTerms = spec.termIndex.length;
  const grouped = spec.termIndex.map(rowsGroupedByLevel);
  const fam = familySnippet(spec.family);
  const L: string[] = [];
  // The row count is an argument so that compileFusedLoop can warm the loop up on its first rows:
  // V8 then has type feedback for every operation, the code after the loop included, when it
  // optimises the loop in the middle of the first full call (on-stack replacement). Without it,
  // the optimised code lacked feedback for the code after the loop and deoptimised at the end of
  // every call; a model fitted after another one in the same worker (or in the benchmark) ran its
  // loop mostly unoptimised: insteval 1.7-4.5 ms per gradient instead of 0.35 ms.
  L.push(`const K = ${K};`);
  L.push('return function fusedLoop(P, out, N) {');
  const withA = spec.intercept !== false;
  if (withA) L.push('const a = P[0];');
  for (let k = 0; k < K; k++) L.push(`const b${k} = P[${k + 1}]; let db${k} = 0;`);
  L.push(fam.pre);
  L.push('let acc0 = 0, acc1 = 0, dA = 0;');
  for (let t = 0; t < nTerms; t++) if (grouped[t]) L.push(`let jp${t} = ${spec.termIndex[t][0]};`);
  spec.columns.forEach((c, i) => { if (grouped[c.term]) L.push(`let s${i} = 0;`); });
  /** Adds the open run sums of term t's columns into dr. */
  const flush = (t: number): string => spec.columns
    .map((c, i) => (c.term === t ? `dr[${c.rBase} + jp${t}] += s${i}; s${i} = 0;` : ''))
    .join(' ');
  L.push('for (let n = 0; n < N; n++) {');
  for (let t = 0; t < nTerms; t++) {
    L.push(`const j${t} = I${t}[n];`);
    if (grouped[t]) L.push(`if (j${t} !== jp${t}) { ${flush(t)} jp${t} = j${t}; }`);
  }
  // Without an offset, eta starts at the Intercept (0 + a is a, so the sums are unchanged) and
  // the loop streams one array fewer (insteval: 73k rows).
  const terms: string[] = [];
  if (spec.base) terms.push('base[n]');
  if (withA) terms.push('a');
  for (let k = 0; k < K; k++) terms.push(`X${k}[n] * b${k}`);
  spec.columns.forEach((c, i) => {
    terms.push(c.Z ? `Z${i}[n] * r[${c.rBase} + j${c.term}]` : `r[${c.rBase} + j${c.term}]`);
  });
  L.push(`const e = ${terms.length ? terms.join(' + ') : '0'};`);
  L.push(fam.body);
  if (withA) L.push('dA += d;');
  for (let k = 0; k < K; k++) L.push(`db${k} += X${k}[n] * d;`);
  spec.columns.forEach((c, i) => {
    const target = grouped[c.term] ? `s${i}` : `dr[${c.rBase} + j${c.term}]`;
    L.push(c.Z ? `${target} += Z${i}[n] * d;` : `${target} += d;`);
  });
  L.push('}');
  for (let t = 0; t < nTerms; t++) if (grouped[t]) L.push(flush(t)); // grouped: N >= 2
  L.push('out[0] = acc0; out[1] = acc1; out[2] = dA;');
  for (let k = 0; k < K; k++) L.push(`out[${3 + k}] = db${k};`);
  L.push('};');

  const names = ['y', 'T', 'base', 'r', 'dr', 'lgammaRatio', 'digammaRatio'];
  const values: unknown[] = [spec.y, spec.trials ?? new Float64Array(0), spec.base ?? new Float64Array(0), spec.r, spec.dr, lgammaRatio, digammaRatio];
  for (let k = 0; k < K; k++) { names.push(`X${k}`); values.push(spec.Xcol[k]); }
  for (let t = 0; t < nTerms; t++) { names.push(`I${t}`); values.push(spec.termIndex[t]); }
  spec.columns.forEach((c, i) => { names.push(`Z${i}`); values.push(c.Z ?? new Float64Array(0)); });
  // A unique first line: V8 caches compiled sources, and a second model with the same source would
  // share the first one's function and its optimised code, specialised to the first model's arrays.
  L.unshift(`// fused loop ${++compiledLoops}`);
  try {
    const factory = new Function(...names, L.join('\n')) as (...args: unknown[]) => FusedLoop;
    const loop = factory(...values) as (P: Float64Array, out: Float64Array, n: number) => void;
    // Warm-up on the first rows (see above), far enough to cross a level boundary of every grouped
    // term so the run flush has feedback too; dr is zeroed by the caller before every real call.
    let warm = Math.min(N, 2);
    spec.termIndex.forEach((index, t) => {
      if (!grouped[t]) return;
      let n = 1;
      while (n < N && index[n] === index[0]) n++;
      warm = Math.max(warm, Math.min(N, n + 1));
    });
    // Several calls: V8 allocates a function's feedback vector lazily, after its first runs.
    const P = new Float64Array(K + 3).fill(1);
    for (let i = 0; i < 10; i++) loop(P, new Float64Array(K + 3), Math.min(warm, 5000));
    spec.dr.fill(0);
    return (Pin, out) => loop(Pin, out, N);
  } catch {
    return null;
  }
}
