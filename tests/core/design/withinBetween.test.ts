// The within/between split (design/withinBetween.ts): group means over present x, deviations,
// missing groups, one-row groups, text and numeric group ids, names, removal and the session check.
import { describe, expect, it } from 'vitest';
import { DerivedColumnError, ROWS_PER_STEP, derivedMismatch, splitWithinBetweenAsync, derivedNames, groupKeys, meanR, nameStem, splitWithinBetween, withSplit, withoutDerived } from '../../../src/core/design/withinBetween';
import { withFactorRole } from '../../../src/core/io/tableTyping';
import { table } from './csvTable';
import { rawCellAt } from '../../../src/core/io/rawCells';

const values = (c: { numeric: Float64Array | null; missing: Uint8Array }) => Array.from(c.numeric!, (v, i) => (c.missing[i] ? null : v));

describe('splitWithinBetween', () => {
  it('group means over the rows where x is present; x_within = x - x_between; x missing leaves the mean', () => {
    const t = table({ x: [1, 3, 'NA', 10, 20, 60], g: ['a', 'a', 'a', 'b', 'b', 'b'] });
    const s = splitWithinBetween(t, 'x', 'g');
    expect(s.between.name).toBe('x_between');
    expect(s.within.name).toBe('x_within');
    expect(values(s.between)).toEqual([2, 2, 2, 30, 30, 30]);
    expect(values(s.within)).toEqual([-1, 1, null, -20, -10, 30]);
    expect(s.between.nMissing).toBe(0);
    expect(s.within.nMissing).toBe(1);
    expect(rawCellAt(s.within.raw, 2)).toBe('');
    expect(s.between.derived).toEqual({ kind: 'between', source: 'x', group: 'g', partner: 'x_within' });
    expect(s.within.derived).toEqual({ kind: 'within', source: 'x', group: 'g', partner: 'x_between' });
    expect(s.between.asFactor).toBe(false);
    expect(s.notes).toEqual([]);
  });

  it('a row without a group has neither column; a group with no present x has no mean', () => {
    const t = table({ x: [1, 2, 5, 'NA', 'NA', 7], g: ['a', 'a', '', 'c', 'c', 'd'] });
    const s = splitWithinBetween(t, 'x', 'g');
    expect(values(s.between)).toEqual([1.5, 1.5, null, null, null, 7]);
    expect(values(s.within)).toEqual([-0.5, 0.5, null, null, null, 0]);
    expect(s.notes.join(' ')).toContain('1 rows have no g');
    expect(s.notes.join(' ')).toContain('1 of 3 groups of g have one row: x_within is 0 there.');
  });

  it('numeric group ids are grouped by value as factor() labels them, factor-typed or not', () => {
    const t = table({ x: [1, 2, 3, 4], id: ['1', '1.0', '2', '2'] });
    expect(groupKeys(t.columns[1])).toEqual(['1', '1', '2', '2']);
    const s = splitWithinBetween(t, 'x', 'id');
    expect(values(s.between)).toEqual([1.5, 1.5, 3.5, 3.5]);
    const asFactor = { ...t, columns: [t.columns[0], withFactorRole(t.columns[1], true)] };
    expect(values(splitWithinBetween(asFactor, 'x', 'id').between)).toEqual([1.5, 1.5, 3.5, 3.5]);
  });

  it('text groups are grouped by their labels (case matters, as in R)', () => {
    const t = table({ x: [1, 2, 3, 5], state: ['KS', 'ks', 'KS', 'NY'] });
    expect(values(splitWithinBetween(t, 'x', 'state').between)).toEqual([2, 2, 2, 5]);
  });

  it('the mean is R\'s two-pass mean: exact where a plain sum is not', () => {
    // 0.1 + 0.2 + 0.3 summed left to right is 0.6000000000000001; the mean R prints is 0.2.
    expect(meanR([0.1, 0.2, 0.3])).toBe(0.2);
    expect(meanR([1e16, 1, -1e16])).toBeCloseTo(1 / 3, 15);
  });

  it('derived columns are typed as numbers: integer when every value is whole', () => {
    const t = table({ x: [1, 3, 10, 30], g: [1, 1, 2, 2] });
    const s = splitWithinBetween(t, 'x', 'g');
    expect(s.between.type).toBe('binary');
    expect(s.within.type).toBe('integer'); // -1, 1, -10, 10
    const t2 = table({ x: [1, 3, 10, 30, 5, 5], g: [1, 1, 2, 2, 3, 4] });
    expect(splitWithinBetween(t2, 'x', 'g').between.type).toBe('integer');
    expect(splitWithinBetween(table({ x: [1, 2, 4], g: [1, 1, 1] }), 'x', 'g').between.type).toBe('numeric');
  });

  it('refuses text, factor, derived and self choices with a message saying what to pick', () => {
    const t = table({ x: [1, 2, 3], name: ['a', 'b', 'c'], g: [1, 1, 2], e: ['NA', 'NA', 'NA'] });
    expect(() => splitWithinBetween(t, 'name', 'g')).toThrow(/'name' is a text column: only a numeric column/);
    const f = { ...t, columns: t.columns.map((c) => (c.name === 'x' ? withFactorRole(c, true) : c)) };
    expect(() => splitWithinBetween(f, 'x', 'g')).toThrow(/'x' is used as a factor/);
    expect(() => splitWithinBetween(t, 'x', 'x')).toThrow(/other than 'x'/);
    expect(() => splitWithinBetween(t, 'x', 'nope')).toThrow(DerivedColumnError);
    expect(() => splitWithinBetween(t, 'x', 'e')).toThrow(/'e' has no values/);
    const d = withSplit(t, splitWithinBetween(t, 'x', 'g'));
    expect(() => splitWithinBetween(d, 'x_within', 'g')).toThrow(/derived column/);
    expect(() => splitWithinBetween(d, 'x', 'x_between')).toThrow(/derived column/);
  });
});

