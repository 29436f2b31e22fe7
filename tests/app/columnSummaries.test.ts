import { describe, expect, it } from 'vitest';
import { primeSummary, SUMMARY_LEVELS, summaryOf, trimmedSummary } from '../../src/app/data/columnSummaries';
import type { DataColumn } from '../../src/core/types';
import { rawCellsFromStrings } from '../../src/core/io/rawCells';

const factor = (n: number): DataColumn => {
  const raw = Array.from({ length: n }, (_, i) => `L${String(i).padStart(3, '0')}`);
  return { name: 'g', raw: rawCellsFromStrings(raw), missing: new Uint8Array(n), numeric: null, type: 'categorical', asFactor: false, nMissing: 0 };
};

describe('column summaries', () => {
  it('a summary sent between threads keeps the first levels and the full distinct count', () => {
    const s = trimmedSummary(factor(500));
    expect(s.levels.length).toBe(SUMMARY_LEVELS);
    expect(s.nDistinct).toBe(500);
    expect(s.levels[0]).toEqual({ label: 'L000', count: 1 });
  });
  it('a primed summary is used for that column object, without recomputing', () => {
    const col = factor(3);
    const s = { ...trimmedSummary(col), nDistinct: 99 };
    primeSummary(col, s);
    expect(summaryOf(col).nDistinct).toBe(99);
    expect(summaryOf({ ...col }).nDistinct).toBe(3);
  });
});
