// Evaluates formula expressions on the rows of the model frame: arithmetic inside I(), log(),
// exp(), sqrt(), scale(), ..., and factors (character columns, columns marked as factors,
// factor(x), grouping variables).
import type { DataColumn, DataTable } from '../types';
import type { Expr } from '../formula/ast';
import { deparse, formatNumberR } from '../formula/deparse';
import { ModelError } from '../formula/errors';
import { excerpt } from '../formula/excerpt';
import { SUPPORTED_FUNCTIONS, UNARY_FUNCTIONS, supportedFunctionsText } from '../formula/functions';
import { compareR } from './collate';
import { rawCellAt } from '../io/rawCells';

export { SUPPORTED_FUNCTIONS };

export interface FrameContext {
  data: DataTable;
  /** 0-based indices of the data rows kept in the model frame. */
  rows: Int32Array;
  columns: Map<string, DataColumn>;
  /**
   * New data evaluated for prediction (conditional effects): the model's own frame. Factor levels
   * and scale()'s centre and scale come from it, so a grid of new values is coded as the model's
   * data was (R's predict with makepredictcall; brms validate_newdata keeps the levels).
   */
  reference?: FrameContext;
}

export interface FactorValues {
  /** Level labels in R's order; the first is the reference level. */
  levels: string[];
  /** Per frame row: 0-based level index. */
  codes: Int32Array;
}

export function makeContext(data: DataTable, rows: Int32Array): FrameContext {
  return { data, rows, columns: new Map(data.columns.map((c) => [c.name, c])) };
}

/** R's constants, used when no column has the name (a Map: names are user text). */
const CONSTANTS: ReadonlyMap<string, number> = new Map([['pi', Math.PI], ['TRUE', 1], ['FALSE', 0], ['T', 1], ['F', 0]]);

const COMPARISONS = new Set(['==', '!=', '<', '>', '<=', '>=']);

/**
 * True for I(comparison), e.g. I(z > 0): R evaluates it to a logical vector, which model.matrix
 * codes as a factor with levels FALSE and TRUE (column 'I(z > 0)TRUE').
 */
export function isLogicalExpr(e: Expr): boolean {
  if (e.type !== 'call' || e.fn !== 'I' || e.args.length !== 1) return false;
  let a = e.args[0];
  while (a.type === 'paren') a = a.expr;
  return a.type === 'binary' && COMPARISONS.has(a.op);
}

/** True when the column is used as a factor when it appears by name in a formula. */
export function isFactorColumn(col: DataColumn): boolean {
  return col.numeric === null || col.asFactor;
}

/** Numeric values of an expression on the frame rows. Throws for categorical data in arithmetic. */
export function evalNumeric(e: Expr, ctx: FrameContext): Float64Array {
  const n = ctx.rows.length;
  switch (e.type) {
    case 'num': return new Float64Array(n).fill(e.value);
    case 'name': {
      const col = ctx.columns.get(e.name);
      if (!col) {
        const constant = CONSTANTS.get(e.name);
        if (constant !== undefined) return new Float64Array(n).fill(constant);
        throw new ModelError(`Unknown column '${excerpt(e.name)}'.`);
      }
      if (col.numeric === null) {
        const example = ctx.rows.length > 0 ? rawCellAt(col.raw, ctx.rows[0]) : '';
        throw new ModelError(`Column '${excerpt(e.name)}' is categorical (e.g. '${excerpt(example)}'), so it can't be used in arithmetic; use it as a term on its own (it becomes dummy variables) or pick a numeric column.`);
      }
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = col.numeric[ctx.rows[i]];
      return out;
    }
    case 'paren': return evalNumeric(e.expr, ctx);
    case 'unary': {
      const v = evalNumeric(e.arg, ctx);
      if (e.op === '-') for (let i = 0; i < n; i++) v[i] = -v[i];
      return v;
    }
    case 'binary': {
      const a = evalNumeric(e.left, ctx);
      const b = evalNumeric(e.right, ctx);
      const op = BINARY.get(e.op);
      if (!op) throw new ModelError(`The operator '${e.op}' can't be used in arithmetic (in ${excerpt(deparse(e))}).`);
      for (let i = 0; i < n; i++) a[i] = op(a[i], b[i]);
      return a;
    }
    case 'call': return evalCall(e, ctx);
  }
}

