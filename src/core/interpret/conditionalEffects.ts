// "Conditional effects" (issue 21, item 1): brms conditional_effects() (R/conditional_effects.R,
// brms 2.18) for one effect of a fit, from its draws:
//  - effects: each population-level term's variables (get_all_effects): one variable, or a
//    two-way interaction with the numeric variable first (prepare_cond_data, reorder = TRUE);
//  - the grid: 100 points from the observed minimum to the maximum (seq(min, max, length.out =
//    100)) for a numeric first variable, each level for a factor; a second variable at
//    mean - sd, mean, mean + sd when numeric (effect2__ its values rounded to 2 digits, levels in
//    decreasing order, as brms labels them) or at each level; rows sorted by effect1, effect2;
//  - every other variable at its mean or reference level, trials at 1 (prepare_conditions);
//  - group-level effects left out (re_formula = NA), or one chosen level of one grouping factor
//    added (its r_ draws times the group term's columns on the grid);
//  - per grid row the expected response on the response scale per draw (posterior_epred), then
//    posterior_summary: estimate__ the median and se__ the MAD (robust = TRUE, brms's default) or
//    the mean and sd (robust = FALSE), lower__ / upper__ type-7 quantiles at (1 - prob) / 2 and
//    1 - (1 - prob) / 2.
// Ordinal families (Family.ordinal): each category's probability, one line per category
// (categorical = TRUE in brms; one variable at a time, as brms drops interactions there);
// group lines use the expected category sum_k k P(y = k) (brms ordinal_probs_continuous).
import { ModelError } from '../formula/errors';
import { parseFormula } from '../formula/parseFormula';
import { formatNumberR } from '../formula/deparse';
import type { DataTable } from '../types';
import { quantileSorted } from '../diagnostics/quantile7';
import { madR, roundR } from '../design/rStats';
import { getFamily } from '../families';
import {
  categoryCount, columnsOf, conditionValue, effectsModel, expectedOnGrid, gridContext, gridDesign, groupPart, observedProportions, populationEffects, seqLength,
  type EffectsModel, type GridValue, type ModelVariable,
} from './effectsGrid';
import type { ViewDraws, ViewsDesign } from './views';

/** brms's resolution: grid points of a numeric first variable. */
export const RESOLUTION = 100;
/** Most raw data points sent back for the plot (every k-th row beyond that). */
export const MAX_POINTS = 3000;

export interface EffectsJob {
  kind: 'effects';
  /** The fit's formula (the worker holds the fit's data table). */
  formula: string;
  /** 'Days' or 'x:z' (default: the first effect). */
  effect?: string;
  prob: number;
  /** true: median and MAD (brms's default robust = TRUE); false: mean and sd. */
  robust: boolean;
  /** Include one level's group-level effects (brms re_formula = NULL for that group); null: none (re_formula = NA). */
  group?: { group: string; level: string } | null;
}

export interface EffectRow {
  /** Per CSV predictor column (ConditionalEffectsResult.columns): the value. */
  values: GridValue[];
  effect1: GridValue;
  /** effect2__ label, or null for a one-variable effect. */
  effect2: string | null;
  estimate: number;
  se: number;
  lower: number;
  upper: number;
}

/** An observed row (n = 1), or for a probability response the proportion of n rows or trials (effectsGrid.ts observedProportions). */
export interface EffectPoint { x: GridValue; y: number; n: number; level2: string | null }

export interface ConditionalEffectsResult {
  kind: 'effects';
  family: string;
  effect: string;
  vars: string[];
  types: ('numeric' | 'factor')[];
  choices: string[];
  /**
   * The data columns of brms's data frame, in its order: the effect's variables, the response
   * (at its mean, as brms fills it), the variables held fixed, the grouping columns (NA, or the
   * included level).
   */
  columns: string[];
  rows: EffectRow[];
  /** effect2__ levels in brms's order (numeric moderator: decreasing), or null. */
  effect2Levels: string[] | null;
  conditions: { name: string; value: GridValue }[];
  /**
   * Observed rows matching the conditions: x = the first variable, y = the response; for a
   * probability response the observed proportions per x value or bin and level of the second variable.
   */
  points: EffectPoint[];
  nPoints: number;
  response: string;
  /** True when the expected value is a probability (0/1 or binomial response with trials 1, an ordinal category). */
  probability: boolean;
  /** Ordinal fits: the response categories, one line each (effect2__ and cats__); null otherwise. */
  categories: string[] | null;
  prob: number;
  robust: boolean;
  group: { group: string; level: string } | null;
  groupChoices: { group: string; levels: string[] }[];
}

