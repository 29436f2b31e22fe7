// Runs the chains on Node worker threads (workers/chain-thread.ts, bundled next to the CLI as
// chain-thread.mjs), at most `concurrency` threads, each taking the next queued chain when it
// finishes one, and collects the post-warmup draws. summariseOnThreads then splits the summary
// rows' work over the same threads.
// The first chain error terminates every thread and rejects with that chain's message.
import { Worker } from 'node:worker_threads';
import { SAMPLER_STAT_NAMES, type SummaryRow } from '../core/types';
import { parameterMajorDraws } from '../core/diagnostics/summary';
import {
  assertNever, type ChainEvent, type ChainJob, type ChainPhase, type RunMessage, type SummariseMessage, type SummaryReply,
} from '../../workers/protocol';

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
  /** The adapted step size and inverse metric (from the chain's final state; absent when stopped early). */
  tuning?: { stepSize: number; inverseMetric: number[]; metric: 'diag' | 'dense' };
}

export interface ThreadRunResult {
  outputNames: string[];
  chains: ChainResult[];
  /** With keepThreads: the threads, alive and idle, for the caller to use and terminate. */
  threads?: Worker[];
  /** Set when stopWhen ended the run: every chain then holds exactly this many draws. */
  stoppedAt?: number;
}

export interface ChainProgressState {
  phase: ChainPhase | 'queued' | 'done';
  done: number;
  total: number;
}

export interface ThreadRunOptions {
  threadUrl: URL;
  /** Threads to run chains on; each runs its chains one after another. */
  concurrency: number;
  /** Threads already started (spawnChainThreads) so they boot while the caller checks the model. */
  threads?: Worker[];
  onProgress?: (chains: ChainProgressState[]) => void;
  /**
   * Keep the threads when the chains are done (the CLI then summarises on them) instead of
   * terminating each as it runs out of chains. They are still terminated when a chain fails.
   */
  keepThreads?: boolean;
  /**
   * Called after every post-warmup batch with each chain's draws so far (null: not started).
   * Returning a number n ends the run there: every thread is terminated and every chain is cut to
   * its first n draws (each must hold n). Used by --stop-when-converged.
   */
  stopWhen?: (outputNames: readonly string[], chains: readonly (ChainResult | null)[]) => number | null;
}

export interface ThreadRun {
  result: Promise<ThreadRunResult>;
  /** Terminates every thread (Ctrl-C). */
  cancel(): void;
}

/** Starts `n` chain threads; they boot (load the bundle) while the caller does other work. */
export function spawnChainThreads(threadUrl: URL, n: number): Worker[] {
  return Array.from({ length: n }, () => new Worker(threadUrl));
}

/**
 * Runs the jobs on at most `concurrency` threads. A thread that finishes a chain is given the next
 * queued one (no second thread start-up, and the thread's compiled model is reused when the jobs
 * share a modelKey); threads left without work are terminated.
 */
