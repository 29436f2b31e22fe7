// Expands the right-hand side of an R formula into terms, following R's terms.formula():
// a*b = a + b + a:b, a/b = a + a:b, (a+b)^2 = a + b + a:b, -x removes x, 0 / -1 drop the intercept;
// terms are ordered by interaction order, then by appearance; an interaction is labelled with its
// variables in order of first appearance. Group terms (x | g) are collected separately.
import type { Expr } from './ast';
import { deparse } from './deparse';
import { FormulaError } from './errors';
import { excerpt, formatInt } from './excerpt';
import type { ExpandedTerms, FormulaTerm, FormulaVariable } from './types';

/** Variable registry shared by all terms of one formula part. */
class Registry {
  readonly variables: FormulaVariable[] = [];
  private readonly byLabel = new Map<string, number>();
  add(expr: Expr, forcedFactor: boolean): number {
    const label = deparse(expr);
    const known = this.byLabel.get(label);
    if (known !== undefined) return known;
    this.variables.push({ label, expr, forcedFactor });
    this.byLabel.set(label, this.variables.length - 1);
    return this.variables.length - 1;
  }
}

type VarSet = number[]; // ascending variable indices; [] is the intercept

interface Expansion {
  terms: VarSet[];
  /** Set by 0, -1 or - 1. */
  noIntercept: boolean;
}

export interface RawGroupTerm { expr: Expr; lhs: Expr; rhs: Expr; correlated: boolean }

export interface RhsExpansion extends ExpandedTerms {
  offsets: Expr[];
  groups: RawGroupTerm[];
}

/** Most terms one formula part may expand to (R has no limit; each term is at least one column). */
export const MAX_TERMS = 1000;
/** Most pairs one interaction may combine before deduplication. */
const MAX_PAIRS = 250_000;

const key = (s: VarSet) => s.join(',');
const union = (a: VarSet, b: VarSet): VarSet => [...new Set([...a, ...b])].sort((x, y) => x - y);

function dedupe(list: VarSet[]): VarSet[] {
  const seen = new Set<string>();
  const out: VarSet[] = [];
  for (const s of list) {
    const k = key(s);
    if (!seen.has(k)) { seen.add(k); out.push(s); }
  }
  return out;
}

function interact(a: VarSet[], b: VarSet[], tooMany: () => never): VarSet[] {
  if (a.length * b.length > MAX_PAIRS) tooMany();
  const out: VarSet[] = [];
  for (const x of a) for (const y of b) out.push(union(x, y));
  return dedupe(out);
}

const isGroupTerm = (e: Expr) =>
  e.type === 'paren' && e.expr.type === 'binary' && (e.expr.op === '|' || e.expr.op === '||');

/**
 * Expands a formula part. `allowGroups` is true for the population part of the main formula
 * (group terms are lifted out); inside a group term's left side they are an error.
 */
