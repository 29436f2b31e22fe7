// Errors for bad model input. Every message says what is wrong, where, and how to fix it.

/** A problem with the model specification or the data (unknown column, bad response, ...). */
export class ModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelError';
  }
}

/** Draws the formula with a caret line under `position` (0-based character offset). */
export function caretLine(formula: string, position: number): string {
  const at = Math.max(0, Math.min(position, formula.length));
  return `${formula}\n${' '.repeat(at)}^`;
}

/**
 * A syntax or naming problem at a spot in the formula. `caret` is the formula with a caret under
 * the spot, ready to print in a monospace font.
 */
export class FormulaError extends ModelError {
  readonly position: number;
  readonly caret: string;
  readonly formula: string;
  constructor(message: string, formula: string, position: number) {
    super(message);
    this.name = 'FormulaError';
    this.formula = formula;
    this.position = Math.max(0, Math.min(position, formula.length));
    this.caret = caretLine(formula, this.position);
  }
}
