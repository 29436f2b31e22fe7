// Design columns of a formula part as R's model.matrix() builds them: numeric variables as they
// are, factors with treatment coding (first level the reference) or, when the term's margin is
// absent, full indicator coding; interactions as products with the first variable varying
// fastest; names like 'period2', 'age:SexMale', 'a:b'. Logical variables (I(z > 0)) are factors
// with levels FALSE and TRUE, as model.matrix codes them.
import type { ExpandedTerms } from '../formula/types';
import { ModelError } from '../formula/errors';
import { deparse } from '../formula/deparse';
import { excerpt, formatInt } from '../formula/excerpt';
import { checkPredictorScale } from './rank';
import { evalFactor, evalNumeric, isFactorColumn, isLogicalExpr, type FactorValues, type FrameContext } from './evaluate';

export interface DesignColumns {
  /** Column names as model.matrix names them (intercept excluded). */
  names: string[];
  columns: Float64Array[];
}

/**
 * Most design columns of one formula part. The sampler's cost grows with the columns (and the
 * rank check with their square); a factor with thousands of levels is almost always meant as a
 * grouping factor.
 */
export const MAX_COLUMNS = 1000;

type VarValues = { kind: 'numeric'; values: Float64Array } | { kind: 'factor'; f: FactorValues };

function variableValues(part: ExpandedTerms, v: number, ctx: FrameContext): VarValues {
  const variable = part.variables[v];
  const e = variable.expr;
  const isFactor = variable.forcedFactor || isLogicalExpr(e)
    || (e.type === 'name' && ctx.columns.has(e.name) && isFactorColumn(ctx.columns.get(e.name)!));
  if (isFactor) return { kind: 'factor', f: evalFactor(e, ctx) };
  const values = evalNumeric(e, ctx);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new ModelError(`${excerpt(variable.label)} is ${values[i]} at data row ${ctx.rows[i] + 1}: check the values it is computed from (e.g. log of 0 or of a negative number).`);
    }
  }
  return { kind: 'numeric', values };
}

/** One variable of a term: its coded pieces, as levels from..levels.length-1 or the numeric column. */
interface Piece { label: string; val: VarValues; from: number }

const pieceCount = (p: Piece) => (p.val.kind === 'numeric' ? 1 : p.val.f.levels.length - p.from);

function tooManyColumns(part: ExpandedTerms, counts: { label: string; n: number }[], total: number): never {
  const big = counts.reduce((a, b) => (b.n > a.n ? b : a));
  const single = part.terms.length === 1 || big.n > MAX_COLUMNS;
  const hint = single && !big.label.includes(':')
    ? ` A factor with many levels is usually a grouping factor: write (1 | ${excerpt(big.label)}) instead.`
    : ' Use fewer factors or interactions, or move a factor with many levels into a group term such as (1 | g).';
  const what = single ? `${excerpt(big.label)} gives ${formatInt(big.n)} columns` : `The terms give ${formatInt(total)} columns`;
  throw new ModelError(`${what}; the limit is ${formatInt(MAX_COLUMNS)}.${hint}`);
}

/** Per term, the coded variables (R's TermCode: contrasts when the margin is in the model). */
function termPieces(part: ExpandedTerms, ctx: FrameContext): Piece[][] {
  const cache = new Map<number, VarValues>();
  const values = (v: number) => {
    if (!cache.has(v)) cache.set(v, variableValues(part, v, ctx));
    return cache.get(v)!;
  };
  const seen = new Set<string>();
  return part.terms.map((term) => {
    const pieces = term.vars.map((v) => {
      const val = values(v);
      const label = part.variables[v].label;
      if (val.kind === 'numeric') return { label, val, from: 0 };
      const margin = term.vars.filter((u) => u !== v).join(',');
      const marginPresent = margin === '' ? part.intercept : seen.has(margin);
      if (marginPresent && val.f.levels.length < 2) {
        throw new ModelError(`Factor ${excerpt(label)} has only one level ('${excerpt(val.f.levels[0])}') in the model frame, so it has no contrasts; remove it from the formula.`);
      }
      return { label, val, from: marginPresent ? 1 : 0 };
    });
    seen.add(term.vars.join(','));
    return pieces;
  });
}

/** The columns of one term: the Cartesian product of its pieces, first variable fastest. */
function termColumns(pieces: Piece[], n: number): { name: string; col: Float64Array }[] {
  let combos: { name: string; col: Float64Array }[] = [{ name: '', col: new Float64Array(n).fill(1) }];
  pieces.forEach((p, k) => {
    const cols: { name: string; col: Float64Array }[] = [];
    if (p.val.kind === 'numeric') cols.push({ name: p.label, col: p.val.values });
    else {
      const { levels, codes } = p.val.f;
      for (let l = p.from; l < levels.length; l++) {
        const col = new Float64Array(n);
        for (let i = 0; i < n; i++) col[i] = codes[i] === l ? 1 : 0;
        cols.push({ name: p.label + levels[l], col });
      }
    }
    const next: { name: string; col: Float64Array }[] = [];
    for (const b of cols) {
      for (const a of combos) {
        const col = new Float64Array(n);
        for (let i = 0; i < n; i++) col[i] = a.col[i] * b.col[i];
        next.push({ name: k === 0 ? b.name : `${a.name}:${b.name}`, col });
      }
    }
    combos = next;
  });
  return combos;
}

export function modelMatrixColumns(part: ExpandedTerms, ctx: FrameContext): DesignColumns {
  const n = ctx.rows.length;
  const perTerm = termPieces(part, ctx);
  // Count before building: a factor with 10^5 levels must not allocate 10^5 columns first.
  const counts = perTerm.map((pieces, t) => ({ label: part.terms[t].label, n: pieces.reduce((a, p) => a * pieceCount(p), 1) }));
  const total = counts.reduce((a, c) => a + c.n, 0);
  if (total > MAX_COLUMNS) tooManyColumns(part, counts, total);
  const names: string[] = [];
  const columns: Float64Array[] = [];
  for (const pieces of perTerm) {
    for (const c of termColumns(pieces, n)) {
      checkPredictorScale(c.name, c.col, ctx.rows);
      names.push(c.name);
      columns.push(c.col);
    }
  }
  return { names, columns };
}

/** Describes an expression for messages. */
export const describe = deparse;
