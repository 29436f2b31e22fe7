// Fits in IndexedDB (fake-indexeddb here, Chromium in tests/e2e/persist.spec.ts): listing without
// draws, exact round trip, shared tables, the size budget and its message, deletes, and writes
// that fail leaving nothing half-written.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_NAME, FitStorage, StoredFitError } from '../../../src/app/persist/fitStorage';
import { DEFAULT_BUDGET, formatBytes, storageBudget } from '../../../src/app/persist/budget';
import { CHUNK } from '../../../src/app/persist/binary';
import { rawCellsToArray } from '../../../src/core/io/rawCells';
import { loadCsv, table as smallTable } from '../../core/design/csvTable';
import { makeFit, sameFit } from './fixtures';

const sleep = loadCsv('sleepstudy.csv');
const MB = 2 ** 20;

/** Rows of a raw object store, through a second connection. */
async function count(factory: IDBFactory, store: string): Promise<number> {
  const db = await new Promise<IDBDatabase>((res, rej) => { const r = factory.open(DB_NAME); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
  const n = await new Promise<number>((res, rej) => { const r = db.transaction(store).objectStore(store).count(); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
  db.close();
  return n;
}

const realPut = IDBObjectStore.prototype.put;
afterEach(() => { IDBObjectStore.prototype.put = realPut; });

describe('fits in IndexedDB', () => {
  it('saves fits, lists them without their draws, and loads them back exactly; one copy of a shared table', async () => {
    const factory = new IDBFactory();
    const s = await FitStorage.open(factory);
    const a = makeFit('a');
    const b = makeFit('b', { nParams: 100, nWarmup: 0, nSampling: [Math.ceil(CHUNK / 100) + 9, 4], status: 'stopped', checkpoints: false });
    expect((await s.save(a, sleep, DEFAULT_BUDGET)).ok).toBe(true);
    expect((await s.save(b, sleep, DEFAULT_BUDGET)).ok).toBe(true);
    const list = await s.list();
    expect(list.map((f) => [f.id, f.name])).toEqual([['a', 'model a'], ['b', 'model b']]);
    expect(list[1].bytes).toBeGreaterThan((CHUNK + 900) * 8);
    expect(JSON.stringify(list).length).toBeLessThan(20_000);
    expect(await count(factory, 'tables')).toBe(1);
    const { entries, failed } = await s.loadAll();
    expect(failed).toEqual([]);
    expect(entries[0].fit).toEqual(a);
    expect(sameFit(entries[1].fit, b)).toBe(true);
    expect(entries[0].table).toBe(entries[1].table);
    expect(rawCellsToArray(entries[0].table.columns[2].raw)).toEqual(rawCellsToArray(sleep.columns[2].raw));
    s.close();
    // A new page (a reload) finds them.
    const again = await FitStorage.open(factory);
    expect(sameFit((await again.load('b')).fit, b)).toBe(true);
    again.close();
  });

  it('a fit over the budget is not stored, with its size, the budget and what to do', async () => {
    const factory = new IDBFactory();
    const s = await FitStorage.open(factory);
    const a = makeFit('a');
    const first = await s.save(a, sleep, DEFAULT_BUDGET);
    expect(first.ok).toBe(true);
    const used = (await s.usage()).bytes;
    const big = makeFit('big', { nParams: 200, nSampling: [500, 500] });
    const need = (await s.save(big, sleep, 0)).bytes;
    // Room for it alone, not with what is there.
    const budget = used + need - 1;
    const r = await s.save(big, sleep, budget);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toContain(`"model big" was not kept in this browser`);
    expect(r.message).toContain(`it takes ${formatBytes(need)} and the space for saved fits is ${formatBytes(budget)}`);
    expect(r.message).toContain(`(${formatBytes(used)} already used by 1 saved fit)`);
    expect(r.message).toMatch(/Delete older fits from the model list to make room, or save a session file/);
    expect(r.message.length).toBeLessThan(500);
    expect((await s.list()).map((f) => f.id)).toEqual(['a']);
    expect((await s.usage()).bytes).toBe(used);
    const whole = await s.save(big, sleep, 1000);
    expect(!whole.ok && whole.message).toMatch(/larger than the whole space, so deleting other fits will not help: save a session file/);
    s.close();
  });

  it('a write that fails part-way leaves nothing of the fit (and of its new table) behind', async () => {
    const factory = new IDBFactory();
    const s = await FitStorage.open(factory);
    await s.save(makeFit('a'), sleep, DEFAULT_BUDGET);
    const chunksBefore = await count(factory, 'chunks');
    let puts = 0;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'chunks' && ++puts === 3) {
        const e = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        this.transaction.abort();
        throw e;
      }
      return realPut.apply(this, args);
    } as IDBObjectStore['put'];
    const other = smallTable({ y: [1, 2, 3], g: ['a', 'b', 'a'] });
    const r = await s.save(makeFit('b', { nParams: 100, nWarmup: 0, nSampling: [Math.ceil(CHUNK / 100) + 1, 3] }), other, DEFAULT_BUDGET);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/could not be kept in this browser .*Nothing of it was stored/);
    IDBObjectStore.prototype.put = realPut;
    expect((await s.list()).map((f) => f.id)).toEqual(['a']);
    expect(await count(factory, 'chunks')).toBe(chunksBefore);
    expect(await count(factory, 'tables')).toBe(1);
    s.close();
  });

  it('deletes a fit with its draws, and its table once no fit uses it; renames without rewriting; saving again replaces', async () => {
    const factory = new IDBFactory();
    const s = await FitStorage.open(factory);
    const t = smallTable({ y: [1, 2, 3], g: ['a', 'b', 'a'] });
    await s.save(makeFit('a'), sleep, DEFAULT_BUDGET);
    await s.save(makeFit('b'), sleep, DEFAULT_BUDGET);
    await s.save(makeFit('c'), t, DEFAULT_BUDGET);
    expect(await count(factory, 'tables')).toBe(2);
    await s.delete('a');
    expect((await s.list()).map((f) => f.id)).toEqual(['b', 'c']);
    expect(await count(factory, 'tables')).toBe(2);
    await s.delete('b');
    expect(await count(factory, 'tables')).toBe(1);
    expect(await s.rename('c', 'random intercept')).toBe(true);
    expect((await s.load('c')).fit.name).toBe('random intercept');
    expect(await s.rename('nope', 'x')).toBe(false);
    const newer = makeFit('c', { nSampling: [5, 5], seed: 99 });
    await s.save(newer, t, DEFAULT_BUDGET);
    expect((await s.load('c')).fit).toEqual(newer);
    await s.delete('c');
    expect(await count(factory, 'chunks')).toBe(0);
    expect(await count(factory, 'tables')).toBe(0);
    s.close();
  });

  it('a saved fit that lost a chunk is reported, and the others still load', async () => {
    const factory = new IDBFactory();
    const s = await FitStorage.open(factory);
    await s.save(makeFit('a'), sleep, DEFAULT_BUDGET);
    await s.save(makeFit('b'), sleep, DEFAULT_BUDGET);
    const db = await new Promise<IDBDatabase>((res) => { const r = factory.open(DB_NAME); r.onsuccess = () => res(r.result); });
    await new Promise<void>((res) => { const tx = db.transaction('chunks', 'readwrite'); tx.objectStore('chunks').delete(['f:a', 1, 0]); tx.oncomplete = () => res(); });
    db.close();
    await expect(s.load('a')).rejects.toThrow(StoredFitError);
    await expect(s.load('a')).rejects.toThrow(/"model a" could not be restored: part of its draws is missing/);
    const { entries, failed } = await s.loadAll();
    expect(entries.map((e) => e.fit.id)).toEqual(['b']);
    expect(failed.map((f) => f.id)).toEqual(['a']);
    s.close();
  });
});

describe('the storage budget', () => {
  it('is min(500 MB, 60% of the quota), 500 MB without an estimate, or set by the URL or localStorage', async () => {
    expect(await storageBudget({ estimate: async () => ({ quota: 100 * MB }) })).toBe(Math.floor(60 * MB));
    expect(await storageBudget({ estimate: async () => ({ quota: 20_000 * MB }) })).toBe(500 * MB);
    expect(await storageBudget({ estimate: async () => { throw new Error('no'); } })).toBe(500 * MB);
    expect(await storageBudget({})).toBe(500 * MB);
    const local = { getItem: (k: string) => (k === 'mlstudio.storageBudget' ? '12345' : null) };
    expect(await storageBudget({ local, estimate: async () => ({ quota: 100 * MB }) })).toBe(12345);
    expect(await storageBudget({ search: '?storageBudget=777', local })).toBe(777);
    expect(await storageBudget({ search: '?storageBudget=lots', local })).toBe(12345);
  });
});
