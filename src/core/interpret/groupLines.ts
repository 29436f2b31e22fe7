// "Group lines" (issue 21, item 2): each group's fitted line over the range of one numeric
// predictor, on the response scale: per draw the expected response of the population part plus
// that group's r_ (brms posterior_epred with re_formula = NULL for that level), its posterior
// mean per grid point; the population line (re_formula = NA) with its interval; each group's
// observed points. Other variables are held as in conditional effects (mean, reference level,
// trials 1), except that a variable constant within a group (a group-level predictor such as
// Sex by Subject) is held at that group's own value in its line. With more than MAX_GROUPS levels the MAX_GROUPS with the most rows are drawn, plus
// any the user picks.
import { ModelError } from '../formula/errors';
import { parseFormula } from '../formula/parseFormula';
import type { DataTable } from '../types';
import { getFamily } from '../families';
import {
  columnsOf, conditionValue, effectsModel, expectedOnGrid, gridContext, gridDesign, groupPart, observedProportions, seqLength,
  type EffectsModel, type GridDesign, type GridValue, type GroupPart, type ModelVariable,
} from './effectsGrid';
import { summariseDraws } from './conditionalEffects';
import type { ViewDraws, ViewsDesign } from './views';

export const MAX_GROUPS = 60;
/** Grid points per line. */
export const LINE_POINTS = 50;

export interface GroupLinesJob {
  kind: 'groupLines';
  formula: string;
  group?: string;
  predictor?: string;
  /** Levels to draw besides the MAX_GROUPS with the most rows. */
  picked: string[];
  prob: number;
}

export interface GroupLine {
  level: string;
  n: number;
  picked: boolean;
  /** Posterior mean of the expected response at each grid point. */
  estimate: number[];
  /** The population line (no r_) at this group's held values. */
  population: number[];
  /** The group's observed rows (n = 1), or for a probability response its proportions per x value or bin. */
  points: { x: number; y: number; n: number }[];
}

export interface GroupLinesResult {
  kind: 'groupLines';
  family: string;
  group: string;
  predictor: string;
  x: number[];
  population: { estimate: number[]; lower: number[]; upper: number[] };
  lines: GroupLine[];
  /** Every level with its rows, in the model's level order (for the search box). */
  levels: { level: string; n: number }[];
  /** Levels not drawn (beyond MAX_GROUPS and not picked). */
  hidden: number;
  /** Values held for the population line (mean, reference level). */
  conditions: { name: string; value: GridValue }[];
  /** Held variables that some groups have at their own value (constant within the group, e.g. Sex by Subject). */
  perGroup: string[];
  response: string;
  probability: boolean;
  prob: number;
  choices: { groups: string[]; predictors: string[] };
}

/** Variables of the population part and of the group's terms. */
function lineVariables(m: EffectsModel, group: string): string[] {
  const termVars = columnsOf(m.formula.groups.filter((g) => g.group === group).flatMap((g) => g.variables.map((v) => v.expr)), m.ctx.columns);
  return [...new Set([...m.populationVars, ...termVars])];
}

/** The MAX_GROUPS levels with the most rows (ties: level order) plus the picked ones, in level order. */
export function shownLevels(levels: string[], counts: Int32Array, picked: readonly string[]): number[] {
  const all = levels.map((_, j) => j);
  if (levels.length <= MAX_GROUPS) return all;
  const top = new Set(all.slice().sort((a, b) => counts[b] - counts[a] || a - b).slice(0, MAX_GROUPS));
  for (const p of picked) { const j = levels.indexOf(p); if (j >= 0) top.add(j); }
  return all.filter((j) => top.has(j));
}

function meanOver(x: Float64Array, S: number, G: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < G; r++) { let s = 0; for (let i = 0; i < S; i++) s += x[r * S + i]; out.push(s / S); }
  return out;
}

/** A variable's value in a group's rows when it is the same in all of them (a group-level predictor such as Sex by Subject), else null. */
function groupValue(m: EffectsModel, name: string, rows: number[]): GridValue | null {
  const v = m.variables.get(name)!;
  if (rows.length === 0) return null;
  if (v.kind === 'numeric') return rows.every((i) => v.values[i] === v.values[rows[0]]) ? v.values[rows[0]] : null;
  return rows.every((i) => v.codes[i] === v.codes[rows[0]]) ? v.levels[v.codes[rows[0]]] : null;
}

interface LineGrid { grid: GridDesign; part: GroupPart; population: number[] }

/**
 * The grid of one set of held values (cached by them: many groups share one, e.g. all Female
 * subjects) with the population line's posterior mean on it.
 */
function lineGrids(m: EffectsModel, d: ViewDraws, group: string, predictor: string, x: number[]) {
  const cache = new Map<string, LineGrid>();
  return (held: [string, GridValue][]): LineGrid => {
    const key = JSON.stringify(held);
    let g = cache.get(key);
    if (!g) {
      const ctx = gridContext(m, x.map((v) => new Map<string, GridValue>([[predictor, v], ...held])));
      const grid = gridDesign(m, ctx);
      g = { grid, part: groupPart(m, group, ctx), population: meanOver(expectedOnGrid(m, d, grid, null, null), d.nDraws, x.length) };
      cache.set(key, g);
    }
    return g;
  };
}

