// Pratt parser for R formula expressions, with R's operator precedence
// (R Language Definition, "Infix and prefix operators"): ^ > unary -+ > : > %in% > * / > + - >
// comparisons > | || > ~.
import type { BinaryOp, Expr } from './ast';
import { FormulaError } from './errors';
import { tokenize, type Token } from './tokenizer';

const BINARY_POWER: Record<string, [number, number]> = {
  // [left binding power, right binding power]; right > left means left-associative.
  '~': [1, 2],
  '|': [3, 4], '||': [3, 4],
  '==': [5, 6], '!=': [5, 6], '<': [5, 6], '>': [5, 6], '<=': [5, 6], '>=': [5, 6],
  '+': [7, 8], '-': [7, 8],
  '*': [9, 10], '/': [9, 10],
  '%in%': [11, 12],
  ':': [13, 14],
  '^': [18, 17], // right-associative, binds tighter than unary minus
};
const UNARY_POWER = 15;

class Parser {
  private i = 0;
  constructor(private readonly src: string, private readonly tokens: Token[]) {}

  private peek(): Token { return this.tokens[this.i]; }
  private next(): Token { return this.tokens[this.i++]; }
  private fail(message: string, pos: number): never { throw new FormulaError(message, this.src, pos); }

  parseAll(): Expr {
    if (this.peek().kind === 'eof') this.fail('The formula is empty: write it as response ~ predictors, e.g. y ~ x + (1 | g).', 0);
    const e = this.expr(0);
    const t = this.peek();
    if (t.kind !== 'eof') {
      if (t.kind === ')') this.fail("Unexpected ')': it has no matching '('.", t.start);
      this.fail(`Unexpected '${t.text}': expected an operator such as + between terms.`, t.start);
    }
    return e;
  }

  expr(minBp: number): Expr {
    let left = this.primary();
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op') break;
      const bp = BINARY_POWER[t.text];
      if (!bp || bp[0] < minBp) break;
      this.next();
      if (this.peek().kind === 'eof' || this.peek().kind === ')' || this.peek().kind === ',') {
        this.fail(`Expected a term after '${t.text}'.`, this.peek().start);
      }
      const right = this.expr(bp[1]);
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
      case '(': {
        if (this.peek().kind === ')') this.fail("Empty parentheses: expected a term inside '( )'.", this.peek().start);
        const inner = this.expr(0);
        const close = this.next();
        if (close.kind !== ')') {
          if (close.kind === 'eof') this.fail("Unclosed '(': expected ')' before the end of the formula.", t.start);
          this.fail(`Expected ')' to close the '(' opened earlier, found '${close.text}'.`, close.start);
        }
        return { type: 'paren', expr: inner, start: t.start, end: close.end };
      }
      case 'op':
        if (t.text === '-' || t.text === '+') {
          const arg = this.expr(UNARY_POWER);
          return { type: 'unary', op: t.text, arg, start: t.start, end: arg.end };
        }
        if (t.text === '~') this.fail("A formula has exactly one '~': remove this one.", t.start);
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

  private call(nameTok: Token): Expr {
    const open = this.next(); // '('
    const args: Expr[] = [];
    const argNames: (string | null)[] = [];
    if (this.peek().kind !== ')') {
      for (;;) {
        let argName: string | null = null;
        if (this.peek().kind === 'name' && this.tokens[this.i + 1].kind === '=') {
          argName = this.next().text;
          this.next();
        }
        if (this.peek().kind === ',' || this.peek().kind === ')') this.fail(`Expected an argument for ${nameTok.text}().`, this.peek().start);
        args.push(this.expr(0));
        argNames.push(argName);
        const sep = this.peek();
        if (sep.kind === ',') { this.next(); continue; }
        if (sep.kind === ')') break;
        if (sep.kind === 'eof') this.fail(`Unclosed '(' of ${nameTok.text}(: expected ')'.`, open.start);
        this.fail(`Expected ',' or ')' in the arguments of ${nameTok.text}(), found '${sep.text}'.`, sep.start);
      }
    }
    const close = this.next();
    return { type: 'call', fn: nameTok.text, args, argNames, start: nameTok.start, end: close.end };
  }
}

/** Parses a whole formula string into an expression tree (the top node is normally `~`). */
export function parseExpression(formula: string): Expr {
  return new Parser(formula, tokenize(formula)).parseAll();
}
