// Nothing is lost on reload (issue 20): every fit of the model list that finished or stopped is
// kept in IndexedDB (persist/fitStorage.ts) once, and again when Sample more changes it; a rename
// rewrites only its name; a fit deleted from the list is deleted from storage. On page load every
// kept fit joins the list again (draws restored in paced slices). The status line says what is
// kept and how much of the budget it takes, or why a fit could not be kept.
import { useEffect, useRef, useState, type Dispatch } from 'react';
import type { WorkspaceAction } from './store/actions';
import type { Fit } from './store/types';
import type { DataTable } from '../../core/types';
import { editorOfFit, nextFitId } from './fitActions';
import { formOf } from './settings';
import { tableIdOf } from '../persist/tableCodec';
import { FitStorage } from '../persist/fitStorage';
import { formatBytes, storageBudget } from '../persist/budget';
import { fitVersion, keepable, persistedOf, workspaceFitOf } from '../persist/workspaceFits';

const newKey = () => `fit-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

export interface KeptNote { summary: string; problems: string[] }

/** Resolves with the page's data table once there is one (the example loads as the page opens), or null after `ms`. */
async function tableSoon(ref: { current: DataTable | null }, ms: number): Promise<DataTable | null> {
  for (let waited = 0; !ref.current && waited < ms; waited += 50) await new Promise((r) => setTimeout(r, 50));
  return ref.current;
}

export function usePersistedFits(fits: readonly Fit[], dispatch: Dispatch<WorkspaceAction>, table: DataTable | null): KeptNote | null {
  const tableRef = useRef(table);
  tableRef.current = table;
  const storage = useRef<Promise<FitStorage | null> | null>(null);
  /** Workspace fit id -> storage key, what was saved of it, and its saved name. */
  const kept = useRef<Kept>(new Map());
  const queue = useRef<Promise<void>>(Promise.resolve());
  const problems = useRef(new Map<number | string, string>());
  const [note, setNote] = useState<KeptNote | null>(null);

  const refresh = async (s: FitStorage) => {
    const [{ bytes, fits: rows }, budget] = await Promise.all([s.usage(), storageBudget()]);
    const n = rows.length;
    setNote({
      summary: `Kept in this browser for your next visit: ${n === 0 ? 'no fits' : `${n} fit${n === 1 ? '' : 's'}, ${formatBytes(bytes)} of ${formatBytes(budget)}`}.`,
      problems: [...problems.current.values()],
    });
  };
  // Writes one after another; a failed one is reported and the next still runs. (A write cut
  // short by leaving the page is dropped whole: one transaction.)
  const enqueue = (job: (s: FitStorage) => Promise<void>) => {
    queue.current = queue.current.then(async () => {
      const s = await storage.current;
      if (!s) return;
      try { await job(s); } catch (err) { problems.current.set('storage', `The browser's storage failed: ${err instanceof Error ? err.message.slice(0, 120) : String(err)}.`); }
      await refresh(s);
    }).catch(() => {});
  };

  // On load: open the storage and bring every kept fit back into the list.
  useEffect(() => {
    let cancelled = false;
    storage.current ??= FitStorage.open().catch(() => {
      setNote({ summary: 'Fits cannot be kept in this browser (its storage is not available, as in a private window): save a session file to keep them.', problems: [] });
      return null;
    });
    queue.current = queue.current.then(async () => {
      const s = await storage.current;
      if (!s || cancelled) return;
      const added: Fit[] = [];
      await restoreKept(s, tableRef, () => cancelled, problems.current, (fit, key) => {
        kept.current.set(fit.id, { key, version: fitVersion(fit), name: fit.name });
        dispatch({ type: 'fit/added', fit });
        added.push(fit);
      });
      const last = added[added.length - 1];
      // The editor as it was for the fit shown: its model.
      if (last && !cancelled) dispatch({ type: 'editor/load', editor: { ...editorOfFit(last), form: formOf(last.settings) } });
      await refresh(s);
    }).catch(() => {});
    return () => { cancelled = true; };
  }, [dispatch]);

  // Each change of the list: save what finished or changed, rename, delete what left it.
  useEffect(() => {
    syncKept(fits, kept.current, problems.current, enqueue);
  }, [fits]); // eslint-disable-line react-hooks/exhaustive-deps

  return note;
}

type Kept = Map<number, { key: string; version: string | null; name: string }>;

/**
 * Every kept fit back as a workspace record, oldest first, each handed to `add` (with its storage
 * key); those that cannot be restored go to `problems`. A kept fit of the data the page shows
 * (same content) takes the page's table, so its results are not marked as made from other data.
 */
async function restoreKept(s: FitStorage, tableRef: { current: DataTable | null }, cancelled: () => boolean,
  problems: Map<number | string, string>, add: (fit: Fit, key: string) => void): Promise<void> {
  const { entries, failed } = await s.loadAll();
  for (const f of failed) problems.set(f.id, f.message);
  const current = entries.length ? await tableSoon(tableRef, 3000) : null;
  const currentId = current ? await tableIdOf(current) : null;
  for (const e of entries) {
    if (cancelled()) return;
    const same = currentId !== null && (await tableIdOf(e.table)) === currentId;
    const fit = await workspaceFitOf(e.fit, same ? current! : e.table, nextFitId());
    if (cancelled()) return;
    add(fit, e.fit.id);
  }
}

/** The storage jobs one state of the model list needs: deletes, renames, saves of new versions. */
function syncKept(fits: readonly Fit[], kept: Kept, problems: Map<number | string, string>, enqueue: (job: (s: FitStorage) => Promise<void>) => void): void {
  const present = new Set(fits.map((f) => f.id));
  for (const [id, k] of kept) {
    if (present.has(id)) continue;
    kept.delete(id);
    problems.delete(id);
    enqueue((s) => s.delete(k.key));
    for (const other of kept.values()) if (other.version?.startsWith('refused ')) other.version = null;
  }
  for (const f of fits) {
    if (!keepable(f)) continue;
    const k = kept.get(f.id);
    const version = fitVersion(f);
    if (k && k.version === version) {
      if (k.name !== f.name) { k.name = f.name; enqueue(async (s) => { await s.rename(k.key, f.name); }); }
      continue;
    }
    const entry = { key: k?.key ?? newKey(), version, name: f.name };
    kept.set(f.id, entry);
    enqueue(async (s) => {
      const p = persistedOf(f, entry.key);
      if (!p || !kept.has(f.id)) return;
      const r = await s.save(p, f.table, await storageBudget());
      // Refused: tried again when it changes, or once another fit's deletion makes room.
      if (r.ok) problems.delete(f.id);
      else { problems.set(f.id, r.message); entry.version = `refused ${version}`; }
    });
  }
}
