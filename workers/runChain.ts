// The chain loop both shells run (browser Worker and Node worker thread): compile the model from
// spec + data, step the sampler, and post batches of output draws + sampler stats as Float64Array
// copies, at most every `maxIterations` iterations or `maxMs`. Kept lean: one pair of batch
// buffers per chain, one scratch row, the clock read every few iterations (the stride adapts to
// the iteration cost).
//
// Never transfer (detach) an ArrayBuffer from a chain's thread. V8 compiles typed-array code on
// the assumption that no ArrayBuffer in the thread has ever been detached (its "array buffer
// detaching protector"); the first detach invalidates that for good, deoptimises every function
// that reads a typed array, and everything compiled after it checks for detached buffers on
// access, every chain after it running slower (bench/NOTES.md, "detached buffers"). So batches are
// posted as exact-size copies (structured clone copies them once more; a batch is a few rows or up
// to 200), never transferred.
import type { CompiledModel, DataTable, ModelStructure, SamplerSettings } from '../src/core/types';
import { SAMPLER_STAT_NAMES } from '../src/core/types';
import {
  DEFAULT_BATCH_POLICY,
  type ChainCheckpoint,
  type ChainEvent,
  type ChainJob,
  type ChainPhase,
  type ModelSpecInput,
} from './protocol';

export const N_STATS = SAMPLER_STAT_NAMES.length;

/** The part of src/core/sampler/chain.ts's ChainRunner the loop uses. */
export interface ChainRunnerLike {
  readonly dim: number;
  readonly totalIterations: number;
  readonly warmupIterations: number;
  readonly gradientEvaluations: number;
  /** Writes the unconstrained position and the 7 stats; false once the run is complete. */
  step(theta: Float64Array, stats: Float64Array): boolean;
  checkpoint(): ChainCheckpoint;
}

/** What the loop needs from the engine; injected so tests can run it against small fakes. */
export interface ChainEnvironment {
  /** The model from spec + data, or from `structure` when the host prepared it already. */
  compile(spec: ModelSpecInput, data: DataTable, structure?: ModelStructure): { model: CompiledModel; nObs: number };
  createRunner(
    model: CompiledModel, settings: SamplerSettings, chainId: number, resume?: ChainCheckpoint,
  ): ChainRunnerLike;
  /** Milliseconds, monotonic. */
  now(): number;
}

/**
 * The environment with a one-model cache: a job carrying the same modelKey as the previous one
 * reuses its compiled model (hosts that run several chains of one model on one worker set it);
 * jobs without a key always compile.
 */
export function withModelCache(env: ChainEnvironment): (job: ChainJob) => ChainEnvironment {
  let cached: { key: string; result: ReturnType<ChainEnvironment['compile']> } | null = null;
  return (job) => ({
    ...env,
    compile(spec, data, structure) {
      const key = job.modelKey;
      if (key !== undefined && cached?.key === key) return cached.result;
      const result = env.compile(spec, data, structure);
      cached = key === undefined ? null : { key, result };
      return result;
    },
  });
}

/** Sends one event, copied (never with a transfer list: see the top of this file). */
export type EmitEvent = (event: ChainEvent) => void;

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}

/** Runs one chain to completion (or until the host terminates it). Never throws. */
export function runChain(job: ChainJob, emit: EmitEvent, env: ChainEnvironment): void {
  const { chainId } = job;
  try {
    runChainOrThrow(job, emit, env);
  } catch (err) {
    emit({ type: 'error', chainId, message: `Chain ${chainId}: ${errorMessage(err)}` });
  }
}

function runChainOrThrow(job: ChainJob, emit: EmitEvent, env: ChainEnvironment): void {
  const { chainId, settings } = job;
  const policy = job.batch ?? DEFAULT_BATCH_POLICY;
  const { model, nObs } = env.compile(job.spec, job.data, job.structure);
  const runner = env.createRunner(model, settings, chainId, job.resume);
  const P = model.outputNames.length;
  const total = runner.totalIterations;
  const nWarmup = runner.warmupIterations;
  emit({
    type: 'started', chainId, outputNames: model.outputNames.slice(), dim: model.dim,
    totalIterations: total, warmupIterations: nWarmup,
    iterationOffset: job.resume ? job.resume.iterationsDone : 0, nObs,
  });

  const capacity = Math.max(1, Math.min(policy.maxIterations, Math.max(total, 1)));
  const theta = new Float64Array(model.dim);
  const row = new Float64Array(P);
  const statRow = new Float64Array(N_STATS);
  const draws = new Float64Array(capacity * P);
  const stats = new Float64Array(capacity * N_STATS);
  let count = 0;
  let firstIteration = 1;
  let batchPhase: ChainPhase = nWarmup > 0 ? 'warmup' : 'sampling';

  const start = env.now();
  let warmupEnd = nWarmup > 0 ? NaN : start;
  let batchStart = start;
  let lastCheck = start;
  let stride = 1; // iterations between clock reads
  let sinceCheck = 0;
  let done = 0;

  const flush = (): void => {
    if (count === 0) return;
    // After the last warmup iteration the runner holds its final step size and metric, so its
    // state is resumable from then on (not before: the adaptation's windows are not saved).
    const checkpoint = job.batchCheckpoints && done >= nWarmup ? runner.checkpoint() : undefined;
    emit({
      type: 'batch', chainId, phase: batchPhase, firstIteration, count,
      draws: draws.slice(0, count * P), stats: stats.slice(0, count * N_STATS),
      iterationsDone: done, totalIterations: total, ...(checkpoint ? { checkpoint } : {}),
    });
    firstIteration += count;
    count = 0;
  };

  try {
    while (done < total) {
      const phase: ChainPhase = done < nWarmup ? 'warmup' : 'sampling';
      if (phase !== batchPhase) {
        flush();
        batchPhase = phase;
        warmupEnd = env.now();
        batchStart = warmupEnd;
      }
      if (!runner.step(theta, statRow)) break;
      done++;
      model.writeDraw(theta, row);
      draws.set(row, count * P);
      stats.set(statRow, count * N_STATS);
      count++;
      if (count === capacity) {
        flush();
        batchStart = env.now();
        continue;
      }
      if (++sinceCheck >= stride) {
        const t = env.now();
        const perIteration = (t - lastCheck) / sinceCheck;
        // Cheap iterations: read the clock less often; expensive ones: every iteration.
        stride = perIteration < 0.02 ? Math.min(stride * 2, 64) : perIteration > 1 ? 1 : stride;
        lastCheck = t;
        sinceCheck = 0;
        if (t - batchStart >= policy.maxMs) {
          flush();
          batchStart = t;
        }
      }
    }
  } catch (err) {
    flush(); // keep the draws made before the failure
    throw err;
  }
  flush();
  const end = env.now();
  if (Number.isNaN(warmupEnd)) warmupEnd = end;
  emit({
    type: 'done', chainId, checkpoint: runner.checkpoint(),
    gradientEvaluations: runner.gradientEvaluations,
    warmupSeconds: (warmupEnd - start) / 1000, samplingSeconds: (end - warmupEnd) / 1000,
  });
}
