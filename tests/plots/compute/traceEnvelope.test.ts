import { describe, expect, it } from 'vitest';
import { traceEnvelope } from '../../../src/plots/compute/traceEnvelope';

describe('traceEnvelope', () => {
  it('traceEnvelope keeps every index when the series fits in 4 points per bucket', () => {
    expect(Array.from(traceEnvelope(new Float64Array(12), 2, 10, 2))).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
  });
  it('traceEnvelope keeps each bucket\'s first, last, minimum and maximum, ascending', () => {
    const x = Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i * 0.37) * (1 + (i % 7)));
    const idx = traceEnvelope(x, 0, 1000, 10);
    expect(idx.length).toBeLessThanOrEqual(40);
    for (let i = 1; i < idx.length; i++) expect(idx[i]).toBeGreaterThan(idx[i - 1]);
    for (let b = 0; b < 10; b++) {
      const lo = b * 100;
      const hi = lo + 100;
      const inBucket = Array.from(idx).filter((i) => i >= lo && i < hi);
      const vals = Array.from(x.subarray(lo, hi));
      expect(inBucket).toContain(lo);
      expect(inBucket).toContain(hi - 1);
      expect(Math.min(...inBucket.map((i) => x[i]))).toBe(Math.min(...vals));
      expect(Math.max(...inBucket.map((i) => x[i]))).toBe(Math.max(...vals));
    }
  });
  it('traceEnvelope preserves the global extent of a huge series', () => {
    const n = 200_000;
    const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 1.1) + (i === 123_457 ? 50 : 0));
    const idx = traceEnvelope(x, 0, n, 500);
    expect(Array.from(idx).reduce((m, i) => Math.max(m, x[i]), -Infinity)).toBe(x.reduce((m, v) => Math.max(m, v), -Infinity));
    expect(idx[0]).toBe(0);
    expect(idx[idx.length - 1]).toBe(n - 1);
  });
  it('traceEnvelope rejects a range beyond the array and non-positive buckets', () => {
    expect(() => traceEnvelope(new Float64Array(3), 0, 4, 2)).toThrow(/exceeds the array length/);
    expect(() => traceEnvelope(new Float64Array(3), 0, 3, 0)).toThrow(/buckets/);
  });
});
