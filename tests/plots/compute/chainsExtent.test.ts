import { describe, expect, it } from 'vitest';
import { chainsExtent } from '../../../src/plots/compute/chainsExtent';

const chain = (xs: number[], count = xs.length) => ({ values: Float64Array.from([...xs, 999, -999]), count });

describe('chainsExtent', () => {
  it('chainsExtent(chains) spans the filled entries of every chain, ignoring spare capacity', () => {
    expect(chainsExtent([chain([1, 5, 2]), chain([-3, 0])])).toEqual([-3, 5]);
  });
  it('chainsExtent(chains, start) skips each chain\'s first start entries (warmup)', () => {
    expect(chainsExtent([chain([100, 1, 2]), chain([-100, 3, 4])], 1)).toEqual([1, 4]);
  });
  it('chainsExtent ignores NaN and infinite draws', () => {
    expect(chainsExtent([chain([NaN, 2, Infinity, -1, -Infinity])])).toEqual([-1, 2]);
  });
  it('chainsExtent returns null when no finite draw exists', () => {
    expect(chainsExtent([chain([NaN])])).toBeNull();
    expect(chainsExtent([])).toBeNull();
    expect(chainsExtent([chain([1, 2])], 5)).toBeNull();
  });
  it('chainsExtent rejects a count larger than the array with a message naming the chain', () => {
    expect(() => chainsExtent([chain([1]), { values: new Float64Array(2), count: 3 }])).toThrow(/chain 2.*count 3 exceeds/);
  });
});
