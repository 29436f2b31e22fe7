// The model frame: which data rows enter the model. As brms and lme4 (na.omit), a row with a
// missing value in any column the formula uses is dropped.
import type { DataTable } from '../types';
import { FormulaError, ModelError } from '../formula/errors';
import { R_CONSTANTS } from '../formula/parseFormula';
import type { ParsedFormula } from '../formula/types';
import { closestName } from './suggest';

export interface ModelFrame {
  /** 0-based data rows kept. */
  rows: Int32Array;
  nDropped: number;
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
    const hint = near ? ` Did you mean '${near}'?` : ` The data has: ${names.join(', ')}.`;
    throw new FormulaError(`Unknown column '${ref.name}' in the formula.${hint}`, formula.text, ref.start);
  }
  const missingCounts = used.map(() => 0);
  const keep: number[] = [];
  for (let r = 0; r < data.nRows; r++) {
    let ok = true;
    used.forEach((name, k) => {
      if (byName.get(name)!.missing[r]) { ok = false; missingCounts[k]++; }
    });
    if (ok) keep.push(r);
  }
  const nDropped = data.nRows - keep.length;
  const messages: string[] = [];
  const detail = used.map((n, k) => [n, missingCounts[k]] as const).filter(([, c]) => c > 0)
    .map(([n, c]) => `${n}: ${c}`).join(', ');
  if (keep.length === 0) {
    throw new ModelError(
      data.nRows === 0
        ? 'The data has no rows.'
        : `No rows are left after dropping rows with missing values in the model's columns (missing: ${detail}). Check those columns or pick others.`,
    );
  }
  if (nDropped > 0) {
    messages.push(`Dropped ${nDropped} of ${data.nRows} rows with missing values in the model's columns (${detail}), as brms and lme4 do; ${keep.length} rows remain.`);
  }
  return { rows: Int32Array.from(keep), nDropped, usedColumns: used, messages };
}
