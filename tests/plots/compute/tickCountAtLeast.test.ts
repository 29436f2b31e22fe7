import { describe, expect, it } from 'vitest';
import { ticks } from 'd3';
import { tickCountAtLeast } from '../../../src/plots/compute/tickCountAtLeast';

describe('tickCountAtLeast', () => {
  it('asks d3 for more ticks when the hint gives a single one (a pairs axis of [-0.93, 0.8])', () => {
    expect(ticks(-0.93, 0.8, 2)).toEqual([0]);
    const c = tickCountAtLeast(-0.93, 0.8, 2);
    expect(ticks(-0.93, 0.8, c).length).toBeGreaterThanOrEqual(2);
  });
  it('keeps the hint when it already gives enough ticks', () => {
    expect(tickCountAtLeast(0, 100, 4)).toBe(4);
  });
  it('counts only the ticks the filter keeps (rank panels label their inner 76%)', () => {
    const total = 4000;
    const inner = (v: number) => v > total * 0.12 && v < total * 0.88;
    expect(ticks(0.5, total + 0.5, 2).filter(inner)).toEqual([2000]);
    const c = tickCountAtLeast(0.5, total + 0.5, 2, 2, inner);
    expect(ticks(0.5, total + 0.5, c).filter(inner)).toEqual([1000, 2000, 3000]);
  });
  it('gives the hint back when no count up to hint + 12 is enough (an empty domain)', () => {
    expect(tickCountAtLeast(5, 5, 3)).toBe(3);
  });
  it('rejects a non-finite domain', () => {
    expect(() => tickCountAtLeast(0, NaN, 3)).toThrow(/finite/);
  });
});
