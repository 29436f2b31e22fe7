// Checks before sampling, from the data, the priors and the settings: a fit that cannot work is
// refused (a constant response), a fit that will mislead is announced with its cause (no warmup,
// too few draws, separation, a prior whose bounds exclude the data), and what the post-fit checks
// need is returned (the sd of each logit predictor, the bounded priors). Issue 22 item 19.
import type { DataTable, ModelStructure, PriorDensity, SamplerSettings } from '../types';
import { ModelError } from '../formula/errors';
import { getFamily, rowResponse } from '../families';
import { brmsRename } from '../design/brmsNames';
import { distinctRawCells } from '../io/rawCells';
import {
  dropPrior, excerpt, fewDrawsWarning, formatValue, listNames, noWarmupWarning, setPrior,
  type BoundedParameter, type FitChecks, type LogitScale, type SamplerWarning, type Shell,
} from '../diagnostics/warnings';

export interface PreflightOptions {
  /** The data, to name the factor and level behind a dummy coefficient ('trtdrug' -> trt, drug). */
  table?: DataTable;
  /** The formula's response (ParsedFormula.response fits): its label and the binomial trials/failures. */
  response?: { label: string; trialsLabel?: string; failuresLabel?: string };
  shell?: Shell;
}

/** Throws ModelError for a response the model cannot fit; else the warnings and post-fit inputs. */
export function checkBeforeSampling(
  s: ModelStructure, settings: Pick<SamplerSettings, 'warmup' | 'iter'>, options: PreflightOptions = {},
): FitChecks {
  const shell = options.shell ?? 'cli';
  const label = excerpt(options.response?.label ?? 'y');
  refuseDegenerateResponse(s, label);
  const fam = getFamily(s.family, s.link);
  // 0/1 and successes-of-trials outcomes (bernoulli, binomial: a latent-scale residual) can be
  // separated under any link; the post-fit coefficient-scale check is calibrated for the logit.
  const binary = fam.classical.varianceScale === 'latent';
  const logit = binary && fam.link === 'logit';
  const factors = binary ? dummyFactors(s, options.table) : new Map<number, DummyOf>();
  const logitScales: LogitScale[] = logit
    ? s.bNames.map((b, k) => ({ name: `b_${b}`, sd: columnSd(s, k), ...(factors.has(k) ? { predictor: factors.get(k)!.factor } : {}) }))
    : [];
  const bounded = boundedParameters(s);
  const warnings = [
    noWarmupWarning(settings.warmup, shell),
    fewDrawsWarning(settings.iter, shell),
    binary ? separationWarning(s, factors, outcomeWords(s, options.response), shell) : null,
    ...priorBoundWarnings(s, bounded, label, shell),
  ].filter((w): w is SamplerWarning => w !== null);
  return { warnings, logitScales, bounded, groupTerms: s.groups.length > 0 };
}

// ---- constant response --------------------------------------------------------------------

function range(y: Float64Array): { lo: number; hi: number } {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return { lo, hi };
}

/**
 * gaussian/student: y with no variation, overall or within every level of a group-level intercept,
 * lets the residual sd go to 0 where the likelihood grows without bound (sigma^-(N - J) after the
 * group effects are integrated out): the posterior is improper. Count families: all zeros put the
 * log rate at -infinity.
 */
