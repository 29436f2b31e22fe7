// Pratt parser for R formula expressions, with R's operator precedence
// (R Language Definition, "Infix and prefix operators"): ^ > unary -+ > : > %in% > * / > + - >
// comparisons > | || > ~.
// Limits keep every later recursive walk of the tree (deparse, term expansion, evaluation) far
// from the stack limit: chains of + are parsed in a loop but make a tree as deep as they are
// long, so the number of operands is capped; parentheses, calls, signs and ^ recurse, so their
// nesting is capped (R's own parser stops at 50 nested contexts: "contextstack overflow").
import type { BinaryOp, Expr } from './ast';
import { FormulaError } from './errors';
import { formatInt } from './excerpt';
import { tokenize, tokenText, type Token } from './tokenizer';

const BINARY_POWER = new Map<string, [number, number]>([
  // [left binding power, right binding power]; right > left means left-associative.
  ['~', [1, 2]],
  ['|', [3, 4]], ['||', [3, 4]],
  ['==', [5, 6]], ['!=', [5, 6]], ['<', [5, 6]], ['>', [5, 6]], ['<=', [5, 6]], ['>=', [5, 6]],
  ['+', [7, 8]], ['-', [7, 8]],
  ['*', [9, 10]], ['/', [9, 10]],
  ['%in%', [11, 12]],
  [':', [13, 14]],
  ['^', [18, 17]], // right-associative, binds tighter than unary minus
]);
const UNARY_POWER = 15;

/** Deepest nesting of parentheses, function calls, signs and ^ chains. */
export const MAX_NESTING = 100;
/** Most names and numbers in one formula. */
export const MAX_OPERANDS = 1000;

const NO_RESPONSE = "The formula has no response before '~': write it as response ~ predictors, e.g. y ~ x + (1 | g).";

class Parser {
  private i = 0;
  private nesting = 0;
  constructor(private readonly src: string, private readonly tokens: Token[]) {}

  private peek(): Token { return this.tokens[this.i]; }
  private next(): Token { return this.tokens[this.i++]; }
  private fail(message: string, pos: number): never { throw new FormulaError(message, this.src, pos); }

  /** Enters one level of nesting at token t; call leave() after. */
  private enter(t: Token): void {
    if (++this.nesting > MAX_NESTING) {
      this.fail(`The formula is nested more than ${MAX_NESTING} levels deep (parentheses, function calls, signs or ^); simplify it.`, t.start);
    }
  }
  private leave(): void { this.nesting--; }

  parseAll(): Expr {
    if (this.peek().kind === 'eof') this.fail('The formula is empty: write it as response ~ predictors, e.g. y ~ x + (1 | g).', 0);
    // Function names (a name before '(') are not operands.
    const operands = this.tokens.filter((t, k) => t.kind === 'num' || (t.kind === 'name' && this.tokens[k + 1].kind !== '(')).length;
    if (operands > MAX_OPERANDS) {
      this.fail(`The formula has more than ${formatInt(MAX_OPERANDS)} variables and numbers (${formatInt(operands)}); fit fewer predictors.`, 0);
    }
    const e = this.expr(0);
    const t = this.peek();
    if (t.kind !== 'eof') {
      if (t.kind === ')') this.fail("Unexpected ')': it has no matching '('.", t.start);
      this.fail(`Unexpected '${tokenText(t)}': expected an operator such as + between terms.`, t.start);
    }
    return e;
  }

  expr(minBp: number): Expr {
    let left = this.primary();
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op') break;
      const bp = BINARY_POWER.get(t.text);
      if (!bp || bp[0] < minBp) break;
      this.next();
      if (this.peek().kind === 'eof' || this.peek().kind === ')' || this.peek().kind === ',') {
        this.fail(`Expected a term after '${t.text}'.`, this.peek().start);
      }
      // Right-associative ^ recurses once per operator: count it as nesting.
      const nests = t.text === '^';
      if (nests) this.enter(t);
      const right = this.expr(bp[1]);
      if (nests) this.leave();
      left = { type: 'binary', op: t.text as BinaryOp, left, right, opPos: t.start, start: left.start, end: right.end };
    }
    return left;
  }

  private primary(): Expr {
    const t = this.next();
    switch (t.kind) {
      case 'num':
        return { type: 'num', value: t.value!, text: t.text, start: t.start, end: t.end };
      case 'name': {
        if (this.peek().kind === '(') return this.call(t);
        return { type: 'name', name: t.text, start: t.start, end: t.end };
      }
      case '(': return this.paren(t);
      case 'op':
        if (t.text === '-' || t.text === '+') {
          this.enter(t);
          const arg = this.expr(UNARY_POWER);
          this.leave();
          return { type: 'unary', op: t.text, arg, start: t.start, end: arg.end };
        }
        if (t.text === '~') this.fail(this.i === 1 ? NO_RESPONSE : "A formula has exactly one '~': remove this one.", t.start);
        return this.fail(`Expected a variable, number or '(' before '${t.text}'.`, t.start);
      case ')':
        return this.fail("Unexpected ')': expected a variable, number or '(' here.", t.start);
      case ',':
        return this.fail("Unexpected ',': commas only separate the arguments of a function such as log(x, 2).", t.start);
      case '=':
        return this.fail("Unexpected '=': named arguments only go inside a function call, e.g. scale(x, center = TRUE).", t.start);
      default:
        return this.fail('The formula ends too early: expected a variable, number or \'(\'.', t.start);
    }
  }

  private paren(open: Token): Expr {
    if (this.peek().kind === ')') this.fail("Empty parentheses: expected a term inside '( )'.", this.peek().start);
    this.enter(open);
    const inner = this.expr(0);
    this.leave();
    const close = this.next();
    if (close.kind !== ')') {
      if (close.kind === 'eof') this.fail("Unclosed '(': expected ')' before the end of the formula.", open.start);
      this.fail(`Expected ')' to close the '(' opened earlier, found '${tokenText(close)}'.`, close.start);
    }
    return { type: 'paren', expr: inner, start: open.start, end: close.end };
  }

  private call(nameTok: Token): Expr {
    const open = this.next(); // '('
    const fn = tokenText(nameTok);
    const args: Expr[] = [];
    const argNames: (string | null)[] = [];
    this.enter(open);
    if (this.peek().kind !== ')') {
      for (;;) {
        let argName: string | null = null;
        if (this.peek().kind === 'name' && this.tokens[this.i + 1].kind === '=') {
          argName = this.next().text;
          this.next();
        }
        if (this.peek().kind === ',' || this.peek().kind === ')') this.fail(`Expected an argument for ${fn}().`, this.peek().start);
        args.push(this.expr(0));
        argNames.push(argName);
        const sep = this.peek();
        if (sep.kind === ',') { this.next(); continue; }
        if (sep.kind === ')') break;
        if (sep.kind === 'eof') this.fail(`Unclosed '(' of ${fn}(: expected ')'.`, open.start);
        this.fail(`Expected ',' or ')' in the arguments of ${fn}(), found '${tokenText(sep)}'.`, sep.start);
      }
    }
    this.leave();
    const close = this.next();
    return { type: 'call', fn: nameTok.text, args, argNames, start: nameTok.start, end: close.end };
  }
}

/** Parses a whole formula string into an expression tree (the top node is normally `~`). */
export function parseExpression(formula: string): Expr {
  return new Parser(formula, tokenize(formula)).parseAll();
}