/** The values of one effect variable on the grid (brms prepare_cond_data). */
function effectValues(v: ModelVariable, first: boolean): GridValue[] {
  if (v.kind === 'factor') return v.levels;
  return first ? seqLength(v.min, v.max, RESOLUTION) : [-1, 0, 1].map((k) => k * v.sd + v.mean);
}

function pickEffect(m: EffectsModel, wanted: string | undefined, ordinal: boolean): string[] {
  const all = populationEffects(m).filter((e) => !ordinal || e.length === 1);
  if (all.length === 0) throw new ModelError('The model has no population-level predictors, so there is no effect to show: add one, e.g. y ~ x + (1 | g).');
  if (!wanted) return all[0];
  const e = all.find((a) => a.join(':') === wanted || [...a].reverse().join(':') === wanted);
  if (!e) throw new ModelError(`'${wanted}' is not an effect of this model; its effects are ${all.map((a) => a.join(':')).join(', ')}.`);
  return e;
}

/** Variables held fixed: the population part's (and the included group term's) other variables. */
function conditionVars(m: EffectsModel, effect: string[], group: string | null): string[] {
  const groupVars = group ? columnsOf(m.formula.groups.filter((g) => g.group === group).flatMap((g) => g.variables.map((v) => v.expr)), m.ctx.columns) : [];
  return [...new Set([...m.populationVars, ...groupVars])].filter((n) => !effect.includes(n));
}

interface Summary { estimate: number; se: number; lower: number; upper: number }

/** brms posterior_summary of one grid row's draws (x is reordered). */
export function summariseDraws(x: Float64Array, prob: number, robust: boolean): Summary {
  const sorted = x.sort();
  const S = sorted.length;
  const a = (1 - prob) / 2;
  let m = 0;
  for (let i = 0; i < S; i++) m += sorted[i];
  m /= S;
  let ss = 0;
  for (let i = 0; i < S; i++) ss += (sorted[i] - m) ** 2;
  const lower = quantileSorted(sorted, a);
  const upper = quantileSorted(sorted, 1 - a);
  if (robust) return { estimate: quantileSorted(sorted, 0.5), se: madR(sorted), lower, upper };
  return { estimate: m, se: Math.sqrt(ss / (S - 1)), lower, upper };
}

function effectGrid(m: EffectsModel, effect: string[], conds: string[]): { rows: Map<string, GridValue>[]; level2: (string | null)[] } {
  const vars = effect.map((n) => m.variables.get(n)!);
  const first = effectValues(vars[0], true);
  const second = vars[1] ? effectValues(vars[1], false) : [null];
  const rows: Map<string, GridValue>[] = [];
  const level2: (string | null)[] = [];
  // the first value of each unique run (a constant numeric variable gives one point)
  const firsts = first.filter((v, i) => first.indexOf(v) === i);
  for (const a of firsts) {
    for (const b of second) {
      const row = new Map<string, GridValue>([[effect[0], a]]);
      if (b !== null) row.set(effect[1], b);
      for (const c of conds) row.set(c, conditionValue(m.variables.get(c)!));
      rows.push(row);
      level2.push(b === null ? null : typeof b === 'number' ? formatNumberR(roundR(b, 2)) : b);
    }
  }
  return { rows, level2 };
}