function refuseDegenerateResponse(s: ModelStructure, label: string): void {
  if (s.N === 0) return;
  const { lo, hi } = range(s.y);
  const fam = getFamily(s.family, s.link);
  // Families with a residual sd (sigma) on the row's scale: gaussian, student (and lognormal on log y).
  const residualSd = hasSigma(s.family);
  if (residualSd && lo === hi) {
    throw new ModelError(`The response ${label} is ${formatValue(lo)} in all ${s.N} rows: with no variation there is nothing to model (sigma would be 0 and the sampler cannot converge). Check that ${label} is the right column and that the rows kept are the ones you meant.`);
  }
  // Count families with a log rate (poisson, negbinomial).
  if (fam.discrete && fam.link === 'log' && lo === 0 && hi === 0) {
    throw new ModelError(`In all ${s.N} rows every value of the response ${label} is 0: a count model has no finite rate to estimate (log 0 is -infinity), so the sampler cannot converge. Check the response column and the rows kept.`);
  }
  if (!residualSd) return;
  for (const g of s.groups) {
    const t = g.coefNames.indexOf('Intercept');
    if (t < 0 || !g.Z[t].every((z) => z === 1) || !constantWithinLevels(s.y, g.index, g.levels.length)) continue;
    const group = excerpt(g.group);
    throw new ModelError(`The response ${label} is constant within every level of ${group}: the group-level intercepts fit every row exactly, so sigma would be 0 and the posterior has no proper mode. Remove (1 | ${group}) or check the response.`);
  }
}

/** y takes one value within each level, and some level has two or more rows. */
function constantWithinLevels(y: Float64Array, index: Int32Array, nLevels: number): boolean {
  const first = new Float64Array(nLevels);
  const count = new Int32Array(nLevels);
  let repeated = false;
  for (let i = 0; i < y.length; i++) {
    const l = index[i];
    if (count[l] === 0) first[l] = y[i];
    else if (y[i] !== first[l]) return false;
    else repeated = true; // one row per level: sigma and the group sd share the variance, no problem
    count[l]++;
  }
  return repeated;
}

// ---- separation ---------------------------------------------------------------------------

/** A dummy column of a factor: 'trtdrug' is level 'drug' of trt. */
interface DummyOf { factor: string; level: string }

/** Which population columns are treatment dummies of a factor column, found by their brms names. */
function dummyFactors(s: ModelStructure, table: DataTable | undefined): Map<number, DummyOf> {
  const out = new Map<number, DummyOf>();
  if (!table) return out;
  const factors = table.columns.filter((c) => c.numeric === null || c.asFactor);
  const levels = new Map<string, string[]>(); // each column's distinct cells, computed once
  const levelsOf = (c: DataTable['columns'][number]): string[] => {
    let l = levels.get(c.name);
    if (!l) { l = distinctRawCells(c.raw); levels.set(c.name, l); }
    return l;
  };
  s.bNames.forEach((b, k) => {
    for (const c of factors) {
      if (!b.startsWith(brmsRename(c.name))) continue;
      const level = levelsOf(c).find((l) => brmsRename(c.name + l) === b);
      if (level !== undefined) { out.set(k, { factor: c.name, level }); return; }
    }
  });
  return out;
}

/** How the messages write an all-failure (0) and an all-success (1) row. */
interface OutcomeWords { label: string; none: string; all: string }

function outcomeWords(s: ModelStructure, r: PreflightOptions['response']): OutcomeWords {
  const label = excerpt(r?.label ?? 'y');
  if (!getFamily(s.family).response.trials) return { label, none: `${label} = 0`, all: `${label} = 1` }; // bernoulli
  if (r?.failuresLabel) return { label, none: `${label} = 0`, all: `${excerpt(r.failuresLabel)} = 0` };
  return { label, none: `${label} = 0`, all: `${label} = ${excerpt(r?.trialsLabel ?? 'trials')}` };
}

/** Per row: 0 all failures, 1 all successes, 2 mixed, -1 no trials. */
function outcomes(s: ModelStructure): Int8Array {
  const o = new Int8Array(s.N);
  for (let i = 0; i < s.N; i++) {
    const n = s.trials ? s.trials[i] : 1;
    o[i] = n === 0 ? -1 : s.y[i] === 0 ? 0 : s.y[i] === n ? 1 : 2;
  }
  return o;
}

