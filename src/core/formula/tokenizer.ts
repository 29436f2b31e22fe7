// Splits an R formula into tokens (names, numbers, operators, brackets), keeping positions
// (0-based UTF-16 offsets). Characters are read as code points, so an emoji is one character.
import { FormulaError } from './errors';
import { excerpt, formatInt } from './excerpt';

export type TokenKind = 'num' | 'name' | 'op' | '(' | ')' | ',' | '=' | 'eof';

export interface Token {
  kind: TokenKind;
  text: string;
  /** Number value for 'num'; the name without backticks for 'name'. */
  value?: number;
  start: number;
  end: number;
}

/**
 * Longest formula read, in UTF-16 units: far above any real model, and every step after the
 * tokenizer is linear in the length (the recursion is bounded by parser.ts's limits), so this
 * only stops pasted garbage early.
 */
export const MAX_FORMULA_CHARS = 1_000_000;

const OPERATORS = ['%in%', '||', '**', '==', '!=', '<=', '>=', '~', '|', '+', '-', '*', '/', '^', ':', '<', '>'];

// R names: letters (any script), digits, '.' and '_', not starting with a digit or '_'.
const isNameStart = (c: string) => /[\p{L}.]/u.test(c);
const isNameChar = (c: string) => /[\p{L}\p{N}._]/u.test(c);
/** R's numeric literals (sticky: matched at lastIndex without copying the rest of the formula). */
const NUMBER = /(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?L?/y;
const isDigit = (c: string) => c >= '0' && c <= '9';
/** The whole character (code point) at UTF-16 offset i. */
const charAt = (s: string, i: number) => String.fromCodePoint(s.codePointAt(i)!);

/**
 * A `backticked` name starting at i: everything up to the next backtick (no escapes, so a column
 * whose name contains a backtick cannot be written in a formula).
 */
function backticked(formula: string, i: number): { name: string; end: number } {
  const close = formula.indexOf('`', i + 1);
  if (close < 0) throw new FormulaError('Unclosed backtick: add a closing ` after the column name.', formula, i);
  const name = formula.slice(i + 1, close);
  if (name === '') throw new FormulaError('Empty backticks: write a column name between them, e.g. `my column`.', formula, i);
  return { name, end: close + 1 };
}

export function tokenize(formula: string): Token[] {
  if (formula.length > MAX_FORMULA_CHARS) {
    throw new FormulaError(`The formula is ${formatInt(formula.length)} characters long; the limit is ${formatInt(MAX_FORMULA_CHARS)}. Write fewer terms.`, formula, MAX_FORMULA_CHARS);
  }
  const tokens: Token[] = [];
  let i = 0;
  const n = formula.length;
  while (i < n) {
    const c = charAt(formula, i);
    if (/\s/u.test(c)) { i += c.length; continue; }
    const start = i;
    if (isDigit(c) || (c === '.' && i + 1 < n && isDigit(formula[i + 1]))) {
      NUMBER.lastIndex = i;
      const text = NUMBER.exec(formula)![0];
      i += text.length;
      tokens.push({ kind: 'num', text, value: Number(text.replace(/L$/, '')), start, end: i });
      continue;
    }
    if (isNameStart(c)) {
      i += c.length;
      while (i < n) {
        const d = charAt(formula, i);
        if (!isNameChar(d)) break;
        i += d.length;
      }
      const text = formula.slice(start, i);
      tokens.push({ kind: 'name', text, value: undefined, start, end: i });
      continue;
    }
    if (c === '`') {
      const { name, end } = backticked(formula, i);
      i = end;
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
    const shown = /[\p{L}\p{N}\p{P}\p{S}]/u.test(c) ? `'${c}'` : `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    throw new FormulaError(`Unexpected character ${shown} in the formula: names are letters, digits, '.' and '_' (write other names in \`backticks\`).`, formula, i);
  }
  tokens.push({ kind: 'eof', text: '', start: n, end: n });
  return tokens;
}

/** A token's text for a message ('...' after 40 characters). */
export const tokenText = (t: Token) => excerpt(t.text);
