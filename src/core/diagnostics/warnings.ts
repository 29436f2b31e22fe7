import type { SummaryRow } from '../types';
import { MIN_ITERATIONS_ESS, MIN_ITERATIONS_RHAT } from './validity';

/**
 * Checks of a fit (before sampling, from the data and settings, and after it, from the draws), each
 * turned into a message a student can act on: what happened, what it means, what to try, naming
 * only what the user can change (a sampler setting by its CLI option or app control, a prior, the
 * formula, the data). Thresholds: Vehtari et al. (2021) for R-hat (1.01) and ESS (100 per chain);
 * Betancourt (2016) / ArviZ for E-BFMI (0.3); Stan for divergences and maximum tree depth.
 * When a warning names the likely cause (no warmup, separation, a prior's bound), the generic
 * symptoms (divergences, R-hat, ESS) point to it instead of suggesting adapt_delta or more draws,
 * which would not help.
 */
export type WarningKind =
  | 'nonfinite' | 'no_warmup' | 'few_draws' | 'separation' | 'prior_bound'
  | 'divergences' | 'rhat' | 'ess_bulk' | 'ess_tail' | 'ebfmi' | 'treedepth';

export interface SamplerWarning {
  kind: WarningKind;
  severity: 'warning' | 'error' | 'info';
  message: string;
  /** Parameters concerned (worst first); [] for sampler-level checks. */
  parameters: string[];
  /** Chains concerned (1-based), for per-chain checks such as E-BFMI. */
  chains?: number[];
}

/** Where the advice is read: the CLI names options (--adapt-delta), the app names its controls. */
export type Shell = 'cli' | 'app';

/** A population coefficient of a logit model and the sd of its design column (for separation). */
export interface LogitScale {
  /** Output name, 'b_x'. */
  name: string;
  sd: number;
  /** The variable to remove from the formula ('trt' for b_trtdrug); default: the name without 'b_'. */
  predictor?: string;
}

/** A parameter whose prior has a bound that is not the parameter's own (brms's lb/ub). */
export interface BoundedParameter {
  /** Output name: 'b_x', 'sigma', 'sd_g__Intercept'. */
  name: string;
  /** The prior as brms writes it, 'uniform(5, 6)'. */
  prior: string;
  /** Where the prior is set: class, coef and group as in the priors table. */
  cls: string;
  coef: string;
  group: string;
  /** null: no bound on that side beyond the parameter's own (0 for sigma, sd, shape; 1 for nu). */
  lower: number | null;
  upper: number | null;
  /** The prior's own width (upper - lower of a uniform, whether or not the lower bound is natural). */
  width?: number;
}

/** A bound of a prior at which the draws pile up (priorBoundShares). */
export interface BoundShare extends Omit<BoundedParameter, 'lower' | 'upper' | 'width'> {
  bound: 'lower' | 'upper';
  value: number;
  /** Share of the draws within BOUND_TOLERANCE of the bound. */
  share: number;
}

/** What the checks before sampling found (core/model/preflight.ts) and the post-fit checks need. */
export interface FitChecks {
  warnings: SamplerWarning[];
  /** bernoulli and binomial models: each population coefficient with the sd of its column. */
  logitScales: LogitScale[];
  bounded: BoundedParameter[];
  /** The model has group-level terms (advice on sd priors and data per group). */
  groupTerms: boolean;
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
  /** Warmup iterations per chain (0: adaptation was off). */
  warmup?: number;
  /** Default 'cli'. */
  shell?: Shell;
  groupTerms?: boolean;
  /** Checks before sampling (FitChecks.warnings): their separation and prior warnings are kept. */
  before?: SamplerWarning[];
  logitScales?: LogitScale[];
  boundShares?: BoundShare[];
}

export const RHAT_THRESHOLD = 1.01;
export const ESS_PER_CHAIN = 100;
export const EBFMI_THRESHOLD = 0.3;
/**
 * A logit coefficient times the sd of its predictor beyond 15 is an odds ratio over e^15 (3 million)
 * per sd: no real effect is that large, the likelihood is flat towards infinity (separation).
 */