/** The single outcome (0 or 1) of the rows where keep(i), or null when they are mixed or none. */
function cellOutcome(o: Int8Array, keep: (i: number) => boolean): 0 | 1 | null {
  let seen = -1;
  for (let i = 0; i < o.length; i++) {
    if (o[i] < 0 || !keep(i)) continue;
    if (o[i] === 2 || (seen >= 0 && o[i] !== seen)) return null;
    seen = o[i];
  }
  return seen === 0 || seen === 1 ? seen : null;
}

interface Separated { parameter: string; predictor: string; what: string }


/**
 * One-variable checks for (quasi-)complete separation (Albert & Anderson 1984): a predictor whose
 * value determines the outcome makes the likelihood rise forever along its coefficient, so with
 * brms's flat prior on b the posterior drifts to infinity. A cell (a factor level, a value of a
 * binary predictor) whose rows all fail or all succeed; a threshold on a numeric predictor with
 * every failure on one side and every success on the other; the whole response all one outcome.
 */
function separationWarning(s: ModelStructure, factors: Map<number, DummyOf>, words: OutcomeWords, shell: Shell): SamplerWarning | null {
  const o = outcomes(s);
  const found: Separated[] = [];
  const say = (v: 0 | 1) => (v === 1 ? words.all : words.none);
  const whole = cellOutcome(o, () => true);
  if (whole !== null) {
    return {
      kind: 'separation',
      severity: 'warning',
      message:
        `Every row has ${say(whole)}: the data put no limit on how ${whole === 1 ? 'high' : 'low'} the probability is, so ` +
        'the intercept is set by its prior alone and the coefficients drift. Check the response and the rows kept.',
      parameters: s.hasIntercept ? ['b_Intercept'] : [],
    };
  }
  for (let k = 0; k < s.K; k++) {
    // a proper prior already bounds the coefficient (the advice below); the post-fit check remains
    if (s.bPriors[k].dist !== 'flat') continue;
    const x = (i: number) => s.X[i * s.K + k];
    const name = excerpt(s.bNames[k]);
    const dummy = factors.get(k);
    const values = distinctUpTo(s, k, 3);
    if (values.length === 2) {
      // Without an intercept only the indicator of a non-zero value is a direction of the model.
      const cells = dummy ? [1] : s.hasIntercept ? values : values.includes(0) ? values.filter((v) => v !== 0) : [];
      for (const v of cells) {
        const c = cellOutcome(o, (i) => x(i) === v);
        if (c === null) continue;
        const where = dummy ? `level '${excerpt(dummy.level)}' of ${excerpt(dummy.factor)}` : `${name} = ${formatValue(v)}`;
        found.push({ parameter: `b_${s.bNames[k]}`, predictor: excerpt(dummy?.factor ?? name), what: `every row with ${where} has ${say(c)}` });
        break;
      }
    } else if (values.length > 2) {
      const t = threshold(o, x, s.hasIntercept);
      if (t) found.push({ parameter: `b_${s.bNames[k]}`, predictor: name, what: `${name} separates the outcomes (${say(t.above)} exactly when ${name} > ${formatValue(t.at)})` });
    }
  }
  if (found.length === 0) return null;
  const first = found[0];
  const fix = `Give it a proper prior (${setPrior(shell, 'normal(0, 2.5)', 'b', first.parameter.slice(2))}) or remove ${first.predictor} from the formula.`;
  const more = found.length > 1 ? ` (also ${listNames(found.slice(1).map((f) => excerpt(f.parameter)))})` : '';
  return {
    kind: 'separation',
    severity: 'warning',
    message:
      `Separation in the data: ${first.what}${more}. The data then put no limit on ${excerpt(first.parameter)}: its ` +
      `draws drift to implausibly large values and the sampler struggles. ${fix}`,
    parameters: found.map((f) => f.parameter),
  };
}

/** Up to `max` distinct values of column k of X. */
function distinctUpTo(s: ModelStructure, k: number, max: number): number[] {
  const seen: number[] = [];
  for (let i = 0; i < s.N && seen.length < max; i++) {
    const v = s.X[i * s.K + k];
    if (!seen.includes(v)) seen.push(v);
  }
  return seen;
}

