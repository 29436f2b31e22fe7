import { describe, expect, it } from 'vitest';
import { RawAssembler, rawPieces } from '../../src/app/data/rawPieces';

const cols = (raws: string[][]) => raws.map((raw) => ({ raw }));

describe('rawPieces', () => {
  it('splits every column into pieces of at most cellsPerPiece cells and rebuilds them exactly', () => {
    const a = ['1.5', '', 'NA', 'é"x\n,y', '😀', '0'];
    const b = ['g1', 'g2', 'g1', '', 'g3', 'g1'];
    const pieces = [...rawPieces(cols([a, b]), 4)];
    expect(pieces.map((p) => [p.column, p.start, p.ends.length])).toEqual([[0, 0, 4], [0, 4, 2], [1, 0, 4], [1, 4, 2]]);
    const asm = new RawAssembler();
    for (const p of pieces) asm.add(p);
    expect(asm.column(0, 6)).toEqual(a);
    expect(asm.column(1, 6)).toEqual(b);
    expect(new RawAssembler().column(0, 0)).toEqual([]);
  });
  it('a piece is one string and one Uint32Array of cell ends (cheap to post and transfer)', () => {
    const [p] = [...rawPieces(cols([['ab', 'c', '']]), 10)];
    expect(p.text).toBe('abc');
    expect(Array.from(p.ends)).toEqual([2, 3, 3]);
  });
  it('refuses pieces out of order or a column that is not complete', () => {
    const asm = new RawAssembler();
    const [p1, p2] = [...rawPieces(cols([['a', 'b', 'c']]), 2)];
    expect(() => asm.add(p2)).toThrow(/out of order/);
    asm.add(p1);
    expect(() => asm.column(0, 3)).toThrow(/2 of 3/);
  });
});