describe('names', () => {
  it('brms-friendly stems: no spaces, no double underscore, a letter first', () => {
    expect(nameStem('income')).toBe('income');
    expect(nameStem('log income ($)')).toBe('log_income');
    expect(nameStem('a__b')).toBe('a_b');
    expect(nameStem('2020')).toBe('X2020');
    expect(nameStem('x.1')).toBe('x.1');
  });

  it('suffixes _2, _3 when a name is taken, and says so', () => {
    const t = table({ x: [1, 2, 3], g: [1, 1, 2], x_within: [0, 0, 0] });
    expect(derivedNames(t, 'x')).toEqual({ between: 'x_between_2', within: 'x_within_2', suffixed: true });
    const s = splitWithinBetween(t, 'x', 'g');
    expect(s.notes[0]).toContain('so the new columns are x_between_2 and x_within_2');
    const t2 = withSplit(t, s);
    expect(derivedNames(t2, 'x').between).toBe('x_between_3');
  });
});

describe('withoutDerived / derivedMismatch', () => {
  it('removes the pair together and leaves file columns alone', () => {
    const t = table({ x: [1, 2, 3], g: [1, 1, 2] });
    const d = withSplit(t, splitWithinBetween(t, 'x', 'g'));
    expect(d.columns.map((c) => c.name)).toEqual(['x', 'g', 'x_between', 'x_within']);
    expect(withoutDerived(d, 'x_within').columns.map((c) => c.name)).toEqual(['x', 'g']);
    expect(withoutDerived(d, 'x')).toBe(d);
  });

  it('accepts a table whose derived columns are what their recipe makes, and names the first that is not', () => {
    const t = table({ x: [1, 2, 3, 'NA'], g: [1, 1, 2, 2] });
    const d = withSplit(t, splitWithinBetween(t, 'x', 'g'));
    expect(derivedMismatch(d)).toBeNull();
    const edited = { ...d, columns: d.columns.map((c) => (c.name === 'x_between' ? { ...c, numeric: Float64Array.from([1.5, 1.5, 3, 3.5]) } : c)) };
    expect(derivedMismatch(edited)).toBe("'x_between' row 4 is not the group mean of 'x' by 'g'");
    const orphan = { ...d, columns: d.columns.filter((c) => c.name !== 'x_within') };
    expect(derivedMismatch(orphan)).toContain('partner');
    const noSource = { ...d, columns: d.columns.filter((c) => c.name !== 'x') };
    expect(derivedMismatch(noSource)).toContain("cannot be made again: 'x' and 'g' must be");
    // x set to a factor after the split: the derived columns still hold its numbers' means
    const later = { ...d, columns: d.columns.map((c) => (c.name === 'x' ? withFactorRole(c, true) : c)) };
    expect(derivedMismatch(later)).toBeNull();
  });
});

describe('splitWithinBetweenAsync', () => {
  const n = 5 * ROWS_PER_STEP + 17;
  const big = table({ x: Array.from({ length: n }, (_, i) => Math.sin(i)), g: Array.from({ length: n }, (_, i) => i % 97) });

  it('gives the same columns as the synchronous split, pausing between slices', async () => {
    let pauses = 0;
    const a = await splitWithinBetweenAsync(big, 'x', 'g', { pause: async () => { pauses++; } });
    const s = splitWithinBetween(big, 'x', 'g');
    expect(Array.from(a.between.numeric!)).toEqual(Array.from(s.between.numeric!));
    expect(a.within.raw).toEqual(s.within.raw);
    // without a clock every step pauses: codes, counting, filling, then the two columns
    expect(pauses).toBeGreaterThanOrEqual(5 * 5);
  });

  it('with a clock, pauses only when a slice has used its budget', async () => {
    let t = 0;
    let pauses = 0;
    // each step "takes" 3 ms: a pause every 2 steps with the default 4 ms budget
    await splitWithinBetweenAsync(big, 'x', 'g', { pause: async () => { pauses++; }, now: () => (t += 3) });
    const steps = { value: 0 };
    await splitWithinBetweenAsync(big, 'x', 'g', { pause: async () => { steps.value++; } });
    expect(pauses).toBeGreaterThan(0);
    expect(pauses).toBeLessThan(steps.value);
  });

  it('rejects a bad choice with the same message', async () => {
    await expect(splitWithinBetweenAsync(big, 'x', 'x', { pause: async () => {} })).rejects.toThrow(/other than 'x'/);
  });
});
