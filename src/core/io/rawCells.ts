// The cell texts of one column (DataColumn.raw), kept packed: pieces of `pieceSize` cells, each
// one flat string plus an array of cell ends, and a cell's text cut out only when asked for.
// Why: a 90 MB CSV of 4.4 M rows x 3 columns is 13 M cells; as 13 M separate strings they cost
// hundreds of megabytes of small heap objects that every garbage collection of the page walks,
// while packed they are about as big as the file (1 byte per Latin-1 character) plus 4 bytes a
// cell (2 while a piece's text stays under 65,536 characters), in a few hundred large objects. The data is plain (strings and typed arrays, no class),
// so it survives structured cloning to and from workers unchanged. The type: core/types.ts.

import type { RawCells } from '../types';

export type { RawCells };

/**
 * Cells per piece by default. A piece's text is then over V8's largest regular object (128 KB)
 * for cells of 7 or more characters and goes to the large-object space, which garbage
 * collection never copies (4,096-cell pieces of 25 KB were copied by compaction: 65 ms major
 * GCs on the page). Short cells (under 3.3 characters on average: 0/1, codes) fit 16-bit ends.
 */
export const CELLS_PER_PIECE = 20_000;

/** Longest piece text whose cell ends fit a Uint16Array. */
const MAX_U16 = 0xffff;

/** The text of cell i (0 <= i < cells.length). */
export function rawCellAt(cells: RawCells, i: number): string {
  if (!(i >= 0 && i < cells.length)) throw new RangeError(`rawCellAt: cell ${i} is outside 0..${cells.length - 1}`);
  const p = Math.floor(i / cells.pieceSize);
  const k = i - p * cells.pieceSize;
  const ends = cells.ends[p];
  return cells.texts[p].slice(k === 0 ? 0 : ends[k - 1], ends[k]);
}

/** Length of cell i's text without cutting it out. */
export function rawCellLength(cells: RawCells, i: number): number {
  if (!(i >= 0 && i < cells.length)) throw new RangeError(`rawCellLength: cell ${i} is outside 0..${cells.length - 1}`);
  const p = Math.floor(i / cells.pieceSize);
  const k = i - p * cells.pieceSize;
  const ends = cells.ends[p];
  return ends[k] - (k === 0 ? 0 : ends[k - 1]);
}

/** Packs cells pushed one at a time (a pending piece is joined once it is full). */
export class RawCellsBuilder {
  private readonly texts: string[] = [];
  private readonly ends: (Uint16Array | Uint32Array)[] = [];
  private pending: string[] = [];
  private pendingEnds: Uint32Array;
  private at = 0;
  private count = 0;

  constructor(private readonly pieceSize = CELLS_PER_PIECE) {
    if (!(pieceSize >= 1)) throw new RangeError(`RawCellsBuilder: pieceSize must be at least 1, not ${pieceSize}`);
    this.pendingEnds = new Uint32Array(pieceSize);
  }

  push(text: string): void {
    const k = this.pending.length;
    this.at += text.length;
    this.pending.push(text);
    this.pendingEnds[k] = this.at;
    this.count++;
    if (k + 1 === this.pieceSize) this.flush();
  }

  finish(): RawCells {
    if (this.pending.length > 0) this.flush();
    return { length: this.count, pieceSize: this.pieceSize, texts: this.texts, ends: this.ends };
  }

  private flush(): void {
    const n = this.pending.length;
    this.texts.push(this.pending.join(''));
    if (this.at <= MAX_U16) {
      this.ends.push(Uint16Array.from(this.pendingEnds.subarray(0, n)));
    } else {
      this.ends.push(n === this.pieceSize ? this.pendingEnds : this.pendingEnds.slice(0, n));
      this.pendingEnds = new Uint32Array(this.pieceSize);
    }
    this.pending = [];
    this.at = 0;
  }
}

export function rawCellsFromStrings(strings: readonly string[], pieceSize = CELLS_PER_PIECE): RawCells {
  const b = new RawCellsBuilder(pieceSize);
  for (let i = 0; i < strings.length; i++) b.push(strings[i]);
  return b.finish();
}

/**
 * Cell texts of computed numbers (derived columns): JavaScript's shortest round-trip text
 * (String(v), as R prints with enough digits), and `missingText` for NaN.
 */
export function rawCellsFromNumbers(values: ArrayLike<number>, missingText = 'NA', pieceSize = CELLS_PER_PIECE): RawCells {
  const b = new RawCellsBuilder(pieceSize);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    b.push(v === v ? String(v) : missingText);
  }
  return b.finish();
}

/**
 * Cells from pieces given in order (as a worker posts them); every piece but the last must hold
 * the first piece's number of cells.
 */
export function rawCellsFromPieces(pieces: readonly { text: string; ends: Uint16Array | Uint32Array }[]): RawCells {
  if (pieces.length === 0) return { length: 0, pieceSize: CELLS_PER_PIECE, texts: [], ends: [] };
  const pieceSize = pieces[0].ends.length;
  let length = 0;
  pieces.forEach((p, j) => {
    const n = p.ends.length;
    if (n === 0 || n > pieceSize || (n < pieceSize && j < pieces.length - 1)) {
      throw new Error(`rawCellsFromPieces: piece ${j + 1} of ${pieces.length} holds ${n} cells; all but the last must hold ${pieceSize}`);
    }
    if (p.ends[n - 1] !== p.text.length) throw new Error(`rawCellsFromPieces: piece ${j + 1} ends at ${p.ends[n - 1]} but its text has ${p.text.length} characters`);
    length += n;
  });
  return { length, pieceSize, texts: pieces.map((p) => p.text), ends: pieces.map((p) => p.ends) };
}

/** Every cell as its own string (small tables, session files, tests). */
export function rawCellsToArray(cells: RawCells): string[] {
  const out = new Array<string>(cells.length);
  let i = 0;
  for (let p = 0; p < cells.texts.length; p++) {
    const text = cells.texts[p];
    const ends = cells.ends[p];
    let from = 0;
    for (let k = 0; k < ends.length; k++) {
      out[i++] = text.slice(from, ends[k]);
      from = ends[k];
    }
  }
  return out;
}

/** The distinct cell texts in order of first appearance (R's unique()). */
export function distinctRawCells(cells: RawCells, keep: (i: number) => boolean = () => true): string[] {
  const seen = new Set<string>();
  for (let i = 0; i < cells.length; i++) if (keep(i)) seen.add(rawCellAt(cells, i));
  return [...seen];
}
