// Random prior arguments as the CLI's --prior takes them: '<distribution> <class> [coef=] [group=]',
// well-formed or broken, with hostile names and numbers.
import type { Random } from './random';

const DISTS = ['normal', 'student_t', 'cauchy', 'exponential', 'gamma', 'inv_gamma', 'lognormal', 'uniform', 'lkj', 'lkj_corr_cholesky', 'std_normal', 'flat'];
const HOSTILE = ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf', 'beta', 'Normal', 'normal_lpdf', '\u{1F600}', ''];
const NUMBERS = ['0', '1', '2.5', '-1', '10', '1e309', '-1e309', '1e-320', 'NaN', 'Inf', 'abc', '', '0x10', '1,5', '3L', ' 2 ', '1e5', '0.0', '-0'];
const CLASSES = ['b', 'Intercept', 'sd', 'cor', 'L', 'sigma', 'nu', 'shape', 'constructor', 'toString', '__proto__', 'B', 'class=b', 'class=sd', ''];
const COEFS = ['x', 'z', 'Intercept', 'gb', 'hu', 'constructor', '__proto__', 'toString', 'myvar', '\u{1F600}', 'x:z', 'nope'];
const GROUPS = ['g', 'h', 'g:h', 'constructor', '__proto__', 'nope'];

function dist(r: Random): string {
  const name = r.chance(0.85) ? r.pick(DISTS) : r.pick(HOSTILE);
  const n = r.weighted([[8, r.int(0, 3)], [1, r.int(4, 30)]]);
  const args = Array.from({ length: n }, () => (r.chance(0.8) ? String(r.pick(['0', '1', '2', '5', '3', '0.5', '10'])) : r.pick(NUMBERS)));
  return `${name}${r.chance(0.05) ? ' ' : ''}(${args.join(r.chance(0.9) ? ', ' : ',')})`;
}

/** A prior that should apply: the right arity, positive scales, a class the models have. */
function plausible(r: Random): string {
  const scale = () => r.pick(['1', '2.5', '10', '0.5']);
  return r.weighted<() => string>([
    [3, () => `normal(${r.pick(['0', '1', '-2'])}, ${scale()}) b${r.chance(0.3) ? ` coef=${r.pick(['x', 'z', 'hu'])}` : ''}`],
    [2, () => `student_t(3, 0, ${scale()}) ${r.pick(['sd', 'sigma', 'Intercept'])}`],
    [1, () => `exponential(${scale()}) sd group=${r.pick(['g', 'h'])}`],
    [1, () => `lkj(${scale()}) ${r.pick(['cor', 'L'])}`],
    [1, () => `gamma(2, ${scale()}) ${r.pick(['nu', 'shape', 'sigma'])}`],
    [1, () => `uniform(${r.pick(['-10', '0', '5'])}, ${r.pick(['10', '20', '6'])}) b`],
  ])();
}

export function randomPriorArg(r: Random): string {
  if (r.chance(0.6)) return plausible(r);
  const parts = [dist(r), r.pick(CLASSES)];
  if (r.chance(0.3)) parts.push(`coef=${r.pick(COEFS)}`);
  if (r.chance(0.3)) parts.push(`group=${r.pick(GROUPS)}`);
  if (r.chance(0.03)) parts.push(r.pick(['extra', 'lb=0', 'coef=', `coef=${'c'.repeat(r.int(100, 5000))}`]));
  let s = parts.join(' ');
  if (r.chance(0.05)) s = s.replace(')', '');
  if (r.chance(0.03)) s = 'normal(0, 1'.repeat(r.int(1, 2000));
  if (r.chance(0.02)) s = `${'('.repeat(r.int(1, 5000))} b`;
  return s;
}