export const LOGIT_SCALE_LIMIT = 15;
/** Draws within this share of the prior's width (or of the draws' range) count as at the bound. */
export const BOUND_TOLERANCE = 0.01;
/** More than this share of draws at a bound is a pile-up (a posterior flat over the prior gives 1%). */
export const BOUND_PILEUP_SHARE = 0.05;
/** Post-warmup draws per chain below which R-hat / ESS are NA: 2 / 3 per split half. */
export const MIN_DRAWS_RHAT = 2 * MIN_ITERATIONS_RHAT;
export const MIN_DRAWS_ESS = 2 * MIN_ITERATIONS_ESS;
/** How many parameter names a message lists before "and N more". */
export const NAMES_LISTED = 3;
/** What the symptoms say when a warning above names the cause. */
const SEE_CAUSE = 'A warning above names the likely cause: fix it first.';

/** Longest excerpt of a user's name (column, level, parameter) quoted in a message. */
export const EXCERPT_CHARS = 40;

/** The name itself, or its first EXCERPT_CHARS characters (code points, not halves of one) + '...'. */
export function excerpt(text: string, max = EXCERPT_CHARS): string {
  if (text.length <= max) return text;
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max).join('')}...`;
}

/** 'a, b, c and 4 more' (names already in the order to show, and already cut to excerpts). */
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

/** 3 significant digits, an exponent only for huge values: 1.2345 -> '1.23', 92.13 -> '92.1', 5.01e7 -> '5.01e+7'. */
export function formatValue(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return Math.abs(x) >= 1e6 ? x.toPrecision(3) : String(Number(x.toPrecision(3)));
}

// ---- how to change things, in each shell's words --------------------------------------------

const CONTROL: Record<'warmup' | 'iter' | 'maxTreedepth', { cli: string; app: string }> = {
  warmup: { cli: '--warmup', app: 'Warmup' },
  iter: { cli: '--iter', app: 'Iterations' },
  maxTreedepth: { cli: '--max-treedepth', app: 'Max treedepth' },
};

/** 'use --iter 2000' / 'set Iterations to 2000 in the sampler settings'. */
export function setSetting(shell: Shell, setting: keyof typeof CONTROL, value: number): string {
  return shell === 'cli' ? `use ${CONTROL[setting].cli} ${value}` : `set ${CONTROL[setting].app} to ${value} in the sampler settings`;
}

function raiseAdaptDelta(shell: Shell): string {
  return shell === 'cli'
    ? 'raise adapt_delta with --adapt-delta 0.95 (or 0.99)'
    : 'raise adapt_delta to 0.95 in the sampler settings (or 0.99)';
}

/** How to go back to brms's default prior. */
export function dropPrior(shell: Shell): string {
  return shell === 'cli' ? 'drop its --prior option for the default' : 'reset it in the priors table for the default';
}

/** '--prior "normal(0, 2.5) b coef=x"' / 'set the prior for b x to normal(0, 2.5) in the priors table'. */
export function setPrior(shell: Shell, prior: string, cls: string, coef0 = '', group0 = ''): string {
  const coef = excerpt(coef0);
  const group = excerpt(group0);
  if (shell === 'cli') return `--prior "${prior} ${cls}${coef ? ` coef=${coef}` : ''}${group ? ` group=${group}` : ''}"`;
  return `set the prior for ${[cls, coef, group].filter(Boolean).join(' ')} to ${prior} in the priors table`;
}

function moreIterations(shell: Shell, iterations: number, warmup: number | undefined): string {
  const iter = Math.max(2000, 2 * iterations);
  if (shell === 'app') return `${setSetting('app', 'iter', iter)}${warmup ? ` (and Warmup to ${Math.max(1000, 2 * warmup)})` : ''}`;
  return `use --iter ${iter}${warmup ? ` --warmup ${Math.max(1000, 2 * warmup)}` : ''}`;
}

const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

// ---- input --------------------------------------------------------------------------------

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

// ---- causes -------------------------------------------------------------------------------

export function noWarmupWarning(warmup: number | undefined, shell: Shell = 'cli'): SamplerWarning | null {
  if (warmup !== 0) return null;
  return {
    kind: 'no_warmup',
    severity: 'error',
    message:
      'No warmup (warmup = 0): the step size and metric were not adapted, so the draws are unreliable ' +
      `(expect divergences and biased estimates). ${capital(setSetting(shell, 'warmup', 1000))}.`,
    parameters: [],
  };
}

/** Fewer draws per chain than R-hat (4) or the ESS (6) need: they are NA (posterior's .rhat, .ess). */
export function fewDrawsWarning(iterations: number, shell: Shell = 'cli'): SamplerWarning | null {
  if (iterations >= MIN_DRAWS_ESS) return null;
  return {
    kind: 'few_draws',
    severity: 'warning',
    message:
      `Only ${plural(iterations, 'post-warmup draw', 'post-warmup draws')} per chain: too few draws for ` +
      `diagnostics. R-hat needs at least ${MIN_DRAWS_RHAT} and ESS at least ${MIN_DRAWS_ESS} (they show NA), ` +
      `and ESS above ${ESS_PER_CHAIN} per chain needs a few hundred. ${capital(setSetting(shell, 'iter', 1000))}.`,
    parameters: [],
  };
}

/** The predictor to remove for a coefficient ('x' for b_x unless the check knows better). */
const predictorOf = (s: LogitScale): string => excerpt(s.predictor ?? s.name.replace(/^b_/, ''));

/**
 * Separation seen in the draws: a logit coefficient whose posterior median times the sd of its
 * predictor exceeds LOGIT_SCALE_LIMIT (Gelman et al. 2008 scale a logistic coefficient by the
 * predictor's spread; past 15 per sd the likelihood is still rising, not informative).
 */
export function separationFitWarning(summary: readonly SummaryRow[], scales: readonly LogitScale[], shell: Shell = 'cli'): SamplerWarning | null {
  const byName = new Map(summary.map((r) => [r.name, r]));
  const bad = scales
    .map((s) => ({ s, r: byName.get(s.name) }))
    .filter((x): x is { s: LogitScale; r: SummaryRow } => x.r !== undefined && Number.isFinite(x.r.median) && Math.abs(x.r.median * x.s.sd) > LOGIT_SCALE_LIMIT)
    .sort((a, b) => Math.abs(b.r.median * b.s.sd) - Math.abs(a.r.median * a.s.sd));
  if (bad.length === 0) return null;
  const shown = bad.map(({ s, r }) => `${excerpt(s.name)} (${formatValue(r.median * s.sd)} per sd of its predictor)`);
  const one = bad.length === 1 ? bad[0].s : null;
  const prior = one ? setPrior(shell, 'normal(0, 2.5)', 'b', one.name.slice(2)) : setPrior(shell, 'normal(0, 2.5)', 'b');
  const it = one ? 'it' : 'them';
  return {
    kind: 'separation',
    severity: 'warning',
    message:
      `Separation: ${listNames(shown)} ${one ? 'is' : 'are'} far beyond the plausible range of a logit ` +
      `coefficient (${LOGIT_SCALE_LIMIT} per sd of the predictor): ` +
      (one ? 'the predictor (almost) perfectly predicts' : 'the predictors, alone or together, (almost) perfectly predict') +
      ` the outcome, so the data put no limit on ${it}. Give ${it} a proper prior (${prior}) or remove ` +
      `${one ? predictorOf(one) : 'one of them'} from the formula.`,
    parameters: bad.map((x) => x.s.name),
  };
}

/**
 * Share of each bounded parameter's draws within BOUND_TOLERANCE of a bound of its prior: of the
 * prior's width when it has one (uniform), else of the range spanned by the draws and the bound.
 * Reports the bound with the larger share when it exceeds BOUND_PILEUP_SHARE.
 */
export function priorBoundShares(bounded: readonly BoundedParameter[], drawsOf: (name: string) => Float64Array[] | null): BoundShare[] {
  const out: BoundShare[] = [];
  for (const b of bounded) {
    const chains = drawsOf(b.name);
    if (!chains || chains.length === 0) continue;
    let lo = Infinity;
    let hi = -Infinity;
    let n = 0;
    for (const c of chains) for (let i = 0; i < c.length; i++) { lo = Math.min(lo, c[i]); hi = Math.max(hi, c[i]); n++; }
    if (n === 0 || !Number.isFinite(lo) || !Number.isFinite(hi)) continue;
    let width = b.width;
    if (width === undefined) {
      width = b.lower !== null && b.upper !== null
        ? b.upper - b.lower
        : Math.max(hi, b.upper ?? -Infinity) - Math.min(lo, b.lower ?? Infinity);
    }
    const tol = BOUND_TOLERANCE * width;
    let atLower = 0;
    let atUpper = 0;
    for (const c of chains) {
      for (let i = 0; i < c.length; i++) {
        if (b.lower !== null && c[i] - b.lower <= tol) atLower++;
        if (b.upper !== null && b.upper - c[i] <= tol) atUpper++;
      }
    }
    const bound = atLower >= atUpper ? 'lower' : 'upper';
    const share = Math.max(atLower, atUpper) / n;
    if (share <= BOUND_PILEUP_SHARE) continue;
    const { lower: _l, upper: _u, width: _w, ...where } = b;
    out.push({ ...where, bound, value: (bound === 'lower' ? b.lower : b.upper) as number, share });
  }
  return out;
}

/** The inputs of samplerWarnings that come from the checks before sampling and the draws. */
export function fitCheckInputs(
  checks: FitChecks, drawsOf: (name: string) => Float64Array[] | null,
): Pick<SamplerWarningsInput, 'before' | 'logitScales' | 'groupTerms' | 'boundShares'> {
  return {
    before: checks.warnings, logitScales: checks.logitScales, groupTerms: checks.groupTerms,
    boundShares: priorBoundShares(checks.bounded, drawsOf),
  };
}

/** Draws piling up at a bound of a prior: the prior excludes where the data put the parameter. */
export function priorBoundWarning(shares: readonly BoundShare[], shell: Shell = 'cli'): SamplerWarning | null {
  if (shares.length === 0) return null;
  const worst = [...shares].sort((a, b) => b.share - a.share);
  const w = { ...worst[0], name: excerpt(worst[0].name) };
  const others = worst.length > 1 ? ` (also ${listNames(worst.slice(1).map((s) => excerpt(s.name)))})` : '';
  return {
    kind: 'prior_bound',
    severity: 'warning',
    message:
      `${formatShare(w.share)} of the draws of ${w.name}${others} are at the ${w.bound} bound ${formatValue(w.value)} ` +
      `of its prior ${w.prior}: the data put ${w.name} outside the prior's range, so the draws pile up at the ` +
      `bound and the sampler diverges there. Widen that prior, or ${dropPrior(shell)}.`,
    parameters: worst.map((s) => s.name),
  };
}

