// Runs one parse in a fresh module worker. Cancelling terminates the worker: nothing is left
// half-done, and a new upload simply starts a new worker.
import type { CsvReadResult } from '../../core/io/csvMessages';
import type { ParsePhase, ParseReply, ParseRequest } from '../../../workers/parse.worker';
import { RawAssembler } from './rawPieces';
import { primeSummary } from './columnSummaries';

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
  // Cell texts arrive in pieces before 'done', one message (one short task) each: rawPieces.ts.
  let cells = new RawAssembler();
  worker.addEventListener('message', (event: MessageEvent<ParseReply>) => {
    const msg = event.data;
    if (msg.type === 'progress') onProgress(msg.phase, msg.fraction);
    else if (msg.type === 'raw') cells.add(msg);
    else {
      worker.terminate();
      const table = msg.result.table;
      try {
        const columns = table ? table.columns.map((c, j) => ({ ...c, raw: cells.column(j, table.nRows) })) : [];
        columns.forEach((c, j) => { const s = msg.summaries?.[j]; if (s) primeSummary(c, s); });
        const result = table ? { ...msg.result, table: { ...table, columns } } : msg.result;
        settle?.({ result, ms: msg.ms });
      } catch (err) {
        fail?.(err instanceof Error ? err : new Error(String(err)));
      }
      cells = new RawAssembler();
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
