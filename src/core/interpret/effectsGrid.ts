// The shared machinery of "Conditional effects" and "Group lines": the model's variables (data
// columns, not design columns: Days, not the columns of I(Days^2)), the values the other
// variables are held at, a grid of new data evaluated by the project's own design code, and the
// expected response per draw on that grid (brms posterior_epred on newdata).
//  - Variables as brms get_all_effects / get_var_combs (R/conditional_effects.R): the data columns
//    each population-level term refers to; a column is factor-like when it is a factor column or
//    appears inside factor() / as.factor().
//  - Conditions as brms prepare_conditions: numeric variables at their mean over the model frame,
//    factor-like ones at their first (reference) level, the number of trials at 1 (so a binomial
//    model's expected value is the probability, as brms sets trials to 1).
//  - The grid rows are a synthetic data table evaluated with the model frame as reference
//    (design/evaluate.ts FrameContext.reference), so factors keep the model's levels and coding
//    and scale() keeps the model data's centre and scale; interactions, I(), log() work as in the
//    fit.
//  - eta = b_Intercept + X b + offset (+ that group's r_ times Z for one chosen level), then the
//    family's expectedValue (src/core/families; never a branch on the family's name).
import { ModelError } from '../formula/errors';
import { namesIn, type Expr } from '../formula/ast';
import type { ExpandedTerms, ParsedFormula } from '../formula/types';
import type { DataColumn, DataTable } from '../types';
import { buildModelFrame } from '../design/modelFrame';
import { evalFactor, evalNumeric, isFactorColumn, makeContext, type FrameContext } from '../design/evaluate';
import { modelMatrixColumns } from '../design/modelMatrix';
import { brmsRename } from '../design/brmsNames';
import { rawCellsFromNumbers, rawCellsFromStrings } from '../io/rawCells';
import { getFamily } from '../families';
import type { ViewDraws, ViewsDesign } from './views';

/** A model variable: a data column the formula uses. */
export type ModelVariable =
  | { name: string; kind: 'numeric'; values: Float64Array; mean: number; sd: number; min: number; max: number }
  | { name: string; kind: 'factor'; levels: string[]; codes: Int32Array };

export interface EffectsModel {
  formula: ParsedFormula;
  /** The model frame of the fit's data (the reference for new data). */
  ctx: FrameContext;
  design: ViewsDesign;
  variables: Map<string, ModelVariable>;
  /** Variables of the population part and the offsets, in order of first use. */
  populationVars: string[];
}

/** A grid value per variable: a number, or a factor level's label. */
export type GridValue = number | string;


/** Data columns used inside factor() / as.factor() anywhere in `exprs`. */
function factorUses(exprs: Expr[]): Set<string> {
  const out = new Set<string>();
  const stack = [...exprs];
  while (stack.length) {
    const e = stack.pop()!;
    if (e.type === 'call' && (e.fn === 'factor' || e.fn === 'as.factor')) { for (const a of e.args) for (const n of namesIn(a)) out.add(n.name); continue; }
    if (e.type === 'call') stack.push(...e.args);
    else if (e.type === 'binary') stack.push(e.left, e.right);
    else if (e.type === 'unary') stack.push(e.arg);
    else if (e.type === 'paren') stack.push(e.expr);
  }
  return out;
}

/** The data columns an expression refers to, in order, without repeats. */
export function columnsOf(exprs: Expr[], table: ReadonlyMap<string, DataColumn>): string[] {
  const out: string[] = [];
  for (const e of exprs) for (const { name } of namesIn(e)) if (table.has(name) && !out.includes(name)) out.push(name);
  return out;
}

function describeVariable(name: string, ctx: FrameContext, asFactor: boolean): ModelVariable {
  const col = ctx.columns.get(name)!;
  if (asFactor || isFactorColumn(col)) {
    const f = evalFactor({ type: 'name', name, start: 0, end: 0 }, ctx);
    return { name, kind: 'factor', levels: f.levels, codes: f.codes };
  }
  const values = evalNumeric({ type: 'name', name, start: 0, end: 0 }, ctx);
  const n = values.length;
  let mean = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) { mean += values[i]; if (values[i] < min) min = values[i]; if (values[i] > max) max = values[i]; }
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - mean) ** 2;
  return { name, kind: 'numeric', values, mean, sd: n > 1 ? Math.sqrt(ss / (n - 1)) : 0, min, max };
}

