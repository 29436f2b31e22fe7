// The data slice's derived-column actions: appended once, removed with their partner, and gone
// with the table when another file is loaded.
import { describe, expect, it } from 'vitest';
import { dataReducer, initialDataState, type DataState } from '../../src/app/state/dataState';
import { splitWithinBetween } from '../../src/core/design/withinBetween';
import { table } from '../core/design/csvTable';
import { rawCellsFromStrings } from '../../src/core/io/rawCells';

const base = table({ y: [1, 2, 3, 4], x: [1, 2, 3, 5], g: ['a', 'a', 'b', 'b'] });
const loaded: DataState = dataReducer(initialDataState, { type: 'data/imported', table: base, source: { kind: 'file', fileName: 'd.csv', bytes: 1 }, messages: [], ms: null });

describe('data/addDerived and data/removeDerived', () => {
  it('appends the pair; the same names again change nothing', () => {
    const s = splitWithinBetween(base, 'x', 'g');
    const a = dataReducer(loaded, { type: 'data/addDerived', columns: [s.between, s.within] });
    expect(a.table!.columns.map((c) => c.name)).toEqual(['y', 'x', 'g', 'x_between', 'x_within']);
    expect(dataReducer(a, { type: 'data/addDerived', columns: [s.between, s.within] })).toBe(a);
  });
  it('refuses columns that are not derived or do not fit the table', () => {
    const s = splitWithinBetween(base, 'x', 'g');
    expect(dataReducer(loaded, { type: 'data/addDerived', columns: [{ ...s.between, derived: undefined }] })).toBe(loaded);
    expect(dataReducer(loaded, { type: 'data/addDerived', columns: [{ ...s.between, raw: rawCellsFromStrings(['1']) }] })).toBe(loaded);
  });
  it('a split computed from another table (a new file loaded meanwhile) is not added', () => {
    const s = splitWithinBetween(base, 'x', 'g');
    const other = table({ y: [1, 2, 3, 4], x: [9, 9, 9, 9], g: ['a', 'b', 'a', 'b'] });
    const now = dataReducer(loaded, { type: 'data/imported', table: other, source: { kind: 'file', fileName: 'e.csv', bytes: 1 }, messages: [], ms: null });
    expect(dataReducer(now, { type: 'data/addDerived', columns: [s.between, s.within], from: [base.columns[1], base.columns[2]] })).toBe(now);
    expect(dataReducer(loaded, { type: 'data/addDerived', columns: [s.between, s.within], from: [base.columns[1], base.columns[2]] }).table!.columns).toHaveLength(5);
  });
  it('removing either column removes both; file columns are not removable', () => {
    const s = splitWithinBetween(base, 'x', 'g');
    const a = dataReducer(loaded, { type: 'data/addDerived', columns: [s.between, s.within] });
    expect(dataReducer(a, { type: 'data/removeDerived', column: 'x_within' }).table!.columns.map((c) => c.name)).toEqual(['y', 'x', 'g']);
    expect(dataReducer(a, { type: 'data/removeDerived', column: 'x' })).toBe(a);
  });
});