// ---- symptoms -----------------------------------------------------------------------------

/** What the user can do about symptoms when no cause was found. */
interface Advice { shell: Shell; groupTerms: boolean; causeFound: boolean; iterations: number; warmup?: number }

function strongerPriors(a: Advice): string {
  return a.groupTerms
    ? 'give the group-level sds (class sd) stronger priors, or collect more data per group'
    : 'give the named parameters stronger priors';
}

export function divergenceWarning(divergent: number, transitions: number, advice?: Partial<Advice>): SamplerWarning | null {
  if (divergent === 0) return null;
  const a: Advice = { shell: 'cli', groupTerms: false, causeFound: false, iterations: 0, ...advice };
  return {
    kind: 'divergences',
    severity: 'warning',
    message:
      `${plural(divergent, 'divergent transition', 'divergent transitions')} after warmup ` +
      `(${formatShare(divergent / transitions)} of ${formatCount(transitions)}): the posterior has regions the ` +
      'sampler cannot explore, so the draws may be biased. ' +
      (a.causeFound ? SEE_CAUSE : `${capital(raiseAdaptDelta(a.shell))}; if they remain, ${strongerPriors(a)}.`),
    parameters: [],
  };
}

export function treedepthWarning(hits: number, transitions: number, maxTreedepth: number, advice?: Partial<Advice>): SamplerWarning | null {
  if (hits === 0) return null;
  const a: Advice = { shell: 'cli', groupTerms: false, causeFound: false, iterations: 0, ...advice };
  return {
    kind: 'treedepth',
    severity: 'info',
    message:
      `${plural(hits, 'transition', 'transitions')} (${formatShare(hits / transitions)}) hit the maximum tree ` +
      `depth of ${maxTreedepth}: the sampler stopped its trajectories early. This makes sampling slow, ` +
      'not wrong. ' + (a.causeFound ? SEE_CAUSE
        : `${capital(setSetting(a.shell, 'maxTreedepth', maxTreedepth + 2))}, or rescale predictors so the posterior is closer to round.`),
    parameters: [],
  };
}

