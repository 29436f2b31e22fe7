import { describe, expect, it } from 'vitest';
import { splitChains, type ChainMatrix } from '../../../src/core/diagnostics';

const matrix = (chains: number[][]): ChainMatrix => ({
  values: Float64Array.from(chains.flat()),
  chains: chains.length,
  iterations: chains[0].length,
});

describe('splitChains', () => {
  it('cuts every chain into its first and second half, so M chains become 2M', () => {
    const s = splitChains(matrix([[1, 2, 3, 4], [5, 6, 7, 8]]));
    expect(s.chains).toBe(4);
    expect(s.iterations).toBe(2);
    expect(Array.from(s.values)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('drops the middle draw of an odd-length chain', () => {
    const s = splitChains(matrix([[1, 2, 3, 4, 5], [6, 7, 8, 9, 10]]));
    expect(s.chains).toBe(4);
    expect(s.iterations).toBe(2);
    expect(Array.from(s.values)).toEqual([1, 2, 4, 5, 6, 7, 9, 10]);
  });

  it('leaves a chain of one draw unsplit, as posterior does', () => {
    const s = splitChains(matrix([[1], [2], [3]]));
    expect(s.chains).toBe(3);
    expect(s.iterations).toBe(1);
  });

  it('splits chains of three draws into halves of one draw', () => {
    const s = splitChains(matrix([[1, 2, 3]]));
    expect(Array.from(s.values)).toEqual([1, 3]);
    expect(s.chains).toBe(2);
  });
});
