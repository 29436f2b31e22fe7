// Runs one parse in a fresh module worker. Cancelling terminates the worker: nothing is left
// half-done, and a new upload simply starts a new worker.
import type { CsvReadResult } from '../../core/io/csvMessages';
import type { ParsePhase, ParseReply, ParseRequest } from '../../../workers/parse.worker';

export interface ParseJob {
  promise: Promise<{ result: CsvReadResult; ms: number }>;
  cancel(): void;
}

export function parseInWorker(file: Blob, name: string, onProgress: (phase: ParsePhase, fraction: number) => void): ParseJob {
  const worker = new Worker(new URL('../../../workers/parse.worker.ts', import.meta.url), { type: 'module' });
  let settle: ((v: { result: CsvReadResult; ms: number }) => void) | null = null;
  let fail: ((e: Error) => void) | null = null;
  const promise = new Promise<{ result: CsvReadResult; ms: number }>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  worker.addEventListener('message', (event: MessageEvent<ParseReply>) => {
    const msg = event.data;
    if (msg.type === 'progress') onProgress(msg.phase, msg.fraction);
    else {
      worker.terminate();
      settle?.({ result: msg.result, ms: msg.ms });
    }
  });
  worker.addEventListener('error', (event) => {
    worker.terminate();
    fail?.(new Error(event.message || 'the parser stopped unexpectedly'));
  });
  const request: ParseRequest = { file, name };
  worker.postMessage(request);
  return {
    promise,
    cancel: () => {
      worker.terminate();
      fail?.(new CancelledError());
    },
  };
}

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
  }
}
