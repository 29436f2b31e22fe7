// Sends a big DataTable to a worker without a long main-thread task: the cell texts (rawPieces.ts)
// and the typed arrays (copied a block at a time, transferred) go first in pieces, a few
// milliseconds of work per message with a yield to the page in between, then the table itself
// with empty arrays. A structured clone of the whole table serialised 13 M strings of a 90 MB CSV
// in one task (and copying its typed arrays in one go took another). Small tables go in one
// message, as before. The receiver: TableReceiver below.
import type { DataTable } from '../../core/types';
import { RawAssembler, rawPieces, type RawPiece } from './rawPieces';
import { rawCellsFromStrings } from '../../core/io/rawCells';

/** Cells above which a table is sent in pieces. */
export const PIECES_ABOVE_CELLS = 200_000;
/** Main-thread work between two yields (ms). */
const SLICE_MS = 8;

/** Elements per typed-array piece. */
const ARRAY_PIECE = 1 << 20;

export type TablePieceMessage =
  | ({ id: 0; type: 'table-raw' } & RawPiece)
  | { id: 0; type: 'table-array'; column: number; field: 'numeric' | 'missing'; start: number; nRows: number; data: Float64Array | Uint8Array };

const yieldToPage = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Posts the pieces of `table`'s cell texts; resolves to the table to post after them (with empty
 * raw arrays when pieces were sent, `pieces: true`), or null when `superseded()` turned true.
 */
export async function postRawPieces(
  post: (message: TablePieceMessage, transfer: Transferable[]) => void, table: DataTable, superseded: () => boolean,
): Promise<{ table: DataTable; pieces: boolean } | null> {
  const cells = table.nRows * table.columns.length;
  if (cells <= PIECES_ABOVE_CELLS) return { table, pieces: false };
  let t0 = performance.now();
  const pause = async () => {
    if (performance.now() - t0 > SLICE_MS) {
      await yieldToPage();
      t0 = performance.now();
    }
  };
  for (const piece of rawPieces(table.columns)) {
    if (superseded()) return null;
    post({ id: 0, type: 'table-raw', ...piece }, [piece.ends.buffer as ArrayBuffer]);
    await pause();
  }
  const nRows = table.nRows;
  for (let column = 0; column < table.columns.length; column++) {
    const c = table.columns[column];
    const arrays: ['numeric' | 'missing', Float64Array | Uint8Array][] = c.numeric ? [['missing', c.missing], ['numeric', c.numeric]] : [['missing', c.missing]];
    for (const [field, whole] of arrays) {
      for (let start = 0; start < nRows; start += ARRAY_PIECE) {
        if (superseded()) return null;
        const data = whole.slice(start, Math.min(nRows, start + ARRAY_PIECE));
        post({ id: 0, type: 'table-array', column, field, start, nRows, data }, [data.buffer as ArrayBuffer]);
        await pause();
      }
    }
  }
  if (superseded()) return null;
  const columns = table.columns.map((c) => ({ ...c, raw: rawCellsFromStrings([]), missing: new Uint8Array(0), numeric: c.numeric ? new Float64Array(0) : null }));
  return { table: { ...table, columns }, pieces: true };
}

/** The worker side: collects the pieces, then rebuilds the table posted after them. */
export class TableReceiver {
  private raws = new RawAssembler();
  private arrays = new Map<string, Float64Array | Uint8Array>();

  add(m: TablePieceMessage): void {
    if (m.type === 'table-raw') {
      if (m.column === 0 && m.start === 0) this.reset();
      this.raws.add(m);
      return;
    }
    const key = `${m.column}|${m.field}`;
    let whole = this.arrays.get(key);
    if (!whole || m.start === 0) {
      whole = m.field === 'numeric' ? new Float64Array(m.nRows) : new Uint8Array(m.nRows);
      this.arrays.set(key, whole);
    }
    whole.set(m.data, m.start);
  }

  /** The table with its cells and arrays filled in from the pieces; clears them. */
  complete(skeleton: DataTable): DataTable {
    const columns = skeleton.columns.map((c, j) => {
      const missing = this.arrays.get(`${j}|missing`);
      const numeric = this.arrays.get(`${j}|numeric`);
      if (!missing || (c.numeric && !numeric)) throw new Error(`TableReceiver: column ${j + 1} (${c.name}) arrived incomplete`);
      return { ...c, raw: this.raws.column(j, skeleton.nRows), missing: missing as Uint8Array, numeric: c.numeric ? (numeric as Float64Array) : null };
    });
    this.reset();
    return { ...skeleton, columns };
  }

  private reset(): void {
    this.raws = new RawAssembler();
    this.arrays = new Map();
  }
}
