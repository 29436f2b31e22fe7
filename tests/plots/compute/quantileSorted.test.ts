import { describe, expect, it } from 'vitest';
import { quantileSorted } from '../../../src/plots/compute/quantileSorted';

describe('quantileSorted', () => {
  it('quantileSorted interpolates order statistics like R type 7', () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    // R: quantile(1:10, c(0, .05, .25, .5, .75, 1)) = 1, 1.45, 3.25, 5.5, 7.75, 10
    expect(quantileSorted(x, 0)).toBe(1);
    expect(quantileSorted(x, 0.05)).toBeCloseTo(1.45, 12);
    expect(quantileSorted(x, 0.25)).toBeCloseTo(3.25, 12);
    expect(quantileSorted(x, 0.5)).toBeCloseTo(5.5, 12);
    expect(quantileSorted(x, 0.75)).toBeCloseTo(7.75, 12);
    expect(quantileSorted(x, 1)).toBe(10);
  });
  it('quantileSorted of one value is that value for every p', () => {
    expect(quantileSorted([3], 0.3)).toBe(3);
  });
  it('quantileSorted uses only the first n values when n is given', () => {
    expect(quantileSorted([1, 3, 100], 1, 2)).toBe(3);
  });
  it('quantileSorted rejects probabilities outside [0, 1] and empty input', () => {
    expect(() => quantileSorted([1, 2], 1.5)).toThrow(/outside \[0, 1\]/);
    expect(() => quantileSorted([1, 2], NaN)).toThrow(/outside/);
    expect(() => quantileSorted([], 0.5)).toThrow(/at least one/);
  });
});