const BINARY: ReadonlyMap<string, (a: number, b: number) => number> = new Map<string, (a: number, b: number) => number>([
  ['+', (a, b) => a + b], ['-', (a, b) => a - b], ['*', (a, b) => a * b], ['/', (a, b) => a / b],
  ['^', (a, b) => a ** b],
  ['==', (a, b) => +(a === b)], ['!=', (a, b) => +(a !== b)], ['<', (a, b) => +(a < b)], ['>', (a, b) => +(a > b)],
  ['<=', (a, b) => +(a <= b)], ['>=', (a, b) => +(a >= b)],
]);

function evalCall(e: Extract<Expr, { type: 'call' }>, ctx: FrameContext): Float64Array {
  const arity = (k: number) => {
    if (e.args.length !== k) throw new ModelError(`${excerpt(e.fn)}() takes ${k} argument${k > 1 ? 's' : ''} (in ${excerpt(deparse(e))}).`);
  };
  switch (e.fn) {
    case 'I': arity(1); return evalNumeric(e.args[0], ctx);
    case 'log': {
      if (e.args.length === 2) {
        const x = evalNumeric(e.args[0], ctx);
        const base = evalNumeric(e.args[1], ctx);
        for (let i = 0; i < x.length; i++) x[i] = Math.log(x[i]) / Math.log(base[i]);
        return x;
      }
      arity(1);
      const x = evalNumeric(e.args[0], ctx);
      for (let i = 0; i < x.length; i++) x[i] = Math.log(x[i]);
      return x;
    }
    case 'scale': return evalScale(e, ctx);
    case 'factor':
    case 'as.factor':
      throw new ModelError(`${excerpt(deparse(e))} makes a factor; it can only be a term of its own, not part of arithmetic.`);
    default: {
      const f = UNARY_FUNCTIONS.get(e.fn);
      if (!f) throw new ModelError(`Unknown function '${excerpt(e.fn)}()': ${supportedFunctionsText()}.`);
      arity(1);
      const x = evalNumeric(e.args[0], ctx);
      for (let i = 0; i < x.length; i++) x[i] = f(x[i]);
      return x;
    }
  }
}

/** R's scale(x, center = TRUE, scale = TRUE): (x - mean) / sd with the n - 1 divisor, on the frame rows. */
function evalScale(e: Extract<Expr, { type: 'call' }>, ctx: FrameContext): Float64Array {
  if (e.args.length < 1) throw new ModelError('scale() needs a variable, e.g. scale(age).');
  let center = true;
  let scale = true;
  e.args.slice(1).forEach((a, k) => {
    const name = e.argNames[k + 1] ?? (k === 0 ? 'center' : 'scale');
    const c = a.type === 'name' ? CONSTANTS.get(a.name) : undefined;
    const v = c === undefined ? null : c !== 0;
    if (v === null || (name !== 'center' && name !== 'scale')) {
      throw new ModelError(`scale() accepts center = TRUE/FALSE and scale = TRUE/FALSE (in ${excerpt(deparse(e))}).`);
    }
    if (name === 'center') center = v; else scale = v;
  });
  const x = evalNumeric(e.args[0], ctx);
  // new data (ctx.reference): the centre and scale of the model's data
  const at = scaleOf(ctx.reference ? evalNumeric(e.args[0], ctx.reference) : x, center, scale, e);
  for (let i = 0; i < x.length; i++) x[i] = (x[i] - at.mean) / at.sd;
  return x;
}

