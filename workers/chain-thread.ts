// Node shell (worker_threads): the same chain loop as the browser worker. Runs each RunMessage it
// receives (one after another; the host terminates the thread when it has no more), posting
// ChainEvents (copied, never transferred). Jobs sharing a modelKey compile the model once.
// After the chains, the CLI may send SummariseMessages (summary rows of a block of parameters) and
// CriteriaMessages (PSIS-LOO of a range of observations, Bayes R2 of some chains).
import './installDeterministicMath'; // must stay the first import
import { parentPort } from 'node:worker_threads';
import { runChain, withModelCache, type ChainEnvironment } from './runChain';
import { engineEnvironment, parseKernel, primedEnvironment } from './engine';
import { summariseParameterMajor } from '../src/core/diagnostics/summary';
import { fitEpredSource, fitLogLikSource, FIT_CHUNK } from '../src/core/loo/fitLogLik';
import { bayesR2Draws } from '../src/core/loo/bayesR2';
import { psisLooPointwise } from '../src/core/loo/loo';
import {
  assertNever, type ChainEvent, type ChainJob, type CriteriaMessage, type CriteriaReply, type SummaryReply, type ToWorkerMessage,
} from './protocol';

if (!parentPort) throw new Error('chain-thread must run as a worker thread');
const port = parentPort;
let environment: ((job: ChainJob) => ChainEnvironment) | null = null;

port.on('message', (msg: ToWorkerMessage) => {
  switch (msg.type) {
    case 'run': {
      // copied, never transferred: see runChain.ts
      const emit = (event: ChainEvent): void => port.postMessage(event);
      let kernel;
      try {
        kernel = parseKernel(process.env.MLS_KERNEL);
      } catch (err) {
        emit({ type: 'error', chainId: msg.job.chainId, message: (err as Error).message });
        return;
      }
      // The sampler is primed before this thread's first chain (primedEnvironment).
      environment ??= withModelCache(primedEnvironment(engineEnvironment(kernel)));
      runChain(msg.job, emit, environment(msg.job));
      return;
    }
    case 'summarise': {
      let reply: SummaryReply;
      try {
        reply = { type: 'summary', rows: summariseParameterMajor(msg.names, msg.values, msg.chains, msg.iterations, msg.probs) };
      } catch (err) {
        reply = { type: 'summary-error', message: (err as Error).message };
      }
      port.postMessage(reply);
      return;
    }
    case 'criteria': {
      let reply: CriteriaReply;
      try {
        reply = criteria(msg);
      } catch (err) {
        reply = { type: 'criteria-error', message: (err as Error).message };
      }
      port.postMessage(reply);
      return;
    }
    default:
      assertNever(msg);
  }
});

function criteria(msg: CriteriaMessage): CriteriaReply {
  const { structure, names, chains, nIterations } = msg;
  if (msg.what === 'loo') {
    const source = fitLogLikSource(structure, names, chains, nIterations);
    return { type: 'criteria', pointwise: psisLooPointwise(source, msg.from, msg.to, { chunkSize: FIT_CHUNK }), r2: null };
  }
  return { type: 'criteria', pointwise: null, r2: bayesR2Draws(fitEpredSource(structure, names, chains, nIterations), FIT_CHUNK) };
}
