// parseFormula: formula text -> ParsedFormula (response, population terms, group terms).
// Syntax as lme4/brms: y ~ x + (1 + x | g), y | trials(n) ~ ..., cbind(s, f) ~ ...,
// (x || g) uncorrelated, (1 | g1:g2) interaction grouping, (1 | a/b) = (1 | a) + (1 | a:b).
import { namesIn, type Expr } from './ast';
import { deparse } from './deparse';
import { FormulaError } from './errors';
import { excerpt } from './excerpt';
import { isKnownFunction, supportedFunctionsText } from './functions';
import { parseExpression } from './parser';
import { expandRhs, type RawGroupTerm } from './terms';
import type { GroupTermSpec, ParsedFormula, ResponsePart } from './types';
import { compareR } from '../design/collate';

/** Names R evaluates as constants when no column has that name. */
export const R_CONSTANTS = new Set(['pi', 'TRUE', 'FALSE', 'T', 'F']);

export function parseFormula(text: string): ParsedFormula {
  if (!text.includes('~')) {
    throw new FormulaError("A formula needs '~' between the response and the predictors, e.g. y ~ x + (1 | g).", text, text.length);
  }
  const tree = parseExpression(text);
  if (tree.type !== 'binary' || tree.op !== '~') {
    const tilde = text.indexOf('~');
    if (tilde < 0) {
      throw new FormulaError("A formula needs '~' between the response and the predictors, e.g. y ~ x + (1 | g).", text, text.length);
    }
    throw new FormulaError("Expected the response before '~', e.g. y ~ x.", text, tilde);
  }
  if (tree.left.type === 'binary' && tree.left.op === '~') {
    throw new FormulaError("A formula has exactly one '~': remove this one.", text, tree.left.opPos);
  }
  const response = parseResponse(tree.left, text);
  checkNames(tree, text);
  const rhs = expandRhs(tree.right, text, true);
  const inFormulaOrder: GroupTermSpec[] = [];
  for (const g of rhs.groups) inFormulaOrder.push(...expandGroupTerm(g, text));
  // brms numbers group terms after sorting them by grouping factor name (brmsterms.R terms_re:
  // out[order(out$group), ], a stable sort in the locale's collation), so r_1/sd_1 belong to the
  // alphabetically first grouping factor, not to the first term written.
  const groups = inFormulaOrder.map((g, i) => ({ g, i }))
    .sort((a, b) => compareR(a.g.group, b.g.group) || a.i - b.i).map((x) => x.g);

  const columnRefs = namesIn(tree.left);
  namesIn(tree.right, columnRefs);
  // Grouping names are column references too (collected by namesIn through the group terms).
  return {
    text,
    response,
    population: { intercept: rhs.intercept, variables: rhs.variables, terms: rhs.terms },
    offsets: rhs.offsets,
    groups,
    columnRefs,
  };
}

/**
 * Refuses, with a caret, calls of unknown functions (before any lookup by that name) and R's
 * '.' (all other columns), which brms expands from the data.
 */
function checkNames(tree: Expr, text: string): void {
  const stack: Expr[] = [tree];
  while (stack.length) {
    const e = stack.pop()!;
    switch (e.type) {
      case 'call':
        if (!isKnownFunction(e.fn)) {
          throw new FormulaError(`Unknown function '${excerpt(e.fn)}()': ${supportedFunctionsText()}.`, text, e.start);
        }
        stack.push(...e.args);
        break;
      case 'name':
        if (e.name === '.') {
          throw new FormulaError("'.' (all other columns) is not supported: list the columns, e.g. y ~ x + z + (1 | g).", text, e.start);
        }
        break;
      case 'binary': stack.push(e.left, e.right); break;
      case 'unary': stack.push(e.arg); break;
      case 'paren': stack.push(e.expr); break;
      default: break;
    }
  }
}

