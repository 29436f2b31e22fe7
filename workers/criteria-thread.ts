// Node shell (worker_threads) for a fit's PSIS-LOO and Bayes R2 in parts (src/cli/criteriaOnThreads.ts):
// answers each CriteriaMessage with the pointwise PSIS-LOO of a range of observations or the
// per-draw Bayes R2 of some chains. No deterministic Math here (unlike chain-thread.ts): nothing
// here feeds a sampler, and V8's own log and exp run the family's log-likelihood about twice as
// fast; the values equal those of the CLI's main thread, which uses V8's Math too.
import { parentPort } from 'node:worker_threads';
import { FIT_CHUNK, fitEpredSource, fitLogLikSource } from '../src/core/loo/fitLogLik';
import { bayesR2Draws } from '../src/core/loo/bayesR2';
import { psisLooPointwise } from '../src/core/loo/loo';
import type { CriteriaMessage, CriteriaReply } from './protocol';

if (!parentPort) throw new Error('criteria-thread must run as a worker thread');
const port = parentPort;

function criteria(msg: CriteriaMessage): CriteriaReply {
  const { structure, names, chains, nIterations } = msg;
  if (msg.what === 'loo') {
    const source = fitLogLikSource(structure, names, chains, nIterations);
    return { type: 'criteria', pointwise: psisLooPointwise(source, msg.from, msg.to, { chunkSize: FIT_CHUNK }), r2: null };
  }
  return { type: 'criteria', pointwise: null, r2: bayesR2Draws(fitEpredSource(structure, names, chains, nIterations), FIT_CHUNK) };
}

port.on('message', (msg: CriteriaMessage) => {
  let reply: CriteriaReply;
  try {
    reply = criteria(msg);
  } catch (err) {
    reply = { type: 'criteria-error', message: (err as Error).message };
  }
  port.postMessage(reply);
});
