// Summary JSON (design.md §5): run settings, timing, sampler health and one entry per output
// parameter (group-level r_ effects included). Non-finite numbers become null (JSON has no NaN).
import type { SummaryRow } from '../types';
import { quantileKey } from '../diagnostics/summary';
import type { DroppedCells } from '../design/modelFrame';
import { FAMILY_REGISTRY } from '../families';
import type { BayesR2Summary } from '../loo/bayesR2';
import type { looSummaryJson } from '../loo/loo';

export interface SummaryJsonParameter {
  name: string;
  mean: number | null;
  sd: number | null;
  q5: number | null;
  q50: number | null;
  q95: number | null;
  rhat: number | null;
  ess_bulk: number | null;
  ess_tail: number | null;
  mcse_mean: number | null;
}

export interface SummaryJson {
  formula: string;
  family: string;
  /** The link of the mean (brms family$link): 'identity', 'logit', 'probit', 'log'. */
  link: string;
  chains: number;
  warmup: number;
  iter: number;
  seed: number;
  n_obs: number;
  /**
   * Data rows left out of the model (a missing value in a column the formula uses, as brms and
   * lme4 drop them): the total, and per column and reason ('missing': empty/NA/NaN/'.';
   * 'non-numeric': a text cell in a numeric column, read as missing) the rows affected. A row
   * missing in two columns counts once in total and once in each column. Added to design.md §5;
   * absent when the writer does not know (the browser's exports do not pass it yet).
   */
  n_dropped?: { total: number; by_column: { column: string; reason: DroppedCells['reason']; rows: number }[] };
  timing: { warmup_s: number[]; sampling_s: number[]; wall_s: number };
  gradient_evals: number;
  divergences: number;
  max_treedepth_hits: number;
  ebfmi: (number | null)[];
  parameters: SummaryJsonParameter[];
  /** PSIS-LOO (CLI --loo; issue 20): loo 2.5.1's estimates and Pareto k counts (0.5, 0.7, 1). */
  loo?: {
    elpd_loo: number | null; se_elpd_loo: number | null; p_loo: number | null; se_p_loo: number | null;
    looic: number | null; se_looic: number | null;
    pareto_k: { good: number; ok: number; bad: number; very_bad: number };
  };
  /** brms bayes_R2 over the draws: mean, sd and the 90% interval (issue 20). */
  bayes_r2?: { mean: number | null; sd: number | null; q5: number | null; q95: number | null };
}

export interface SummaryJsonInput {
  formula: string;
  family: string;
  /** The link (absent: the family's default). */
  link?: string;
  settings: { chains: number; warmup: number; iter: number; seed: number };
  nObs: number;
  /** Rows dropped from the data (prepareModel's nDropped and dropped). */
  dropped?: { total: number; byColumn: readonly DroppedCells[] };
  timing: { warmupSeconds: number[]; samplingSeconds: number[]; wallSeconds: number };
  gradientEvaluations: number;
  divergences: number;
  maxTreedepthHits: number;
  ebfmi: number[];
  rows: SummaryRow[];
  /** core/loo looSummaryJson of the fit's PSIS-LOO, when computed. */
  loo?: ReturnType<typeof looSummaryJson>;
  /** core/loo summariseBayesR2 of the fit's Bayes R2 draws, when defined. */
  bayesR2?: BayesR2Summary;
}

/** posterior's quantile naming: probability x 100 ('q5', 'q2.5', 'q97.5'). */
export { quantileKey };

const finite = (x: number | null | undefined): number | null =>
  x === null || x === undefined || !Number.isFinite(x) ? null : x;

export function buildSummaryJson(input: SummaryJsonInput): SummaryJson {
  const { settings, timing } = input;
  return {
    formula: input.formula,
    family: input.family,
    link: input.link ?? FAMILY_REGISTRY.get(input.family)?.link ?? '',
    chains: settings.chains,
    warmup: settings.warmup,
    iter: settings.iter,
    seed: settings.seed,
    n_obs: input.nObs,
    ...(input.dropped ? { n_dropped: { total: input.dropped.total, by_column: input.dropped.byColumn.map((d) => ({ column: d.column, reason: d.reason, rows: d.rows })) } } : {}),
    timing: { warmup_s: timing.warmupSeconds, sampling_s: timing.samplingSeconds, wall_s: timing.wallSeconds },
    gradient_evals: input.gradientEvaluations,
    divergences: input.divergences,
    max_treedepth_hits: input.maxTreedepthHits,
    ebfmi: input.ebfmi.map(finite),
    parameters: input.rows.map((r) => ({
      name: r.name,
      mean: finite(r.mean),
      sd: finite(r.sd),
      q5: finite(r.quantiles[quantileKey(0.05)]),
      q50: finite(r.median),
      q95: finite(r.quantiles[quantileKey(0.95)]),
      rhat: finite(r.rhat),
      ess_bulk: finite(r.ess_bulk),
      ess_tail: finite(r.ess_tail),
      mcse_mean: finite(r.mcse_mean),
    })),
    ...(input.loo ? { loo: { ...input.loo, ...finiteFields(input.loo, ['elpd_loo', 'se_elpd_loo', 'p_loo', 'se_p_loo', 'looic', 'se_looic']) } } : {}),
    ...(input.bayesR2 ? { bayes_r2: finiteFields(input.bayesR2, ['mean', 'sd', 'q5', 'q95']) } : {}),
  };
}

function finiteFields<K extends string>(o: Record<K, number>, keys: readonly K[]): Record<K, number | null> {
  const out = {} as Record<K, number | null>;
  for (const k of keys) out[k] = finite(o[k]);
  return out;
}

export function summaryJsonText(input: SummaryJsonInput): string {
  return JSON.stringify(buildSummaryJson(input), null, 2) + '\n';
}