export function ebfmiWarning(ebfmi: readonly number[], advice?: Partial<Advice>): SamplerWarning | null {
  const a: Advice = { shell: 'cli', groupTerms: false, causeFound: false, iterations: 0, ...advice };
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
      (a.causeFound ? SEE_CAUSE : `${capital(a.groupTerms ? 'give the group-level sds (class sd) more informative priors, or collect more data per group' : 'give the scale parameters more informative priors')}.`),
    parameters: [],
    chains: low.map((c) => c + 1),
  };
}

export function rhatWarning(summary: readonly SummaryRow[], chains = 2, advice?: Partial<Advice>): SamplerWarning | null {
  const a: Advice = { shell: 'cli', groupTerms: false, causeFound: false, iterations: 1000, ...advice };
  const bad = summary.filter((r) => r.rhat !== null && r.rhat >= RHAT_THRESHOLD).sort((x, y) => (y.rhat as number) - (x.rhat as number));
  if (bad.length === 0) return null;
  const shown = bad.map((r) => `${excerpt(r.name)} (${formatRhat(r.rhat as number)})`);
  // One chain: split R-hat compares the chain's first and second halves (Vehtari et al. 2021, sec. 4.1).
  const disagree = chains === 1
    ? 'The first and second halves of the chain disagree, so it has'
    : 'The chains disagree, so they have';
  return {
    kind: 'rhat',
    severity: 'warning',
    message:
      `R-hat is ${RHAT_THRESHOLD} or higher for ${plural(bad.length, 'parameter', 'parameters')}: ` +
      `${listNames(shown)}. ${disagree} not converged and the estimates cannot be trusted yet. ` +
      (a.causeFound ? SEE_CAUSE
        : `Run more iterations (${moreIterations(a.shell, a.iterations, a.warmup)}) and look at the trace plots; ` +
          'if it persists, give the named parameters stronger priors.'),
    parameters: bad.map((r) => r.name),
  };
}

