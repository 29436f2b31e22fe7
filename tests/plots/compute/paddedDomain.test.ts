import { describe, expect, it } from 'vitest';
import { paddedDomain } from '../../../src/plots/compute/paddedDomain';

describe('paddedDomain', () => {
  it('paddedDomain(lo, hi) adds 5% of the range on each side', () => {
    expect(paddedDomain(0, 10)).toEqual([-0.5, 10.5]);
    expect(paddedDomain(-2, 2, 0.25)).toEqual([-3, 3]);
  });
  it('paddedDomain widens a constant by 10% of its magnitude, or by 1 at zero', () => {
    expect(paddedDomain(5, 5)).toEqual([4.5, 5.5]);
    expect(paddedDomain(-20, -20)).toEqual([-22, -18]);
    expect(paddedDomain(0, 0)).toEqual([-1, 1]);
  });
  it('paddedDomain rejects non-finite and reversed bounds', () => {
    expect(() => paddedDomain(NaN, 1)).toThrow(/finite/);
    expect(() => paddedDomain(2, 1)).toThrow(/above upper bound/);
  });
});
