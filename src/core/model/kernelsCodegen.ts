// One-pass fused kernel for the observation loop of a compiled model, generated per model structure
// (the same specialisation a C++ template or Stan's code generator gives). For each observation it
// builds eta (offset + Intercept + Xc b + Z r[index]), evaluates the family's log likelihood and
// d lp / d eta, and immediately accumulates the reverse pass (intercept sum, Xc^T d eta, scatter-add
// into d r), exactly as a hand-written loop would: each separate pass streams every array once more
// (bench/gradient.ts and bench/NOTES.md have the figures); one fused loop runs at hand-loop speed.
// The family's part is its own row function (src/core/families), called from the generated loop
// so V8 inlines it: the same definition the multi-pass kernel calls.
//
// The generated source only contains numeric literals and fixed identifiers derived from the
// structure's shape (never data or names), so it is safe to compile with new Function. Where code
// generation is unavailable (a Content-Security-Policy without 'unsafe-eval'), buildModel falls
// back to the multi-pass kernels.
import type { LogLikelihood } from '../families/types';
import { SPECIAL } from '../families/special';

export interface FusedTermColumn {
  /** Index of the term (columns of one term share its group index array). */
  term: number;
  /** Offset of r_c in the r buffer (r_c[j] = r[rBase + j]). */
  rBase: number;
  /** Z values, or null when all ones. */
  Z: Float64Array | null;
}

export interface FusedLoopSpec {
  /** The family's log likelihood: its row function is called (and inlined by V8) per row. */
  logLik: LogLikelihood;
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
  /**
   * Ordinal families (LogLikelihood.categories): the row's per-category constants cv (the caller
   * prepares them before every call) and the per-category sums G0[y] += D[0], G1[y] += D[1]
   * (zeroed by the caller). Absent for every other family: the loop is then exactly what it was.
   */
  categories?: { cv: Float64Array; G0: Float64Array; G1: Float64Array };
}

/**
 * P = [Intercept, b_1..b_K, c0, c1 (, c2, c3)] in, c0.. the family's row constants
 * (LogLikelihood.prepare; c2 and c3 when it has them); out = [sum0, sum1, dIntercept, db_1..db_K
 * (, sum2, sum3)], the family's sums (LogLikelihood.finish turns them into lp and the
 * distributional partials; sums 2 and 3 when it has them). dr must be zeroed by the caller.
 */
export type FusedLoop = (P: Float64Array, out: Float64Array) => void;

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

const IDENT = /^[A-Za-z_$][\w$]*$/;
const escapeRe = (x: string) => x.replace(/\$/g, '\\$');
/** A whole-word occurrence of name (not a property, not part of a longer name). */
const word = (name: string, flags = '') => new RegExp(`(?<![\\w$.])${escapeRe(name)}(?![\\w$])`, flags);

/**
 * The family's row function spliced into the loop as source: its parameters bound to the row's
 * values, its `D[0] = x` / `D[1] = x` turned into the locals $d0 / $d1 and its one `return x` (the
 * last statement) into `$rv = (x)`. V8 inlines a call to the row too, but the spliced form keeps
 * every value in registers (bench/NOTES.md). Returns null when the function's text is not of that
 * shape (a bundler rewrote it unexpectedly): the loop then calls the function instead.
 */
export function spliceRow(fn: LogLikelihood['row'], args: readonly string[]): string | null {
  const text = fn.toString().trim();
  const open = text.indexOf('(');
  const close = text.indexOf(')', open);
  const bodyStart = text.indexOf('{', close);
  if (open < 0 || close < 0 || bodyStart < 0 || !text.endsWith('}')) return null;
  const between = text.slice(close + 1, bodyStart).trim();
  if (between !== '' && between !== '=>') return null;
  const params = text.slice(open + 1, close).split(',').map((x) => x.trim());
  if (params.length > args.length || params.some((x) => !IDENT.test(x) || x.startsWith('$'))) return null;
  let body = text.slice(bodyStart + 1, -1);
  if (body.includes('$')) return null; // the loop's own names start with $
  const D = params[5];
  if (D !== undefined) {
    body = body.replace(new RegExp(`(?<![\\w$.])${escapeRe(D)}\\[([0-3])\\]\\s*=(?!=)`, 'g'), (_m, k: string) => `$d${k}=`);
    if (word(D).test(body)) return null; // D used otherwise
  }
  const returns = body.match(word('return', 'g')) ?? [];
  if (returns.length !== 1) return null;
  const at = body.search(word('return'));
  let expr = body.slice(at + 'return'.length).trim();
  if (expr.endsWith(';')) expr = expr.slice(0, -1);
  if (expr === '' || expr.includes(';') || expr.includes('{') || expr.includes('}')) return null;
  const bind = params.map((p, i) => (i === 5 ? '' : `${p} = ${args[i]}`)).filter((b) => b !== '');
  return `{ ${bind.length ? `const ${bind.join(', ')}; ` : ''}${body.slice(0, at)} $rv = (${expr}); }`;
}

