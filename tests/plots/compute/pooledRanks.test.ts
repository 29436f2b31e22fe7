import { describe, expect, it } from 'vitest';
import { pooledRanks } from '../../../src/plots/compute/pooledRanks';

const ch = (xs: number[]) => ({ values: Float64Array.from(xs), count: xs.length });

describe('pooledRanks', () => {
  it('pooledRanks ranks each draw among all chains pooled, 1 for the smallest', () => {
    const r = pooledRanks([ch([10, 30]), ch([20, 5])]);
    expect(Array.from(r[0])).toEqual([2, 4]);
    expect(Array.from(r[1])).toEqual([3, 1]);
  });
  it('pooledRanks gives tied draws their average rank (R ties.method = "average")', () => {
    const r = pooledRanks([ch([1, 2, 2]), ch([2, 3])]);
    expect(Array.from(r[0])).toEqual([1, 3, 3]);
    expect(Array.from(r[1])).toEqual([3, 5]);
  });
  it('pooledRanks skips the warmup entries of every chain and ignores spare capacity', () => {
    const r = pooledRanks([{ values: Float64Array.from([99, 1, 2, 0]), count: 3 }, ch([-99, 0.5])], 1);
    expect(Array.from(r[0])).toEqual([2, 3]);
    expect(Array.from(r[1])).toEqual([1]);
  });
  it('pooledRanks ranks every value 1..N exactly once when there are no ties', () => {
    const a = Float64Array.from({ length: 50 }, (_, i) => Math.sin(i + 1));
    const b = Float64Array.from({ length: 50 }, (_, i) => Math.cos(i + 1));
    const r = pooledRanks([{ values: a, count: 50 }, { values: b, count: 50 }]);
    const all = [...r[0], ...r[1]].sort((x, y) => x - y);
    expect(all).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });
  it('pooledRanks rejects NaN draws with their chain and iteration', () => {
    expect(() => pooledRanks([ch([1]), ch([2, NaN])])).toThrow(/chain 2 draw 2 is NaN/);
  });
});
