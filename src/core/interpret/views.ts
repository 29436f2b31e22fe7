// What the "Pooling" and "Variance by level" views draw, computed from a fit's pooled draws and
// its model design (the analysis worker runs these; the page only draws the result):
//  - poolingView: complete pooling (one estimate), no pooling (per group, with SE, or the reason
//    it cannot be estimated) and partial pooling (the fit's b + r per draw) of one coefficient of
//    one grouping factor, and, for a term with an intercept and a slope, the same in two
//    dimensions with the population mean and covariance (posterior means of sd and cor);
//  - varianceView: the share of the variance at each level and the residual (mean and interval);
//  - CSV of both, one row per group / level.
// The estimates themselves come from pooling.ts, partialPooling.ts and varianceShares.ts.
import { ModelError } from '../formula/errors';
import { poolingEstimates, type PoolingDesign } from './pooling';
import { partialPoolingEstimates, type PosteriorEstimate } from './partialPooling';
import { summariseShares, varianceShares, type ShareSummary } from './varianceShares';
import { FAMILY_REGISTRY } from '../families';
import type { DataTable } from '../types';
import { conditionalEffects, type ConditionalEffectsResult, type EffectsJob } from './conditionalEffects';
import { groupLines, type GroupLinesJob, type GroupLinesResult } from './groupLines';

/** The design fields both views use (a ModelStructure has them all). */
export type ViewsDesign = Omit<PoolingDesign, 'groups'> & { groups: (PoolingDesign['groups'][number] & { correlated: boolean })[] };

export interface ViewDraws { names: string[]; rows: Float64Array; nDraws: number }

export type ViewJob =
  | { kind: 'pooling'; group?: string; coef?: string; prob: number }
  | { kind: 'variance'; prob: number }
  | EffectsJob
  | GroupLinesJob;

export interface PoolingRow {
  level: string;
  n: number;
  /** No pooling: NaN with `reason` when the group's own fit cannot be estimated. */
  noPooling: number;
  noPoolingSe: number;
  reason: string | null;
  partial: PosteriorEstimate;
}

/** The intercept-and-slope picture: no-pooling and partial-pooling pairs per group. */
export interface Pooling2D {
  slope: string;
  groups: { level: string; n: number; noPooling: [number, number] | null; reason: string | null; partial: [number, number] }[];
  /** Posterior means of b_Intercept and b_slope. */
  mean: [number, number];
  /** Population covariance of (intercept, slope) from the posterior means of sd and cor. */
  cov: [number, number, number];
  complete: [number, number];
}

export interface PoolingViewResult {
  kind: 'pooling';
  group: string;
  coef: string;
  family: string;
  /** '' (identity), 'log-odds' or 'log'. */
  scale: string;
  prob: number;
  complete: { estimate: number; se: number; n: number };
  population: PosteriorEstimate;
  /** Sorted by the partial-pooling estimate. */
  rows: PoolingRow[];
  twoD: Pooling2D | null;
  note: string;
  /** Grouping factors with their varying coefficients, for the pickers. */
  choices: { group: string; coefs: string[] }[];
}

export interface VarianceViewResult {
  kind: 'variance';
  family: string;
  prob: number;
  scale: 'response' | 'latent';
  residual: string;
  levels: ShareSummary[];
  note: string | null;
}

export type ViewResult = PoolingViewResult | VarianceViewResult | ConditionalEffectsResult | GroupLinesResult;

/** Views that evaluate the formula on new data need the fit's data table. */
export const needsTable = (job: ViewJob): boolean => job.kind === 'effects' || job.kind === 'groupLines';

/** Families with a classical GLM for complete and no pooling (Family.classical.glm). */
const POOLING_FAMILIES = new Set([...FAMILY_REGISTRY.values()].filter((f) => f.classical.glm !== null).map((f) => f.name));