/** The loop's source: the family's row spliced in (row = source) or called (row = null). */
function fusedSource(spec: FusedLoopSpec, grouped: boolean[], spliced: string | null): string {
  const { K } = spec;
  const ll = spec.logLik;
  const nTerms = spec.termIndex.length;
  const L: string[] = [];
  // The row count is an argument so that compileFusedLoop can warm the loop up on its first rows:
  // V8 then has type feedback for every operation, the code after the loop included, when it
  // optimises the loop in the middle of the first full call (on-stack replacement). Without it,
  // the optimised code lacked feedback for the code after the loop and deoptimised at the end of
  // every call; a model fitted after another one in the same worker (or in the benchmark) ran its
  // loop mostly unoptimised (bench/NOTES.md, "fused loop warm-up").
  L.push(`const K = ${K};`);
  L.push('return function fusedLoop(P, out, N) {');
  const withA = spec.intercept !== false;
  if (withA) L.push('const a = P[0];');
  for (let k = 0; k < K; k++) L.push(`const b${k} = P[${k + 1}]; let db${k} = 0;`);
  // Row constants and sums beyond the first two only when the family has them (the loop of a
  // family with two is unchanged).
  const nc = ll.constants ?? 2;
  const extraSums = Array.from({ length: Math.max(0, ll.sums - 2) }, (_, i) => i + 2);
  const extraC = Array.from({ length: nc - 2 }, (_, i) => `, $c${i + 2} = P[${K + 3 + i}]`).join('');
  L.push(`const $c0 = P[${K + 1}], $c1 = P[${K + 2}]${extraC};`);
  L.push(`let acc0 = 0, acc1 = 0, dA = 0${extraSums.map((k) => `, acc${k} = 0`).join('')};`);
  if (spliced !== null) L.push(`let $rv = 0, $d0 = 0, $d1 = 0${extraSums.map((k) => `, $d${k} = 0`).join('')};`);
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
  // The family's row (families/*.ts): its term of sum 0, d lp / d eta (D[0]) and its term of
  // sum 1 (D[1]).
  L.push(`const $y = y[n], $e = e, $t = ${ll.usesTrials ? 'T[n]' : '0'};`);
  const byCategory = spec.categories !== undefined;
  if (spliced !== null) {
    L.push(spliced, 'acc0 += $rv; const d = $d0;');
    if (ll.sums >= 2) L.push('acc1 += $d1;');
    for (const k of extraSums) L.push(`acc${k} += $d${k};`);
    if (byCategory) L.push('G0[$y] += $d0; G1[$y] += $d1;');
  } else {
    L.push(`acc0 += row(${(byCategory ? categoryArgs(nc) : ROW_ARGS.slice(0, 5 + nc)).join(', ')}); const d = D[0];`);
    if (ll.sums >= 2) L.push('acc1 += D[1];');
    for (const k of extraSums) L.push(`acc${k} += D[${k}];`);
    if (byCategory) L.push('G0[$y] += D[0]; G1[$y] += D[1];');
  }
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
  for (const k of extraSums) L.push(`out[${1 + K + k}] = acc${k};`);
  L.push('};');
  // A unique first line: V8 caches compiled sources, and a second model with the same source would
  // share the first one's function and its optimised code, specialised to the first model's arrays.
  L.unshift(`// fused loop ${++compiledLoops}`);
  return L.join('\n');
}