/** The model frame of the fit's data and every variable the formula uses (grouping columns included). */
export function effectsModel(formula: ParsedFormula, table: DataTable, design: ViewsDesign): EffectsModel {
  const frame = buildModelFrame(formula, table);
  if (frame.rows.length !== design.N) {
    throw new ModelError(`The data has ${frame.rows.length} complete rows for this formula but the fit has ${design.N}: the table changed since the fit. Run the model again.`);
  }
  const ctx = makeContext(table, frame.rows);
  const popExprs = [...formula.population.variables.map((v) => v.expr), ...formula.offsets];
  const groupExprs = formula.groups.flatMap((g) => g.variables.map((v) => v.expr));
  const asFactor = factorUses([...popExprs, ...groupExprs]);
  const populationVars = columnsOf(popExprs, ctx.columns);
  const groupVars = columnsOf(groupExprs, ctx.columns);
  const variables = new Map<string, ModelVariable>();
  for (const name of [...populationVars, ...groupVars]) variables.set(name, describeVariable(name, ctx, asFactor.has(name)));
  return { formula, ctx, design, variables, populationVars };
}

/** The data columns of each population-level term (brms get_var_combs), at most two, numeric ones first. */
export function populationEffects(m: EffectsModel): string[][] {
  const part = m.formula.population;
  const out: string[][] = [];
  for (const term of part.terms) {
    const vars = columnsOf(term.vars.map((v) => part.variables[v].expr), m.ctx.columns);
    if (vars.length === 0 || vars.length > 2) continue;
    // brms prepare_cond_data(reorder = TRUE): numeric effects come first
    const sorted = vars.length === 2 && m.variables.get(vars[0])!.kind === 'factor' && m.variables.get(vars[1])!.kind === 'numeric' ? [vars[1], vars[0]] : vars;
    if (!out.some((e) => e.join(':') === sorted.join(':'))) out.push(sorted);
  }
  return out;
}

/** The value a variable is held at: its mean, or its reference level (brms prepare_conditions). */
export function conditionValue(v: ModelVariable): GridValue {
  return v.kind === 'numeric' ? v.mean : v.levels[0];
}

/** R's seq(from, to, length.out = n): from, from + k (to - from) / (n - 1), ..., to. */
export function seqLength(from: number, to: number, n: number): number[] {
  if (n === 1 || from === to) return Array.from({ length: from === to ? 1 : n }, () => from);
  const by = (to - from) / (n - 1);
  return [from, ...Array.from({ length: n - 2 }, (_, k) => from + (k + 1) * by), to];
}

/** A column of new data with the original column's kind (numeric, factor, text). */
function gridColumn(orig: DataColumn, values: GridValue[]): DataColumn {
  const n = values.length;
  const missing = new Uint8Array(n);
  const base = { name: orig.name, missing, type: orig.type, asFactor: orig.asFactor, nMissing: 0 };
  if (orig.numeric === null) return { ...base, raw: rawCellsFromStrings(values.map(String)), numeric: null };
  const numeric = Float64Array.from(values, (v) => Number(v));
  return { ...base, raw: rawCellsFromNumbers(numeric), numeric };
}

/** New data: one row per entry of `rows` (variable name -> value); variables not given are not in the table. */
export function gridContext(m: EffectsModel, rows: Map<string, GridValue>[]): FrameContext {
  const names = [...m.variables.keys()].filter((n) => rows.every((r) => r.has(n)));
  const columns = names.map((n) => gridColumn(m.ctx.columns.get(n)!, rows.map((r) => r.get(n)!)));
  const table: DataTable = { name: 'grid', nRows: rows.length, columns };
  const ctx = makeContext(table, Int32Array.from(rows, (_, i) => i));
  return { ...ctx, reference: m.ctx };
}

/** Design of the grid: X (G x K, the fit's bNames order) and the summed offsets. */
export interface GridDesign { n: number; X: Float64Array; offset: Float64Array | null }

