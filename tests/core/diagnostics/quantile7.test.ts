import { describe, expect, it } from 'vitest';
import { quantile7, median, madSorted, sortedCopy, mean, sd } from '../../../src/core/diagnostics';

describe('quantile7 (R type 7)', () => {
  it('interpolates linearly at h = 1 + (S - 1) p', () => {
    const x = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // R: quantile(1:10, c(.05, .25, .5, .95)) = 1.45 3.25 5.5 9.55
    expect(quantile7(x, 0.05)).toBeCloseTo(1.45, 14);
    expect(quantile7(x, 0.25)).toBeCloseTo(3.25, 14);
    expect(quantile7(x, 0.5)).toBe(5.5);
    expect(quantile7(x, 0.95)).toBeCloseTo(9.55, 14);
    expect(quantile7(x, 0)).toBe(1);
    expect(quantile7(x, 1)).toBe(10);
  });

  it('gives the same answer for sorted and unsorted input, without changing the input', () => {
    const x = [3, -1, 10, 2.5, 7];
    const copy = x.slice();
    expect(quantile7(x, 0.3)).toBe(quantile7([-1, 2.5, 3, 7, 10], 0.3));
    expect(x).toEqual(copy);
  });

  it('returns an order statistic exactly when h is an integer', () => {
    const x = [0.1, 0.7, 0.2, 0.3, 0.9];
    expect(quantile7(x, 0.25)).toBe(0.2);
  });

  it('is null (NA) when a draw is NaN or there are no draws', () => {
    expect(quantile7([1, NaN, 3], 0.5)).toBeNull();
    expect(quantile7([], 0.5)).toBeNull();
  });

  it('rejects probabilities outside [0, 1] with a clear message', () => {
    expect(() => quantile7([1, 2], 1.5)).toThrow(/between 0 and 1/);
    expect(() => quantile7([1, 2], NaN)).toThrow(/between 0 and 1/);
  });
});

describe('simple statistics', () => {
  it('median averages the two middle values for an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5, 1, 3])).toBe(3);
  });

  it("mad is R's 1.4826 * median(|x - median(x)|)", () => {
    // |x - 3| for 1..6 (median 3.5): 2.5 1.5 .5 .5 1.5 2.5 -> median 1.5
    expect(madSorted(sortedCopy([6, 1, 2, 3, 4, 5]))).toBeCloseTo(1.4826 * 1.5, 14);
    expect(madSorted(sortedCopy([1, 2, 2, 2, 9]))).toBe(0);
  });

  it('mean and sd (n - 1) match hand values', () => {
    const x = Float64Array.from([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(mean(x)).toBe(5);
    expect(sd(x)).toBeCloseTo(Math.sqrt(32 / 7), 14);
  });
});

describe('mean with infinite draws', () => {
  it('is infinite as in R, not NaN', () => {
    expect(mean(Float64Array.from([1, Infinity, 2]))).toBe(Infinity);
    expect(mean(Float64Array.from([-Infinity, Infinity]))).toBeNaN();
  });
});

describe('mad of no draws', () => {
  it('is NaN rather than looping', () => {
    expect(madSorted(new Float64Array(0))).toBeNaN();
  });
});