function parseResponse(lhs: Expr, text: string): ResponsePart {
  const fail = (msg: string, pos: number): never => { throw new FormulaError(msg, text, pos); };
  if (lhs.type === 'binary' && (lhs.op === '|' || lhs.op === '||')) {
    const add = lhs.right;
    if (add.type !== 'call') fail('After the response, | expects an addition term such as trials(n).', add.start);
    const call = add as Extract<Expr, { type: 'call' }>;
    if (call.fn !== 'trials') {
      fail(`The addition term ${excerpt(call.fn)}() is not supported; only trials(n) is (binomial models).`, call.start);
    }
    if (call.args.length !== 1) fail('trials() takes one argument: the column (or number) of trials, e.g. trials(size).', call.start);
    checkResponseExpr(lhs.left, text);
    return { kind: 'trials', expr: lhs.left, label: deparse(lhs.left), trials: call.args[0], trialsLabel: deparse(call.args[0]) };
  }
  if (lhs.type === 'call' && lhs.fn === 'cbind') {
    if (lhs.args.length !== 2) {
      fail('cbind() for a binomial response takes two arguments: successes and failures, e.g. cbind(incidence, size - incidence).', lhs.start);
    }
    return {
      kind: 'cbind', expr: lhs.args[0], label: deparse(lhs.args[0]),
      failures: lhs.args[1], failuresLabel: deparse(lhs.args[1]),
    };
  }
  checkResponseExpr(lhs, text);
  return { kind: 'simple', expr: lhs, label: deparse(lhs) };
}

function checkResponseExpr(e: Expr, text: string): void {
  if (e.type === 'binary' && ['+', '*', ':'].includes(e.op) && e.left.type !== 'num' && e.right.type !== 'num') {
    throw new FormulaError('Only one response is allowed before \'~\'; for arithmetic on the response wrap it in I(...).', text, e.opPos);
  }
  if (e.type === 'paren' && e.expr.type === 'binary' && (e.expr.op === '|' || e.expr.op === '||')) {
    throw new FormulaError('A group-level term cannot be the response; put it after \'~\'.', text, e.start);
  }
}

/** Reads the grouping side of a group term: g, g1:g2, or a/b (nested: a and a:b). */
function groupingFactors(e: Expr, text: string): string[][] {
  const fail = (msg: string, pos: number): never => { throw new FormulaError(msg, text, pos); };
  const names = (x: Expr): string[] => {
    if (x.type === 'name') return [x.name];
    if (x.type === 'paren') return names(x.expr);
    if (x.type === 'binary' && x.op === ':') return [...names(x.left), ...names(x.right)];
    if (x.type === 'binary' && (x.op === '|' || x.op === '||')) {
      return fail('(coefs | ID | group) terms of brms (group-level effects correlated across terms) are not supported yet; write (coefs | group).', x.opPos);
    }
    return fail(`Expected a grouping variable after '|' (a column name, g1:g2 or a/b), found '${excerpt(deparse(x))}'.`, x.start);
  };
  if (e.type === 'binary' && e.op === '/') {
    const outer = groupingFactors(e.left, text);
    const last = outer[outer.length - 1];
    return [...outer, [...last, ...names(e.right)]];
  }
  return [names(e)];
}

function expandGroupTerm(g: RawGroupTerm, text: string): GroupTermSpec[] {
  const lhs = expandRhs(g.lhs, text, false);
  if (!lhs.intercept && lhs.terms.length === 0) {
    throw new FormulaError('This group-level term has no coefficients: use (1 | g) for a varying intercept.', text, g.expr.start);
  }
  if (lhs.offsets.length) throw new FormulaError('offset() is not allowed inside a group-level term.', text, g.lhs.start);
  const bar = g.correlated ? '|' : '||';
  return groupingFactors(g.rhs, text).map((vars) => {
    const group = vars.join(':');
    return {
      intercept: lhs.intercept, variables: lhs.variables, terms: lhs.terms,
      group, groupVars: vars, correlated: g.correlated,
      text: `(${deparse(g.lhs)} ${bar} ${group})`,
      start: g.expr.start,
    };
  });
}