export function runChainThreads(jobs: ChainJob[], options: ThreadRunOptions): ThreadRun {
  const progress: ChainProgressState[] = jobs.map(() => ({ phase: 'queued', done: 0, total: 0 }));
  const results: (ChainResult | null)[] = jobs.map(() => null);
  /** Every started chain's draws so far (done or not), for stopWhen. */
  const partial: (ChainResult | null)[] = jobs.map(() => null);
  const live = new Set<Worker>();
  const spare = [...(options.threads ?? [])];
  const queue = jobs.map((job, index) => ({ job, index }));
  let outputNames: string[] | null = null;
  let settled = false;
  let remaining = jobs.length;
  let resolve!: (r: ThreadRunResult) => void;
  let reject!: (e: Error) => void;
  const result = new Promise<ThreadRunResult>((res, rej) => { resolve = res; reject = rej; });

  /** Settles the run: no more chains start and every thread is terminated. */
  const settle = (): void => {
    settled = true;
    queue.length = 0;
    for (const w of live) void w.terminate();
    for (const w of spare) void w.terminate();
    live.clear();
    spare.length = 0;
  };

  const fail = (message: string): void => {
    if (settled) return;
    settle();
    reject(new Error(message));
  };

  /** Ends the run with every chain cut to its first n draws (stopWhen). */
  const stopEarly = (n: number): void => {
    if (settled) return;
    if (partial.some((c) => !c || c.nDraws < n)) { fail(`stopWhen asked to stop at ${n} draws, which some chain does not hold`); return; }
    settle();
    const p = outputNames!.length;
    const chains = partial.map((c) => ({
      ...c!, nDraws: n, draws: c!.draws.subarray(0, n * p), stats: c!.stats.subarray(0, n * N_STATS),
    }));
    resolve({ outputNames: outputNames!, chains, threads: [], stoppedAt: n });
  };

  /** Gives `worker` the next queued job, or terminates it when there is none. */
  const assign = (worker: Worker, state: { current: { job: ChainJob; index: number } | null }): void => {
    const next = settled ? undefined : queue.shift();
    if (!next) {
      state.current = null;
      if (options.keepThreads && !settled) return; // idle until the run ends
      live.delete(worker);
      void worker.terminate();
      return;
    }
    state.current = next;
    const msg: RunMessage = { type: 'run', job: next.job };
    worker.postMessage(msg);
  };

  const startThread = (worker: Worker): void => {
    live.add(worker);
    const state: { current: { job: ChainJob; index: number } | null } = { current: null };
    let chain: ChainResult | null = null;
    const P = () => outputNames!.length;
    worker.on('message', (event: ChainEvent) => {
      if (settled || !state.current) return;
      const pr = progress[state.current.index];
      switch (event.type) {
        case 'started':
          outputNames ??= event.outputNames;
          chain = {
            chainId: event.chainId, nDraws: 0, warmupSeconds: 0, samplingSeconds: 0, gradientEvaluations: 0,
            draws: new Float64Array((event.totalIterations - event.warmupIterations) * event.outputNames.length),
            stats: new Float64Array((event.totalIterations - event.warmupIterations) * N_STATS),
          };
          partial[state.current.index] = chain;
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
            const n = options.stopWhen?.(outputNames!, partial) ?? null;
            if (n !== null) { stopEarly(n); options.onProgress?.(progress); return; }
          }
          break;
        }
        case 'done':
          pr.phase = 'done';
          if (chain) {
            chain.warmupSeconds = event.warmupSeconds;
            chain.samplingSeconds = event.samplingSeconds;
            chain.gradientEvaluations = event.gradientEvaluations;
            const cp = event.checkpoint;
            chain.tuning = { stepSize: cp.stepSize, inverseMetric: cp.inverseMetric, metric: cp.metric };
            results[state.current.index] = chain;
          }
          chain = null;
          remaining--;
          options.onProgress?.(progress);
          if (remaining === 0) {
            state.current = null;
            settled = true;
            const done: ThreadRunResult = { outputNames: outputNames ?? [], chains: results as ChainResult[] };
            if (options.keepThreads) done.threads = [...live];
            else for (const w of live) void w.terminate();
            live.clear();
            resolve(done);
          } else assign(worker, state);
          return;
        case 'error':
          fail(event.message);
          return;
        default:
          assertNever(event);
      }
      options.onProgress?.(progress);
    });
    worker.on('error', (err: Error) => fail(`Chain ${state.current?.job.chainId ?? '?'}: ${err.message}`));
    worker.on('exit', (code) => {
      if (state.current && !settled) fail(`Chain ${state.current.job.chainId}: the worker thread exited (code ${code}) before finishing`);
    });
    assign(worker, state);
  };

  const nThreads = Math.max(1, Math.min(options.concurrency, jobs.length));
  for (let i = 0; i < nThreads; i++) startThread(spare.shift() ?? new Worker(options.threadUrl));
  for (const w of spare) void w.terminate();
  spare.length = 0;
  if (jobs.length === 0) {
    settled = true;
    resolve({ outputNames: [], chains: [] });
  }
  return { result, cancel: () => fail('Cancelled') };
}

/**
 * Summary rows (FIT_SUMMARY_PROBS-style `probs`) of every parameter, computed on `threads`: the
 * parameters are split into one contiguous block per thread, each block's draws transposed here
 * (parameterMajorDraws) and transferred. The rows are those summariseDraws gives on this thread.
 * `chains`: iterations x P draws per chain; the first `n` iterations of each are used.
 * Rejects if a thread fails, dies or replies with an error (the caller can summarise here instead).
 */
export function summariseOnThreads(
  threads: readonly Worker[], names: readonly string[], chains: readonly Float64Array[], n: number, probs: readonly number[],
): Promise<SummaryRow[]> {
  const P = names.length;
  const k = Math.min(threads.length, P);
  if (k === 0) return Promise.resolve([]);
  const short = chains.findIndex((c) => c.length < n * P);
  if (short >= 0) {
    return Promise.reject(new Error(`chain ${short + 1} holds ${chains[short].length} values, not ${n} iterations x ${P} parameters`));
  }
  const blocks: Promise<SummaryRow[]>[] = [];
  for (let t = 0; t < k; t++) {
    const first = Math.floor((t * P) / k);
    const end = Math.floor(((t + 1) * P) / k);
    const values = parameterMajorDraws(chains, n, P, first, end - first);
    const worker = threads[t];
    blocks.push(new Promise<SummaryRow[]>((resolve, reject) => {
      if (worker.threadId < 0) { reject(new Error('the summary thread has already exited')); return; }
      const cleanup = (): void => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const onMessage = (reply: SummaryReply | ChainEvent): void => {
        if (reply.type === 'summary') { cleanup(); resolve(reply.rows); }
        else if (reply.type === 'summary-error') { cleanup(); reject(new Error(reply.message)); }
      };
      const onError = (err: Error): void => { cleanup(); reject(err); };
      const onExit = (code: number): void => { cleanup(); reject(new Error(`the summary thread exited (code ${code})`)); };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      const msg: SummariseMessage = {
        type: 'summarise', names: names.slice(first, end), values, chains: chains.length, iterations: n, probs: [...probs],
      };
      worker.postMessage(msg, [values.buffer as ArrayBuffer]);
    }));
  }
  return Promise.all(blocks).then((parts) => parts.flat());
}
