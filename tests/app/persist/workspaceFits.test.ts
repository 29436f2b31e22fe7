// The workspace's fit records as they are kept (persist/workspaceFits.ts): what is kept, and a
// record rebuilt from it with the same model, settings, status, timing and draws; a finished fit
// with every chain's state comes back with a finished ChainRun, so Sample more continues it.
import { describe, expect, it } from 'vitest';
import { fitStore, makeFit as makeWorkspaceFit } from '../../../src/app/workspace/fit';
import { fitVersion, keepable, persistedOf, workspaceFitOf } from '../../../src/app/persist/workspaceFits';
import { drawStoreOf, progressOf } from '../../../src/app/persist/drawStores';
import { loadCsv } from '../../core/design/csvTable';
import { makeFit } from './fixtures';

const sleep = loadCsv('sleepstudy.csv');

async function recordOf(status: 'done' | 'stopped') {
  const p = makeFit('k', { status, nObs: 180 });
  const store = await drawStoreOf(p);
  return makeWorkspaceFit({
    id: 1, name: 'random slope', source: 'run', spec: { formula: p.model.formula, family: p.model.family, priors: p.model.priors },
    settings: p.settings, table: sleep, status, wallSeconds: 3.5, stopReason: status === 'stopped' ? 'Stopped by the user' : null,
    restored: { store, progress: progressOf(p), nObs: 180 },
    data: { name: sleep.name, nRows: sleep.nRows, nObs: 180, dropped: ['Dropped 2 rows'] },
  });
}

describe('workspace fits kept and rebuilt', () => {
  it('a finished or stopped fit is kept with its model, settings, timing and exact draws, and rebuilt as it was', async () => {
    for (const status of ['done', 'stopped'] as const) {
      const f = await recordOf(status);
      expect(keepable(f)).toBe(true);
      const p = persistedOf(f, 'key-1')!;
      expect(p).toMatchObject({ id: 'key-1', name: 'random slope', status, wallSeconds: 3.5, nObs: 180, dropped: ['Dropped 2 rows'] });
      const back = await workspaceFitOf(p, sleep, 7);
      expect(back).toMatchObject({ id: 7, name: 'random slope', status, wallSeconds: 3.5, stopReason: f.stopReason, source: 'session' });
      expect(back.spec).toEqual(f.spec);
      expect(back.settings).toEqual(f.settings);
      expect(back.data).toEqual(f.data);
      expect(back.createdAt).toBe(f.createdAt);
      const a = fitStore(f)!, b = fitStore(back)!;
      for (let c = 1; c <= a.nChains; c++) expect(Buffer.from(b.chain(c).draws.slice().buffer).equals(Buffer.from(a.chain(c).draws.slice().buffer))).toBe(true);
      expect(fitVersion(back)).toBe(fitVersion(f));
    }
  });

  it('a finished fit with every chain\'s state comes back with a finished ChainRun, and keeps the states', async () => {
    const p = makeFit('r', { status: 'done', nObs: 180 });
    const back = await workspaceFitOf(p, sleep, 9);
    expect(back.run).not.toBeNull();
    expect(back.run!.status).toBe('done');
    expect(back.run!.checkpoints).toEqual(p.chains.map((c) => c.checkpoint));
    expect(persistedOf(back, 'r')!.chains.map((c) => c.checkpoint)).toEqual(p.chains.map((c) => c.checkpoint));
    const stopped = await workspaceFitOf({ ...p, status: 'stopped' }, sleep, 10);
    expect(stopped.run).toBeNull();
    expect(stopped.restored).not.toBeNull();
  });

  it('running, failed and opened fits are not kept', async () => {
    const f = await recordOf('done');
    expect(keepable({ ...f, status: 'running' })).toBe(false);
    expect(keepable({ ...f, status: 'failed' })).toBe(false);
    expect(keepable({ ...f, external: { format: 'draws-csv', files: ['d.csv'], meta: [], statsPresent: [] } })).toBe(false);
    expect(persistedOf({ ...f, status: 'running' }, 'x')).toBeNull();
  });
});
