// Node shell (worker_threads): the same chain loop as the browser worker. Receives one
// RunMessage, posts ChainEvents with the batch buffers transferred, then closes.
import './installDeterministicMath'; // must stay the first import
import { parentPort } from 'node:worker_threads';
import { runChain } from './runChain';
import { engineEnvironment } from './engine';
import { assertNever, type ToWorkerMessage } from './protocol';

if (!parentPort) throw new Error('chain-thread must run as a worker thread');
const port = parentPort;

port.on('message', (msg: ToWorkerMessage) => {
  switch (msg.type) {
    case 'run':
      runChain(msg.job, (event, transfer) => port.postMessage(event, transfer), engineEnvironment());
      port.close();
      return;
    default:
      assertNever(msg.type as never);
  }
});
