// Command-line arguments of `fit` (design.md §4). Strict: an unknown option, a missing value or
// a value out of range is a UsageError with a one-line message naming the option.
import type { FamilyName, SamplerSettings } from '../core/types';
import { DEFAULT_SETTINGS } from '../core/types';
import { UserInputError } from '../core/formula/errors';
import { FAMILY_NAMES, findFamilyName, findLink, getFamily, linkMessage } from '../core/families';
import { parseStanSyntax, type StanSyntax } from '../core/export/stanSyntax';

export class UsageError extends UserInputError {
  override name = 'UsageError';
}

export interface FitOptions {
  data: string;
  formula: string;
  family: FamilyName;
  /** --link: one of the family's links; null: the family's default. */
  link: string | null;
  settings: SamplerSettings;
  /** Raw --prior arguments, in order. */
  priors: string[];
  /** Columns marked as factors (--factor, repeatable), as the data view's role switch does. */
  factors: string[];
  summary: string | null;
  draws: string | null;
  /** --loo, or implied by --pointwise-loo: PSIS-LOO into the summary JSON and the printed summary. */
  loo: boolean;
  /** --pointwise-loo FILE.csv: one row per observation (row, elpd_loo, p_loo, pareto_k). */
  pointwiseLoo: string | null;
  quiet: boolean;
  help: boolean;
  /** --levels "no,perhaps,yes": the order of a text response's categories (ordinal families); null when not given. */
  levels: string[] | null;
  /** --stop-when-converged: the ESS target (--ess-target, default 400); null when off. */
  stopWhenConverged: { essTarget: number } | null;
  /** --export-r / --export-python: new folders for the Open in R / Python bundles (core/export). */
  exportR: string | null;
  exportPython: string | null;
  /** --stan-syntax: the bundles' Stan program for current CmdStan (default) or rstan 2.21-2.25 ('old'). */
  stanSyntax: StanSyntax;
}

export const USAGE = `Usage: npm run fit -- --data FILE.csv --formula "y ~ x + (x | g)"
  [--family ${FAMILY_NAMES.join('|')}] [--link logit|probit|log|identity] [--chains 4] [--warmup 1000]
  [--iter 1000] [--seed 1] [--adapt-delta 0.8] [--max-treedepth 10] [--metric auto|diag|dense]
  [--adaptation fast|stan] [--factor COLUMN]... [--levels "lowest,...,highest"]
  [--prior "student_t(3, 0, 10) sd"]... [--summary OUT.json] [--draws OUT.csv] [--quiet]
  [--stop-when-converged [--ess-target 400]]
  [--export-r NEW_DIR] [--export-python NEW_DIR] [--stan-syntax current|old]
  [--loo] [--pointwise-loo OUT.csv]

  --loo                 PSIS-LOO (as R's loo 2.5.1) from the draws: elpd_loo, p_loo, looic and the
                        Pareto k table, printed and added to the summary JSON as "loo"
  --pointwise-loo FILE  also write one row per observation: row (the 1-based data row), elpd_loo,
                        p_loo, pareto_k (implies --loo)
  The summary JSON always carries "bayes_r2" (brms bayes_R2: mean, sd, q5, q95).`;

const FAMILIES: readonly FamilyName[] = FAMILY_NAMES;
const VALUE_OPTIONS = ['data', 'formula', 'family', 'link', 'chains', 'warmup', 'iter', 'seed', 'adapt-delta',
  'max-treedepth', 'metric', 'adaptation', 'prior', 'factor', 'levels', 'summary', 'draws', 'ess-target',
  'export-r', 'export-python', 'stan-syntax', 'pointwise-loo'] as const;
const FLAG_OPTIONS = ['quiet', 'help', 'stop-when-converged', 'loo'] as const;
type ValueOption = (typeof VALUE_OPTIONS)[number];

/**
 * Bounds of the integer options. The seed is MT19937's 32-bit key (core/sampler/rng.ts); chains
 * and tree depth are capped where a larger value can only be a typo: every chain gets a line of
 * progress and its own draws, and a tree of depth d costs up to 2^d leapfrog steps per iteration
 * (2^30 is about 10^9) and keeps d levels of scratch vectors. warmup and iter stay exact integers;
 * the memory check (core/sampler/runMemory.ts) bounds the draws they imply.
 */
const INTEGER_RANGES = {
  chains: [1, 1000], warmup: [0, Number.MAX_SAFE_INTEGER], iter: [1, Number.MAX_SAFE_INTEGER],
  seed: [0, 4294967295], 'max-treedepth': [1, 30], 'ess-target': [1, 1_000_000],
} as const;

