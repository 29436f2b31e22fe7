// Grammar-based random formulas: mostly well-formed lme4/brms syntax over a small table's
// columns, mixed with hostile names (JavaScript built-ins, emoji, lone surrogates, long names),
// deep nesting, long chains, huge powers and products, and random character mutations.
import type { Random } from './random';

/** Columns of the fuzz table (fuzzTable.ts), as a formula writes them. */
export const COLUMNS = ['y', 'x', 'z', 'cnt', 'b', 'g', 'h', '`my var`', 'constructor', 'größe', '`\u{1F600}`'];
const HOSTILE_NAMES = [
  'hasOwnProperty', 'toString', 'valueOf', '`__proto__`', 'prototype', 'toLocaleString', 'isPrototypeOf',
  'q', 'Reaction', '.', 'pi', 'TRUE', 'F', '`a b c`', '`\u{1F600}\u{1F601}`', 'x.y', 'ẞ', '`\u0000`', '``', '`\uD83D`',
];
const FUNCTIONS = ['I', 'log', 'exp', 'sqrt', 'scale', 'factor', 'as.factor', 'abs', 'log1p', 'offset', 'log10', 'sin'];
const HOSTILE_FUNCTIONS = ['hasOwnProperty', 'constructor', 'toString', 'valueOf', '`__proto__`', 'poly', 's', 'c', 'trials', 'cbind', 'weights', 'eval'];
const NUMBERS = ['0', '1', '2', '-1', '0.5', '1e309', '1e-320', '3L', '.5', '1e5', '99999999999999999999999'];
const BINARY = ['+', '+', '+', '-', '*', ':', '/', '%in%', '^', '==', '>', '<=', '|', '||', '~'];
const MUTATION_CHARS = ['(', ')', '|', '~', '+', '*', ':', '^', '`', '"', ',', '=', ' ', '.', '$', '\u0000', '\u{1F600}', '\uD83D', '\uDE00', '\u200B', 'é', 'x', '1', '\n', '\t', '\\'];

const longName = (r: Random) => 'v'.repeat(r.weighted([[8, r.int(50, 300)], [1, r.int(1000, 20_000)]]));

function name(r: Random): string {
  return r.weighted<() => string>([
    [10, () => r.pick(COLUMNS)],
    [3, () => r.pick(HOSTILE_NAMES)],
    [1, () => longName(r)],
    [1, () => `\`${longName(r)}\``],
    [1, () => `\`${'\u{1F600}'.repeat(r.int(15, 60))}\``],
  ])();
}

function arith(r: Random, depth: number): string {
  if (depth <= 0 || r.chance(0.4)) return r.chance(0.7) ? name(r) : r.pick(NUMBERS);
  return r.weighted<() => string>([
    [4, () => `${arith(r, depth - 1)} ${r.pick(['+', '-', '*', '/', '^', '>', '==', '<'])} ${arith(r, depth - 1)}`],
    [2, () => `${r.pick(FUNCTIONS)}(${arith(r, depth - 1)})`],
    [1, () => `(${arith(r, depth - 1)})`],
    [1, () => `-${arith(r, depth - 1)}`],
    [1, () => `${r.pick(HOSTILE_FUNCTIONS)}(${arith(r, depth - 1)})`],
  ])();
}

function groupTerm(r: Random, depth: number): string {
  const lhs = r.weighted<() => string>([[4, () => '1'], [3, () => `1 + ${name(r)}`], [2, () => rhs(r, depth - 1, false)], [1, () => '0 + x']]);
  const grouping = r.weighted<() => string>([[6, () => r.pick(['g', 'h', 'b'])], [2, () => 'g:h'], [2, () => 'g/h'], [1, () => name(r)], [1, () => 'p | g']]);
  return `(${lhs()} ${r.pick(['|', '|', '||'])} ${grouping()})`;
}

function term(r: Random, depth: number, groups: boolean): string {
  if (depth <= 0) return name(r);
  return r.weighted<() => string>([
    [10, () => name(r)],
    [3, () => `${r.pick(FUNCTIONS)}(${arith(r, depth - 1)})`],
    [2, () => `I(${arith(r, depth - 1)})`],
    [1, () => `${r.pick(HOSTILE_FUNCTIONS)}(${arith(r, 1)})`],
    [1, () => r.pick(NUMBERS)],
    [2, () => `(${rhs(r, depth - 1, false)})^${r.pick(['2', '3', '1', '0', '-1', '2.5', '1000000', '1000000000', '1e309'])}`],
    [1, () => Array.from({ length: r.int(2, 25) }, () => name(r)).join(r.pick(['*', ':']))],
    [1, () => `(${rhs(r, depth - 1, false)})`],
    [groups ? 3 : 0, () => groupTerm(r, depth)],
    [1, () => `scale(${name(r)}, center = ${r.pick(['TRUE', 'FALSE', 'toString', '1'])})`],
    [1, () => `offset(${arith(r, 1)})`],
  ])();
}

