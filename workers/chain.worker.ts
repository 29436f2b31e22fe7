// Browser shell: one chain per worker, exposed with comlink. The loop is workers/runChain.ts;
// each event goes to the main thread through the proxied callback, copied (never transferred: a
// detached buffer makes every chain in the worker ~20% slower, see runChain.ts).
import './installDeterministicMath'; // must stay the first import
import * as Comlink from 'comlink';
import { runChain } from './runChain';
import { engineEnvironment } from './engine';
import type { ChainEvent, ChainJob, ChainWorkerApi } from './protocol';

const api: ChainWorkerApi = {
  async run(job: ChainJob, onEvent: (event: ChainEvent) => void): Promise<void> {
    runChain(job, (event) => { void onEvent(event); }, engineEnvironment());
  },
};

Comlink.expose(api);
