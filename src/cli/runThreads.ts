// Runs every chain on its own Node worker thread (workers/chain-thread.ts, bundled next to the
// CLI as chain-thread.mjs), at most `concurrency` at once, and collects the post-warmup draws.
// The first chain error terminates every thread and rejects with that chain's message.
import { Worker } from 'node:worker_threads';
import { SAMPLER_STAT_NAMES } from '../core/types';
import { assertNever, type ChainEvent, type ChainJob, type ChainPhase, type RunMessage } from '../../workers/protocol';

const N_STATS = SAMPLER_STAT_NAMES.length;

export interface ChainResult {
  chainId: number;
  /** Post-warmup draws, iter x P, and stats, iter x 7. */
  draws: Float64Array;
  stats: Float64Array;
  nDraws: number;
  warmupSeconds: number;
  samplingSeconds: number;
  gradientEvaluations: number;
}

export interface ThreadRunResult {
  outputNames: string[];
  chains: ChainResult[];
}

export interface ChainProgressState {
  phase: ChainPhase | 'queued' | 'done';
  done: number;
  total: number;
}

export interface ThreadRunOptions {
  threadUrl: URL;
  concurrency: number;
  onProgress?: (chains: ChainProgressState[]) => void;
}

export interface ThreadRun {
  result: Promise<ThreadRunResult>;
  /** Terminates every thread (Ctrl-C). */
  cancel(): void;
}

export function runChainThreads(jobs: ChainJob[], options: ThreadRunOptions): ThreadRun {
  const progress: ChainProgressState[] = jobs.map(() => ({ phase: 'queued', done: 0, total: 0 }));
  const results: (ChainResult | null)[] = jobs.map(() => null);
  const live = new Set<Worker>();
  const queue = jobs.map((job, index) => ({ job, index }));
  let outputNames: string[] | null = null;
  let settled = false;
  let resolve!: (r: ThreadRunResult) => void;
  let reject!: (e: Error) => void;
  const result = new Promise<ThreadRunResult>((res, rej) => { resolve = res; reject = rej; });

  const fail = (message: string): void => {
    if (settled) return;
    settled = true;
    queue.length = 0;
    for (const w of live) void w.terminate();
    live.clear();
    reject(new Error(message));
  };

  const launch = (): void => {
    while (!settled && live.size < options.concurrency && queue.length > 0) {
      const { job, index } = queue.shift()!;
      const worker = new Worker(options.threadUrl);
      live.add(worker);
      let finished = false;
      let chain: ChainResult | null = null;
      const P = () => outputNames!.length;
      worker.on('message', (event: ChainEvent) => {
        if (settled) return;
        const pr = progress[index];
        switch (event.type) {
          case 'started':
            outputNames ??= event.outputNames;
            chain = {
              chainId: event.chainId, nDraws: 0, warmupSeconds: 0, samplingSeconds: 0, gradientEvaluations: 0,
              draws: new Float64Array((event.totalIterations - event.warmupIterations) * event.outputNames.length),
              stats: new Float64Array((event.totalIterations - event.warmupIterations) * N_STATS),
            };
            pr.phase = event.warmupIterations > 0 ? 'warmup' : 'sampling';
            pr.total = event.totalIterations;
            break;
          case 'batch': {
            pr.phase = event.phase;
            pr.done = event.iterationsDone;
            if (event.phase === 'sampling' && chain) {
              const p = P();
              chain.draws.set(event.draws.subarray(0, event.count * p), chain.nDraws * p);
              chain.stats.set(event.stats.subarray(0, event.count * N_STATS), chain.nDraws * N_STATS);
              chain.nDraws += event.count;
            }
            break;
          }
          case 'done':
            finished = true;
            pr.phase = 'done';
            if (chain) {
              chain.warmupSeconds = event.warmupSeconds;
              chain.samplingSeconds = event.samplingSeconds;
              chain.gradientEvaluations = event.gradientEvaluations;
              results[index] = chain;
            }
            live.delete(worker);
            void worker.terminate();
            if (live.size === 0 && queue.length === 0) {
              settled = true;
              resolve({ outputNames: outputNames ?? [], chains: results as ChainResult[] });
            } else launch();
            break;
          case 'error':
            finished = true;
            fail(event.message);
            return;
          default:
            assertNever(event);
        }
        options.onProgress?.(progress);
      });
      worker.on('error', (err: Error) => fail(`Chain ${job.chainId}: ${err.message}`));
      worker.on('exit', (code) => {
        if (!finished) fail(`Chain ${job.chainId}: the worker thread exited (code ${code}) before finishing`);
      });
      const msg: RunMessage = { type: 'run', job };
      worker.postMessage(msg);
    }
  };
  launch();
  return { result, cancel: () => fail('Cancelled') };
}