function matchingPoints(m: EffectsModel, effect: string[], conds: string[], group: EffectsJob['group'], probability: boolean): { points: EffectPoint[]; n: number } {
  const d = m.design;
  const keep: number[] = [];
  const factors = conds.map((c) => m.variables.get(c)!).filter((v): v is Extract<ModelVariable, { kind: 'factor' }> => v.kind === 'factor');
  const term = group ? d.groups.find((g) => g.group === group.group) : undefined;
  const levelIndex = term && group ? term.levels.indexOf(group.level) : -1;
  for (let i = 0; i < d.N; i++) {
    if (factors.some((f) => f.codes[i] !== 0)) continue;
    if (term && term.index[i] !== levelIndex) continue;
    keep.push(i);
  }
  const v1 = m.variables.get(effect[0])!;
  const v2 = effect[1] ? m.variables.get(effect[1])! : null;
  const xOf = (i: number): GridValue => (v1.kind === 'numeric' ? v1.values[i] : v1.levels[v1.codes[i]]);
  const level2Of = (i: number) => (v2 && v2.kind === 'factor' ? v2.levels[v2.codes[i]] : null);
  if (probability) {
    // proportions per level of a factor moderator (one set for a numeric one or none)
    const series = [...new Set(keep.map(level2Of))];
    const points = series.flatMap((l) => {
      const rows = keep.filter((i) => level2Of(i) === l);
      return observedProportions(rows.map(xOf), rows.map((i) => d.y[i]), rows.map((i) => (d.trials ? d.trials[i] : 1))).map((p) => ({ ...p, level2: l }));
    });
    return { points, n: keep.length };
  }
  const step = Math.max(1, Math.ceil(keep.length / MAX_POINTS));
  const points: EffectPoint[] = [];
  for (let k = 0; k < keep.length; k += step) {
    const i = keep[k];
    points.push({ x: xOf(i), y: d.y[i], n: 1, level2: level2Of(i) });
  }
  return { points, n: keep.length };
}

/**
 * brms's data frame also holds the response (its mean over the model frame: validate_newdata
 * fills it) and every grouping column (NA; the level of the included group). A response that is
 * not one column (cbind(), an expression) is left out.
 */
function frameColumns(m: EffectsModel, group: EffectsJob['group']): { response: { name: string; value: GridValue }[]; groups: { name: string; value: GridValue }[] } {
  const resp = m.formula.response.expr;
  const y = m.design.y;
  let mean = 0;
  for (let i = 0; i < y.length; i++) mean += y[i];
  const response = resp.type === 'name' && m.ctx.columns.has(resp.name) ? [{ name: resp.name, value: mean / y.length }] : [];
  const groups: { name: string; value: GridValue }[] = [];
  for (const g of m.formula.groups) {
    for (const v of g.groupVars) {
      if (groups.some((c) => c.name === v)) continue;
      // one level of a single-column grouping factor; NaN (written NA) otherwise
      groups.push({ name: v, value: group && group.group === g.group && g.groupVars.length === 1 ? group.level : NaN });
    }
  }
  return { response, groups };
}

function checkGroup(d: ViewsDesign, group: EffectsJob['group']): void {
  if (!group) return;
  const term = d.groups.find((g) => g.group === group.group);
  if (!term) throw new ModelError(`The model has no group term for '${group.group}'; its grouping factors are ${[...new Set(d.groups.map((g) => g.group))].join(', ') || 'none'}.`);
  if (!term.levels.includes(group.level)) throw new ModelError(`'${group.level}' is not a level of ${group.group}.`);
}

function groupChoices(d: ViewsDesign): { group: string; levels: string[] }[] {
  const out = new Map<string, string[]>();
  for (const g of d.groups) if (!out.has(g.group)) out.set(g.group, g.levels);
  return [...out].map(([group, levels]) => ({ group, levels }));
}

/** Category labels of an ordinal response: its column's level order, else 1..K (brms cats__). */
function categoryLabels(m: EffectsModel, K: number): string[] {
  const resp = m.formula.response.expr;
  const levels = resp.type === 'name' ? m.ctx.columns.get(resp.name)?.levels : undefined;
  return Array.from({ length: K }, (_, k) => levels?.[k] ?? String(k + 1));
}

/**
 * Ordinal fits: one row per category and grid value with the category's probability, effect2__
 * and cats__ the category (brms conditional_effects(categorical = TRUE); one variable at a time,
 * as brms drops interactions there).
 */
function perCategoryRows(m: EffectsModel, expected: Float64Array, K: number, base: { values: GridValue[]; effect1: GridValue }[], S: number, job: EffectsJob): { rows: EffectRow[]; labels: string[] } {
  const labels = categoryLabels(m, K);
  const G = base.length;
  const rows = labels.flatMap((label, k) => base.map((b, i) => ({
    values: [...b.values, label], effect1: b.effect1, effect2: label,
    ...summariseDraws(expected.subarray((k * G + i) * S, (k * G + i + 1) * S), job.prob, job.robust),
  })));
  return { rows, labels };
}