function populationLine(m: EffectsModel, d: ViewDraws, grid: GridDesign, prob: number): GroupLinesResult['population'] {
  const S = d.nDraws;
  const pop = expectedOnGrid(m, d, grid, null, null);
  const population = { estimate: meanOver(pop, S, grid.n), lower: [] as number[], upper: [] as number[] };
  for (let r = 0; r < grid.n; r++) {
    const s = summariseDraws(pop.subarray(r * S, (r + 1) * S), prob, false);
    population.lower.push(s.lower);
    population.upper.push(s.upper);
  }
  return population;
}

function pickChoices(m: EffectsModel, design: ViewsDesign, job: GroupLinesJob) {
  const groups = [...new Set(design.groups.map((g) => g.group))];
  if (groups.length === 0) throw new ModelError('The model has no group-level terms, so there are no group lines: add a term such as (1 | group).');
  const group = job.group && groups.includes(job.group) ? job.group : groups[0];
  const vars = lineVariables(m, group);
  const predictors = vars.filter((n) => m.variables.get(n)!.kind === 'numeric');
  if (predictors.length === 0) throw new ModelError(`Group lines need a numeric predictor in the model; ${job.formula.split('~')[1]?.trim() ?? 'its formula'} has none.`);
  const predictor = job.predictor && predictors.includes(job.predictor) ? job.predictor : predictors[0];
  return { groups, group, predictors, predictor, conds: vars.filter((n) => n !== predictor) };
}

/**
 * Each shown group's line: per draw the population part plus the group's r_, at the group's own
 * value of each held variable that is constant within the group (else its mean / reference
 * level), posterior mean per grid point; and the population line at the same values.
 */
export function groupLines(design: ViewsDesign, d: ViewDraws, table: DataTable, job: GroupLinesJob): GroupLinesResult {
  const m = effectsModel(parseFormula(job.formula), table, design);
  const { groups, group, predictors, predictor, conds } = pickChoices(m, design, job);
  const xv = m.variables.get(predictor)! as Extract<ModelVariable, { kind: 'numeric' }>;
  const x = seqLength(xv.min, xv.max, LINE_POINTS);
  const overall = conds.map((c): [string, GridValue] => [c, conditionValue(m.variables.get(c)!)]);
  const gridsFor = lineGrids(m, d, group, predictor, x);
  const population = populationLine(m, d, gridsFor(overall).grid, job.prob);
  const term = design.groups.find((t) => t.group === group)!;
  const rowsOf = term.levels.map(() => [] as number[]);
  for (let i = 0; i < design.N; i++) rowsOf[term.index[i]].push(i);
  const counts = Int32Array.from(rowsOf, (r) => r.length);
  const rule = getFamily(design.family, design.link).response;
  const probability = rule.trials || rule.twoLevelFactor;
  const pointsOf = (rows: number[]) => (probability
    ? observedProportions(rows.map((i) => xv.values[i]), rows.map((i) => design.y[i]), rows.map((i) => (design.trials ? design.trials[i] : 1))) as { x: number; y: number; n: number }[]
    : rows.map((i) => ({ x: xv.values[i], y: design.y[i], n: 1 })));
  const perGroup = new Set<string>();
  const lines = shownLevels(term.levels, counts, job.picked).map((j): GroupLine => {
    const held = overall.map(([c, v]): [string, GridValue] => {
      const own = groupValue(m, c, rowsOf[j]);
      if (own !== null && own !== v) perGroup.add(c);
      return [c, own ?? v];
    });
    const g = gridsFor(held);
    return {
      level: term.levels[j], n: counts[j], picked: job.picked.includes(term.levels[j]),
      estimate: meanOver(expectedOnGrid(m, d, g.grid, g.part, term.levels[j]), d.nDraws, x.length),
      population: g.population, points: pointsOf(rowsOf[j]),
    };
  });
  return {
    kind: 'groupLines', family: design.family, group, predictor, x, population, lines,
    levels: term.levels.map((level, j) => ({ level, n: counts[j] })), hidden: term.levels.length - lines.length,
    conditions: overall.map(([name, value]) => ({ name, value })), perGroup: [...perGroup],
    response: m.formula.response.label, probability, prob: job.prob,
    choices: { groups, predictors },
  };
}

const num = (v: number) => (Number.isFinite(v) ? String(v) : 'NA');
const text = (x: string) => (/[",\n\r]/.test(x) ? `"${x.replace(/"/g, '""')}"` : x);

/** One row per line and grid point: the population line first (with its interval), then each group's (posterior mean only). */
export function groupLinesCsv(r: GroupLinesResult): string {
  const head = [r.group, r.predictor, 'estimate__', 'lower__', 'upper__'].map(text).join(',');
  const popRows = r.x.map((x, k) => ['(population)', num(x), num(r.population.estimate[k]), num(r.population.lower[k]), num(r.population.upper[k])].join(','));
  const groupRows = r.lines.flatMap((l) => r.x.map((x, k) => [text(l.level), num(x), num(l.estimate[k]), 'NA', 'NA'].join(',')));
  return [head, ...popRows, ...groupRows].join('\n') + '\n';
}
