// Between the workspace's fit records (workspace/store/types.ts) and persisted fits: what is kept
// of a fit (finished or stopped fits of a model; a fit opened from files elsewhere, a running or a
// failed one is not), and a record rebuilt from what was kept. A finished fit with every chain's
// final state comes back with a finished ChainRun around its draws, so "Sample more" continues it.
import type { DataTable } from '../../core/types';
import { ChainRun } from '../../client/runController';
import { spawnBrowserWorker } from '../../client/browserWorker';
import type { ChainCheckpoint } from '../../../workers/protocol';
import type { Fit } from '../workspace/store/types';
import { fitNObs, fitProgress, fitStore, makeFit } from '../workspace/fit';
import { chainsOf, drawStoreOf, progressOf } from './drawStores';
import type { PersistedFit } from './fitCodec';

/** Whether a fit is kept (in the browser and in session files). */
export function keepable(f: Fit): boolean {
  return !f.external && (f.status === 'done' || f.status === 'stopped') && fitStore(f) !== null && f.table.nRows > 0;
}

/** What a save of the fit depends on: a new status, more draws or a new run segment change it. */
export function fitVersion(f: Fit): string {
  const store = fitStore(f);
  let rows = 0;
  if (store) for (let c = 1; c <= store.nChains; c++) rows += store.nIterations(c);
  return `${f.status}|${f.wallSeconds}|${rows}`;
}

/** The fit as it is kept, under `key` (its id in storage and files); null when it is not kept. */
export function persistedOf(f: Fit, key: string): PersistedFit | null {
  const store = fitStore(f);
  if (!keepable(f) || !store) return null;
  return {
    id: key, name: f.name, createdAt: new Date(f.createdAt).toISOString(),
    model: {
      formula: f.spec.formula, family: f.spec.family, ...((f.spec as { link?: string }).link ? { link: (f.spec as { link?: string }).link } : {}),
      priors: (f.spec.priors ?? []).map((p) => ({ ...p })),
    },
    settings: { ...f.settings }, status: f.status === 'done' ? 'done' : 'stopped', stopReason: f.stopReason,
    wallSeconds: f.wallSeconds, nObs: fitNObs(f), dropped: [...f.data.dropped], names: store.names,
    chains: chainsOf(store, fitProgress(f), f.run?.checkpoints ?? []),
  };
}

/** A workspace fit record (new `id`) from a kept fit and its table. */
export async function workspaceFitOf(p: PersistedFit, table: DataTable, id: number): Promise<Fit> {
  const store = await drawStoreOf(p);
  const progress = progressOf(p);
  const spec = { formula: p.model.formula, family: p.model.family, ...(p.model.link ? { link: p.model.link } : {}), priors: p.model.priors };
  const cps = p.chains.map((c) => c.checkpoint);
  const run = p.status === 'done' && cps.every((c) => c !== null)
    ? ChainRun.restored({ spec, data: table, settings: p.settings, spawn: spawnBrowserWorker, concurrency: Math.max(1, Math.min(p.settings.chains, (globalThis as { navigator?: Navigator }).navigator?.hardwareConcurrency || 4)) },
      { store, nObs: p.nObs, checkpoints: cps as ChainCheckpoint[], progress })
    : null;
  const createdAt = Date.parse(p.createdAt);
  return makeFit({
    id, name: p.name, source: 'session', spec, settings: p.settings, table, status: p.status, wallSeconds: p.wallSeconds,
    stopReason: p.stopReason, createdAt: Number.isFinite(createdAt) ? createdAt : Date.now(),
    run, restored: run ? null : { store, progress, nObs: p.nObs },
    data: { name: table.name, nRows: table.nRows, nObs: p.nObs, dropped: p.dropped },
  });
}
