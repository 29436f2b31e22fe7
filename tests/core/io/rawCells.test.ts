import { describe, expect, it } from 'vitest';
import {
  distinctRawCells, RawCellsBuilder, rawCellAt, rawCellLength, rawCellsFromNumbers, rawCellsFromPieces, rawCellsFromStrings, rawCellsToArray,
} from '../../../src/core/io/rawCells';

const cells = ['1.5', '', 'NA', 'é"x\n,y', '😀', '0', 'g1', 'g1'];

describe('RawCells: cell texts packed in pieces', () => {
  it('gives back every cell exactly, whatever the piece size', () => {
    for (const size of [1, 2, 3, 7, 8, 100]) {
      const r = rawCellsFromStrings(cells, size);
      expect(r.length).toBe(cells.length);
      expect(r.texts.length).toBe(Math.ceil(cells.length / size));
      expect(cells.map((_, i) => rawCellAt(r, i))).toEqual(cells);
      expect(cells.map((_, i) => rawCellLength(r, i))).toEqual(cells.map((c) => c.length));
      expect(rawCellsToArray(r)).toEqual(cells);
    }
  });
  it('holds one string and one typed array of ends per piece, not one string per cell', () => {
    const r = rawCellsFromStrings(['ab', 'c', '', 'def'], 3);
    expect(r.texts).toEqual(['abc', 'def']);
    expect(r.ends.map((e) => Array.from(e))).toEqual([[2, 3, 3], [3]]);
    expect(r.ends[0]).toBeInstanceOf(Uint16Array);
  });
  it('a piece of 65,536 characters or more keeps 32-bit ends and reads back exactly', () => {
    const long = ['x'.repeat(40_000), 'y'.repeat(30_000), 'z', ''];
    const r = rawCellsFromStrings(long, 3);
    expect(r.ends[0]).toBeInstanceOf(Uint32Array);
    expect(Array.from(r.ends[0])).toEqual([40_000, 70_000, 70_001]);
    expect(r.ends[1]).toBeInstanceOf(Uint16Array);
    expect(rawCellsToArray(r)).toEqual(long);
    expect(rawCellAt(r, 1)).toBe(long[1]);
    expect(rawCellAt(r, 2)).toBe('z');
    const edge = rawCellsFromStrings(['a'.repeat(0xffff), 'b'], 1);
    expect(edge.ends.map((e) => e.constructor.name)).toEqual(['Uint16Array', 'Uint16Array']);
    expect(rawCellAt(edge, 0).length).toBe(0xffff);
  });
  it('refuses a cell outside the column', () => {
    const r = rawCellsFromStrings(['a', 'b']);
    expect(() => rawCellAt(r, 2)).toThrow(/cell 2 is outside 0\.\.1/);
    expect(() => rawCellAt(r, -1)).toThrow(RangeError);
    expect(() => rawCellAt(rawCellsFromStrings([]), 0)).toThrow(RangeError);
  });
  it('builds from computed numbers (derived columns): shortest round-trip text, NA for NaN', () => {
    const r = rawCellsFromNumbers(Float64Array.from([1, -0.25, NaN, 1 / 3, 1e21]));
    expect(rawCellsToArray(r)).toEqual(['1', '-0.25', 'NA', String(1 / 3), '1e+21']);
    expect(rawCellsToArray(rawCellsFromNumbers([NaN, 2], ''))).toEqual(['', '2']);
  });
  it('builds from pieces as a worker posts them, and refuses uneven pieces', () => {
    const r = rawCellsFromPieces([{ text: 'abc', ends: Uint32Array.from([1, 3]) }, { text: 'd', ends: Uint32Array.from([1]) }]);
    expect(rawCellsToArray(r)).toEqual(['a', 'bc', 'd']);
    expect(rawCellsFromPieces([]).length).toBe(0);
    expect(() => rawCellsFromPieces([{ text: 'a', ends: Uint32Array.from([1]) }, { text: 'bc', ends: Uint32Array.from([1, 2]) }])).toThrow(/piece 2 of 2 holds 2 cells; all but the last must hold 1/);
    expect(() => rawCellsFromPieces([{ text: 'abc', ends: Uint32Array.from([1, 2]) }])).toThrow(/ends at 2 but its text has 3 characters/);
  });
  it('a builder packs cells pushed one at a time; distinct cells in order of first appearance', () => {
    const b = new RawCellsBuilder(3);
    for (const c of cells) b.push(c);
    const r = b.finish();
    expect(rawCellsToArray(r)).toEqual(cells);
    expect(distinctRawCells(rawCellsFromStrings(['b', 'a', 'b', 'c', 'a']))).toEqual(['b', 'a', 'c']);
    expect(distinctRawCells(rawCellsFromStrings(['b', 'a', 'b', 'c']), (i) => i !== 1)).toEqual(['b', 'c']);
  });
  it('survives a structured clone (as sent to a worker) unchanged', () => {
    const r = rawCellsFromStrings(cells, 3);
    const back = structuredClone(r);
    expect(rawCellsToArray(back)).toEqual(cells);
  });
});
