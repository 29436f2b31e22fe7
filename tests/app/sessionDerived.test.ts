// Derived columns (within/between split) in session files: saved with their recipe, reopened as
// derived, and an edited recipe or edited values refused with a message naming the field.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/core/types';
import type { DataTable } from '../../src/core/types';
import { SessionFileError, readSession, sessionParts } from '../../src/app/workspace/session';
import { splitWithinBetween, withSplit } from '../../src/core/design/withinBetween';
import { INTERNAL, tamper } from './sessionTamper';
import { table as smallTable } from '../core/design/csvTable';

function derivedTable(): DataTable {
  const t = smallTable({ y: [1, 2, 3, 4, 5, 6], x: [1, 2, 'NA', 10, 20, 60], g: ['a', 'a', 'a', 'b', 'b', ''] });
  return withSplit(t, splitWithinBetween(t, 'x', 'g'));
}

async function saved(t: DataTable): Promise<Uint8Array> {
  const parts = await sessionParts({
    table: t, model: { formula: 'y ~ x_within + x_between', family: 'gaussian', priors: [] },
    settings: { ...DEFAULT_SETTINGS, chains: 2 }, store: null, progress: [], nObs: 0, wallSeconds: 0, status: 'done',
  });
  return new Uint8Array(await new Blob(parts as BlobPart[]).arrayBuffer());
}

async function refused(bytes: Uint8Array, pattern: RegExp): Promise<void> {
  const err = await readSession(bytes).then(() => null, (e: unknown) => e);
  expect(err, 'the file opened').toBeInstanceOf(SessionFileError);
  expect((err as Error).message).toMatch(pattern);
  expect((err as Error).message).not.toMatch(INTERNAL);
  expect((err as Error).message.length).toBeLessThan(500);
}

type Header = { data: { columns: Record<string, any>[] } };
const col = (h: unknown, j: number) => (h as Header).data.columns[j];

describe('derived columns in sessions', () => {
  it('reopen as derived columns with their recipe and values', async () => {
    const t = derivedTable();
    const back = await readSession(await saved(t));
    expect(back.table.columns.map((c) => c.name)).toEqual(['y', 'x', 'g', 'x_between', 'x_within']);
    expect(back.table.columns[3].derived).toEqual({ kind: 'between', source: 'x', group: 'g', partner: 'x_within' });
    expect(back.table.columns[4].derived).toEqual({ kind: 'within', source: 'x', group: 'g', partner: 'x_between' });
    expect(back.table.columns[0].derived).toBeUndefined();
    expect(Array.from(back.table.columns[4].numeric!)).toEqual(Array.from(t.columns[4].numeric!));
    expect(Array.from(back.table.columns[4].missing)).toEqual([0, 0, 1, 0, 0, 1]);
  });

  it('an edited recipe is refused, naming the field', async () => {
    const good = await saved(derivedTable());
    await refused(tamper(good, (h) => { col(h, 3).derived.kind = 'median'; }), /data\.columns\[3\]\.derived\.kind must be one of "between", "within"/);
    await refused(tamper(good, (h) => { col(h, 3).derived.source = 'nope'; }), /data\.columns\[3\]\.derived\.source must name another column of the table/);
    await refused(tamper(good, (h) => { col(h, 4).derived.group = 'x_within'; }), /data\.columns\[4\]\.derived\.group must name another column/);
    await refused(tamper(good, (h) => { col(h, 3).derived = 'yes'; }), /data\.columns\[3\]\.derived must be an object/);
    await refused(tamper(good, (h) => { col(h, 3).derived.partner = 'y'; }), /data\.columns\[3\]\.derived must describe how the derived columns were made \(the file has 'x_between' names 'y' as its partner/);
  });

  it('a recipe that does not give the saved values (group switched) is refused', async () => {
    const good = await saved(derivedTable());
    await refused(tamper(good, (h) => { col(h, 3).derived.group = 'y'; col(h, 4).derived.group = 'y'; }), /'x_between' row 1 is not the group mean of 'x' by 'y'/);
  });
});
