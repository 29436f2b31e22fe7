// A text column's level order (an ordinal response's categories, DataColumn.levels) in session
// files: saved, reopened in the same order, a repeated level refused with a message naming the field.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type DataTable } from '../../src/core/types';
import { SessionFileError, readSession, sessionParts } from '../../src/app/workspace/session';
import { tamper } from './sessionTamper';
import { table } from '../core/design/csvTable';

const ORDER = ['no', 'perhaps', 'yes'];

async function saved(t: DataTable): Promise<Uint8Array> {
  const parts = await sessionParts({
    table: t, model: { formula: 'answer ~ x', family: 'cumulative', priors: [] },
    settings: { ...DEFAULT_SETTINGS, chains: 2 }, store: null, progress: [], nObs: 0, wallSeconds: 0, status: 'done',
  });
  return new Uint8Array(await new Blob(parts as BlobPart[]).arrayBuffer());
}

describe('level orders in sessions', () => {
  const t = table({ answer: ['no', 'yes', 'perhaps', 'no'], x: [1, 2, 3, 4] });
  const ordered: DataTable = { ...t, columns: t.columns.map((c) => (c.name === 'answer' ? { ...c, levels: ORDER } : c)) };

  it('reopen with the order set, and without one when none was set', async () => {
    expect((await readSession(await saved(ordered))).table.columns[0].levels).toEqual(ORDER);
    expect('levels' in (await readSession(await saved(t))).table.columns[0]).toBe(false);
  });

  it('a repeated level is refused, naming the field', async () => {
    const bytes = tamper(await saved(ordered), (h) => { (h as { data: { columns: Record<string, unknown>[] } }).data.columns[0].levels = ['no', 'no', 'yes']; });
    const err = await readSession(bytes).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(SessionFileError);
    expect((err as Error).message).toContain('data.columns[0].levels[1]');
  });
});
