// Runs chain jobs on at most `concurrency` workers at once (one worker per chain, the rest
// queued). Stop = terminate every worker (nothing is left half-stopped; Stan Playground's rule).
// The first chain error ends the whole run: its message is the run's message.
// The pool knows nothing about Worker or comlink: `spawn` does (src/client/browserWorker.ts in
// the app, an in-process fake in tests), so the scheduling is tested in Node.
import { assertNever, type ChainEvent, type ChainJob } from '../../workers/protocol';

/** A running chain; terminate() must stop it at once and silence its events. */
export interface ChainProcess {
  terminate(): void;
}

export type SpawnChain = (job: ChainJob, onEvent: (event: ChainEvent) => void) => ChainProcess;

export type PoolOutcome =
  | { status: 'done' }
  | { status: 'stopped' }
  | { status: 'error'; chainId: number; message: string };

export interface PoolRun {
  /** Settles once every chain is done, or at the first error, or at stop(). */
  readonly finished: Promise<PoolOutcome>;
  /** Terminates every running worker and drops the queue. Idempotent. */
  stop(): void;
  /** Workers alive right now. */
  readonly running: number;
  /** Jobs not started yet. */
  readonly queued: number;
}

export function defaultConcurrency(): number {
  const n = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : undefined;
  return n && n > 0 ? n : 2;
}

export function runPool(
  jobs: ChainJob[], onEvent: (event: ChainEvent) => void, spawn: SpawnChain,
  concurrency = defaultConcurrency(),
): PoolRun {
  if (!(concurrency >= 1)) throw new Error(`Chain pool concurrency must be at least 1 (got ${concurrency})`);
  const queue = jobs.slice();
  const live = new Map<number, ChainProcess>();
  let settled = false;
  let resolve!: (o: PoolOutcome) => void;
  const finished = new Promise<PoolOutcome>((r) => { resolve = r; });

  const finish = (outcome: PoolOutcome): void => {
    if (settled) return;
    settled = true;
    queue.length = 0;
    for (const p of live.values()) p.terminate();
    live.clear();
    resolve(outcome);
  };

  const launchNext = (): void => {
    while (!settled && live.size < concurrency && queue.length > 0) {
      const job = queue.shift()!;
      const id = job.chainId;
      let proc: ChainProcess | null = null;
      let ended = false;
      const handle = (event: ChainEvent): void => {
        if (settled || ended) return;
        switch (event.type) {
          case 'started':
          case 'batch':
            onEvent(event);
            return;
          case 'done':
            ended = true;
            onEvent(event);
            live.get(id)?.terminate();
            live.delete(id);
            if (live.size === 0 && queue.length === 0) finish({ status: 'done' });
            else launchNext();
            return;
          case 'error':
            ended = true;
            onEvent(event);
            finish({ status: 'error', chainId: event.chainId, message: event.message });
            return;
          default:
            assertNever(event);
        }
      };
      try {
        proc = spawn(job, handle);
      } catch (err) {
        handle({ type: 'error', chainId: id, message: `Chain ${id} could not start: ${String(err)}` });
        return;
      }
      if (!ended && !settled) live.set(id, proc);
      else proc.terminate();
    }
  };

  if (jobs.length === 0) finish({ status: 'done' });
  else launchNext();

  return {
    finished,
    stop: () => finish({ status: 'stopped' }),
    get running() { return live.size; },
    get queued() { return queue.length; },
  };
}
