// Turns an expression back into text the way R's deparse() writes it, because R (and so brms)
// names variables and coefficients by their deparsed expression: I(age ^ 2) -> "I(age^2)",
// log( x ) -> "log(x)", I(a*b) -> "I(a * b)", I(x / 2) -> "I(x/2)" (R writes / and ^ unspaced).
import type { Expr } from './ast';

const SPACED = new Set(['+', '-', '*', '~', '|', '||', '%in%', '==', '!=', '<', '>', '<=', '>=']);
const SYNTACTIC = /^((([\p{L}]|\.[\p{L}._])[\p{L}\p{N}._]*)|\.)$/u;

/** R's as.character() for a double: up to 15 significant digits, no trailing zeros. */
export function formatNumberR(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Inf' : '-Inf';
  let s = v.toPrecision(15);
  if (s.includes('e')) {
    const [m, e] = s.split('e');
    const mm = m.includes('.') ? m.replace(/0+$/, '').replace(/\.$/, '') : m;
    const exp = Number(e);
    return `${mm}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s;
}

export function deparseName(name: string): string {
  return SYNTACTIC.test(name) ? name : `\`${name}\``;
}

export function deparse(e: Expr): string {
  switch (e.type) {
    case 'num': return /L$/.test(e.text) ? e.text : formatNumberR(e.value);
    case 'name': return deparseName(e.name);
    case 'paren': return `(${deparse(e.expr)})`;
    case 'unary': return `${e.op}${deparse(e.arg)}`;
    case 'call':
      return `${e.fn}(${e.args.map((a, i) => (e.argNames[i] ? `${e.argNames[i]} = ` : '') + deparse(a)).join(', ')})`;
    case 'binary':
      return SPACED.has(e.op) ? `${deparse(e.left)} ${e.op} ${deparse(e.right)}` : `${deparse(e.left)}${e.op}${deparse(e.right)}`;
  }
}
