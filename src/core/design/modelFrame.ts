// The model frame: which data rows enter the model. As brms and lme4 (na.omit), a row with a
// missing value in any column the formula uses is dropped.
import type { DataTable } from '../types';
import { FormulaError, ModelError } from '../formula/errors';
import { R_CONSTANTS } from '../formula/parseFormula';
import type { ParsedFormula } from '../formula/types';
import { isMissingCell } from '../io/tableTyping';
import { listNames, shortName } from '../io/csvMessages';
import { closestName } from './suggest';
import { rawCellAt } from '../io/rawCells';

/**
 * Why a cell made its row drop out: 'missing' (empty, NA, NaN or '.'), or 'non-numeric' (a text
 * cell in a numeric column, which the import reads as missing and warns about).
 */
export type DropReason = 'missing' | 'non-numeric';

/** Rows with a missing cell in one model column for one reason (a row can count in several). */
export interface DroppedCells {
  column: string;
  reason: DropReason;
  rows: number;
}

export interface ModelFrame {
  /** 0-based data rows kept. */
  rows: Int32Array;
  nDropped: number;
  /** Per model column and reason, in column order ('non-numeric' first); only non-zero counts. */
  dropped: DroppedCells[];
  /** Data columns the formula uses, in order of first use. */
  usedColumns: string[];
  messages: string[];
}

/** Checks every referenced name against the data (suggesting the closest) and drops incomplete rows. */
export function buildModelFrame(formula: ParsedFormula, data: DataTable): ModelFrame {
  const names = data.columns.map((c) => c.name);
  const byName = new Map(data.columns.map((c) => [c.name, c]));
  const used: string[] = [];
  for (const ref of formula.columnRefs) {
    if (byName.has(ref.name)) {
      if (!used.includes(ref.name)) used.push(ref.name);
      continue;
    }
    if (R_CONSTANTS.has(ref.name)) continue;
    const near = closestName(ref.name, names);
    const hint = near ? ` Did you mean '${shortName(near)}'?` : ` The data has: ${listNames(names, 10, 'more columns')}.`;
    throw new FormulaError(`Unknown column '${shortName(ref.name)}' in the formula.${hint}`, formula.text, ref.start);
  }
  const keep: number[] = [];
  const counts = used.map(() => ({ missing: 0, nonNumeric: 0 }));
  const cols = used.map((name) => byName.get(name)!);
  for (let r = 0; r < data.nRows; r++) {
    let ok = true;
    for (let k = 0; k < cols.length; k++) {
      if (!cols[k].missing[r]) continue;
      ok = false;
      if (cols[k].numeric !== null && !isMissingCell(rawCellAt(cols[k].raw, r))) counts[k].nonNumeric++;
      else counts[k].missing++;
    }
    if (ok) keep.push(r);
  }
  const dropped: DroppedCells[] = used.flatMap((column, k) => [
    ...(counts[k].nonNumeric > 0 ? [{ column, reason: 'non-numeric' as const, rows: counts[k].nonNumeric }] : []),
    ...(counts[k].missing > 0 ? [{ column, reason: 'missing' as const, rows: counts[k].missing }] : []),
  ]);
  const nDropped = data.nRows - keep.length;
  const messages: string[] = [];
  const detail = dropDetail(dropped);
  if (keep.length === 0) {
    throw new ModelError(
      data.nRows === 0
        ? 'The data has no rows.'
        : `No rows are left after dropping rows with missing values in the model's columns (${detail}). Check those columns or pick others.`,
    );
  }
  if (nDropped > 0) {
    messages.push(`Dropped ${nDropped} of ${data.nRows} rows with missing values in the model's columns (${detail}), as brms and lme4 do; ${keep.length} rows remain.`);
  }
  return { rows: Int32Array.from(keep), nDropped, dropped, usedColumns: used, messages };
}

/** Columns listed by name in the dropped-rows note. */
const MAX_DETAIL = 5;

/** 'score: 2 non-numeric cells read as missing, 1 missing; x: 1 missing' */
function dropDetail(dropped: readonly DroppedCells[]): string {
  const parts = new Map<string, string[]>();
  for (const d of dropped) {
    const text = d.reason === 'missing' ? `${d.rows} missing` : `${d.rows} non-numeric ${d.rows === 1 ? 'cell' : 'cells'} read as missing`;
    parts.set(d.column, [...(parts.get(d.column) ?? []), text]);
  }
  const items = [...parts].map(([column, texts]) => `${shortName(column)}: ${texts.join(', ')}`);
  return items.length > MAX_DETAIL ? `${items.slice(0, MAX_DETAIL).join('; ')} and ${items.length - MAX_DETAIL} more columns` : items.join('; ');
}
