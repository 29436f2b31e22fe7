import type { SummaryRow } from '../types';

/**
 * Sampler-level checks after (or during) a fit, each turned into a message a student can act on:
 * what happened, what it means, what to try. Thresholds: Vehtari et al. (2021) for R-hat (1.01)
 * and ESS (100 per chain, i.e. 400 for 4 chains); Betancourt (2016) / ArviZ for E-BFMI (0.3);
 * Stan for divergences and maximum tree depth.
 */
export interface SamplerWarning {
  kind: 'divergences' | 'treedepth' | 'ebfmi' | 'rhat' | 'ess_bulk' | 'ess_tail' | 'nonfinite';
  severity: 'warning' | 'error' | 'info';
  message: string;
  /** Parameters concerned (worst first); [] for sampler-level checks. */
  parameters: string[];
  /** Chains concerned (1-based), for per-chain checks such as E-BFMI. */
  chains?: number[];
}

export interface SamplerWarningsInput {
  summary: SummaryRow[];
  /** Number of chains. */
  chains: number;
  /** Divergent transitions after warmup, all chains together. */
  divergent: number;
  /** Post-warmup iterations per chain (so chains x iterations transitions in total). */
  iterations: number;
  /** Post-warmup transitions that hit the maximum tree depth, all chains together. */
  treedepthHits: number;
  maxTreedepth: number;
  /** E-BFMI per chain (NaN while undefined: ignored). */
  ebfmi: number[];
}

export const RHAT_THRESHOLD = 1.01;
export const ESS_PER_CHAIN = 100;
export const EBFMI_THRESHOLD = 0.3;
/** How many parameter names a message lists before "and N more". */
export const NAMES_LISTED = 3;

/** 'a, b, c and 4 more' (names already in the order to show). */
export function listNames(names: readonly string[], shown = NAMES_LISTED): string {
  if (names.length <= shown) {
    return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  }
  return `${names.slice(0, shown).join(', ')} and ${names.length - shown} more`;
}

function plural(count: number, one: string, many: string): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

/** 12345 -> '12,345' (locale-independent). */
export function formatCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Share as a percentage with sensible precision: 0.0123 -> '1.2%', 0.0004 -> '0.04%'. */
export function formatShare(share: number): string {
  const pct = share * 100;
  if (pct === 0) return '0%';
  if (pct >= 10) return `${pct.toFixed(0)}%`;
  if (pct >= 0.1) return `${pct.toFixed(1)}%`;
  return `${Number(pct.toPrecision(1))}%`;
}

function checkCount(value: number, name: string, max = Infinity): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new Error(`samplerWarnings: ${name} must be an integer between 0 and ${max}, got ${value}`);
  }
}

function checkInput(input: SamplerWarningsInput): void {
  if (!Number.isInteger(input.chains) || input.chains < 1) {
    throw new Error(`samplerWarnings: chains must be a positive integer, got ${input.chains}`);
  }
  checkCount(input.iterations, 'iterations');
  const transitions = input.chains * input.iterations;
  checkCount(input.divergent, 'divergent (a count over all chains)', transitions);
  checkCount(input.treedepthHits, 'treedepthHits (a count over all chains)', transitions);
  checkCount(input.maxTreedepth, 'maxTreedepth');
  if (input.ebfmi.length > input.chains) {
    throw new Error(`samplerWarnings: got ${input.ebfmi.length} E-BFMI values for ${input.chains} chains; pass one per chain`);
  }
}

export function divergenceWarning(divergent: number, transitions: number): SamplerWarning | null {
  if (divergent === 0) return null;
  return {
    kind: 'divergences',
    severity: 'warning',
    message:
      `${plural(divergent, 'divergent transition', 'divergent transitions')} after warmup ` +
      `(${formatShare(divergent / transitions)} of ${formatCount(transitions)}): the posterior has regions ` +
      'the sampler cannot explore, so the draws may be biased. Try adapt_delta = 0.95 (or 0.99), ' +
      'or a non-centred parameterisation of the group-level effects.',
    parameters: [],
  };
}

export function treedepthWarning(hits: number, transitions: number, maxTreedepth: number): SamplerWarning | null {
  if (hits === 0) return null;
  return {
    kind: 'treedepth',
    severity: 'info',
    message:
      `${plural(hits, 'transition', 'transitions')} (${formatShare(hits / transitions)}) hit the maximum tree ` +
      `depth of ${maxTreedepth}: the sampler stopped its trajectories early. This makes sampling slow, ` +
      `not wrong. Try max_treedepth = ${maxTreedepth + 2}, or rescale predictors so the posterior is ` +
      'closer to round.',
    parameters: [],
  };
}

