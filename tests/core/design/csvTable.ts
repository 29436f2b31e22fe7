// Test helper: reads a CSV from /work/shared/data with a split-based parser (those files have no
// quoting) into the DataTable contract. A column is numeric when every non-missing cell parses.
import { readFileSync } from 'node:fs';
import type { ColumnType, DataColumn, DataTable } from '../../../src/core/types';
import { rawCellsFromStrings } from '../../../src/core/io/rawCells';

export const DATA_DIR = '/work/shared/data';

export function tableFromRows(name: string, header: string[], rows: string[][], asFactor: string[] = []): DataTable {
  const columns: DataColumn[] = header.map((h, j) => {
    const raw = rows.map((r) => (r[j] ?? '').trim());
    const missing = Uint8Array.from(raw, (v) => (v === '' || v === 'NA' || v === 'NaN' || v === '.' ? 1 : 0));
    const nums = raw.map((v, i) => (missing[i] ? NaN : Number(v)));
    const isNumeric = nums.every((v, i) => missing[i] === 1 || Number.isFinite(v));
    const distinct = new Set(raw.filter((_, i) => !missing[i]));
    let type: ColumnType = isNumeric ? (nums.every((v) => Number.isNaN(v) || Number.isInteger(v)) ? 'integer' : 'numeric') : 'categorical';
    if (distinct.size === 2) type = 'binary';
    return {
      name: h, raw: rawCellsFromStrings(raw), missing, numeric: isNumeric ? Float64Array.from(nums) : null, type,
      asFactor: asFactor.includes(h), nMissing: missing.reduce((a, b) => a + b, 0),
    };
  });
  return { name, nRows: rows.length, columns };
}

export function loadCsv(file: string, asFactor: string[] = []): DataTable {
  const lines = readFileSync(`${DATA_DIR}/${file}`, 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
  const header = lines[0].split(',');
  return tableFromRows(file, header, lines.slice(1).map((l) => l.split(',')), asFactor);
}

/** A small table from column arrays, for unit tests. */
export function table(cols: Record<string, (string | number)[]>, asFactor: string[] = []): DataTable {
  const header = Object.keys(cols);
  const n = cols[header[0]].length;
  const rows = Array.from({ length: n }, (_, i) => header.map((h) => String(cols[h][i])));
  return tableFromRows('test', header, rows, asFactor);
}
