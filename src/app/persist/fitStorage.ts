// Fits kept in IndexedDB, so nothing is lost on reload. Three object stores:
//   fits    one row per fit: its record's metadata (fitCodec.ts), array specs, size, table id
//   tables  one row per data table (tableCodec.ts), shared by the fits that used it
//   chunks  the arrays' bytes, key [owner, array, chunk], each at most CHUNK values (512 KB)
// so listing the fits reads metadata only. A fit and its new table are written in one
// transaction, one chunk per request (each issued when the previous one succeeds, so the page
// never copies more than a chunk in one task); if any request fails the transaction aborts and
// nothing of the fit is stored. Before writing, the fit's size is checked against the budget
// (budget.ts): a fit that does not fit is not written, with a message saying its size, the
// budget and what to do.
import type { DataTable } from '../../core/types';
import { SessionFileError } from '../workspace/sessionSchema';
import { CHUNK, WIDTH, allocate, bytesOf, chunkBytes, chunkCount, recordBytes, type BlobArray, type BlobSpec, type EncodedRecord } from './binary';
import { checkFitRecord, decodeFit, encodeFit, type PersistedFit } from './fitCodec';
import { checkTable, decodeTable, encodeTable } from './tableCodec';
import { tooBigMessage, writeFailedMessage } from './budget';
import type { SessionEntry } from './sessionFile';

export const DB_NAME = 'multilevel-studio';
const DB_VERSION = 1;

interface FitRow { id: string; table: string; meta: Record<string, unknown>; blobs: BlobSpec[]; bytes: number; savedAt: string }
interface TableRow { id: string; meta: Record<string, unknown>; blobs: BlobSpec[]; bytes: number }

/** A saved fit as the list shows it, without its draws. */
export interface StoredFitInfo { id: string; name: string; bytes: number; savedAt: string; table: string; meta: Record<string, unknown> }

export type SaveResult = { ok: true; bytes: number } | { ok: false; bytes: number; message: string };

/** A saved fit that cannot be restored. */
export class StoredFitError extends Error {
  constructor(message: string, readonly id: string) { super(message); this.name = 'StoredFitError'; }
}