export function gridDesign(m: EffectsModel, g: FrameContext): GridDesign {
  const pop = modelMatrixColumns(m.formula.population, g);
  const names = pop.names.map(brmsRename);
  if (names.join('\u0000') !== m.design.bNames.join('\u0000')) {
    throw new ModelError(`The new data's design columns (${names.join(', ')}) differ from the fit's (${m.design.bNames.join(', ')}).`);
  }
  const G = g.rows.length;
  const K = names.length;
  const X = new Float64Array(G * K);
  pop.columns.forEach((c, k) => { for (let i = 0; i < G; i++) X[i * K + k] = c[i]; });
  let offset: Float64Array | null = null;
  for (const o of m.formula.offsets) {
    const v = evalNumeric(o, g);
    if (!offset) offset = v; else for (let i = 0; i < G; i++) offset[i] += v[i];
  }
  return { n: G, X, offset };
}

/** One grouping factor's contribution on the grid: per group term, the draw columns of a level's r_ and Z. */
export interface GroupPart { group: string; terms: { coefNames: string[]; Z: Float64Array[] }[] }

export function groupPart(m: EffectsModel, group: string, g: FrameContext): GroupPart {
  const specs = m.formula.groups.filter((s) => s.group === group);
  if (specs.length === 0) throw new ModelError(`The model has no group term for '${group}'; its grouping factors are ${[...new Set(m.formula.groups.map((s) => s.group))].join(', ') || 'none'}.`);
  return {
    group,
    terms: specs.map((spec: ExpandedTerms) => {
      const cols = modelMatrixColumns(spec, g);
      const G = g.rows.length;
      return {
        coefNames: [...(spec.intercept ? ['Intercept'] : []), ...cols.names.map(brmsRename)],
        Z: [...(spec.intercept ? [new Float64Array(G).fill(1)] : []), ...cols.columns],
      };
    }),
  };
}

/** Draw columns the expected value needs. */
interface Plan { intercept: number; b: Int32Array; params: Int32Array }

function columnIndex(d: ViewDraws): (name: string) => number {
  const at = new Map<string, number>();
  d.names.forEach((n, i) => at.set(n, i));
  return (name) => {
    const j = at.get(name);
    if (j === undefined) throw new ModelError(`The draws have no ${name}: they do not belong to this model.`);
    return j;
  };
}

/** Ordinal families (Family.ordinal): the draws' thresholds b_Intercept[1..K-1] stand for the intercept. */
function thresholdColumns(d: ViewDraws): number[] {
  const out: number[] = [];
  for (let k = 1; d.names.includes(`b_Intercept[${k}]`); k++) out.push(d.names.indexOf(`b_Intercept[${k}]`));
  return out;
}

function planOf(m: EffectsModel, d: ViewDraws): Plan {
  const col = columnIndex(d);
  const fam = getFamily(m.design.family, m.design.link);
  const thresholds = fam.ordinal ? thresholdColumns(d) : [];
  if (fam.ordinal && thresholds.length === 0) throw new ModelError('The draws have no thresholds b_Intercept[1], ...: they do not belong to this ordinal model.');
  return {
    intercept: m.design.hasIntercept && !fam.ordinal ? col('b_Intercept') : -1,
    b: Int32Array.from(m.design.bNames, (n) => col(`b_${n}`)),
    params: fam.ordinal ? Int32Array.from(thresholds) : Int32Array.from(fam.params, (p) => col(p.name)),
  };
}

/** Number of response categories of an ordinal fit's draws (thresholds + 1), 0 for other families. */
export function categoryCount(m: EffectsModel, d: ViewDraws): number {
  return getFamily(m.design.family, m.design.link).ordinal ? thresholdColumns(d).length + 1 : 0;
}

/**
 * Per draw and grid row, the expected response with trials 1: out[row * S + draw]. `part` and
 * `level` add one level's group-level effects. Ordinal families: the expected category, or with
 * `perCategory` each category's probability, out[(k * G + row) * S + draw].
 */
