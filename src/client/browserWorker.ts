// Spawns one browser Web Worker per chain (workers/chain.worker.ts via comlink). Batches arrive
// through a comlink proxy callback, copied (never transferred; see workers/runChain.ts).
// terminate() kills the worker (or cancels it before it started).
import * as Comlink from 'comlink';
import type { ChainProcess, SpawnChain } from './chainPool';
import type { ChainWorkerApi } from '../../workers/protocol';

export const spawnBrowserWorker: SpawnChain = (job, onEvent): ChainProcess => {
  let alive = true;
  let worker: Worker | null = null;
  // Each worker starts in a task of its own: creating module workers and cloning every chain's
  // job (data table included) inside the Run click made that click one long main-thread task.
  const timer = setTimeout(() => {
    if (!alive) return;
    const w = new Worker(new URL('../../workers/chain.worker.ts', import.meta.url), {
      type: 'module', name: `chain-${job.chainId}`,
    });
    worker = w;
    w.addEventListener('error', (e: ErrorEvent) => {
      if (!alive) return;
      onEvent({ type: 'error', chainId: job.chainId, message: `Chain ${job.chainId}: worker failed: ${e.message || 'could not load the worker script'}` });
    });
    w.addEventListener('messageerror', () => {
      if (alive) onEvent({ type: 'error', chainId: job.chainId, message: `Chain ${job.chainId}: a message from the worker could not be read` });
    });
    const api = Comlink.wrap<ChainWorkerApi>(w);
    const proxy = Comlink.proxy((event: Parameters<Parameters<ChainWorkerApi['run']>[1]>[0]) => {
      if (alive) onEvent(event);
    });
    api.run(job, proxy).catch((err: unknown) => {
      if (alive) onEvent({ type: 'error', chainId: job.chainId, message: `Chain ${job.chainId}: ${err instanceof Error ? err.message : String(err)}` });
    });
  }, 0);
  return {
    terminate() {
      if (!alive) return;
      alive = false;
      clearTimeout(timer);
      worker?.terminate();
    },
  };
};