/** Conditional effects of one effect of the fit whose design, draws and data table are given. */
export function conditionalEffects(design: ViewsDesign, d: ViewDraws, table: DataTable, job: EffectsJob): ConditionalEffectsResult {
  if (!(job.prob > 0 && job.prob < 1)) throw new ModelError(`The interval's probability must be between 0 and 1, got ${job.prob}.`);
  checkGroup(design, job.group);
  const m = effectsModel(parseFormula(job.formula), table, design);
  const K = categoryCount(m, d);
  const effect = pickEffect(m, job.effect, K > 0);
  const group = job.group ?? null;
  const conds = conditionVars(m, effect, group?.group ?? null);
  const { rows: gridRows, level2 } = effectGrid(m, effect, conds);
  const g = gridContext(m, gridRows);
  const expected = expectedOnGrid(m, d, gridDesign(m, g), group ? groupPart(m, group.group, g) : null, group?.level ?? null, K > 0);
  const S = d.nDraws;
  const extra = frameColumns(m, group);
  const columns = [...effect, ...extra.response.map((c) => c.name), ...conds, ...extra.groups.map((c) => c.name)];
  for (const c of [...extra.response, ...extra.groups]) for (const r of gridRows) r.set(c.name, c.value);
  const base = gridRows.map((r) => ({ values: columns.map((c) => r.get(c)!), effect1: r.get(effect[0])! }));
  let rows: EffectRow[];
  let effect2Levels: string[] | null;
  if (K > 0) {
    const cats = perCategoryRows(m, expected, K, base, S, job);
    rows = cats.rows;
    effect2Levels = cats.labels;
    columns.push('cats__');
  } else {
    rows = base.map((b, i) => ({ ...b, effect2: level2[i], ...summariseDraws(expected.subarray(i * S, (i + 1) * S), job.prob, job.robust) }));
    const v2 = effect[1] ? m.variables.get(effect[1])! : null;
    effect2Levels = v2 ? (v2.kind === 'factor' ? v2.levels : [...new Set(level2 as string[])].reverse()) : null;
  }
  const rule = getFamily(design.family, design.link).response;
  const probability = K > 0 || rule.trials || rule.twoLevelFactor;
  // ordinal responses: the observed points are categories, not on the probability scale
  const { points, n } = K > 0 ? { points: [], n: 0 } : matchingPoints(m, effect, conds, group, probability);
  return {
    kind: 'effects', family: design.family, effect: effect.join(':'), vars: effect, types: effect.map((e) => m.variables.get(e)!.kind),
    choices: populationEffects(m).filter((e) => K === 0 || e.length === 1).map((e) => e.join(':')), columns, rows, effect2Levels,
    conditions: conds.map((c) => ({ name: c, value: conditionValue(m.variables.get(c)!) })),
    points, nPoints: n, response: m.formula.response.label,
    probability, categories: K > 0 ? effect2Levels : null,
    prob: job.prob, robust: job.robust, group, groupChoices: groupChoices(design),
  };
}

/** A number for CSV: full precision, NA for a missing value (as R's write.csv). */
const num = (x: number) => (Number.isFinite(x) ? String(x) : 'NA');
/** A text cell, quoted when it holds a comma, quote or line break (RFC 4180). */
const text = (x: string) => (/[",\n\r]/.test(x) ? `"${x.replace(/"/g, '""')}"` : x);
const cell = (v: GridValue) => (typeof v === 'number' ? num(v) : text(v));

/** brms's data frame: the predictor columns, effect1__, effect2__ (two-variable effects), estimate__, se__, lower__, upper__. */
export function conditionalEffectsCsv(r: ConditionalEffectsResult): string {
  const two = r.effect2Levels !== null;
  const head = [...r.columns, 'effect1__', ...(two ? ['effect2__'] : []), 'estimate__', 'se__', 'lower__', 'upper__'];
  const lines = r.rows.map((row) => [
    ...row.values.map(cell), cell(row.effect1), ...(two ? [text(row.effect2 ?? '')] : []), num(row.estimate), num(row.se), num(row.lower), num(row.upper),
  ].join(','));
  return [head.map(text).join(','), ...lines].join('\n') + '\n';
}
