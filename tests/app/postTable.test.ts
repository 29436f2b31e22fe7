import { describe, expect, it } from 'vitest';
import { PIECES_ABOVE_CELLS, postRawPieces, TableReceiver, type TablePieceMessage } from '../../src/app/data/postTable';
import type { DataTable } from '../../src/core/types';
import { rawCellsFromNumbers, rawCellsFromStrings, rawCellsToArray } from '../../src/core/io/rawCells';

function bigTable(nRows: number): DataTable {
  const y = Float64Array.from({ length: nRows }, (_, i) => (i % 7 === 3 ? NaN : i / 10));
  const missing = Uint8Array.from(y, (v) => (Number.isNaN(v) ? 1 : 0));
  const g = Array.from({ length: nRows }, (_, i) => `g${i % 13}`);
  return {
    name: 'big.csv', nRows,
    columns: [
      { name: 'y', raw: rawCellsFromNumbers(y), missing, numeric: y, type: 'numeric', asFactor: false, nMissing: missing.reduce((a, b) => a + b, 0) },
      { name: 'g', raw: rawCellsFromStrings(g), missing: new Uint8Array(nRows), numeric: null, type: 'categorical', asFactor: false, nMissing: 0 },
    ],
  };
}

describe('postRawPieces / TableReceiver', () => {
  it('a big table arrives whole: same cells, numbers and missing flags, through pieces', async () => {
    const table = bigTable(PIECES_ABOVE_CELLS);
    const messages: TablePieceMessage[] = [];
    const sent = await postRawPieces((m) => messages.push(m), table, () => false);
    expect(sent?.pieces).toBe(true);
    expect(messages.length).toBeGreaterThan(2);
    expect(sent!.table.columns[0].raw.length).toBe(0);
    const rx = new TableReceiver();
    for (const m of messages) rx.add(m);
    const got = rx.complete(sent!.table);
    expect(rawCellsToArray(got.columns[0].raw)).toEqual(rawCellsToArray(table.columns[0].raw));
    expect(rawCellsToArray(got.columns[1].raw)).toEqual(rawCellsToArray(table.columns[1].raw));
    expect(Array.from(got.columns[0].numeric!)).toEqual(Array.from(table.columns[0].numeric!));
    expect(Array.from(got.columns[0].missing)).toEqual(Array.from(table.columns[0].missing));
    expect(got.columns[1].numeric).toBeNull();
  });
  it('a small table goes as it is, in one message', async () => {
    const table = bigTable(100);
    const messages: TablePieceMessage[] = [];
    const sent = await postRawPieces((m) => messages.push(m), table, () => false);
    expect(sent).toEqual({ table, pieces: false });
    expect(messages).toEqual([]);
  });
  it('a superseded send stops, and the next send starts afresh', async () => {
    const table = bigTable(PIECES_ABOVE_CELLS);
    const messages: TablePieceMessage[] = [];
    let n = 0;
    expect(await postRawPieces((m) => messages.push(m), table, () => ++n > 3)).toBeNull();
    const rx = new TableReceiver();
    for (const m of messages) rx.add(m);
    const again: TablePieceMessage[] = [];
    const sent = await postRawPieces((m) => again.push(m), table, () => false);
    for (const m of again) rx.add(m);
    expect(rawCellsToArray(rx.complete(sent!.table).columns[1].raw)).toEqual(rawCellsToArray(table.columns[1].raw));
  });
  it('an incomplete table is refused with the column named', () => {
    const rx = new TableReceiver();
    expect(() => rx.complete({ ...bigTable(10), columns: bigTable(10).columns.map((c) => ({ ...c, raw: rawCellsFromStrings([]) })) })).toThrow(/column 1 \(y\) arrived incomplete/);
  });
});