/** The scale the pooling estimates are on: the identity for gaussian, the link otherwise. */
export function poolingScale(family: string): string {
  const glm = FAMILY_REGISTRY.get(family)?.classical.glm ?? null;
  if (glm === 'logit') return 'log-odds'; // bernoulli, binomial
  if (glm === 'poisson') return 'log';
  return '';
}

function columnMean(d: ViewDraws, name: string): number {
  const j = d.names.indexOf(name);
  if (j < 0) throw new ModelError(`The draws have no ${name}: they do not belong to this model.`);
  const P = d.names.length;
  let m = 0;
  for (let i = 0; i < d.nDraws; i++) m += d.rows[i * P + j];
  return m / d.nDraws;
}

function choicesOf(s: ViewsDesign): { group: string; coefs: string[] }[] {
  const out = new Map<string, string[]>();
  for (const g of s.groups) out.set(g.group, [...(out.get(g.group) ?? []), ...g.coefNames]);
  return [...out].map(([group, coefs]) => ({ group, coefs }));
}

function twoDimensional(s: ViewsDesign, d: ViewDraws, group: string, coef: string, prob: number): Pooling2D | null {
  const term = s.groups.find((g) => g.group === group && g.coefNames.includes(coef));
  if (!term || term.coefNames[0] !== 'Intercept' || term.coefNames.length < 2 || !s.hasIntercept) return null;
  const slope = coef === 'Intercept' ? term.coefNames[1] : coef;
  const npI = poolingEstimates(s, { group, coef: 'Intercept' });
  const npS = poolingEstimates(s, { group, coef: slope });
  const ppI = partialPoolingEstimates(s, d.names, d.rows, d.nDraws, { group, coef: 'Intercept' }, prob);
  const ppS = partialPoolingEstimates(s, d.names, d.rows, d.nDraws, { group, coef: slope }, prob);
  const sdI = columnMean(d, `sd_${group}__Intercept`);
  const sdS = columnMean(d, `sd_${group}__${slope}`);
  const corName = `cor_${group}__Intercept__${slope}`;
  const cor = term.correlated && d.names.includes(corName) ? columnMean(d, corName) : 0;
  const bS = d.names.includes(`b_${slope}`) ? columnMean(d, `b_${slope}`) : 0;
  return {
    slope,
    groups: ppI.groups.map((g, j) => {
      const a = npI.noPooling[j];
      const b = npS.noPooling[j];
      return { level: g.level, n: g.n, noPooling: a.reason ? null : [a.estimate, b.estimate], reason: a.reason, partial: [g.estimate, ppS.groups[j].estimate] };
    }),
    mean: [columnMean(d, 'b_Intercept'), bS],
    cov: [sdI * sdI, cor * sdI * sdS, sdS * sdS],
    complete: [npI.complete.estimate, npS.complete.estimate],
  };
}

/** Complete, no and partial pooling of `coef` by `group` (defaults: the first grouping factor, its first coefficient). */
export function poolingView(s: ViewsDesign, d: ViewDraws, job: Extract<ViewJob, { kind: 'pooling' }>): PoolingViewResult {
  const otherLink = s.link !== undefined && POOLING_FAMILIES.has(s.family) && s.link !== FAMILY_REGISTRY.get(s.family)!.link;
  if (!POOLING_FAMILIES.has(s.family) || otherLink) {
    throw new ModelError(`The Pooling view supports gaussian (identity scale) and bernoulli, binomial and poisson models (link scale${otherLink ? ': logit for bernoulli and binomial' : ''}), not ${s.family}${otherLink ? ` with the ${s.link} link` : ''}.`);
  }
  const choices = choicesOf(s);
  if (choices.length === 0) throw new ModelError('The model has no group-level terms, so there is nothing to pool: add a term such as (1 | group).');
  const group = job.group ?? choices[0].group;
  const choice = choices.find((c) => c.group === group);
  if (!choice) throw new ModelError(`The model has no group term for '${group}'; its grouping factors are ${choices.map((c) => c.group).join(', ')}.`);
  const coef = job.coef && choice.coefs.includes(job.coef) ? job.coef : choice.coefs[0];
  const np = poolingEstimates(s, { group, coef });
  const pp = partialPoolingEstimates(s, d.names, d.rows, d.nDraws, { group, coef }, job.prob);
  const rows: PoolingRow[] = pp.groups.map((g, j) => {
    const e = np.noPooling[j];
    return { level: g.level, n: g.n, noPooling: e.estimate, noPoolingSe: e.se, reason: e.reason, partial: { estimate: g.estimate, estError: g.estError, lower: g.lower, upper: g.upper } };
  });
  rows.sort((a, b) => a.partial.estimate - b.partial.estimate);
  return {
    kind: 'pooling', group, coef, family: s.family, scale: poolingScale(s.family), prob: job.prob,
    complete: { estimate: np.complete.estimate, se: np.complete.se, n: np.complete.n },
    population: pp.population, rows, twoD: twoDimensional(s, d, group, coef, job.prob), note: np.note, choices,
  };
}

