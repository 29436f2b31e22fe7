import { describe, expect, it } from 'vitest';
import { RawAssembler, rawPieces } from '../../src/app/data/rawPieces';
import { rawCellsFromStrings, rawCellsToArray } from '../../src/core/io/rawCells';

const cols = (raws: string[][], pieceSize: number) => raws.map((raw) => ({ raw: rawCellsFromStrings(raw, pieceSize) }));

describe('rawPieces', () => {
  it('sends every column as its pieces and the receiver keeps them, cells unchanged', () => {
    const a = ['1.5', '', 'NA', 'é"x\n,y', '😀', '0'];
    const b = ['g1', 'g2', 'g1', '', 'g3', 'g1'];
    const pieces = [...rawPieces(cols([a, b], 4))];
    expect(pieces.map((p) => [p.column, p.start, p.ends.length])).toEqual([[0, 0, 4], [0, 4, 2], [1, 0, 4], [1, 4, 2]]);
    const asm = new RawAssembler();
    for (const p of pieces) asm.add(p);
    expect(rawCellsToArray(asm.column(0, 6))).toEqual(a);
    expect(rawCellsToArray(asm.column(1, 6))).toEqual(b);
    expect(asm.column(1, 6).texts).toEqual(['g1g2g1', 'g3g1']);
    expect(new RawAssembler().column(0, 0).length).toBe(0);
  });
  it('a piece is one string and one Uint32Array of cell ends, a copy free to transfer', () => {
    const c = cols([['ab', 'c', '']], 10);
    const [p] = [...rawPieces(c)];
    expect(p.text).toBe('abc');
    expect(Array.from(p.ends)).toEqual([2, 3, 3]);
    expect(p.ends).not.toBe(c[0].raw.ends[0]);
  });
  it('refuses pieces out of order or a column that is not complete', () => {
    const asm = new RawAssembler();
    const [p1, p2] = [...rawPieces(cols([['a', 'b', 'c']], 2))];
    expect(() => asm.add(p2)).toThrow(/out of order/);
    asm.add(p1);
    expect(() => asm.column(0, 3)).toThrow(/2 of 3/);
  });
});