export function expandRhs(rhs: Expr, formula: string, allowGroups: boolean): RhsExpansion {
  const reg = new Registry();
  const offsets: Expr[] = [];
  const groups: RawGroupTerm[] = [];
  const fail = (msg: string, pos: number): never => { throw new FormulaError(msg, formula, pos); };
  const shown = (e: Expr) => excerpt(deparse(e));
  const tooMany = (e: Expr) => (): never => fail(
    `'${shown(e)}' expands to more than ${formatInt(MAX_TERMS)} terms, the limit; use fewer interactions, e.g. (a + b + c)^2 for the two-way ones only.`,
    e.type === 'binary' ? e.opPos : e.start,
  );
  /** The expansion of e, refused when it has more than MAX_TERMS terms. */
  const bounded = (e: Expr, x: Expansion): Expansion => (x.terms.length > MAX_TERMS ? tooMany(e)() : x);

  // `additive` is true while we are in a chain of + / - at the top of the part, where group
  // terms and offsets may appear.
  const expand = (e: Expr, additive: boolean): Expansion => {
    switch (e.type) {
      case 'num':
        if (e.value === 1) return { terms: [[]], noIntercept: false };
        if (e.value === 0) return { terms: [], noIntercept: true };
        return fail(`The number ${excerpt(e.text)} can't be a term: only 1 (intercept) and 0 (no intercept) can; write I(...) for arithmetic.`, e.start);
      case 'name':
        return { terms: [[reg.add(e, false)]], noIntercept: false };
      case 'call': {
        if (e.fn === 'offset') {
          if (!additive) fail('offset() must be added to the formula on its own, not inside an interaction.', e.start);
          if (e.args.length !== 1) fail('offset() takes exactly one argument, e.g. offset(log(exposure)).', e.start);
          offsets.push(e.args[0]);
          return { terms: [], noIntercept: false };
        }
        if (e.fn === 'factor' || e.fn === 'as.factor') {
          if (e.args.length !== 1) fail(`${e.fn}() takes exactly one argument, e.g. factor(period).`, e.start);
          return { terms: [[reg.add(e, true)]], noIntercept: false };
        }
        if (e.fn === 'trials' || e.fn === 'cbind') {
          fail(`${e.fn}() belongs on the left of '~' (the response), e.g. y | trials(n) ~ x.`, e.start);
        }
        return { terms: [[reg.add(e, false)]], noIntercept: false };
      }
      case 'paren':
        if (isGroupTerm(e)) {
          const bar = e.expr as Extract<Expr, { type: 'binary' }>;
          if (bar.left.type === 'binary' && (bar.left.op === '|' || bar.left.op === '||')) {
            fail("(coefs | ID | group) terms of brms (group-level effects correlated across terms) are not supported yet; write (coefs | group).", bar.left.opPos);
          }
          if (!allowGroups) fail('Group-level terms cannot be nested inside another group-level term.', e.start);
          if (!additive) fail('A group-level term (... | g) must be added to the formula on its own, not inside an interaction.', e.start);
          const inner = e.expr as Extract<Expr, { type: 'binary' }>;
          groups.push({ expr: e, lhs: inner.left, rhs: inner.right, correlated: inner.op === '|' });
          return { terms: [], noIntercept: false };
        }
        return expand(e.expr, additive);
      case 'unary': {
        const inner = expand(e.arg, additive);
        if (e.op === '+') return inner;
        return removeFrom({ terms: [], noIntercept: false }, inner);
      }
      case 'binary':
        switch (e.op) {
          case '+': {
            const a = expand(e.left, additive);
            const b = expand(e.right, additive);
            // `+ 1` after `0` turns the intercept back on.
            const bAddsIntercept = b.terms.some((t) => t.length === 0);
            return bounded(e, { terms: dedupe([...a.terms, ...b.terms]), noIntercept: (a.noIntercept && !bAddsIntercept) || b.noIntercept });
          }
          case '-':
            return removeFrom(expand(e.left, additive), expand(e.right, additive));
          case ':':
          case '%in%': {
            const a = expand(e.left, false);
            const b = expand(e.right, false);
            return bounded(e, { terms: interact(a.terms, b.terms, tooMany(e)), noIntercept: false });
          }
          case '*': {
            const a = expand(e.left, false);
            const b = expand(e.right, false);
            return bounded(e, { terms: dedupe([...a.terms, ...b.terms, ...interact(a.terms, b.terms, tooMany(e))]), noIntercept: false });
          }
          case '/': {
            const a = expand(e.left, false);
            const b = expand(e.right, false);
            const all = a.terms.reduce<VarSet>((acc, t) => union(acc, t), []);
            return bounded(e, { terms: dedupe([...a.terms, ...interact([all], b.terms, tooMany(e))]), noIntercept: false });
          }
          case '^': {
            if (e.right.type !== 'num' || !Number.isInteger(e.right.value) || e.right.value < 1) {
              fail("In a formula, '^' needs a whole number of interaction levels, e.g. (a + b + c)^2; write I(x^2) to square a variable.", e.right.start);
            }
            const base = expand(e.left, false);
            if (e.left.type !== 'paren') {
              fail(`'${shown(e)}' in a formula means interactions of ${shown(e.left)} with itself, which is just ${shown(e.left)}; to square it write I(${shown(e)}).`, e.opPos);
            }
            // (a + b + c)^k adds nothing once k reaches the number of terms (all of them interact).
            const power = Math.min((e.right as { value: number }).value, base.terms.length);
            let acc = base.terms;
            for (let k = 2; k <= power; k++) {
              const next = bounded(e, { terms: dedupe([...acc, ...interact(acc, base.terms, tooMany(e))]), noIntercept: false }).terms;
              if (next.length === acc.length) break; // no new interactions: higher powers add none either
              acc = next;
            }
            return { terms: acc, noIntercept: false };
          }
          case '|':
          case '||':
            return fail(`A group-level term needs parentheses: write (${shown(e)}).`, e.start);
          case '~':
            return fail("A formula has exactly one '~': remove this one.", e.opPos);
          default:
            return fail(`'${e.op}' compares values; it can't be a term by itself. Wrap it in I(...), e.g. I(${shown(e)}).`, e.opPos);
        }
    }
  };

  const removeFrom = (a: Expansion, b: Expansion): Expansion => {
    const drop = new Set(b.terms.map(key));
    const removesIntercept = b.terms.some((t) => t.length === 0);
    return { terms: a.terms.filter((t) => !drop.has(key(t))), noIntercept: a.noIntercept || removesIntercept };
  };

  const result = expand(rhs, true);
  const intercept = !result.noIntercept;
  const terms = result.terms.filter((t) => t.length > 0);
  // R orders terms by the number of variables they involve, keeping appearance order otherwise.
  const ordered = terms.map((t, i) => ({ t, i })).sort((x, y) => x.t.length - y.t.length || x.i - y.i).map((x) => x.t);
  const formulaTerms: FormulaTerm[] = ordered.map((vars) => ({
    vars,
    label: vars.map((v) => reg.variables[v].label).join(':'),
  }));
  return { intercept, variables: reg.variables, terms: formulaTerms, offsets, groups };
}