/**
 * A threshold t with every failure at or below it and every success above (or the reverse): the
 * likelihood rises forever along b (x - t), which needs the intercept to carry -b t unless t = 0.
 */
function threshold(o: Int8Array, x: (i: number) => number, intercept: boolean): { at: number; above: 0 | 1 } | null {
  const lo = [Infinity, Infinity];
  const hi = [-Infinity, -Infinity];
  for (let i = 0; i < o.length; i++) {
    if (o[i] < 0) continue;
    if (o[i] === 2) return null;
    lo[o[i]] = Math.min(lo[o[i]], x(i));
    hi[o[i]] = Math.max(hi[o[i]], x(i));
  }
  if (!Number.isFinite(lo[0]) || !Number.isFinite(lo[1])) return null;
  // quasi-complete when the two sides touch at one value (<=), complete when they do not (<)
  if (hi[0] <= lo[1]) return intercept ? { at: hi[0], above: 1 } : hi[0] <= 0 && lo[1] >= 0 ? { at: 0, above: 1 } : null;
  if (hi[1] <= lo[0]) return intercept ? { at: hi[1], above: 0 } : hi[1] <= 0 && lo[0] >= 0 ? { at: 0, above: 0 } : null;
  return null;
}

/** Sample sd of column k of X (the scale of its coefficient). */
function columnSd(s: ModelStructure, k: number): number {
  let m = 0;
  for (let i = 0; i < s.N; i++) m += s.X[i * s.K + k];
  m /= s.N;
  let ss = 0;
  for (let i = 0; i < s.N; i++) ss += (s.X[i * s.K + k] - m) ** 2;
  return s.N > 1 ? Math.sqrt(ss / (s.N - 1)) : 0;
}

// ---- priors with bounds -------------------------------------------------------------------

/** brms's natural bounds of a prior's support (prior_bounds in brms R/priors.R). */
function priorSupport(p: PriorDensity): { lower: number | null; upper: number | null } {
  switch (p.dist) {
    case 'uniform': return { lower: p.lower, upper: p.upper };
    case 'lognormal': case 'exponential': case 'gamma': case 'inv_gamma': return { lower: 0, upper: null };
    case 'beta': return { lower: 0, upper: 1 };
    default: return { lower: null, upper: null };
  }
}

/** The prior as brms writes it, for messages. */
export function priorText(p: PriorDensity): string {
  const args = Object.entries(p).filter(([k]) => k !== 'dist').map(([, v]) => String(v));
  return p.dist === 'flat' ? '(flat)' : `${p.dist}(${args.join(', ')})`;
}

/**
 * Parameters whose prior bounds them more tightly than the parameter's own bounds (b and the
 * Intercept have none; sd, sigma and shape are > 0; nu >= 1; zi and hu in (0, 1)). With predictors the Intercept's
 * prior is on brms's centred intercept, named 'Intercept' here: not an output, so the post-fit
 * check finds no draws for it and only the check before sampling speaks about it.
 */
export function boundedParameters(s: ModelStructure): BoundedParameter[] {
  const out: BoundedParameter[] = [];
  const add = (name: string, p: PriorDensity | undefined, natural: number | null, cls: string, coef = '', group = '', naturalUpper: number | null = null) => {
    if (!p) return;
    const sup = priorSupport(p);
    const lower = sup.lower !== null && (natural === null || sup.lower > natural) ? sup.lower : null;
    const upper = sup.upper !== null && (naturalUpper === null || sup.upper < naturalUpper) ? sup.upper : null;
    if (lower === null && upper === null) return;
    out.push({ name, prior: priorText(p), cls, coef, group, lower, upper, ...(p.dist === 'uniform' ? { width: p.upper - p.lower } : {}) });
  };
  s.bNames.forEach((b, k) => add(`b_${b}`, s.bPriors[k], null, 'b', b));
  if (s.hasIntercept) add(s.K === 0 ? 'b_Intercept' : 'Intercept', s.interceptPrior, null, 'Intercept');
  for (const g of s.groups) g.coefNames.forEach((c, t) => add(`sd_${g.group}__${c}`, g.sdPriors[t], 0, 'sd', c, g.group));
  const params = getFamily(s.family).params;
  for (const fp of s.familyPriors) {
    const param = params.find((p) => p.name === fp.name);
    add(fp.name, fp.prior, param?.lower ?? null, fp.name, '', '', param?.upper ?? null);
  }
  return out;
}

