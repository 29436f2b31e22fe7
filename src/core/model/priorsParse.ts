// Prior strings in brms/Stan syntax -> PriorDensity, and the CLI's --prior argument.
import type { PriorDensity } from '../types';
import { ModelError } from '../formula/errors';
import { excerpt } from '../formula/excerpt';

export interface PriorSpec {
  /** brms prior string, e.g. 'normal(0, 5)'; '' for flat. */
  prior: string;
  /** 'b' | 'Intercept' | 'sd' | 'cor' (or 'L') | 'sigma' | 'nu' | 'shape' */
  class: string;
  coef?: string;
  group?: string;
}

/** Arguments of each distribution; a Map, so 'constructor' or 'toString' are not distributions. */
const SIGNATURES: ReadonlyMap<string, readonly string[]> = new Map([
  ['normal', ['mu', 'sigma']],
  ['std_normal', []],
  ['student_t', ['nu', 'mu', 'sigma']],
  ['cauchy', ['mu', 'sigma']],
  ['exponential', ['rate']],
  ['gamma', ['shape', 'rate']],
  ['inv_gamma', ['shape', 'scale']],
  ['lognormal', ['mu', 'sigma']],
  ['uniform', ['lower', 'upper']],
  ['beta', ['alpha', 'beta']],
  ['lkj', ['eta']],
  ['lkj_corr_cholesky', ['eta']],
]);

/** A decimal number as Stan and R write it (no hex, no Infinity, no '1_000'). */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The value of one argument, or a message saying why it is not a usable number. */
function argumentValue(a: string, what: string, text: string): number {
  if (!NUMBER.test(a)) throw new ModelError(`The ${what} argument of '${excerpt(text)}' must be a number, found '${excerpt(a)}'.`);
  const x = Number(a);
  if (!Number.isFinite(x)) {
    throw new ModelError(`The ${what} argument of '${excerpt(text)}': '${excerpt(a)}' is out of range (a double holds at most about 1.8e308 in absolute value).`);
  }
  return x;
}

const POSITIVE = new Set(['sigma', 'nu', 'rate', 'shape', 'scale', 'eta', 'alpha', 'beta']);

/** Parses 'normal(0, 5)' (numbers only as arguments) into a density; '' is flat. */
export function parsePriorString(text: string): PriorDensity {
  const s = text.trim();
  if (s === '' || s === 'flat') return { dist: 'flat' };
  const m = /^([A-Za-z_]+)\s*\((.*)\)$/.exec(s);
  if (!m) throw new ModelError(`Can't read the prior '${excerpt(text)}': write it as a distribution call such as normal(0, 5) or student_t(3, 0, 2.5).`);
  const name = m[1];
  const sig = SIGNATURES.get(name);
  if (!sig) {
    throw new ModelError(`Unknown prior distribution '${excerpt(name)}' in '${excerpt(text)}': supported are ${[...SIGNATURES.keys()].map((k) => k + '()').join(', ')}.`);
  }
  const argText = m[2].trim();
  const args = argText === '' ? [] : argText.split(',').map((a) => a.trim());
  if (args.length !== sig.length) {
    throw new ModelError(`${name}() takes ${sig.length} argument${sig.length === 1 ? '' : 's'}${sig.length ? ` (${sig.join(', ')})` : ''}, but '${excerpt(text)}' has ${args.length}.`);
  }
  const v = args.map((a, i) => {
    const x = argumentValue(a, sig[i], text);
    if (POSITIVE.has(sig[i]) && !(x > 0)) throw new ModelError(`The ${sig[i]} argument of '${excerpt(text)}' must be positive.`);
    return x;
  });
  switch (name) {
    case 'normal': return { dist: 'normal', mu: v[0], sigma: v[1] };
    case 'std_normal': return { dist: 'normal', mu: 0, sigma: 1 };
    case 'student_t': return { dist: 'student_t', nu: v[0], mu: v[1], sigma: v[2] };
    case 'cauchy': return { dist: 'cauchy', mu: v[0], sigma: v[1] };
    case 'exponential': return { dist: 'exponential', rate: v[0] };
    case 'gamma': return { dist: 'gamma', shape: v[0], rate: v[1] };
    case 'inv_gamma': return { dist: 'inv_gamma', shape: v[0], scale: v[1] };
    case 'lognormal': return { dist: 'lognormal', mu: v[0], sigma: v[1] };
    case 'uniform':
      if (!(v[0] < v[1])) throw new ModelError(`uniform(lower, upper) needs lower < upper, but '${excerpt(text)}' has ${v[0]} >= ${v[1]}.`);
      return { dist: 'uniform', lower: v[0], upper: v[1] };
    case 'beta': return { dist: 'beta', alpha: v[0], beta: v[1] };
    default: return { dist: 'lkj', eta: v[0] };
  }
}

/**
 * The CLI's --prior argument: '<distribution> <class> [coef=<name>] [group=<name>]', e.g.
 * "student_t(3, 0, 10) sd", "normal(0, 1) b coef=age", "student_t(3,0,10) sd group=Subject".
 */
export function parsePriorArg(arg: string): PriorSpec {
  const s = arg.trim();
  const close = s.indexOf(')');
  const usage = 'Write a prior as "<distribution> <class> [coef=<name>] [group=<name>]", e.g. "normal(0, 1) b coef=age" or "student_t(3, 0, 10) sd group=Subject".';
  const shown = excerpt(arg);
  if (close < 0) throw new ModelError(`Can't read the prior '${shown}'. ${usage}`);
  const prior = s.slice(0, close + 1).trim();
  parsePriorString(prior);
  const words = s.slice(close + 1).trim().split(/\s+/).filter((w) => w.length > 0);
  if (words.length === 0) throw new ModelError(`The prior '${shown}' has no class (b, Intercept, sd, cor, sigma, nu or shape). ${usage}`);
  const spec: PriorSpec = { prior, class: '' };
  for (const w of words) {
    const eq = w.indexOf('=');
    if (eq < 0) {
      if (spec.class) throw new ModelError(`The prior '${shown}' names two classes ('${excerpt(spec.class)}' and '${excerpt(w)}'). ${usage}`);
      spec.class = w.replace(/^class=/, '');
      continue;
    }
    const key = w.slice(0, eq);
    const value = w.slice(eq + 1);
    if (key === 'class') spec.class = value;
    else if (key === 'coef') spec.coef = value;
    else if (key === 'group') spec.group = value;
    else throw new ModelError(`Unknown field '${excerpt(key)}' in the prior '${shown}': use coef= or group=. ${usage}`);
  }
  if (!spec.class) throw new ModelError(`The prior '${shown}' has no class. ${usage}`);
  return spec;
}