function formatRhat(r: number): string {
  return Number.isFinite(r) ? r.toFixed(r < 1.1 ? 3 : 2) : 'infinite';
}

export function essWarning(summary: readonly SummaryRow[], chains: number, which: 'ess_bulk' | 'ess_tail', advice?: Partial<Advice>): SamplerWarning | null {
  const a: Advice = { shell: 'cli', groupTerms: false, causeFound: false, iterations: 1000, ...advice };
  const threshold = ESS_PER_CHAIN * chains;
  const bad = summary
    .filter((r) => r[which] !== null && (r[which] as number) < threshold)
    .sort((x, y) => (x[which] as number) - (y[which] as number));
  if (bad.length === 0) return null;
  const shown = bad.map((r) => `${excerpt(r.name)} (${Math.floor(r[which] as number)})`); // 399.6 reads as 399, below 400
  const what = which === 'ess_bulk' ? 'Bulk effective sample size' : 'Tail effective sample size';
  const consequence = which === 'ess_bulk'
    ? 'too few effectively independent draws for reliable means and medians'
    : 'too few effectively independent draws in the tails for reliable 5% and 95% quantiles (the credible interval)';
  const total = chains === 1 ? '' : ` (${formatCount(threshold)} over ${chains} chains)`;
  return {
    kind: which,
    severity: 'warning',
    message:
      `${what} is below ${ESS_PER_CHAIN} per chain${total} for ` +
      `${plural(bad.length, 'parameter', 'parameters')}: ${listNames(shown)}: ${consequence}. ` +
      (a.causeFound ? SEE_CAUSE
        : `Run more iterations (${moreIterations(a.shell, a.iterations, a.warmup)}); if the draws stay highly ` +
          'autocorrelated, give the named parameters stronger priors.'),
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
      `${listNames(bad.map((r) => excerpt(r.name)))}. Their summaries and diagnostics cannot be computed. ` +
      'This usually means a value overflowed: check the scale of the data and priors.',
    parameters: bad.map((r) => r.name),
  };
}

