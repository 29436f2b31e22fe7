// Shared test data for the app tests.
import type { DataTable } from '../../src/core/types';
import { rawCellsFromStrings } from '../../src/core/io/rawCells';

/** A two-row table: a numeric column with one missing value and a binary factor. */
export function twoRowTable(): DataTable {
  return {
    name: 'd.csv', nRows: 2,
    columns: [
      { name: 'y', raw: rawCellsFromStrings(['1.5', '']), missing: Uint8Array.from([0, 1]), numeric: Float64Array.from([1.5, NaN]), type: 'numeric', asFactor: false, nMissing: 1 },
      { name: 'g', raw: rawCellsFromStrings(['a', 'b']), missing: Uint8Array.from([0, 0]), numeric: null, type: 'binary', asFactor: true, nMissing: 0 },
    ],
  };
}