/** scale()'s centre (0 when not centring) and divisor (1 when not scaling) from values x. */
function scaleOf(x0: Float64Array, center: boolean, scale: boolean, e: Expr): { mean: number; sd: number } {
  const x = Float64Array.from(x0);
  const n = x.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i];
  mean /= n;
  if (center) for (let i = 0; i < n; i++) x[i] -= mean;
  if (!scale) return { mean: center ? mean : 0, sd: 1 };
  // R: sd when centred; root mean square (n - 1 divisor) when not.
  let ss = 0;
  for (let i = 0; i < n; i++) ss += x[i] * x[i];
  const s = Math.sqrt(ss / (n - 1));
  if (!(s > 0)) throw new ModelError(`${excerpt(deparse(e))} divides by a standard deviation of 0: the variable is constant in the model frame.`);
  return { mean: center ? mean : 0, sd: s };
}

/** Label of a number as R's as.character() writes it (factor levels of numeric columns). */
export const numericLabel = formatNumberR;

/** Factor from per-row labels that are numbers (sorted by value) or strings (sorted as R sorts). */
export function factorFromValues(labels: string[], numeric: Float64Array | null): FactorValues {
  const n = labels.length;
  let levels: string[];
  if (numeric) {
    const byLabel = new Map<string, number>();
    for (let i = 0; i < n; i++) byLabel.set(labels[i], numeric[i]);
    levels = [...byLabel.keys()].sort((a, b) => byLabel.get(a)! - byLabel.get(b)!);
  } else {
    levels = [...new Set(labels)].sort(compareR);
  }
  const index = new Map(levels.map((l, i) => [l, i]));
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) codes[i] = index.get(labels[i])!;
  return { levels, codes };
}

/** Distinct labels remembered for sharing in columnLabels. */
const SHARED_LABELS = 50_000;

/** Per-row labels of a column (numbers formatted as R formats them) and its numbers if numeric. */
export function columnLabels(col: DataColumn, ctx: FrameContext): { labels: string[]; numeric: Float64Array | null } {
  const n = ctx.rows.length;
  const labels = new Array<string>(n);
  if (col.numeric) {
    const num = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      num[i] = col.numeric[ctx.rows[i]];
      labels[i] = numericLabel(num[i]);
    }
    return { labels, numeric: num };
  }
  // Equal labels share one string (a factor of 4 M rows has a few hundred levels, not 4 M texts).
  const shared = new Map<string, string>();
  for (let i = 0; i < n; i++) {
    const text = rawCellAt(col.raw, ctx.rows[i]);
    const known = shared.get(text);
    if (known !== undefined) labels[i] = known;
    else {
      labels[i] = text;
      if (shared.size < SHARED_LABELS) shared.set(text, text);
    }
  }
  return { labels, numeric: null };
}

/** Factor values of a variable: a factor column by name, or factor(expr); new data (ctx.reference) gets the model's levels. */
export function evalFactor(e: Expr, ctx: FrameContext): FactorValues {
  const own = ownFactor(e, ctx);
  if (!ctx.reference) return own;
  const levels = ownFactor(e, ctx.reference).levels;
  const at = new Map(levels.map((l, i) => [l, i]));
  const map = own.levels.map((l) => {
    const i = at.get(l);
    if (i === undefined) throw new ModelError(`'${excerpt(l)}' is not a level of ${excerpt(deparse(e))} in the model's data (its levels: ${excerpt(levels.join(', '))}).`);
    return i;
  });
  return { levels, codes: Int32Array.from(own.codes, (c) => map[c]) };
}

function ownFactor(e: Expr, ctx: FrameContext): FactorValues {
  const inner = e.type === 'call' && (e.fn === 'factor' || e.fn === 'as.factor') ? e.args[0] : e;
  if (inner.type === 'name' && ctx.columns.has(inner.name)) {
    const { labels, numeric } = columnLabels(ctx.columns.get(inner.name)!, ctx);
    return factorFromValues(labels, numeric);
  }
  const v = evalNumeric(inner, ctx);
  if (isLogicalExpr(inner)) return { levels: ['FALSE', 'TRUE'], codes: Int32Array.from(v) };
  return factorFromValues(Array.from(v, numericLabel), v);
}
