// Browser shell: one chain per worker, exposed with comlink. The loop is workers/runChain.ts;
// each event goes to the main thread through the proxied callback, buffers transferred.
import './detachOneBuffer'; // must stay the first import (see the module)
import './installDeterministicMath'; // before any engine module
import * as Comlink from 'comlink';
import { runChain } from './runChain';
import { engineEnvironment } from './engine';
import type { ChainEvent, ChainJob, ChainWorkerApi } from './protocol';

const api: ChainWorkerApi = {
  async run(job: ChainJob, onEvent: (event: ChainEvent) => void): Promise<void> {
    runChain(job, (event, transfer) => {
      void onEvent(transfer.length > 0 ? Comlink.transfer(event, transfer) : event);
    }, engineEnvironment());
  },
};

Comlink.expose(api);
