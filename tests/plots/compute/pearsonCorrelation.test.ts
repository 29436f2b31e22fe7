import { describe, expect, it } from 'vitest';
import { pearsonCorrelation } from '../../../src/plots/compute/pearsonCorrelation';

describe('pearsonCorrelation', () => {
  it('pearsonCorrelation is 1 and -1 for exact linear relations', () => {
    expect(pearsonCorrelation([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 14);
    expect(pearsonCorrelation([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 14);
  });
  it('pearsonCorrelation matches a hand computation', () => {
    // x = 1..4, y = 1,3,2,4: deviations (-1.5,-.5,.5,1.5) and (-1.5,.5,-.5,1.5): sxy = 4, sxx = syy = 5 -> 0.8
    expect(pearsonCorrelation([1, 2, 3, 4], [1, 3, 2, 4])).toBeCloseTo(0.8, 14);
  });
  it('pearsonCorrelation uses only the first n pairs', () => {
    expect(pearsonCorrelation([1, 2, 3, 100], [1, 2, 3, -100], 3)).toBeCloseTo(1, 14);
  });
  it('pearsonCorrelation is NaN (undefined) for a constant variable and rejects bad input', () => {
    expect(pearsonCorrelation([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(() => pearsonCorrelation([1], [1])).toThrow(/at least 2/);
    expect(() => pearsonCorrelation([1, NaN], [1, 2])).toThrow(/non-finite/);
  });
});
