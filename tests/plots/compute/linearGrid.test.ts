import { describe, expect, it } from 'vitest';
import { linearGrid } from '../../../src/plots/compute/linearGrid';

describe('linearGrid', () => {
  it('linearGrid(lo, hi, n) is n evenly spaced points ending exactly at hi', () => {
    expect(Array.from(linearGrid(0, 1, 5))).toEqual([0, 0.25, 0.5, 0.75, 1]);
    const g = linearGrid(0.1, 0.7, 7);
    expect(g[6]).toBe(0.7);
  });
  it('linearGrid rejects n < 2 and reversed or non-finite bounds', () => {
    expect(() => linearGrid(0, 1, 1)).toThrow(/n >= 2/);
    expect(() => linearGrid(1, 0, 3)).toThrow(/lo <= hi/);
    expect(() => linearGrid(0, Infinity, 3)).toThrow(/finite/);
  });
});