function integer(option: keyof typeof INTEGER_RANGES, text: string): number {
  const [min, max] = INTEGER_RANGES[option];
  const v = Number(text);
  if (!/^[+-]?\d+$/.test(text.trim()) || !Number.isSafeInteger(v) || v < min || v > max) {
    const shown = text.length > 40 ? `${text.slice(0, 40)}...` : text;
    throw new UsageError(`--${option} must be an integer from ${min} to ${max} (got '${shown}')`);
  }
  return v;
}

/** Up to three of `options` within a small edit distance of `name` (case ignored), closest first. */
export function nearMatches(name: string, options: readonly string[]): string[] {
  if (name.length > 100) return []; // the cost is length x length per option
  const limit = name.length > 4 ? 3 : 2;
  const lower = name.toLowerCase();
  return options.map((o) => ({ o, d: editDistance(lower, o.toLowerCase()) }))
    .filter((x) => x.d <= limit).sort((a, b) => a.d - b.d).slice(0, 3).map((x) => x.o);
}

function nearest(name: string, options: readonly string[]): string | null {
  let best: string | null = null;
  let bestD = name.length > 4 ? 4 : 3;
  for (const o of options) {
    const d = editDistance(name, o);
    if (d < bestD) { bestD = d; best = o; }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

export function parseFitArgs(argv: readonly string[]): FitOptions {
  const values = new Map<ValueOption, string>();
  const priors: string[] = [];
  const factors: string[] = [];
  let quiet = false;
  let help = false;
  let stopWhenConverged = false;
  let loo = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      throw new UsageError(`unexpected argument '${arg}': every value follows its option, e.g. --data sleepstudy.csv`);
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    if ((FLAG_OPTIONS as readonly string[]).includes(name)) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      if (name === 'quiet') quiet = true;
      else if (name === 'stop-when-converged') stopWhenConverged = true;
      else if (name === 'loo') loo = true;
      else help = true;
      continue;
    }
    if (!(VALUE_OPTIONS as readonly string[]).includes(name)) {
      const near = nearest(name, [...VALUE_OPTIONS, ...FLAG_OPTIONS]);
      throw new UsageError(`unknown option '--${name}'${near ? ` (did you mean --${near}?)` : ''}; run with --help for the options`);
    }
    let value: string;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      if (i + 1 >= argv.length || (argv[i + 1].startsWith('--') && argv[i + 1].length > 2)) {
        throw new UsageError(`--${name} needs a value`);
      }
      value = argv[++i];
    }
    const key = name as ValueOption;
    if (key === 'prior') { priors.push(value); continue; }
    if (key === 'factor') { addFactor(factors, value); continue; }
    if (values.has(key)) throw new UsageError(`--${name} was given twice`);
    values.set(key, value);
  }
  if (help) {
    return {
      data: '', formula: '', family: 'gaussian', link: null, settings: { ...DEFAULT_SETTINGS }, priors, factors, levels: null, summary: null, draws: null,
      loo, pointwiseLoo: null, quiet, help, stopWhenConverged: null, exportR: null, exportPython: null, stanSyntax: 'current',
    };
  }
  const data = values.get('data');
  if (!data) throw new UsageError('--data FILE.csv is required');
  const formula = values.get('formula');
  if (!formula || !formula.trim()) throw new UsageError('--formula is required, e.g. --formula "Reaction ~ Days + (Days | Subject)"');
  const familyGiven = values.get('family') ?? 'gaussian';
  const familyText = findFamilyName(familyGiven);
  if (familyText === null) {
    const near = nearest(familyGiven, [...FAMILIES]);
    throw new UsageError(`unknown --family '${familyGiven}'${near ? ` (did you mean ${near}?)` : ''}: use one of ${FAMILIES.join(', ')}`);
  }
  const linkText = values.get('link') ?? null;
  if (linkText !== null && !findLink(getFamily(familyText), linkText)) {
    throw new UsageError(`--link: ${linkMessage(getFamily(familyText), linkText)}`);
  }
  const settings: SamplerSettings = { ...DEFAULT_SETTINGS };
  const get = (k: ValueOption): string | undefined => values.get(k);
  if (get('chains') !== undefined) settings.chains = integer('chains', get('chains')!);
  if (get('warmup') !== undefined) settings.warmup = integer('warmup', get('warmup')!);
  if (get('iter') !== undefined) settings.iter = integer('iter', get('iter')!);
  if (get('seed') !== undefined) settings.seed = integer('seed', get('seed')!);
  if (get('max-treedepth') !== undefined) settings.maxTreedepth = integer('max-treedepth', get('max-treedepth')!);
  if (get('adapt-delta') !== undefined) {
    const t = get('adapt-delta')!;
    const v = Number(t);
    if (t.trim() === '' || !(v > 0 && v < 1)) throw new UsageError(`--adapt-delta must be a number strictly between 0 and 1 (got '${t}')`);
    settings.adaptDelta = v;
  }
  if (get('metric') !== undefined) {
    const m = get('metric')!;
    if (m !== 'auto' && m !== 'diag' && m !== 'dense') throw new UsageError(`--metric must be auto, diag or dense (got '${m}')`);
    settings.metric = m;
  }
  if (get('adaptation') !== undefined) {
    const a = get('adaptation')!;
    if (a !== 'fast' && a !== 'stan') throw new UsageError(`--adaptation must be fast or stan (got '${a}')`);
    settings.adaptation = a;
  }
  const summary = get('summary') ?? null;
  const draws = get('draws') ?? null;
  const pointwiseLoo = get('pointwise-loo') ?? null;
  const outputs: [string, string | null][] = [['--summary', summary], ['--draws', draws], ['--pointwise-loo', pointwiseLoo]];
  for (let a = 0; a < outputs.length; a++) {
    for (let b = a + 1; b < outputs.length; b++) {
      if (outputs[a][1] !== null && outputs[a][1] === outputs[b][1]) {
        throw new UsageError(`${outputs[a][0]} and ${outputs[b][0]} name the same file; give them different paths`);
      }
    }
  }
  if (get('ess-target') !== undefined && !stopWhenConverged) {
    throw new UsageError('--ess-target is the target of --stop-when-converged; add --stop-when-converged or drop --ess-target');
  }
  const stop = stopWhenConverged ? { essTarget: get('ess-target') === undefined ? 400 : integer('ess-target', get('ess-target')!) } : null;
  const levels = get('levels') === undefined ? null : parseLevels(get('levels')!);
  return {
    data, formula, family: familyText as FamilyName, link: linkText, settings, priors, factors, levels, summary, draws,
    loo: loo || pointwiseLoo !== null, pointwiseLoo, quiet, help, stopWhenConverged: stop, ...exportOptions(get),
  };
}

