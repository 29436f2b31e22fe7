// Node shell (worker_threads): the same chain loop as the browser worker. Receives one
// RunMessage, posts ChainEvents with the batch buffers transferred, then closes.
import './installDeterministicMath'; // must stay the first import
import { parentPort } from 'node:worker_threads';
import { runChain } from './runChain';
import { engineEnvironment, parseKernel } from './engine';
import { assertNever, type ChainEvent, type ToWorkerMessage } from './protocol';

if (!parentPort) throw new Error('chain-thread must run as a worker thread');
const port = parentPort;

port.on('message', (msg: ToWorkerMessage) => {
  switch (msg.type) {
    case 'run': {
      const emit = (event: ChainEvent, transfer: ArrayBuffer[]): void => port.postMessage(event, transfer);
      let kernel;
      try {
        kernel = parseKernel(process.env.MLS_KERNEL);
      } catch (err) {
        emit({ type: 'error', chainId: msg.job.chainId, message: (err as Error).message }, []);
        port.close();
        return;
      }
      runChain(msg.job, emit, engineEnvironment(kernel));
      port.close();
      return;
    }
    default:
      assertNever(msg.type);
  }
});
