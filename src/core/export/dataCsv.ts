// data.csv of the export bundles: the rows the model used (rows with missing or unreadable
// values in model columns dropped, design/modelFrame.ts), every column, the derived columns
// (within/between splits) as the fit used them, so R reads exactly the data the app fitted and
// brms drops nothing more. Cells are written as read; numeric cells that R would not read as
// the same number (a decimal comma, a thousands separator) are written as the number.
import type { DataColumn, DataTable } from '../types';
import { rawCellAt, rawCellsFromStrings } from '../io/rawCells';

/** A CSV cell: quoted (quotes doubled) when it holds a comma, quote, line break or edge space. */
export function csvCell(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const R_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function cellText(c: DataColumn, i: number): string {
  if (c.missing[i]) return 'NA';
  const raw = rawCellAt(c.raw, i);
  if (c.numeric === null) return raw;
  const v = c.numeric[i];
  return R_NUMBER.test(raw) && Number(raw) === v ? raw : String(v);
}

/**
 * The rows `rows` (0-based) of the table as a DataTable of their own; derived columns keep their
 * values but lose their recipe, so an R script reads them instead of recomputing them on fewer rows.
 */
export function tableOfRows(table: DataTable, rows: Int32Array): DataTable {
  const columns = table.columns.map((c): DataColumn => {
    const cells = Array.from(rows, (r) => rawCellAt(c.raw, r));
    const missing = Uint8Array.from(rows, (r) => c.missing[r]);
    return {
      name: c.name, raw: rawCellsFromStrings(cells), missing, numeric: c.numeric ? Float64Array.from(rows, (r) => c.numeric![r]) : null,
      type: c.type, asFactor: c.asFactor, nMissing: missing.reduce((a, b) => a + b, 0),
    };
  });
  return { name: table.name, nRows: rows.length, columns };
}

/** The table as CSV text in chunks of about 2,000 rows. */
export function writeDataCsv(table: DataTable, write: (chunk: string) => void): void {
  write(table.columns.map((c) => csvCell(c.name)).join(',') + '\n');
  let lines: string[] = [];
  for (let i = 0; i < table.nRows; i++) {
    lines.push(table.columns.map((c) => csvCell(cellText(c, i))).join(','));
    if (lines.length >= 2000) { write(lines.join('\n') + '\n'); lines = []; }
  }
  if (lines.length) write(lines.join('\n') + '\n');
}
