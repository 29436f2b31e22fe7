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

/**
 * Every column name an expression refers to, with its position (function names excluded), in
 * order of appearance. Walks the tree with an explicit stack (no recursion).
 */
export function namesIn(expr: Expr, out: { name: string; start: number }[] = []): { name: string; start: number }[] {
  const stack: Expr[] = [expr];
  while (stack.length) {
    const e = stack.pop()!;
    switch (e.type) {
      case 'name': out.push({ name: e.name, start: e.start }); break;
      case 'call': for (let k = e.args.length - 1; k >= 0; k--) stack.push(e.args[k]); break;
      case 'binary': stack.push(e.right, e.left); break;
      case 'unary': stack.push(e.arg); break;
      case 'paren': stack.push(e.expr); break;
      default: break;
    }
  }
  return out;
}
