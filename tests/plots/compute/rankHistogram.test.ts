import { describe, expect, it } from 'vitest';
import { rankHistogram } from '../../../src/plots/compute/rankHistogram';

describe('rankHistogram', () => {
  it('rankHistogram splits ranks 1..total into equal bins, one histogram per chain', () => {
    const ranks = [Float64Array.from([1, 2, 3, 4]), Float64Array.from([5, 6, 7, 8])];
    const h = rankHistogram(ranks, 8, 4);
    expect(Array.from(h[0])).toEqual([2, 2, 0, 0]);
    expect(Array.from(h[1])).toEqual([0, 0, 2, 2]);
  });
  it('rankHistogram counts add up to each chain\'s number of draws, average ranks included', () => {
    const h = rankHistogram([Float64Array.from([1.5, 1.5, 10, 5.5])], 10, 3);
    expect(h[0].reduce((a, b) => a + b, 0)).toBe(4);
    expect(h[0][2]).toBe(1);
  });
  it('rankHistogram of interleaved chains is uniform', () => {
    const a = Float64Array.from({ length: 100 }, (_, i) => 2 * i + 1);
    const b = Float64Array.from({ length: 100 }, (_, i) => 2 * i + 2);
    for (const counts of rankHistogram([a, b], 200, 20)) expect(Array.from(counts)).toEqual(new Array(20).fill(5));
  });
  it('rankHistogram rejects ranks outside 1..total and bad bin counts', () => {
    expect(() => rankHistogram([Float64Array.from([0])], 3, 2)).toThrow(/rank 0 outside 1..3/);
    expect(() => rankHistogram([], 3, 0)).toThrow(/bins must be a positive integer/);
  });
});
