// The chain worker protocol: one job in, a stream of events out. Shared by the browser worker
// (workers/chain.worker.ts, comlink), the Node thread (workers/chain-thread.ts) and their callers
// (src/client, src/cli). Discriminated unions; every switch over them ends in assertNever, so a
// new event type is a compile error until every consumer handles it (Stan Playground's pattern).
import type { DataTable, FamilyName, ModelStructure, SamplerSettings, SummaryRow } from '../src/core/types';

/** What the user wrote: enough for a worker to compile the model itself. */
export interface ModelSpecInput {
  formula: string;
  family: FamilyName;
  /** The family's link (absent: its default). */
  link?: string;
  priors?: { prior: string; class: string; coef?: string; group?: string }[];
}

/** A chain's state at the end of a run (src/core/sampler/chain.ts), for "sample more". */
export type { ChainCheckpoint } from '../src/core/sampler/chain';
import type { ChainCheckpoint } from '../src/core/sampler/chain';
import type { LooPointwise } from '../src/core/loo/pointwise';

/** How often a chain posts a batch: whichever limit comes first. */
export interface BatchPolicy {
  /** Post at least this often (wall clock), default 100 ms. */
  maxMs: number;
  /** Post after this many iterations at the latest, default 200. */
  maxIterations: number;
}

export const DEFAULT_BATCH_POLICY: BatchPolicy = { maxMs: 100, maxIterations: 200 };

/** One chain to run. Everything is plain data (structured clone). */
export interface ChainJob {
  spec: ModelSpecInput;
  data: DataTable;
  settings: SamplerSettings;
  /** 1-based chain id: the RNG stream is (settings.seed, chainId). */
  chainId: number;
  /**
   * Continue from this state ("sample more"): no warmup; settings.iter more draws with the
   * adapted step size and metric.
   */
  resume?: ChainCheckpoint;
  batch?: BatchPolicy;
  /**
   * Attach the chain's state after each batch's last row to every batch from the end of warmup on
   * (BatchEvent.checkpoint). The browser sets it, so a stopped (terminated) chain can continue
   * exactly where its last received batch ends.
   */
  batchCheckpoints?: boolean;
  /**
   * Set by hosts that run several chains of one model on the same worker (the CLI): jobs with the
   * same key reuse the model the worker compiled for the previous one instead of compiling again.
   */
  modelKey?: string;
  /**
   * The model as the host already compiled it (compileSpec(spec, data).structure, the
   * parameterisation chosen). The worker then builds it directly instead of compiling it again from
   * spec + data (the CLI's threads and the browser's chain workers both receive it), and never
   * reads `data`, which the host may then send empty. Must be what compileSpec gives for spec and
   * the real data.
   */
  structure?: ModelStructure;
}

export type ChainPhase = 'warmup' | 'sampling';

/** Sent once, after the model compiled and before the first iteration. */
export interface StartedEvent {
  type: 'started';
  chainId: number;
  outputNames: string[];
  /** Unconstrained dimension. */
  dim: number;
  /** Iterations this run will do (warmup + sampling). */
  totalIterations: number;
  warmupIterations: number;
  /** Iterations this chain had done before this run (0 unless resuming). */
  iterationOffset: number;
  nObs: number;
}

/**
 * A batch of consecutive iterations, all in one phase. `draws` is count x outputNames.length
 * row-major (constrained output parameters, writeDraw); `stats` is count x 7 in the order of
 * SAMPLER_STAT_NAMES. Both are copies (a chain never transfers a buffer: see runChain.ts); read
 * only the first `count` rows.
 */
export interface BatchEvent {
  type: 'batch';
  chainId: number;
  phase: ChainPhase;
  /** 1-based index of the first row within this chain's run (warmup and sampling counted). */
  firstIteration: number;
  count: number;
  draws: Float64Array;
  stats: Float64Array;
  /** Iterations done so far in this run, and in total. */
  iterationsDone: number;
  totalIterations: number;
  /**
   * With ChainJob.batchCheckpoints, once warmup has ended: the state after this batch's last row
   * (resuming from it gives the draws an uninterrupted chain would have made next).
   */
  checkpoint?: ChainCheckpoint;
}

export interface DoneEvent {
  type: 'done';
  chainId: number;
  checkpoint: ChainCheckpoint;
  gradientEvaluations: number;
  warmupSeconds: number;
  samplingSeconds: number;
}

export interface ErrorEvent {
  type: 'error';
  chainId: number;
  message: string;
}

export type ChainEvent = StartedEvent | BatchEvent | DoneEvent | ErrorEvent;

/** Node thread: run one chain (ChainEvents come back). */
export interface RunMessage {
  type: 'run';
  job: ChainJob;
}

/**
 * Node thread, after the chains: summary rows of a block of parameters (the CLI splits the
 * parameters over its idle threads). `values`: parameter-major draws (parameterMajorDraws in
 * core/diagnostics/summary.ts) of `chains` x `iterations` per parameter, transferred.
 */
export interface SummariseMessage {
  type: 'summarise';
  names: string[];
  values: Float64Array;
  chains: number;
  iterations: number;
  probs: number[];
}

/**
 * Criteria thread (workers/criteria-thread.ts), after the chains: the fit's PSIS-LOO or Bayes R2
 * in parts (src/cli/criteriaOnThreads.ts).
 * 'loo': pointwise PSIS-LOO of observations [from, to) from every chain (the chains' draws in
 * SharedArrayBuffers, shared by all threads); 'bayes-r2': per-draw Bayes R2 of the chains given
 * (this thread's share, copied). `chains`: row-major post-warmup draws, nIterations x names.length.
 */
export interface CriteriaMessage {
  type: 'criteria';
  what: 'loo' | 'bayes-r2';
  structure: ModelStructure;
  names: string[];
  chains: Float64Array[];
  nIterations: number;
  from: number;
  to: number;
}

export type ToWorkerMessage = RunMessage | SummariseMessage;

/** The criteria thread's answer to a CriteriaMessage. */
export type CriteriaReply =
  | { type: 'criteria'; pointwise: LooPointwise | null; r2: Float64Array | null }
  | { type: 'criteria-error'; message: string };

/** The Node thread's answer to a SummariseMessage. */
export type SummaryReply =
  | { type: 'summary'; rows: SummaryRow[] }
  | { type: 'summary-error'; message: string };

/** Browser worker API exposed with comlink. */
export interface ChainWorkerApi {
  /** Runs the whole chain; events go to onEvent (a comlink proxy), copied. */
  run(job: ChainJob, onEvent: (event: ChainEvent) => void): Promise<void>;
}

export function assertNever(x: never): never {
  throw new Error(`Unhandled chain protocol message: ${JSON.stringify(x)}`);
}