const req = <T>(r: IDBRequest<T>) => new Promise<T>((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
const done = (tx: IDBTransaction) => new Promise<void>((resolve, reject) => {
  tx.oncomplete = () => resolve();
  tx.onerror = () => reject(tx.error);
  tx.onabort = () => reject(tx.error ?? new Error('the write was aborted'));
});
const owner = (kind: 'f' | 't', id: string) => `${kind}:${id}`;
const ownerRange = (o: string) => IDBKeyRange.bound([o], [o, []]);

/** Puts every chunk of `records` one request after another, each issued when the previous succeeded. */
function putChunks(store: IDBObjectStore, records: { owner: string; arrays: BlobArray[] }[]): void {
  function* puts(): Generator<[IDBValidKey, ArrayBuffer]> {
    for (const r of records) {
      for (const [b, a] of r.arrays.entries()) {
        for (let k = 0; k < chunkCount(a.length); k++) yield [[r.owner, b, k], chunkBytes(a, k).buffer];
      }
    }
  }
  const it = puts();
  const next = () => {
    const n = it.next();
    if (n.done) return;
    store.put(n.value[1], n.value[0]).onsuccess = next;
  };
  next();
}

/** Reads every chunk of `owner` into arrays of `blobs`; false when one is missing. */
async function readChunks(store: IDBObjectStore, o: string, blobs: BlobSpec[]): Promise<BlobArray[] | null> {
  // Allocated as their first chunk arrives: all of a fit's arrays at once would be one long task.
  const arrays: (BlobArray | null)[] = blobs.map(() => null);
  const seen = blobs.map(() => 0);
  await new Promise<void>((resolve, reject) => {
    const cursor = store.openCursor(ownerRange(o));
    cursor.onerror = () => reject(cursor.error);
    cursor.onsuccess = () => {
      const c = cursor.result;
      if (!c) { resolve(); return; }
      const [, b, k] = c.key as [string, number, number];
      const value = new Uint8Array(c.value as ArrayBuffer);
      const spec = blobs[b];
      if (spec) {
        const out = arrays[b] ?? (arrays[b] = allocate(spec.type, spec.length));
        const at = k * CHUNK * WIDTH[spec.type];
        if (at + value.length <= out.byteLength) { bytesOf(out).set(value, at); seen[b]++; }
      }
      c.continue();
    };
  });
  if (!blobs.every((b, i) => seen[i] === chunkCount(b.length))) return null;
  return arrays.map((a, i) => a ?? allocate(blobs[i].type, blobs[i].length));
}

export class FitStorage {
  private constructor(private readonly db: IDBDatabase) {}

  /** Opens (and on first use creates) the database. `factory`: indexedDB, or a test's. */
  static async open(factory: IDBFactory = indexedDB, name = DB_NAME): Promise<FitStorage> {
    const r = factory.open(name, DB_VERSION);
    r.onupgradeneeded = () => {
      const db = r.result;
      db.createObjectStore('fits', { keyPath: 'id' }).createIndex('table', 'table');
      db.createObjectStore('tables', { keyPath: 'id' });
      db.createObjectStore('chunks');
    };
    return new FitStorage(await req(r));
  }

  close(): void { this.db.close(); }

  /** Every saved fit's metadata (no draws), oldest first. */
  async list(): Promise<StoredFitInfo[]> {
    const rows = await req(this.db.transaction('fits').objectStore('fits').getAll()) as FitRow[];
    return rows.map((r) => ({ id: r.id, name: String(r.meta.name ?? ''), bytes: r.bytes, savedAt: r.savedAt, table: r.table, meta: r.meta }))
      .sort((a, b) => (a.savedAt < b.savedAt ? -1 : a.savedAt > b.savedAt ? 1 : 0));
  }

  /** Bytes the saved fits and their tables take. */
  async usage(): Promise<{ bytes: number; fits: FitRow[]; tables: TableRow[] }> {
    const tx = this.db.transaction(['fits', 'tables']);
    const [fits, tables] = await Promise.all([req(tx.objectStore('fits').getAll()), req(tx.objectStore('tables').getAll())]) as [FitRow[], TableRow[]];
    return { bytes: [...fits, ...tables].reduce((s, r) => s + r.bytes, 0), fits, tables };
  }

  /**
   * Saves (or replaces) a fit and, when not stored yet, its data table, if they fit in `budget`
   * bytes with everything already saved. Never throws: a refusal is a message for the user.
   */
  async save(fit: PersistedFit, table: DataTable, budget: number): Promise<SaveResult> {
    const t = await encodeTable(table);
    const f = encodeFit(fit, { table: t.id, name: table.name, nRows: table.nRows });
    const fitBytes = recordBytes(f);
    const tableBytes = recordBytes(t);
    const { fits, tables } = await this.usage();
    const old = fits.find((r) => r.id === fit.id);
    const others = fits.filter((r) => r.id !== fit.id);
    const tableKept = tables.some((r) => r.id === t.id && (r.id !== old?.table || others.some((o) => o.table === r.id)));
    const used = others.reduce((s, r) => s + r.bytes, 0) + tables.filter((r) => others.some((o) => o.table === r.id)).reduce((s, r) => s + r.bytes, 0);
    const need = fitBytes + (tableKept ? 0 : tableBytes);
    if (used + need > budget) return { ok: false, bytes: need, message: tooBigMessage({ name: fit.name, bytes: need, budget, used, others: others.length }) };
    try {
      await this.write(fit.id, f, fitBytes, t, tableBytes, old ?? null);
    } catch (err) {
      const reason = err instanceof Error ? (err.name === 'QuotaExceededError' ? 'its storage quota is full' : err.message || err.name) : String(err);
      return { ok: false, bytes: need, message: writeFailedMessage(fit.name, need, reason) };
    }
    return { ok: true, bytes: need };
  }

  private async write(id: string, f: EncodedRecord, fitBytes: number, t: EncodedRecord & { id: string }, tableBytes: number, old: FitRow | null): Promise<void> {
    const tx = this.db.transaction(['fits', 'tables', 'chunks'], 'readwrite');
    const finished = done(tx);
    const chunks = tx.objectStore('chunks');
    const tablesStore = tx.objectStore('tables');
    if (old) chunks.delete(ownerRange(owner('f', id)));
    const tableRow = await req(tablesStore.get(t.id)) as TableRow | undefined;
    const records = [{ owner: owner('f', id), arrays: f.arrays }];
    if (!tableRow) {
      chunks.delete(ownerRange(owner('t', t.id)));
      records.unshift({ owner: owner('t', t.id), arrays: t.arrays });
      tablesStore.put({ id: t.id, meta: t.meta, blobs: t.blobs, bytes: tableBytes } satisfies TableRow);
    }
    putChunks(chunks, records);
    tx.objectStore('fits').put({ id, table: t.id, meta: f.meta, blobs: f.blobs, bytes: fitBytes, savedAt: new Date().toISOString() } satisfies FitRow);
    await finished;
    if (old && old.table !== t.id) await this.dropTableIfUnused(old.table);
  }

  private async dropTableIfUnused(tableId: string): Promise<void> {
    const tx = this.db.transaction(['fits', 'tables', 'chunks'], 'readwrite');
    const finished = done(tx);
    const users = await req(tx.objectStore('fits').index('table').count(tableId));
    if (users === 0) {
      tx.objectStore('tables').delete(tableId);
      tx.objectStore('chunks').delete(ownerRange(owner('t', tableId)));
    }
    await finished;
  }

  /** A new name for a saved fit (its draws are not rewritten); false when it is not saved. */
  async rename(id: string, name: string): Promise<boolean> {
    const tx = this.db.transaction('fits', 'readwrite');
    const finished = done(tx);
    const fits = tx.objectStore('fits');
    const row = await req(fits.get(id)) as FitRow | undefined;
    if (row) fits.put({ ...row, meta: { ...row.meta, name }, bytes: row.bytes + (new TextEncoder().encode(JSON.stringify(name)).length - new TextEncoder().encode(JSON.stringify(row.meta.name ?? '')).length) });
    await finished;
    return !!row;
  }

  /** Deletes a fit (and its table when no other fit uses it). */
  async delete(id: string): Promise<void> {
    const tx = this.db.transaction(['fits', 'chunks'], 'readwrite');
    const finished = done(tx);
    const row = await req(tx.objectStore('fits').get(id)) as FitRow | undefined;
    tx.objectStore('fits').delete(id);
    tx.objectStore('chunks').delete(ownerRange(owner('f', id)));
    await finished;
    if (row) await this.dropTableIfUnused(row.table);
  }

  /** One saved fit with its table (`tables`: tables already read, shared between fits). */
  async load(id: string, tables: Map<string, DataTable> = new Map()): Promise<SessionEntry> {
    // Every read first, in one transaction (it ends at the first yield to the page), then decoding.
    const tx = this.db.transaction(['fits', 'tables', 'chunks']);
    const row = await req(tx.objectStore('fits').get(id)) as FitRow | undefined;
    if (!row) throw new StoredFitError('This saved fit is no longer in the browser\'s storage (deleted in another tab?).', id);
    const name = String(row.meta.name ?? id).slice(0, 40);
    const fail = (why: string): never => {
      throw new StoredFitError(`The saved fit "${name}" could not be restored: ${why}. It is left out of the model list and kept in the browser's storage (a newer version of this app may have saved it); session files are not affected.`, id);
    };
    try {
      let table = tables.get(row.table);
      let tableRead: { row: TableRow; arrays: BlobArray[] | null } | null = null;
      if (!table) {
        const trow = await req(tx.objectStore('tables').get(row.table)) as TableRow | undefined;
        if (!trow) fail('its data table is missing');
        tableRead = { row: trow!, arrays: await readChunks(tx.objectStore('chunks'), owner('t', row.table), trow!.blobs) };
      }
      const arrays = await readChunks(tx.objectStore('chunks'), owner('f', id), row.blobs);
      if (tableRead) {
        const checked = checkTable(tableRead.row.meta, tableRead.row.blobs, 'table');
        if (!tableRead.arrays) fail('part of its data table is missing');
        table = await decodeTable(checked, tableRead.arrays!, 'table', true);
        tables.set(row.table, table);
      }
      const checked = checkFitRecord(row.meta, row.blobs, 'fit', new Map([[row.table, table!]]));
      if (!arrays) fail('part of its draws is missing');
      return { fit: decodeFit(checked, arrays!, 'fit'), table: table! };
    } catch (err) {
      if (err instanceof SessionFileError) fail(err.field ? `its field ${err.field} is not valid` : 'it is damaged');
      throw err;
    }
  }

  /** Every saved fit, oldest first; those that cannot be restored are reported, not thrown. */
  async loadAll(): Promise<{ entries: SessionEntry[]; failed: StoredFitError[] }> {
    const tables = new Map<string, DataTable>();
    const entries: SessionEntry[] = [];
    const failed: StoredFitError[] = [];
    for (const info of await this.list()) {
      try {
        entries.push(await this.load(info.id, tables));
      } catch (err) {
        failed.push(err instanceof StoredFitError ? err : new StoredFitError(`The saved fit "${info.name.slice(0, 40)}" could not be read from the browser's storage (${err instanceof Error ? err.message.slice(0, 80) : String(err)}).`, info.id));
      }
    }
    return { entries, failed };
  }
}
