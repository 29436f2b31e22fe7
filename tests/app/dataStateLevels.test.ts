// The data slice's level order of a text column (the data view's "order..." control).
import { describe, expect, it } from 'vitest';
import { dataReducer, initialDataState, type DataState } from '../../src/app/state/dataState';
import { table } from '../core/design/csvTable';

const base = table({ answer: ['no', 'yes', 'perhaps', 'no'], x: [1, 2, 3, 4] });
const loaded: DataState = dataReducer(initialDataState, { type: 'data/imported', table: base, source: { kind: 'file', fileName: 'd.csv', bytes: 1 }, messages: [], ms: null });

describe('data/setLevels', () => {
  it('sets the order on that column only, and null takes it away (R\'s sort order again)', () => {
    const a = dataReducer(loaded, { type: 'data/setLevels', column: 'answer', levels: ['no', 'perhaps', 'yes'] });
    expect(a.table!.columns[0].levels).toEqual(['no', 'perhaps', 'yes']);
    expect(a.table!.columns[1]).toBe(loaded.table!.columns[1]);
    const b = dataReducer(a, { type: 'data/setLevels', column: 'answer', levels: null });
    expect('levels' in b.table!.columns[0]).toBe(false);
  });
});