function rhs(r: Random, depth: number, groups: boolean): string {
  const n = r.weighted([[6, r.int(1, 4)], [1, r.int(5, 40)]]);
  let out = r.chance(0.1) ? r.pick(['0 + ', '-1 + ', '1 + ']) : '';
  for (let k = 0; k < n; k++) {
    if (k > 0) out += ` ${r.pick(BINARY)} `;
    out += term(r, depth, groups);
  }
  return out;
}

function response(r: Random): string {
  return r.weighted<() => string>([
    [10, () => r.pick(['y', 'y', 'cnt', 'b', 'x'])],
    [2, () => `log(${r.pick(['y', 'x', 'z'])})`],
    [2, () => `cnt | trials(${r.pick(['cnt', '10', 'x', 'y + 5'])})`],
    [2, () => `cbind(cnt, ${r.pick(['x', '10 - cnt', 'g'])})`],
    [1, () => name(r)],
    [1, () => ''],
    [1, () => 'y + x'],
  ])();
}

/** Inserts, deletes or replaces a few characters (including unicode, NUL and lone surrogates). */
function mutate(r: Random, s: string): string {
  let out = s;
  for (let k = r.int(1, 4); k > 0; k--) {
    const at = r.int(0, out.length);
    const c = r.pick(MUTATION_CHARS);
    out = r.weighted<() => string>([
      [1, () => out.slice(0, at) + c + out.slice(at)],
      [1, () => out.slice(0, at) + out.slice(at + 1)],
      [1, () => out.slice(0, at) + c + out.slice(at + 1)],
    ])();
  }
  return out;
}

function pathological(r: Random): string {
  const n = r.weighted([[3, r.int(50, 150)], [2, r.int(1000, 6000)], [1, r.int(20_000, 40_000)]]);
  return r.weighted<() => string>([
    [2, () => `y ~ ${'('.repeat(n)}x${')'.repeat(n)}`],
    [2, () => `y ~ x${' + x'.repeat(n)}`],
    [1, () => `y ~ ${'-'.repeat(n)}x`],
    [1, () => `y ~ I(x${'^2'.repeat(n)})`],
    [1, () => `y ~ ${Array.from({ length: Math.min(n, 60) }, (_, i) => `x${i}`).join('*')}`],
    [1, () => `y ~ (${Array.from({ length: r.int(5, 30) }, () => r.pick(COLUMNS)).join(' + ')})^${r.int(2, 30)}`],
    [1, () => `y ~ ${'log('.repeat(n)}x${')'.repeat(n)}`],
    [1, () => `y ~ \`${'q'.repeat(n * 10)}\``],
    [1, () => `y ~ ${'x'.repeat(r.chance(0.5) ? 120_000 : 1_100_000)}`],
    [1, () => `${'('.repeat(n)}`],
    [1, () => `y ~ x + ${'\u{1F600}'.repeat(r.int(1, 50))}`],
  ])();
}

const NUMERIC = ['x', 'z', '`my var`', 'constructor', 'größe'];
const FACTORS = ['g', 'h', '`\u{1F600}`'];

/** A formula that should mostly fit: known columns, +, *, :, I(), log(), group terms. */
function plausible(r: Random): string {
  const v = () => r.chance(0.6) ? r.pick(NUMERIC) : r.pick(FACTORS);
  const t = () => r.weighted<() => string>([
    [6, v], [2, () => `${v()}:${v()}`], [2, () => `${v()}*${v()}`], [1, () => `I(${r.pick(NUMERIC)} ${r.pick(['^ 2', '> 0', '* 2', '/ 3'])})`],
    [1, () => `log(${r.pick(['x', 'größe'])} + 1)`], [1, () => `scale(${r.pick(NUMERIC)})`], [1, () => `factor(${r.pick(['cnt', 'b'])})`],
    [1, () => `(${v()} + ${v()} + ${v()})^${r.int(1, 4)}`],
  ])();
  const terms = Array.from({ length: r.int(1, 4) }, t);
  if (r.chance(0.6)) terms.push(`(${r.pick(['1', `1 + ${r.pick(NUMERIC)}`, `0 + ${r.pick(NUMERIC)}`])} ${r.pick(['|', '||'])} ${r.pick(['g', 'h', 'g:h', 'g/h'])})`);
  return `${r.pick(['y', 'y', 'log(größe)', 'x'])} ~ ${terms.join(' + ')}`;
}

const randomChars = (r: Random) => Array.from({ length: r.int(0, 40) }, () => r.pick(MUTATION_CHARS)).join('');

/** One random formula. */
export function randomFormula(r: Random): string {
  return r.weighted<() => string>([
    [35, () => plausible(r)],
    [40, () => `${response(r)} ~ ${rhs(r, 3, true)}`],
    [20, () => mutate(r, `${response(r)} ~ ${rhs(r, 2, true)}`)],
    [8, () => pathological(r)],
    [4, () => randomChars(r)],
    [3, () => `y ~ ${rhs(r, 5, true)}`],
  ])();
}