/** The share of the variance at each level, posterior mean and central interval. */
export function varianceView(s: ViewsDesign, d: ViewDraws, job: Extract<ViewJob, { kind: 'variance' }>): VarianceViewResult {
  const shares = varianceShares(s, d.names, d.rows, d.nDraws, s.link);
  return {
    kind: 'variance', family: s.family, prob: job.prob, scale: shares.scale, residual: shares.residual,
    levels: summariseShares(shares, job.prob), note: shares.note,
  };
}

/** `table`: the fit's data (conditional effects and group lines evaluate the formula on new data). */
export function runView(s: ViewsDesign, d: ViewDraws, job: ViewJob, table: DataTable | null = null): ViewResult {
  if (job.kind === 'pooling') return poolingView(s, d, job);
  if (job.kind === 'variance') return varianceView(s, d, job);
  if (!table) throw new ModelError('The fit\'s data table has not reached the analysis worker yet; try again in a moment.');
  return job.kind === 'effects' ? conditionalEffects(s, d, table, job) : groupLines(s, d, table, job);
}

/** A number for CSV: full precision, NA for a missing value (as R's write.csv). */
const num = (x: number) => (Number.isFinite(x) ? String(x) : 'NA');
/** A text cell, quoted when it holds a comma, quote or line break (RFC 4180). */
const text = (x: string) => (/[",\n\r]/.test(x) ? `"${x.replace(/"/g, '""')}"` : x);
const pct = (p: number) => `${+(p * 100).toPrecision(4)}`;

/** One row per group: n, complete pooling, the fit's population mean (b), no (with SE and reason) and partial pooling. */
export function poolingCsv(r: PoolingViewResult): string {
  const a = (1 - r.prob) / 2;
  const head = [r.group, 'n', 'coef', 'complete_pooling', 'population_mean', 'no_pooling', 'no_pooling_se', 'no_pooling_reason',
    'partial_pooling', 'partial_pooling_sd', `partial_pooling_q${pct(a)}`, `partial_pooling_q${pct(1 - a)}`];
  const lines = r.rows.map((g) => [text(g.level), String(g.n), text(r.coef), num(r.complete.estimate), num(r.population.estimate), num(g.noPooling), num(g.noPoolingSe),
    g.reason ? text(g.reason) : '', num(g.partial.estimate), num(g.partial.estError), num(g.partial.lower), num(g.partial.upper)].join(','));
  return [head.map(text).join(','), ...lines].join('\n') + '\n';
}

/** One row per level (grouping factors, then the residual): the share's mean and interval. */
export function varianceCsv(r: VarianceViewResult): string {
  const a = (1 - r.prob) / 2;
  const head = ['level', 'kind', 'share_mean', `share_q${pct(a)}`, `share_q${pct(1 - a)}`, 'scale'];
  const lines = r.levels.map((l) => [text(l.name), l.kind, num(l.mean), num(l.lower), num(l.upper), r.scale].join(','));
  return [head.join(','), ...lines].join('\n') + '\n';
}
