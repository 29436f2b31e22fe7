// Test helper: runs workers/diagnostics.worker.ts in this process. Its `self` is replaced by a
// stub that records replies, so a request goes in and its reply comes out synchronously.
import { beforeAll } from 'vitest';
import type { AnalysisReply, AnalysisRequest } from '../../../workers/diagnostics.worker';

type Listener = (event: { data: AnalysisRequest }) => void;
const replies: AnalysisReply[] = [];
let listener: Listener | null = null;

/** Installs the stub and loads the worker (call once at the top of a test file). */
export function useInProcessWorker(): void {
  beforeAll(async () => {
    (globalThis as unknown as { self: unknown }).self = {
      postMessage: (m: AnalysisReply) => { replies.push(m); },
      addEventListener: (_t: string, l: Listener) => { listener = l; },
    };
    await import('../../../workers/diagnostics.worker');
  });
}

/** Sends one request and returns the worker's last reply. */
export function send(req: AnalysisRequest): AnalysisReply {
  listener!({ data: req });
  return replies[replies.length - 1];
}
