import { describe, expect, it } from 'vitest';
import { summarizeColumn } from '../../../src/core/io/tableSummary';
import { typeColumn, withFactorRole } from '../../../src/core/io/tableTyping';

describe('summarizeColumn', () => {
  it('gives min, mean, sd (n - 1) and max of a numeric column, ignoring missing cells', () => {
    const s = summarizeColumn(typeColumn('x', ['1', '2', 'NA', '3', '6']).column);
    expect([s.min, s.mean, s.max]).toEqual([1, 3, 6]);
    expect(s.sd).toBeCloseTo(Math.sqrt(14 / 3), 12);
    expect(s.nMissing).toBe(1);
    expect(s.histogram.reduce((a, b) => a + b, 0)).toBe(4);
    expect(s.levels).toEqual([]);
  });
  it('lists the levels of a label column with counts, in the model\'s (R\'s) order: the first is the reference', () => {
    const s = summarizeColumn(typeColumn('g', ['b', 'a10', 'a2', 'b', '', 'New York', 'Newark']).column);
    expect(s.levels.map((l) => l.label)).toEqual(['a10', 'a2', 'b', 'New York', 'Newark']);
    expect(s.levels[2]).toEqual({ label: 'b', count: 2 });
    expect(s.nDistinct).toBe(5);
  });
  it('lists numeric levels numerically once an integer column is a factor', () => {
    const col = withFactorRole(typeColumn('Subject', ['310', '9', '308', '9']).column, true);
    const s = summarizeColumn(col);
    expect(s.isFactor).toBe(true);
    expect(s.levels.map((l) => l.label)).toEqual(['9', '308', '310']);
    expect(s.mean).toBeNaN();
  });
});