export function ebfmiWarning(ebfmi: readonly number[]): SamplerWarning | null {
  const low: number[] = [];
  ebfmi.forEach((value, c) => { if (value < EBFMI_THRESHOLD) low.push(c); });
  if (low.length === 0) return null;
  // truncated, not rounded, so that 0.299 never reads as '0.30' next to 'below 0.3'
  const which = low.map((c) => `${c + 1} (${(Math.floor(ebfmi[c] * 100) / 100).toFixed(2)})`);
  return {
    kind: 'ebfmi',
    severity: 'warning',
    message:
      `E-BFMI is below ${EBFMI_THRESHOLD} in ${low.length === 1 ? 'chain' : 'chains'} ${listNames(which, 4)}: ` +
      'the sampler moves slowly between energy levels, so it may not reach the tails of the posterior. ' +
      'Try a non-centred parameterisation or more informative priors on the group-level sds.',
    parameters: [],
    chains: low.map((c) => c + 1),
  };
}

export function rhatWarning(summary: readonly SummaryRow[]): SamplerWarning | null {
  const bad = summary.filter((r) => r.rhat !== null && r.rhat >= RHAT_THRESHOLD).sort((a, b) => (b.rhat as number) - (a.rhat as number));
  if (bad.length === 0) return null;
  const shown = bad.map((r) => `${r.name} (${formatRhat(r.rhat as number)})`);
  return {
    kind: 'rhat',
    severity: 'warning',
    message:
      `R-hat is ${RHAT_THRESHOLD} or higher for ${plural(bad.length, 'parameter', 'parameters')}: ` +
      `${listNames(shown)}. The chains disagree with each other, so they have not converged and the ` +
      'estimates cannot be trusted yet. Run more iterations (e.g. double iter and warmup) and look at ' +
      'the trace plots; if it persists, the model may be poorly identified (try stronger priors).',
    parameters: bad.map((r) => r.name),
  };
}

function formatRhat(r: number): string {
  return Number.isFinite(r) ? r.toFixed(r < 1.1 ? 3 : 2) : 'infinite';
}

export function essWarning(summary: readonly SummaryRow[], chains: number, which: 'ess_bulk' | 'ess_tail'): SamplerWarning | null {
  const threshold = ESS_PER_CHAIN * chains;
  const bad = summary
    .filter((r) => r[which] !== null && (r[which] as number) < threshold)
    .sort((a, b) => (a[which] as number) - (b[which] as number));
  if (bad.length === 0) return null;
  const shown = bad.map((r) => `${r.name} (${Math.floor(r[which] as number)})`); // 399.6 reads as 399, below 400
  const what = which === 'ess_bulk'
    ? 'Bulk effective sample size'
    : 'Tail effective sample size';
  const consequence = which === 'ess_bulk'
    ? 'too few effectively independent draws for reliable means and medians'
    : 'too few effectively independent draws in the tails for reliable 5% and 95% quantiles (the credible interval)';
  return {
    kind: which,
    severity: 'warning',
    message:
      `${what} is below ${formatCount(threshold)} (${ESS_PER_CHAIN} per chain) for ` +
      `${plural(bad.length, 'parameter', 'parameters')}: ${listNames(shown)}. There are ${consequence}. ` +
      'Run more iterations; if the chains are highly autocorrelated, a non-centred parameterisation may help.',
    parameters: bad.map((r) => r.name),
  };
}

export function nonFiniteWarning(summary: readonly SummaryRow[]): SamplerWarning | null {
  const bad = summary.filter((r) => !Number.isFinite(r.mean));
  if (bad.length === 0) return null;
  return {
    kind: 'nonfinite',
    severity: 'error',
    message:
      `${plural(bad.length, 'parameter has', 'parameters have')} NaN or infinite draws: ` +
      `${listNames(bad.map((r) => r.name))}. Their summaries and diagnostics cannot be computed. ` +
      'This usually means a value overflowed: check the scale of the data and priors.',
    parameters: bad.map((r) => r.name),
  };
}

/** All sampler-level warnings, most serious first. [] when everything looks fine. */
export function samplerWarnings(input: SamplerWarningsInput): SamplerWarning[] {
  checkInput(input);
  const transitions = input.chains * input.iterations;
  const out = [
    nonFiniteWarning(input.summary),
    divergenceWarning(input.divergent, transitions),
    rhatWarning(input.summary),
    essWarning(input.summary, input.chains, 'ess_bulk'),
    essWarning(input.summary, input.chains, 'ess_tail'),
    ebfmiWarning(input.ebfmi),
    treedepthWarning(input.treedepthHits, transitions, input.maxTreedepth),
  ];
  return out.filter((w): w is SamplerWarning => w !== null);
}
