// Splits an R formula into tokens (names, numbers, operators, brackets), keeping positions.
import { FormulaError } from './errors';

export type TokenKind = 'num' | 'name' | 'op' | '(' | ')' | ',' | '=' | 'eof';

export interface Token {
  kind: TokenKind;
  text: string;
  /** Number value for 'num'; the name without backticks for 'name'. */
  value?: number;
  start: number;
  end: number;
}

const OPERATORS = ['%in%', '||', '**', '==', '!=', '<=', '>=', '~', '|', '+', '-', '*', '/', '^', ':', '<', '>'];

// R names: letters (any script), digits, '.' and '_', not starting with a digit or '_'.
const isNameStart = (c: string) => /[\p{L}.]/u.test(c);
const isNameChar = (c: string) => /[\p{L}\p{N}._]/u.test(c);
const isDigit = (c: string) => c >= '0' && c <= '9';

export function tokenize(formula: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = formula.length;
  while (i < n) {
    const c = formula[i];
    if (/\s/.test(c)) { i++; continue; }
    const start = i;
    if (isDigit(c) || (c === '.' && i + 1 < n && isDigit(formula[i + 1]))) {
      const m = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?L?/.exec(formula.slice(i));
      const text = m![0];
      i += text.length;
      tokens.push({ kind: 'num', text, value: Number(text.replace(/L$/, '')), start, end: i });
      continue;
    }
    if (isNameStart(c)) {
      while (i < n && isNameChar(formula[i])) i++;
      const text = formula.slice(start, i);
      tokens.push({ kind: 'name', text, value: undefined, start, end: i });
      continue;
    }
    if (c === '`') {
      const close = formula.indexOf('`', i + 1);
      if (close < 0) throw new FormulaError('Unclosed backtick: add a closing ` after the column name.', formula, i);
      const name = formula.slice(i + 1, close);
      i = close + 1;
      tokens.push({ kind: 'name', text: name, start, end: i });
      continue;
    }
    if (c === '(' || c === ')' || c === ',') { tokens.push({ kind: c, text: c, start, end: ++i }); continue; }
    const op = OPERATORS.find((o) => formula.startsWith(o, i));
    if (op) {
      i += op.length;
      tokens.push({ kind: 'op', text: op === '**' ? '^' : op, start, end: i });
      continue;
    }
    if (c === '=') { tokens.push({ kind: '=', text: '=', start, end: ++i }); continue; }
    if (c === '"' || c === "'") {
      throw new FormulaError('Quoted strings are not allowed in a formula: write column names without quotes (use `backticks` for names with spaces).', formula, i);
    }
    throw new FormulaError(`Unexpected character '${c}' in the formula.`, formula, i);
  }
  tokens.push({ kind: 'eof', text: '', start: n, end: n });
  return tokens;
}
