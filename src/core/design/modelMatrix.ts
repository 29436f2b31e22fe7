// Design columns of a formula part as R's model.matrix() builds them: numeric variables as they
// are, factors with treatment coding (first level the reference) or, when the term's margin is
// absent, full indicator coding; interactions as products with the first variable varying
// fastest; names like 'period2', 'age:SexMale', 'a:b'.
import type { ExpandedTerms } from '../formula/types';
import { ModelError } from '../formula/errors';
import { deparse } from '../formula/deparse';
import { checkPredictorScale } from './rank';
import { evalFactor, evalNumeric, isFactorColumn, type FactorValues, type FrameContext } from './evaluate';

export interface DesignColumns {
  /** Column names as model.matrix names them (intercept excluded). */
  names: string[];
  columns: Float64Array[];
}

type VarValues = { kind: 'numeric'; values: Float64Array } | { kind: 'factor'; f: FactorValues };

function variableValues(part: ExpandedTerms, v: number, ctx: FrameContext): VarValues {
  const variable = part.variables[v];
  const e = variable.expr;
  const isFactor = variable.forcedFactor || (e.type === 'name' && ctx.columns.has(e.name) && isFactorColumn(ctx.columns.get(e.name)!));
  if (isFactor) return { kind: 'factor', f: evalFactor(e, ctx) };
  const values = evalNumeric(e, ctx);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new ModelError(`${variable.label} is ${values[i]} at data row ${ctx.rows[i] + 1}: check the values it is computed from (e.g. log of 0 or of a negative number).`);
    }
  }
  return { kind: 'numeric', values };
}

export function modelMatrixColumns(part: ExpandedTerms, ctx: FrameContext): DesignColumns {
  const n = ctx.rows.length;
  const cache = new Map<number, VarValues>();
  const values = (v: number) => {
    if (!cache.has(v)) cache.set(v, variableValues(part, v, ctx));
    return cache.get(v)!;
  };
  const names: string[] = [];
  const columns: Float64Array[] = [];
  const seen: string[] = [];
  part.terms.forEach((term) => {
    // Per variable: list of [name, column] pieces.
    const pieces = term.vars.map((v) => {
      const val = values(v);
      const label = part.variables[v].label;
      if (val.kind === 'numeric') return [{ name: label, col: val.values }];
      // R (terms.formula / TermCode): contrasts when the term without this factor is already in
      // the model (the intercept for a main effect), else all levels.
      const margin = term.vars.filter((u) => u !== v).join(',');
      const marginPresent = margin === '' ? part.intercept : seen.includes(margin);
      const levels = val.f.levels;
      const from = marginPresent ? 1 : 0;
      if (marginPresent && levels.length < 2) {
        throw new ModelError(`Factor ${label} has only one level ('${levels[0]}') in the model frame, so it has no contrasts; remove it from the formula.`);
      }
      const out: { name: string; col: Float64Array }[] = [];
      for (let l = from; l < levels.length; l++) {
        const col = new Float64Array(n);
        for (let i = 0; i < n; i++) col[i] = val.f.codes[i] === l ? 1 : 0;
        out.push({ name: label + levels[l], col });
      }
      return out;
    });
    seen.push(term.vars.join(','));
    // Cartesian product, first variable fastest.
    let combos: { name: string; col: Float64Array }[] = [{ name: '', col: new Float64Array(n).fill(1) }];
    pieces.forEach((p, k) => {
      const next: { name: string; col: Float64Array }[] = [];
      for (const b of p) {
        for (const a of combos) {
          const col = new Float64Array(n);
          for (let i = 0; i < n; i++) col[i] = a.col[i] * b.col[i];
          next.push({ name: k === 0 ? b.name : `${a.name}:${b.name}`, col });
        }
      }
      combos = next;
    });
    for (const c of combos) {
      checkPredictorScale(c.name, c.col, ctx.rows);
      names.push(c.name);
      columns.push(c.col);
    }
  });
  return { names, columns };
}

/** Describes an expression for messages. */
export const describe = deparse;
