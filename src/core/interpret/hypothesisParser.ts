// The expression language of brms's `hypothesis()` (R/hypothesis.R, brms 2.18), as a small
// recursive-descent parser with R's precedence: `^` (right-associative, an exponent may carry a
// sign as in `2^-1`) binds tighter than unary minus (`-2^2` is -4 in R), then `*` `/`, then `+` `-`.
// Names are brms's variable names: a letter or `.` followed by letters, digits, `_`, `.` and `:`
// (interactions such as `b_Days:group`), optionally with a bracket index (`r_Subject[308,Intercept]`),
// the same pattern as brms's `find_vars`. A name that is not a parameter is tried with brms's
// default class prefix `b_` (`Days` -> `b_Days`, `Intercept` -> `b_Intercept`), as
// `hypothesis(fit, "Days > 5")` does with `class = "b"`.
import { ModelError, caretLine } from '../formula/errors';
import { closestName } from '../design/suggest';

/** A bad hypothesis at a spot in the text, with the caret line the formula box shows. */
export class HypothesisError extends ModelError {
  readonly position: number;
  readonly caret: string;
  constructor(message: string, text: string, position: number) {
    super(message);
    this.name = 'HypothesisError';
    this.position = Math.max(0, Math.min(position, text.length));
    this.caret = caretLine(text, this.position);
  }
}

export type HypothesisNode =
  | { kind: 'num'; value: number }
  | { kind: 'par'; name: string }
  | { kind: 'neg'; arg: HypothesisNode }
  | { kind: 'call'; fn: MathFunction; arg: HypothesisNode }
  | { kind: 'bin'; op: '+' | '-' | '*' | '/' | '^'; left: HypothesisNode; right: HypothesisNode };

/** The few R functions brms users write in hypotheses (`exp(b_x) > 1`). */
export const MATH_FUNCTIONS = ['exp', 'log', 'sqrt', 'abs'] as const;
export type MathFunction = (typeof MATH_FUNCTIONS)[number];

export type HypothesisSign = '<' | '>' | '=';

export interface ParsedHypothesis {
  /** `left - right`, the quantity compared with 0. */
  expression: HypothesisNode;
  sign: HypothesisSign;
  /** brms's row name: `(left)-(right) > 0`, whitespace removed, `-(right)` left out when right is `0`. */
  label: string;
  /** The parameters used, each once, in order of appearance. */
  parameters: string[];
}

type Token =
  | { t: 'num'; value: number; pos: number; end: number }
  | { t: 'name'; text: string; pos: number; end: number }
  | { t: 'op'; text: string; pos: number; end: number }
  | { t: 'end'; pos: number; end: number };

const NAME_START = /[A-Za-z.]/;
const NAME_CHAR = /[A-Za-z0-9_.:]/;
const NUMBER = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;
const SHORT = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}...` : s);

function readName(text: string, i: number): { name: string; end: number } {
  let j = i + 1;
  while (j < text.length && NAME_CHAR.test(text[j])) j++;
  let name = text.slice(i, j);
  if (text[j] === '[') {
    const close = text.indexOf(']', j);
    if (close < 0) throw new HypothesisError(`The bracket after \`${SHORT(name)}\` is never closed: write the index as in \`r_Subject[308,Intercept]\`.`, text, j);
    name += text.slice(j, close + 1).replace(/\s+/g, '');
    j = close + 1;
  }
  return { name, end: j };
}

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) { i++; continue; }
    const num = NUMBER.exec(text.slice(i));
    if (num && (c !== '.' || /\d/.test(text[i + 1] ?? ''))) {
      out.push({ t: 'num', value: Number(num[0]), pos: i, end: i + num[0].length });
      i += num[0].length;
    } else if (NAME_START.test(c)) {
      const { name, end } = readName(text, i);
      out.push({ t: 'name', text: name, pos: i, end });
      i = end;
    } else if ('+-*/^()<>='.includes(c)) {
      out.push({ t: 'op', text: c, pos: i, end: i + 1 });
      i++;
    } else {
      throw new HypothesisError(`Unexpected character \`${c}\`: a hypothesis uses parameter names, numbers, + - * / ^, parentheses and one of <, > or =.`, text, i);
    }
  }
  out.push({ t: 'end', pos: text.length, end: text.length });
  return out;
}

