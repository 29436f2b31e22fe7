// Column typing: which cells are missing, is the column numeric (integer or not), binary
// (exactly two values) or categorical (labels)? Mirrors what an R user expects from read.csv:
// NA, NaN, '.' and empty cells are missing; a column of numbers is numeric; anything else is a
// factor. One difference on purpose: a few stray non-numeric cells in a numeric column (a typo,
// 'n/a', '?') do not turn it into a factor; they are counted as missing and reported.
import type { ColumnType, DataColumn } from '../types';
import { parseNumber, PLAIN, type NumberFormat } from './numberFormat';
import { RawCellsBuilder } from './rawCells';

/** Cell texts (after trimming) that mean "missing". */
export const MISSING_TOKENS: readonly string[] = ['', 'NA', 'NaN', '.'];

/**
 * A column is numeric when at least this share of its non-missing cells are numbers; the rest are
 * then treated as missing (and reported). Below it, the column is categorical.
 */
export const NUMERIC_SHARE = 0.9;

export function isMissingCell(text: string): boolean {
  return text === '' || text === 'NA' || text === 'NaN' || text === '.';
}

/**
 * The number a (trimmed) cell holds, or NaN when it is not a number in `format` (the file's
 * decimal mark and thousands separator, numberFormat.ts; plain decimal numbers by default).
 */
export function parseNumericCell(text: string, format: NumberFormat = PLAIN): number {
  return parseNumber(text, format);
}

export interface NonNumericCells {
  /** Total count. */
  count: number;
  /** The first few, for messages: 0-based row and cell text. */
  examples: { row: number; text: string }[];
}

export interface TypedColumn {
  column: DataColumn;
  /**
   * Non-missing cells that are not numbers. In a numeric column they are now counted as missing;
   * in a categorical column they are ordinary labels.
   */
  nonNumeric: NonNumericCells;
  /** Non-missing cells that are numbers (for the "mostly numeric but read as labels" hint). */
  numericCells: number;
}

const MAX_EXAMPLES = 5;

/**
 * Types one column from its cell texts (as read; trimmed here). `raw` keeps the trimmed text of
 * every cell, including the non-numeric cells of a numeric column, packed (rawCells.ts).
 */
export function typeColumn(name: string, cells: readonly string[], options: { format?: NumberFormat } = {}): TypedColumn {
  const n = cells.length;
  const format = options.format ?? PLAIN;
  const raw = new RawCellsBuilder();
  // First distinct labels (up to 3) among the non-missing cells: 'binary' when a label column has two.
  const labels = new Set<string>();
  const missing = new Uint8Array(n);
  const values = new Float64Array(n);
  let nMissingTokens = 0;
  let nNumeric = 0;
  const nonNumeric: NonNumericCells = { count: 0, examples: [] };
  for (let i = 0; i < n; i++) {
    const text = cells[i].trim();
    raw.push(text);
    if (isMissingCell(text)) {
      missing[i] = 1;
      values[i] = NaN;
      nMissingTokens++;
      continue;
    }
    if (labels.size < 3) labels.add(text);
    const v = parseNumber(text, format);
    values[i] = v;
    if (v === v) {
      nNumeric++;
    } else {
      nonNumeric.count++;
      if (nonNumeric.examples.length < MAX_EXAMPLES) nonNumeric.examples.push({ row: i, text });
    }
  }
  const nPresent = n - nMissingTokens;
  const isNumeric = nPresent > 0 && nNumeric >= NUMERIC_SHARE * nPresent;

  if (isNumeric) {
    let allInteger = true;
    const distinct = new Set<number>();
    for (let i = 0; i < n; i++) {
      if (missing[i]) continue;
      const v = values[i];
      if (v !== v) {
        missing[i] = 1;
        continue;
      }
      if (allInteger && !Number.isInteger(v)) allInteger = false;
      if (distinct.size < 3) distinct.add(v);
    }
    const type: ColumnType = distinct.size === 2 ? 'binary' : allInteger ? 'integer' : 'numeric';
    return {
      column: { name, raw: raw.finish(), missing, numeric: values, type, asFactor: false, nMissing: nMissingTokens + nonNumeric.count },
      nonNumeric,
      numericCells: nNumeric,
    };
  }

  const type: ColumnType = labels.size === 2 ? 'binary' : 'categorical';
  return {
    column: { name, raw: raw.finish(), missing, numeric: null, type, asFactor: true, nMissing: nMissingTokens },
    nonNumeric,
    numericCells: nNumeric,
  };
}

/** A copy of the column with the user's factor choice; labels (numeric === null) are always factors. */
export function withFactorRole(column: DataColumn, asFactor: boolean): DataColumn {
  if (column.numeric === null) return column.asFactor ? column : { ...column, asFactor: true };
  return column.asFactor === asFactor ? column : { ...column, asFactor };
}
