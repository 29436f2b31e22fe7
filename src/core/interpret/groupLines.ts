// "Group lines" (issue 21, item 2): each group's fitted line over the range of one numeric
// predictor, on the response scale: per draw the expected response of the population part plus
// that group's r_ (brms posterior_epred with re_formula = NULL for that level), its posterior
// mean per grid point; the population line (re_formula = NA) with its interval; each group's
// observed points. Other variables are held as in conditional effects (mean, reference level,
// trials 1). With more than MAX_GROUPS levels the MAX_GROUPS with the most rows are drawn, plus
// any the user picks.
import { ModelError } from '../formula/errors';
import { parseFormula } from '../formula/parseFormula';
import type { DataTable } from '../types';
import { getFamily } from '../families';
import {
  columnsOf, conditionValue, effectsModel, expectedOnGrid, gridContext, gridDesign, groupPart, observedProportions, seqLength,
  type EffectsModel, type GridValue,
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
  conditions: { name: string; value: GridValue }[];
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

export function groupLines(design: ViewsDesign, d: ViewDraws, table: DataTable, job: GroupLinesJob): GroupLinesResult {
  const m = effectsModel(parseFormula(job.formula), table, design);
  const groups = [...new Set(design.groups.map((g) => g.group))];
  if (groups.length === 0) throw new ModelError('The model has no group-level terms, so there are no group lines: add a term such as (1 | group).');
  const group = job.group && groups.includes(job.group) ? job.group : groups[0];
  const vars = lineVariables(m, group);
  const predictors = vars.filter((n) => m.variables.get(n)!.kind === 'numeric');
  if (predictors.length === 0) throw new ModelError(`Group lines need a numeric predictor in the model; ${job.formula.split('~')[1]?.trim() ?? 'its formula'} has none.`);
  const predictor = job.predictor && predictors.includes(job.predictor) ? job.predictor : predictors[0];
  const xv = m.variables.get(predictor)!;
  if (xv.kind !== 'numeric') throw new ModelError(`${predictor} is not numeric.`);
  const x = seqLength(xv.min, xv.max, LINE_POINTS);
  const conds = vars.filter((n) => n !== predictor);
  const rows = x.map((v) => new Map<string, GridValue>([[predictor, v], ...conds.map((c): [string, GridValue] => [c, conditionValue(m.variables.get(c)!)])]));
  const g = gridContext(m, rows);
  const grid = gridDesign(m, g);
  const part = groupPart(m, group, g);
  const S = d.nDraws;
  const G = x.length;
  const pop = expectedOnGrid(m, d, grid, null, null);
  const population = { estimate: meanOver(pop, S, G), lower: [] as number[], upper: [] as number[] };
  for (let r = 0; r < G; r++) {
    const s = summariseDraws(pop.subarray(r * S, (r + 1) * S), job.prob, false);
    population.lower.push(s.lower);
    population.upper.push(s.upper);
  }
  const term = design.groups.find((t) => t.group === group)!;
  const counts = new Int32Array(term.levels.length);
  for (const j of term.index) counts[j]++;
  const shown = shownLevels(term.levels, counts, job.picked);
  const rule = getFamily(design.family).response;
  const probability = rule.trials || rule.twoLevelFactor;
  const rowsOf = term.levels.map(() => [] as number[]);
  for (let i = 0; i < design.N; i++) rowsOf[term.index[i]].push(i);
  const pointsOf = (rows: number[]) => (probability
    ? observedProportions(rows.map((i) => xv.values[i]), rows.map((i) => design.y[i]), rows.map((i) => (design.trials ? design.trials[i] : 1))) as { x: number; y: number; n: number }[]
    : rows.map((i) => ({ x: xv.values[i], y: design.y[i], n: 1 })));
  const lines = shown.map((j): GroupLine => ({
    level: term.levels[j], n: counts[j], picked: job.picked.includes(term.levels[j]),
    estimate: meanOver(expectedOnGrid(m, d, grid, part, term.levels[j]), S, G), points: pointsOf(rowsOf[j]),
  }));
  return {
    kind: 'groupLines', family: design.family, group, predictor, x, population, lines,
    levels: term.levels.map((level, j) => ({ level, n: counts[j] })), hidden: term.levels.length - shown.length,
    conditions: conds.map((c) => ({ name: c, value: conditionValue(m.variables.get(c)!) })),
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
