// Node shell (worker_threads): the same chain loop as the browser worker. Runs each RunMessage it
// receives (one after another; the host terminates the thread when it has no more), posting
// ChainEvents (copied, never transferred). Jobs sharing a modelKey compile the model once.
// After the chains, the CLI may send SummariseMessages: summary rows of a block of parameters.
import './installDeterministicMath'; // must stay the first import
import { parentPort } from 'node:worker_threads';
import { runChain, withModelCache, type ChainEnvironment } from './runChain';
import { engineEnvironment, parseKernel, primedEnvironment } from './engine';
import { summariseParameterMajor } from '../src/core/diagnostics/summary';
import { assertNever, type ChainEvent, type ChainJob, type SummaryReply, type ToWorkerMessage } from './protocol';

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
    default:
      assertNever(msg);
  }
});