/** The row's arguments as the loop passes them (families/types.ts LogLikelihood.row). */
const ROW_ARGS = ['$y', '$e', '$t', '$c0', '$c1', 'D', '$fn', '$c2', '$c3'];
/** With categories the row also takes the per-category constants $cv, after c2 and c3 (0 when unused). */
const categoryArgs = (nc: number): string[] => [...ROW_ARGS.slice(0, 7), nc > 2 ? '$c2' : '0', nc > 3 ? '$c3' : '0', '$cv'];
/** The arguments the spliced row's parameters are bound to. */
const rowArgs = (spec: Pick<FusedLoopSpec, 'categories' | 'logLik'>): string[] => (spec.categories ? categoryArgs(spec.logLik.constants ?? 2) : ROW_ARGS);

type RawLoop = (P: Float64Array, out: Float64Array, n: number) => void;

function instantiate(spec: FusedLoopSpec, source: string): RawLoop {
  const names = ['y', 'T', 'base', 'r', 'dr', 'row', 'D', '$fn'];
  const values: unknown[] = [
    spec.y, spec.trials ?? new Float64Array(0), spec.base ?? new Float64Array(0), spec.r, spec.dr,
    spec.logLik.row, new Float64Array(4), SPECIAL,
  ];
  for (let k = 0; k < spec.K; k++) { names.push(`X${k}`); values.push(spec.Xcol[k]); }
  spec.termIndex.forEach((index, t) => { names.push(`I${t}`); values.push(index); });
  spec.columns.forEach((c, i) => { names.push(`Z${i}`); values.push(c.Z ?? new Float64Array(0)); });
  if (spec.categories) {
    names.push('$cv', 'G0', 'G1');
    values.push(spec.categories.cv, spec.categories.G0, spec.categories.G1);
  }
  const factory = new Function(...names, source) as (...args: unknown[]) => RawLoop;
  return factory(...values);
}

/** Builds the fused loop, or returns null when code generation is not available. */
export function compileFusedLoop(spec: FusedLoopSpec): FusedLoop | null {
  const { K, N } = spec;
  const grouped = spec.termIndex.map(rowsGroupedByLevel);
  // Warm-up on the first rows (see fusedSource), far enough to cross a level boundary of every
  // grouped term so the run flush has feedback too; dr is zeroed by the caller before every real call.
  let warm = Math.min(N, 2);
  spec.termIndex.forEach((index, t) => {
    if (!grouped[t]) return;
    let n = 1;
    while (n < N && index[n] === index[0]) n++;
    warm = Math.max(warm, Math.min(N, n + 1));
  });
  warm = Math.min(warm, 5000);
  const width = fusedWidth(spec.logLik, K);
  const P = new Float64Array(width).fill(1);
  let called: RawLoop;
  try {
    called = instantiate(spec, fusedSource(spec, grouped, null));
  } catch {
    return null;
  }
  // The spliced loop is used when it gives the called loop's bits on the warm-up rows.
  const spliced = spliceRow(spec.logLik.row, rowArgs(spec));
  let loop = called;
  if (spliced !== null) {
    try {
      const candidate = instantiate(spec, fusedSource(spec, grouped, spliced));
      const a = new Float64Array(width);
      const b = new Float64Array(width);
      spec.dr.fill(0);
      called(P, a, warm);
      const drA = Float64Array.from(spec.dr);
      spec.dr.fill(0);
      candidate(P, b, warm);
      if (a.every((v, i) => Object.is(v, b[i])) && spec.dr.every((v, i) => Object.is(v, drA[i]))) loop = candidate;
    } catch {
      // keep the called form
    }
  }
  // Several calls: V8 allocates a function's feedback vector lazily, after its first runs.
  for (let i = 0; i < 10; i++) loop(P, new Float64Array(width), warm);
  spec.dr.fill(0);
  return (Pin, out) => loop(Pin, out, N);
}

/** Length of the fused loop's P and out arrays: K + 3, longer for a family with more constants or sums. */
export function fusedWidth(ll: LogLikelihood, K: number): number {
  return K + 1 + Math.max(2, ll.constants ?? 2, ll.sums);
}

/** Test hook: whether compileFusedLoop would splice this family's row (true) or call it. */
export function rowSplices(ll: LogLikelihood): boolean {
  return spliceRow(ll.row, ll.categories ? categoryArgs(ll.constants ?? 2) : ROW_ARGS) !== null;
}
