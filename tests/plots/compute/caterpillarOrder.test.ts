import { describe, expect, it } from 'vitest';
import { caterpillarOrder } from '../../../src/plots/compute/caterpillarOrder';

const row = (label: string, mean: number) => ({ label, mean, lo90: mean - 2, lo50: mean - 1, hi50: mean + 1, hi90: mean + 2 });

describe('caterpillarOrder', () => {
  it('caterpillarOrder sorts rows by ascending mean', () => {
    expect(Array.from(caterpillarOrder([row('a', 3), row('b', -1), row('c', 2)]))).toEqual([1, 2, 0]);
  });
  it('caterpillarOrder sorts descending on request and breaks ties by label', () => {
    expect(Array.from(caterpillarOrder([row('b', 1), row('a', 1), row('c', 5)], true))).toEqual([2, 1, 0]);
    expect(Array.from(caterpillarOrder([row('b', 1), row('a', 1)]))).toEqual([1, 0]);
  });
  it('caterpillarOrder rejects non-finite fields and intervals that do not nest, naming the row', () => {
    expect(() => caterpillarOrder([row('a', 0), { ...row('ANOKA', 0), hi90: NaN }])).toThrow(/row 2 \('ANOKA'\): hi90 is NaN/);
    expect(() => caterpillarOrder([{ ...row('x', 0), lo50: -3 }])).toThrow(/must nest/);
  });
  it('caterpillarOrder of no rows is empty', () => {
    expect(caterpillarOrder([]).length).toBe(0);
  });
});
