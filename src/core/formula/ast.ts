// Expression tree of an R formula. Positions are 0-based character offsets into the formula text.

export type Expr =
  | { type: 'num'; value: number; text: string; start: number; end: number }
  | { type: 'name'; name: string; start: number; end: number }
  | { type: 'call'; fn: string; args: Expr[]; argNames: (string | null)[]; start: number; end: number }
  | { type: 'binary'; op: BinaryOp; left: Expr; right: Expr; opPos: number; start: number; end: number }
  | { type: 'unary'; op: '-' | '+'; arg: Expr; start: number; end: number }
  | { type: 'paren'; expr: Expr; start: number; end: number };

export type BinaryOp =
  | '~' | '|' | '||' | '+' | '-' | '*' | '/' | '^' | ':' | '%in%'
  | '==' | '!=' | '<' | '>' | '<=' | '>=';

/** Every column name an expression refers to, with its position (function names excluded). */
export function namesIn(expr: Expr, out: { name: string; start: number }[] = []): { name: string; start: number }[] {
  switch (expr.type) {
    case 'name': out.push({ name: expr.name, start: expr.start }); break;
    case 'call': for (const a of expr.args) namesIn(a, out); break;
    case 'binary': namesIn(expr.left, out); namesIn(expr.right, out); break;
    case 'unary': namesIn(expr.arg, out); break;
    case 'paren': namesIn(expr.expr, out); break;
    default: break;
  }
  return out;
}
