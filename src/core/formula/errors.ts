// Errors for bad user input. Every message says what is wrong, where, and how to fix it, in
// under 500 characters, quoting at most a short excerpt of the input (excerpt.ts).
import { codePointOffset, excerpt } from './excerpt';

/**
 * Base class of every error the user caused and can fix (bad formula, data, priors, options).
 * Anything else that escapes the core is a bug; the fuzz tier (tests/fuzz) fails on it.
 */
export class UserInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserInputError';
  }
}

/** A problem with the model specification or the data (unknown column, bad response, ...). */
export class ModelError extends UserInputError {
  constructor(message: string) {
    super(message);
    this.name = 'ModelError';
  }
}

/** Code points of the formula shown on each side of the caret. */
const CARET_CONTEXT = 30;

/**
 * Draws the formula with a caret line under `position` (0-based UTF-16 offset). The caret counts
 * code points, so it sits under an emoji, not one column further. A long formula is cut to a
 * window around the spot.
 */
export function caretLine(formula: string, position: number): string {
  const at = Math.max(0, Math.min(position, formula.length));
  const chars = Array.from(formula);
  const cp = codePointOffset(formula, at);
  if (chars.length <= 2 * CARET_CONTEXT + 20) return `${formula}\n${' '.repeat(cp)}^`;
  const from = Math.max(0, cp - CARET_CONTEXT);
  const to = Math.min(chars.length, cp + CARET_CONTEXT);
  const head = from > 0 ? '...' : '';
  const shown = head + chars.slice(from, to).join('') + (to < chars.length ? '...' : '');
  return `${shown}\n${' '.repeat(head.length + cp - from)}^`;
}

/**
 * A syntax or naming problem at a spot in the formula. `position` is the 0-based UTF-16 offset
 * (for selecting text in an input); `caret` is the formula (or a window of it) with a caret
 * under the spot, ready to print in a monospace font. `formula` is an excerpt of the formula.
 */
export class FormulaError extends ModelError {
  readonly position: number;
  readonly caret: string;
  readonly formula: string;
  constructor(message: string, formula: string, position: number) {
    super(message);
    this.name = 'FormulaError';
    this.formula = excerpt(formula, 200);
    this.position = Math.max(0, Math.min(position, formula.length));
    this.caret = caretLine(formula, this.position);
  }
}
