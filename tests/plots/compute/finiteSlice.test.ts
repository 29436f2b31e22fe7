import { describe, expect, it } from 'vitest';
import { finiteSlice } from '../../../src/plots/compute/finiteSlice';

describe('finiteSlice', () => {
  it('finiteSlice copies the finite values of the range and counts the dropped ones', () => {
    const r = finiteSlice(Float64Array.from([9, 1, NaN, 2, Infinity, 9]), 1, 5);
    expect(Array.from(r.values)).toEqual([1, 2]);
    expect(r.dropped).toBe(2);
  });
  it('finiteSlice returns a copy, not a view', () => {
    const x = Float64Array.from([1, 2]);
    const r = finiteSlice(x);
    r.values[0] = 5;
    expect(x[0]).toBe(1);
  });
});
