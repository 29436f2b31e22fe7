// Browser shell: one chain per worker, exposed with comlink. The loop is workers/runChain.ts;
// each event goes to the main thread through the proxied callback, copied (never transferred: a
// detached buffer makes every chain in the worker slower, see runChain.ts).
import './installDeterministicMath'; // must stay the first import
import * as Comlink from 'comlink';
import { runChain } from './runChain';
import { engineEnvironment, primedEnvironment } from './engine';
import type { ChainEvent, ChainJob, ChainWorkerApi } from './protocol';

// The sampler is primed before this worker's first chain (primedEnvironment).
const environment = primedEnvironment(engineEnvironment());

const api: ChainWorkerApi = {
  async run(job: ChainJob, onEvent: (event: ChainEvent) => void): Promise<void> {
    runChain(job, (event) => { void onEvent(event); }, environment);
  },
};

Comlink.expose(api);