/** True for families with a residual sd sigma (gaussian, student, lognormal). */
const hasSigma = (family: string): boolean => getFamily(family).params.some((p) => p.name === 'sigma');

/** Sample sd of the response on the scale the family's sigma applies to (lognormal: log y). */
function responseSd(s: ModelStructure): number {
  const y = rowResponse(getFamily(s.family).logLik, s.y);
  let m = 0;
  for (let i = 0; i < s.N; i++) m += y[i];
  m /= s.N;
  let ss = 0;
  for (let i = 0; i < s.N; i++) ss += (y[i] - m) ** 2;
  return s.N > 1 ? Math.sqrt(ss / (s.N - 1)) : 0;
}

/**
 * Before sampling: a bound on b or the Intercept, which brms gives no bounds (brms warns "a lower
 * bounded prior on a parameter that has no natural lower bound"); and, for gaussian and student
 * models, a lower bound on sigma or an sd above the response's sd, which bounds both from above
 * in a model with an intercept (the residual and group spreads cannot exceed the total spread).
 */
function priorBoundWarnings(s: ModelStructure, bounded: BoundedParameter[], label: string, shell: Shell): SamplerWarning[] {
  const sdY = hasSigma(s.family) ? responseSd(s) : NaN;
  // one warning per prior and reason (class b's prior applies to every coefficient)
  const groups = new Map<string, { b: BoundedParameter; names: string[]; reason: 'unbounded' | 'above_sd' }>();
  for (const b of bounded) {
    let reason: 'unbounded' | 'above_sd' | null = null;
    if (b.cls === 'b' || b.cls === 'Intercept') reason = 'unbounded';
    else if ((b.cls === 'sigma' || b.cls === 'sd') && b.lower !== null && s.hasIntercept && b.lower > sdY) reason = 'above_sd';
    if (!reason) continue;
    const key = `${b.cls}\u0000${b.prior}\u0000${reason}`;
    const g = groups.get(key);
    if (g) g.names.push(b.name); else groups.set(key, { b, names: [b.name], reason });
  }
  return [...groups.values()].map(({ b, names, reason }) => {
    const who = listNames(names.map((n) => excerpt(n)));
    const it = names.length === 1 ? 'it' : 'them';
    const message = reason === 'unbounded'
      ? `${b.prior} on ${who} bounds ${it}, but ${b.cls} has no natural ${b.upper === null ? 'lower bound' : b.lower === null ? 'upper bound' : 'bounds'} ` +
        `(brms warns about this too): where the data put ${it} outside, the draws pile up at the bound and the sampler ` +
        `diverges. Use an unbounded prior such as normal(), or ${dropPrior(shell)}.`
      : `${b.prior} on ${who} excludes where the data put ${it}: the sd of ${label} is ${formatValue(sdY)}, below the ` +
        `prior's lower bound ${formatValue(b.lower as number)}, so the draws will pile up at ${formatValue(b.lower as number)} ` +
        `and the sampler will diverge. Widen the prior, or ${dropPrior(shell)}.`;
    // brms's caution (a bound that may bind) is 'info'; a bound the data exclude is a 'warning'
    return { kind: 'prior_bound', severity: reason === 'unbounded' ? 'info' : 'warning', message, parameters: names };
  });
}