/** Recursive descent over one side of the comparison; `names` collects each name with its position. */
class SideParser {
  private k: number;
  readonly names: { name: string; pos: number }[] = [];
  constructor(private readonly text: string, private readonly tokens: Token[], from: number, private readonly stop: number) { this.k = from; }

  private peek(): Token { return this.k < this.stop ? this.tokens[this.k] : { t: 'end', pos: this.tokens[this.stop].pos, end: this.tokens[this.stop].pos }; }
  private isOp(text: string): boolean { const p = this.peek(); return p.t === 'op' && p.text === text; }

  parseAll(): HypothesisNode {
    const node = this.expr();
    const p = this.peek();
    if (p.t !== 'end') throw this.unexpected(p, 'an operator (+ - * / ^) or the end of this side');
    return node;
  }

  private unexpected(p: Token, wanted: string): HypothesisError {
    const what = p.t === 'end' ? 'the end of this side' : p.t === 'num' ? `the number ${this.text.slice(p.pos, p.end)}` : p.t === 'name' ? `\`${SHORT(p.text)}\`` : `\`${p.text}\``;
    return new HypothesisError(`Expected ${wanted} here, found ${what}.`, this.text, p.pos);
  }

  private expr(): HypothesisNode {
    let left = this.term();
    while (this.isOp('+') || this.isOp('-')) {
      const op = (this.tokens[this.k++] as { text: '+' | '-' }).text;
      left = { kind: 'bin', op, left, right: this.term() };
    }
    return left;
  }

  private term(): HypothesisNode {
    let left = this.unary();
    while (this.isOp('*') || this.isOp('/')) {
      const op = (this.tokens[this.k++] as { text: '*' | '/' }).text;
      left = { kind: 'bin', op, left, right: this.unary() };
    }
    return left;
  }

  private unary(): HypothesisNode {
    if (this.isOp('-')) { this.k++; return { kind: 'neg', arg: this.unary() }; }
    if (this.isOp('+')) { this.k++; return this.unary(); }
    return this.power();
  }

  private power(): HypothesisNode {
    const base = this.primary();
    if (!this.isOp('^')) return base;
    this.k++;
    return { kind: 'bin', op: '^', left: base, right: this.unary() };
  }

  private primary(): HypothesisNode {
    const p = this.peek();
    if (p.t === 'num') { this.k++; return { kind: 'num', value: p.value }; }
    if (p.t === 'op' && p.text === '(') {
      this.k++;
      const inner = this.expr();
      if (!this.isOp(')')) throw new HypothesisError(`This parenthesis is never closed: add \`)\`.`, this.text, p.pos);
      this.k++;
      return inner;
    }
    if (p.t === 'name') {
      this.k++;
      if (this.isOp('(')) return this.call(p);
      this.names.push({ name: p.text, pos: p.pos });
      return { kind: 'par', name: p.text };
    }
    throw this.unexpected(p, 'a parameter name, a number or `(`');
  }

  private call(p: Extract<Token, { t: 'name' }>): HypothesisNode {
    const fn = MATH_FUNCTIONS.find((f) => f === p.text);
    if (!fn) throw new HypothesisError(`Unknown function \`${SHORT(p.text)}()\`: the functions available are ${MATH_FUNCTIONS.join(', ')}.`, this.text, p.pos);
    const open = this.peek();
    this.k++;
    const arg = this.expr();
    if (!this.isOp(')')) throw new HypothesisError(`This parenthesis is never closed: add \`)\`.`, this.text, open.pos);
    this.k++;
    return { kind: 'call', fn, arg };
  }
}

function findComparison(text: string, tokens: Token[]): number {
  const signs = tokens.map((t, k) => (t.t === 'op' && '<>='.includes(t.text) ? k : -1)).filter((k) => k >= 0);
  if (signs.length === 0) {
    throw new HypothesisError('A hypothesis compares two sides with <, > or =, e.g. `Days > 5` or `b_x - b_z = 0`.', text, text.length);
  }
  if (signs.length > 1) {
    const second = tokens[signs[1]];
    const paired = signs[1] === signs[0] + 1;
    throw new HypothesisError(paired
      ? 'Write one comparison sign: `<`, `>` or `=` (brms has no `<=`, `>=` or `==`; for draws of a continuous quantity they give the same probability).'
      : 'A hypothesis has exactly one comparison (<, > or =); write each comparison as its own hypothesis.', text, second.pos);
  }
  return signs[0];
}