export function expectedOnGrid(
  m: EffectsModel, d: ViewDraws, grid: GridDesign, part: GroupPart | null, level: string | null, perCategory = false,
): Float64Array {
  const fam = getFamily(m.design.family, m.design.link);
  const plan = planOf(m, d);
  const col = columnIndex(d);
  const rCols = part && level !== null ? part.terms.map((t) => t.coefNames.map((c) => col(`r_${part.group}[${level},${c}]`))) : [];
  const K = m.design.bNames.length;
  const G = grid.n;
  const S = d.nDraws;
  const P = d.names.length;
  const K1 = fam.ordinal ? plan.params.length + 1 : 1;
  const blocks = fam.ordinal && perCategory ? K1 : 1;
  const probs = new Float64Array(K1);
  const out = new Float64Array(blocks * G * S);
  const par = new Float64Array(plan.params.length);
  const eta = new Float64Array(G);
  for (let i = 0; i < S; i++) {
    const base = i * P;
    for (let k = 0; k < par.length; k++) par[k] = d.rows[base + plan.params[k]];
    const b0 = plan.intercept >= 0 ? d.rows[base + plan.intercept] : 0;
    for (let r = 0; r < G; r++) {
      let e = b0;
      for (let k = 0; k < K; k++) e += grid.X[r * K + k] * d.rows[base + plan.b[k]];
      eta[r] = grid.offset ? e + grid.offset[r] : e;
    }
    rCols.forEach((cols, t) => cols.forEach((c, j) => {
      const z = part!.terms[t].Z[j];
      const rv = d.rows[base + c];
      for (let r = 0; r < G; r++) eta[r] += rv * z[r];
    }));
    if (!fam.ordinal) { for (let r = 0; r < G; r++) out[r * S + i] = fam.expectedValue(eta[r], 1, par); continue; }
    // ordinal: per category P(y = k + 1) (out has K blocks of G x S), or with one block the
    // expected category sum_k (k + 1) P(y = k + 1) (brms ordinal_probs_continuous)
    for (let r = 0; r < G; r++) {
      fam.ordinal.probabilities(eta[r], par, probs);
      if (blocks === 1) { let e = 0; for (let k = 0; k < K1; k++) e += (k + 1) * probs[k]; out[r * S + i] = e; }
      else for (let k = 0; k < K1; k++) out[(k * G + r) * S + i] = probs[k];
    }
  }
  return out;
}

/** An observed point: one row (n = 1), or the proportion of successes of n rows (or trials). */
export interface ObservedPoint { x: GridValue; y: number; n: number }

/** Distinct x values up to which proportions are per value; beyond, per tenth of the rows. */
const MAX_DISTINCT = 30;

/**
 * Observed proportions for a probability response: the successes over the trials (rows for a 0/1
 * response) per distinct x value, or per tenth of the rows sorted by x when x has more than 30
 * values. Raw 0/1 points at the bottom and top of the plot say little; a proportion is what the
 * line estimates. x of a bin: the mean of its x values.
 */
export function observedProportions(x: GridValue[], successes: ArrayLike<number>, trials: ArrayLike<number>): ObservedPoint[] {
  const n = x.length;
  const distinct = [...new Set(x)];
  const numeric = typeof x[0] === 'number';
  let bins: number[][];
  if (!numeric || distinct.length <= MAX_DISTINCT) {
    const at = new Map<GridValue, number>(distinct.map((v, k) => [v, k]));
    bins = distinct.map(() => []);
    for (let i = 0; i < n; i++) bins[at.get(x[i])!].push(i);
    if (numeric) bins.sort((a, b) => (x[a[0]] as number) - (x[b[0]] as number));
  } else {
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (x[a] as number) - (x[b] as number));
    bins = Array.from({ length: 10 }, (_, k) => order.slice(Math.floor((k * n) / 10), Math.floor(((k + 1) * n) / 10))).filter((b) => b.length);
  }
  return bins.map((rows) => {
    let s = 0;
    let t = 0;
    let mx = 0;
    for (const i of rows) { s += successes[i]; t += trials[i]; if (numeric) mx += x[i] as number; }
    return { x: numeric ? mx / rows.length : x[rows[0]], y: s / t, n: t };
  });
}
