// The cell texts of a parsed table (DataColumn.raw, packed: core/io/rawCells.ts) sent between
// threads piece by piece: each piece is one string plus a typed array of cell ends, posted as its
// own message. Why: one message holding every column is deserialised in one go on the receiving
// thread, while a piece is a block copy of a few hundred kilobytes, one message (one short task)
// at a time. The receiver keeps the pieces as they are (no splitting into strings). Pure
// TypeScript, used by workers/parse.worker.ts, parseInWorker and postTable.
import { rawCellsFromPieces, type RawCells } from '../../core/io/rawCells';

export interface RawPiece {
  /** Column index in the table. */
  column: number;
  /** Row of the first cell. */
  start: number;
  /** The cells' texts, concatenated. */
  text: string;
  /** End offset in `text` of each cell (cell k is text.slice(ends[k - 1] ?? 0, ends[k])). */
  ends: Uint16Array | Uint32Array;
}

/** The columns' pieces, column by column; `ends` are copies, free to transfer. */
export function* rawPieces(columns: readonly { raw: RawCells }[]): Generator<RawPiece> {
  for (let column = 0; column < columns.length; column++) {
    const raw = columns[column].raw;
    for (let p = 0; p < raw.texts.length; p++) {
      yield { column, start: p * raw.pieceSize, text: raw.texts[p], ends: raw.ends[p].slice() };
    }
  }
}

/**
 * Collects the columns' pieces arriving in order (column by column, rows ascending); the table's
 * size is known only at the end (`column(j, nRows)` checks it).
 */
export class RawAssembler {
  private readonly pieces: RawPiece[][] = [];
  private rows = 0;

  add(p: RawPiece): void {
    if (p.column === this.pieces.length && p.start === 0) { this.pieces.push([]); this.rows = 0; }
    if (p.column !== this.pieces.length - 1 || this.rows !== p.start) {
      throw new Error(`RawAssembler: piece for column ${p.column} starting at row ${p.start} arrived out of order (have ${this.pieces.length} columns, ${this.rows} rows in the last)`);
    }
    this.pieces[p.column].push(p);
    this.rows += p.ends.length;
  }

  /** Column j's cells; throws unless all nRows arrived. A table of 0 rows has no pieces. */
  column(j: number, nRows: number): RawCells {
    const pieces = this.pieces[j] ?? (nRows === 0 ? [] : undefined);
    const raw = pieces ? rawCellsFromPieces(pieces) : undefined;
    if (!raw || raw.length !== nRows) throw new Error(`RawAssembler: column ${j} has ${raw?.length ?? 0} of ${nRows} cells`);
    return raw;
  }
}