/** The parameter each written name stands for, or an error listing every unknown name with its nearest match. */
function resolveNames(text: string, written: { name: string; pos: number }[], known: ReadonlySet<string>): Map<string, string> {
  const map = new Map<string, string>();
  const unknown: { name: string; pos: number }[] = [];
  for (const w of written) {
    if (map.has(w.name)) continue;
    if (known.has(w.name)) map.set(w.name, w.name);
    else if (known.has(`b_${w.name}`)) map.set(w.name, `b_${w.name}`);
    else if (!unknown.some((u) => u.name === w.name)) unknown.push(w);
  }
  if (unknown.length === 0) return map;
  const candidates = [...known];
  const short = candidates.filter((c) => c.startsWith('b_')).map((c) => c.slice(2));
  const parts = unknown.slice(0, 5).map((u) => {
    const near = closestName(u.name, [...candidates.filter((c) => !c.startsWith('r_') || u.name.startsWith('r_')), ...short]);
    return `\`${SHORT(u.name)}\`${near ? ` (did you mean \`${near}\`?)` : ''}`;
  });
  const more = unknown.length > 5 ? ` and ${unknown.length - 5} more` : '';
  const msg = `${unknown.length === 1 ? 'Unknown parameter' : 'Unknown parameters'} ${parts.join(', ')}${more}. Use a parameter name from the summary table (e.g. b_Days, sd_Subject__Days, r_Subject[308,Intercept], sigma) or a population-level name without b_.`;
  throw new HypothesisError(msg, text, unknown[0].pos);
}

function rename(node: HypothesisNode, map: Map<string, string>): HypothesisNode {
  switch (node.kind) {
    case 'num': return node;
    case 'par': return { kind: 'par', name: map.get(node.name) ?? node.name };
    case 'neg': return { kind: 'neg', arg: rename(node.arg, map) };
    case 'call': return { ...node, arg: rename(node.arg, map) };
    case 'bin': return { ...node, left: rename(node.left, map), right: rename(node.right, map) };
  }
}

/**
 * Parses `left sign right` against the model's parameter names. Throws HypothesisError (with a
 * caret) for syntax errors and unknown names.
 */
export function parseHypothesis(text: string, parameterNames: readonly string[]): ParsedHypothesis {
  if (text.trim() === '') throw new HypothesisError('Write a hypothesis such as `Days > 5` or `b_x - b_z = 0`.', text, 0);
  const tokens = tokenize(text);
  const at = findComparison(text, tokens);
  const sign = (tokens[at] as { text: HypothesisSign }).text;
  const end = tokens.length - 1;
  if (at === 0) throw new HypothesisError(`Nothing before \`${sign}\`: write the quantity to test on the left, e.g. \`Days ${sign} 5\`.`, text, tokens[at].pos);
  if (at === end - 1) throw new HypothesisError(`Nothing after \`${sign}\`: write the value to compare with, e.g. \`0\`.`, text, text.length);
  const leftP = new SideParser(text, tokens, 0, at);
  const left = leftP.parseAll();
  const rightP = new SideParser(text, tokens, at + 1, end);
  const right = rightP.parseAll();
  const map = resolveNames(text, [...leftP.names, ...rightP.names], new Set(parameterNames));
  const source = (from: number, to: number) => text.slice(tokens[from].pos, tokens[to - 1].end).replace(/[ \t\r\n]/g, '');
  const lText = source(0, at);
  const rText = source(at + 1, end);
  const zero = rText === '0';
  const expression = zero ? rename(left, map) : { kind: 'bin' as const, op: '-' as const, left: rename(left, map), right: rename(right, map) };
  return {
    expression, sign,
    label: `(${lText})${zero ? '' : `-(${rText})`} ${sign} 0`,
    parameters: [...new Set(map.values())],
  };
}