function exportOptions(get: (k: ValueOption) => string | undefined): Pick<FitOptions, 'exportR' | 'exportPython' | 'stanSyntax'> {
  const exportR = get('export-r') ?? null;
  const exportPython = get('export-python') ?? null;
  if (exportR !== null && exportR === exportPython) {
    throw new UsageError('--export-r and --export-python name the same folder; give them different new folders');
  }
  const syntaxText = get('stan-syntax');
  if (syntaxText !== undefined && exportR === null && exportPython === null) {
    throw new UsageError('--stan-syntax sets the Stan program of --export-r / --export-python; add one of them or drop --stan-syntax');
  }
  let stanSyntax: StanSyntax = 'current';
  if (syntaxText !== undefined) {
    try { stanSyntax = parseStanSyntax(syntaxText); } catch { throw new UsageError(`--stan-syntax must be current (CmdStan 2.33 and later) or old (rstan 2.21-2.25); got '${syntaxText.slice(0, 30)}'`); }
  }
  return { exportR, exportPython, stanSyntax };
}

/** --levels "no,perhaps,yes": the categories lowest first, comma-separated, each once. */
function parseLevels(text: string): string[] {
  const levels = text.split(',').map((l) => l.trim());
  const shown = (l: string) => (l.length > 40 ? `${l.slice(0, 40)}...` : l);
  if (levels.length < 2 || levels.some((l) => l === '')) {
    throw new UsageError(`--levels takes the response's categories lowest first, separated by commas, e.g. --levels "no,perhaps,yes" (got '${shown(text)}')`);
  }
  const twice = levels.find((l, i) => levels.indexOf(l) !== i);
  if (twice !== undefined) throw new UsageError(`--levels lists '${shown(twice)}' twice; give each category once`);
  return levels;
}

function addFactor(factors: string[], name: string): void {
  if (name.trim() === '') throw new UsageError('--factor needs a column name, e.g. --factor Trt');
  if (factors.includes(name)) {
    throw new UsageError(`--factor '${name.length > 40 ? `${name.slice(0, 40)}...` : name}' was given twice`);
  }
  factors.push(name);
}
