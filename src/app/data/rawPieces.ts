// The cell texts of a parsed table (DataColumn.raw: one string per cell) sent from the parse
// worker in pieces: each piece is one string plus a Uint32Array of cell ends, posted as its own
// message. Why: a structured clone of string[] columns is deserialised in one go on the main
// thread (13 M strings of a 90 MB CSV took seconds in one task), while a piece of 100,000 cells
// is one flat string (copied as a block) that the receiver splits in a few milliseconds, one
// message (one task) at a time. Pure TypeScript, used by workers/parse.worker.ts and parseInWorker.

export interface RawPiece {
  /** Column index in the table. */
  column: number;
  /** Row of the first cell. */
  start: number;
  /** The cells' texts, concatenated. */
  text: string;
  /** End offset in `text` of each cell (cell k is text.slice(ends[k - 1] ?? 0, ends[k])). */
  ends: Uint32Array;
}

/** Distinct cell texts remembered per column for sharing (see RawAssembler). */
const INTERN_CAP = 50_000;

/** Cells per piece by default: a few milliseconds of splitting on the receiving side. */
export const CELLS_PER_PIECE = 20_000;

export function* rawPieces(columns: readonly { raw: readonly string[] }[], cellsPerPiece = CELLS_PER_PIECE): Generator<RawPiece> {
  for (let column = 0; column < columns.length; column++) {
    const raw = columns[column].raw;
    for (let start = 0; start < raw.length; start += cellsPerPiece) {
      const n = Math.min(cellsPerPiece, raw.length - start);
      const ends = new Uint32Array(n);
      let at = 0;
      for (let k = 0; k < n; k++) {
        at += raw[start + k].length;
        ends[k] = at;
      }
      yield { column, start, text: raw.slice(start, start + n).join(''), ends };
    }
  }
}

/**
 * Rebuilds the columns' string[] from pieces arriving in order (column by column, rows
 * ascending); the table's size is known only at the end (`column(j, nRows)` checks it).
 */
export class RawAssembler {
  private readonly raws: string[][] = [];
  /**
   * Each column's distinct texts so far (up to INTERN_CAP): repeated cells (factor levels,
   * integers, rounded measures) share one string. Fewer live strings, less memory and shorter
   * garbage-collection pauses on the main thread (4.4 M rows x 3 columns are 13 M strings).
   */
  private seen = new Map<string, string>();

  add(p: RawPiece): void {
    if (p.column === this.raws.length && p.start === 0) { this.raws.push([]); this.seen = new Map(); }
    const raw = this.raws[p.column];
    if (p.column !== this.raws.length - 1 || raw.length !== p.start) {
      throw new Error(`RawAssembler: piece for column ${p.column} starting at row ${p.start} arrived out of order (have ${this.raws.length} columns, ${raw?.length ?? 0} rows in it)`);
    }
    const seen = this.seen;
    let from = 0;
    for (let k = 0; k < p.ends.length; k++) {
      let cell = p.text.slice(from, p.ends[k]);
      from = p.ends[k];
      const known = seen.get(cell);
      if (known !== undefined) cell = known;
      else if (seen.size < INTERN_CAP) seen.set(cell, cell);
      raw.push(cell);
    }
  }

  /** Column j's cells; throws unless all nRows arrived. A table of 0 rows has no pieces. */
  column(j: number, nRows: number): string[] {
    const raw = this.raws[j] ?? (nRows === 0 ? [] : undefined);
    if (!raw || raw.length !== nRows) throw new Error(`RawAssembler: column ${j} has ${raw?.length ?? 0} of ${nRows} cells`);
    return raw;
  }
}