/**
 * All warnings of a fit, causes first (no warmup, too few draws, separation, a prior's bound), then
 * the sampler's symptoms. [] when everything looks fine. Warnings found before sampling (`before`)
 * are kept when the draws cannot tell more: separation in the data, and a prior's bound that the
 * data exclude (severity 'warning'); a bound that only may bind (severity 'info', brms's caution
 * about bounds on b) only when no post-fit bound shares are given: the draws show whether it did.
 */
export function samplerWarnings(input: SamplerWarningsInput): SamplerWarning[] {
  checkInput(input);
  const shell = input.shell ?? 'cli';
  const transitions = input.chains * input.iterations;
  const before = (input.before ?? []).filter((w) =>
    w.kind === 'separation' || (w.kind === 'prior_bound' && (w.severity === 'warning' || input.boundShares === undefined)));
  const covered = new Set(before.flatMap((w) => w.parameters.map((p) => `${w.kind}\u0000${p}`)));
  const causes = [
    noWarmupWarning(input.warmup, shell),
    fewDrawsWarning(input.iterations, shell),
    ...before.filter((w) => w.kind === 'separation'),
    separationFitWarning(input.summary, (input.logitScales ?? []).filter((s) => !covered.has(`separation\u0000${s.name}`)), shell),
    ...before.filter((w) => w.kind === 'prior_bound'),
    priorBoundWarning((input.boundShares ?? []).filter((b) => !covered.has(`prior_bound\u0000${b.name}`)), shell),
  ].filter((w): w is SamplerWarning => w !== null);
  const advice: Advice = {
    shell, groupTerms: input.groupTerms ?? false, iterations: input.iterations, warmup: input.warmup,
    // too few draws is fixed by more draws, so the symptoms keep their advice
    causeFound: causes.some((w) => w.kind !== 'few_draws'),
  };
  const out = [
    nonFiniteWarning(input.summary),
    ...causes,
    divergenceWarning(input.divergent, transitions, advice),
    rhatWarning(input.summary, input.chains, advice),
    essWarning(input.summary, input.chains, 'ess_bulk', advice),
    essWarning(input.summary, input.chains, 'ess_tail', advice),
    ebfmiWarning(input.ebfmi, advice),
    treedepthWarning(input.treedepthHits, transitions, input.maxTreedepth, advice),
  ];
  return out.filter((w): w is SamplerWarning => w !== null);
}
