import { describe, expect, it } from 'vitest';
import { ppcCounts } from '../../../src/plots/compute/ppcCounts';

describe('ppcCounts', () => {
  it('ppcCounts counts observed values over the union of values seen in y and yrep', () => {
    const r = ppcCounts(Float64Array.from([0, 1, 1, 3]), [Float64Array.from([0, 0, 2, 2])]);
    expect(Array.from(r.values)).toEqual([0, 1, 2, 3]);
    expect(Array.from(r.observed)).toEqual([1, 2, 0, 1]);
    expect(Array.from(r.median)).toEqual([2, 0, 2, 0]);
  });
  it('ppcCounts summarises replicated counts by median and a central interval', () => {
    // value 1 appears 0..10 times across 11 replications -> median 5, 90% interval [0.5, 9.5]
    const yrep = Array.from({ length: 11 }, (_, s) => Float64Array.from({ length: 10 }, (_, i) => (i < s ? 1 : 0)));
    const r = ppcCounts(Float64Array.from([1, 1, 0]), yrep);
    const one = Array.from(r.values).indexOf(1);
    expect(r.median[one]).toBe(5);
    expect(r.lo[one]).toBeCloseTo(0.5, 12);
    expect(r.hi[one]).toBeCloseTo(9.5, 12);
  });
  it('ppcCounts rejects non-integer outcomes, an empty yrep and a bad interval', () => {
    expect(() => ppcCounts(Float64Array.from([0.5]), [Float64Array.from([1])])).toThrow(/y\[0\] = 0.5 is not an integer/);
    expect(() => ppcCounts(Float64Array.from([1]), [Float64Array.from([1]), Float64Array.from([2, 0.1])])).toThrow(/yrep\[1\]\[1\]/);
    expect(() => ppcCounts(Float64Array.from([1]), [])).toThrow(/at least one replicated/);
    expect(() => ppcCounts(Float64Array.from([1]), [Float64Array.from([1])], 1)).toThrow(/interval/);
  });
});
