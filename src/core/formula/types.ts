// The parsed formula: what the design module needs to build the model frame and matrices.
import type { Expr } from './ast';

/** A variable of a formula part, identified (as in R) by its deparsed expression. */
export interface FormulaVariable {
  /** Deparsed expression as R names it: 'Days', 'log(x)', 'I(age^2)', 'factor(period)'. */
  label: string;
  expr: Expr;
  /** True for factor(x) / as.factor(x): always coded as a factor. */
  forcedFactor: boolean;
}

/** One term of a formula part: an interaction of variables (a main effect has one). */
export interface FormulaTerm {
  /** R's term label: variables in order of first appearance joined by ':'. */
  label: string;
  /** Indices into the part's `variables`, ascending. */
  vars: number[];
}

/** The right-hand side of a formula part after expanding *, :, /, ^, - and 0/1. */
export interface ExpandedTerms {
  intercept: boolean;
  variables: FormulaVariable[];
  /** Terms in R's order: by interaction order, then by appearance. */
  terms: FormulaTerm[];
}

export type ResponsePart =
  | { kind: 'simple'; expr: Expr; label: string }
  | { kind: 'trials'; expr: Expr; label: string; trials: Expr; trialsLabel: string }
  | { kind: 'cbind'; expr: Expr; label: string; failures: Expr; failuresLabel: string };

/** A group-level term after splitting a/b into a and a:b. */
export interface GroupTermSpec extends ExpandedTerms {
  /** Grouping factor as brms names it: 'Subject', 'district_id:class_id'. */
  group: string;
  /** Data columns combined into the grouping factor (one for 'g', two for 'g1:g2'). */
  groupVars: string[];
  /** `|` correlated, `||` uncorrelated. */
  correlated: boolean;
  /** The term as written after expansion, e.g. '(1 + Days | Subject)'. */
  text: string;
  /** Where the term starts in the formula. */
  start: number;
}

export interface ParsedFormula {
  /** The formula as the user wrote it. */
  text: string;
  response: ResponsePart;
  /** Population-level part. */
  population: ExpandedTerms;
  /** Offsets (offset(x) terms); summed. */
  offsets: Expr[];
  /**
   * Group-level terms in brms's order: sorted by grouping factor name (stable), as brms sorts them
   * before numbering them 1, 2, ... (r_1, sd_1 belong to groups[0]).
   */
  groups: GroupTermSpec[];
  /** Every name the formula refers to as data, with its position (for 'unknown column' errors). */
  columnRefs: { name: string; start: number }[];
}
