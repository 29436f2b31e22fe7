export { parseFormula, R_CONSTANTS } from './parseFormula';
export { FormulaError, ModelError, UserInputError, caretLine } from './errors';
export { excerpt, listExcerpt, formatInt } from './excerpt';
export { deparse, formatNumberR } from './deparse';
export type { Expr, BinaryOp } from './ast';
export type { ParsedFormula, ExpandedTerms, FormulaTerm, FormulaVariable, GroupTermSpec, ResponsePart } from './types';
