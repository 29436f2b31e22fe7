// One fit in the browser: runs the chains on the pool, streams their batches into a DrawStore,
// and tracks progress, timing and checkpoints. stop() keeps every draw received and each chain's
// last state; sampleMore() continues every chain from its checkpoint (adapted step size and
// metric, no new warmup), after Done for more draws, after Stop up to the planned length.
//
// Resuming after Stop: chains post their state with every batch once warmup has ended
// (ChainJob.batchCheckpoints), so a chain terminated at any moment resumes from the end of its last
// received batch; the iterations it had made since are made again, identically (the state holds
// the RNG). A chain stopped during warmup (its adaptation windows are not saved) or never started
// starts again from its seed: its warmup is recomputed, with the same draws.
import type { DataTable, ModelStructure, SamplerSettings } from '../core/types';
import {
  assertNever,
  type BatchPolicy,
  type ChainCheckpoint,
  type ChainEvent,
  type ChainJob,
  type ChainPhase,
  type ModelSpecInput,
} from '../../workers/protocol';
import { DrawStore } from './drawStore';
import { defaultConcurrency, runPool, type PoolRun, type SpawnChain } from './chainPool';

export type RunStatus = 'idle' | 'running' | 'done' | 'stopped' | 'error';

export interface ChainProgress {
  /** 'stopped': the chain was running when the run stopped; 'queued': it has not started. */
  phase: ChainPhase | 'queued' | 'done' | 'stopped';
  /** Iterations this chain has done in all (warmup included) / planned for it. */
  iterationsDone: number;
  totalIterations: number;
  warmupSeconds: number;
  samplingSeconds: number;
  gradientEvaluations: number;
}

export interface ChainRunOptions {
  spec: ModelSpecInput;
  data: DataTable;
  settings: SamplerSettings;
  /**
   * The model as the host compiled it for spec + data (core/model compileSpec's structure): the
   * chain workers build it directly instead of compiling it again, as the CLI's threads do.
   */
  structure?: ModelStructure;
  /** How to start a chain; the app passes spawnBrowserWorker, tests a fake. */
  spawn: SpawnChain;
  /** Workers at once; default navigator.hardwareConcurrency. */
  concurrency?: number;
  batch?: BatchPolicy;
}

export class ChainRun {
  status: RunStatus = 'idle';
  /** The failing worker's message when status is 'error'. */
  error: string | null = null;
  /** Created when the first chain has compiled the model (output names known). */
  store: DrawStore | null = null;
  nObs = 0;
  readonly progress: ChainProgress[];
  /**
   * Each chain's last resumable state: after a completed segment, or after its last batch since
   * warmup ended (kept when the run stops). null before a chain has finished warmup.
   */
  readonly checkpoints: (ChainCheckpoint | null)[];
  /** Post-warmup draws per chain the current plan asks for (settings.iter plus every Sample more). */
  plannedDraws: number;
  /** Why the last segment stopped early, when stop() said (e.g. auto-stop: converged). */
  stopReason: string | null = null;
  private pool: PoolRun | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly options: ChainRunOptions) {
    const n = options.settings.chains;
    if (!Number.isInteger(n) || n < 1) throw new Error(`chains must be a positive integer (got ${n})`);
    this.progress = Array.from({ length: n }, () => ({
      phase: 'queued' as const, iterationsDone: 0, totalIterations: 0,
      warmupSeconds: 0, samplingSeconds: 0, gradientEvaluations: 0,
    }));
    this.checkpoints = Array.from({ length: n }, () => null);
    this.plannedDraws = options.settings.iter;
  }

  /**
   * A finished run around draws restored from a session file, with every chain's final state:
   * Sample more continues each chain exactly where it stopped.
   */
  static restored(options: ChainRunOptions, saved: { store: DrawStore; nObs: number; checkpoints: readonly ChainCheckpoint[]; progress: readonly ChainProgress[] }): ChainRun {
    const run = new ChainRun(options);
    run.store = saved.store;
    run.nObs = saved.nObs;
    run.status = 'done';
    saved.checkpoints.forEach((cp, i) => { run.checkpoints[i] = cp; Object.assign(run.progress[i], saved.progress[i]); });
    return run;
  }

  get settings(): SamplerSettings { return this.options.settings; }

  /** Workers alive right now (0 once a run has finished, stopped or failed). */
  get runningWorkers(): number { return this.pool?.running ?? 0; }

  /** Calls fn on every status, progress or draws change. */
  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => { this.listeners.delete(fn); };
  }

  /** Runs warmup and sampling for every chain. Resolves with the final status. */
  start(): Promise<RunStatus> {
    if (this.status !== 'idle') throw new Error('This run has already started; create a new ChainRun');
    const jobs: ChainJob[] = [];
    for (let c = 1; c <= this.options.settings.chains; c++) jobs.push(this.freshJob(c));
    return this.launch(jobs);
  }

  /**
   * After Done: continues every chain for `iter` more draws from its checkpoint (no new warmup).
   * After Stop: brings every chain to the planned length (`iter` is not used): chains with a
   * checkpoint continue from it, the others (stopped in warmup, or never started) start again.
   */
  sampleMore(iter: number): Promise<RunStatus> {
    if (this.status !== 'done' && this.status !== 'stopped') {
      throw new Error(`Sample more needs a run that finished or stopped (this one is ${this.status})`);
    }
    if (this.status === 'done') {
      if (!Number.isInteger(iter) || iter < 1) throw new Error(`Sample more needs a positive number of draws (got ${iter})`);
      // A run rebuilt around restored draws may hold more than its settings say.
      let held = this.plannedDraws;
      for (let c = 1; c <= this.options.settings.chains; c++) held = Math.max(held, this.store?.nSampling(c) ?? 0);
      this.plannedDraws = held + iter;
    }
    const jobs: ChainJob[] = [];
    for (let c = 1; c <= this.options.settings.chains; c++) {
      const job = this.continueJob(c);
      if (job) jobs.push(job);
    }
    return this.launch(jobs);
  }

  /** Terminates every worker now; the draws received so far and each chain's last state stay. */
  stop(reason: string | null = null): void {
    if (this.status !== 'running' || !this.pool) return;
    this.stopReason = reason;
    this.pool.stop();
  }

  /** Draws still missing for chain `c` to reach the plan, or null when it must start again. */
  private continueJob(c: number): ChainJob | null {
    const have = this.store ? this.store.nSampling(c) : 0;
    const missing = this.plannedDraws - have;
    const cp = this.checkpoints[c - 1];
    const rows = this.store ? this.store.nIterations(c) : 0;
    if (cp && cp.iterationsDone === rows) {
      if (missing <= 0) return null;
      const { spec, data, batch, structure } = this.options;
      const settings = { ...this.options.settings, warmup: 0, iter: missing };
      return { spec, data, settings, chainId: c, resume: cp, batch, batchCheckpoints: true, ...(structure ? { structure } : {}) };
    }
    // No state to continue from: the chain runs again from its seed (identical warmup draws).
    this.store?.clearChain(c);
    this.checkpoints[c - 1] = null;
    const p = this.progress[c - 1];
    p.iterationsDone = 0;
    return this.freshJob(c);
  }

  private freshJob(c: number): ChainJob {
    const { spec, data, batch, structure } = this.options;
    const settings = { ...this.options.settings, iter: this.plannedDraws };
    return { spec, data, settings, chainId: c, batch, batchCheckpoints: true, ...(structure ? { structure } : {}) };
  }

  private async launch(jobs: ChainJob[]): Promise<RunStatus> {
    this.status = 'running';
    this.error = null;
    this.stopReason = null;
    for (const job of jobs) {
      const p = this.progress[job.chainId - 1];
      p.phase = 'queued';
      p.totalIterations = this.options.settings.warmup + this.plannedDraws;
    }
    this.notify();
    this.pool = runPool(jobs, (e) => this.onEvent(e), this.options.spawn,
      this.options.concurrency ?? defaultConcurrency());
    const outcome = await this.pool.finished;
    this.status = outcome.status;
    if (outcome.status === 'error') this.error = outcome.message;
    if (outcome.status === 'stopped') {
      for (const p of this.progress) if (p.phase === 'warmup' || p.phase === 'sampling') p.phase = 'stopped';
    }
    this.notify();
    return this.status;
  }

  private onEvent(event: ChainEvent): void {
    const p = this.progress[event.chainId - 1];
    switch (event.type) {
      case 'started': {
        if (!this.store) {
          const { warmup } = this.options.settings;
          this.store = new DrawStore(event.outputNames, this.options.settings.chains, warmup + this.plannedDraws);
        }
        this.nObs = event.nObs;
        p.phase = event.warmupIterations > 0 ? 'warmup' : 'sampling';
        p.totalIterations = event.iterationOffset + event.totalIterations;
        p.iterationsDone = event.iterationOffset;
        break;
      }
      case 'batch':
        this.store!.append(event.chainId, event);
        p.phase = event.phase;
        p.iterationsDone = this.store!.nIterations(event.chainId);
        if (event.checkpoint) this.checkpoints[event.chainId - 1] = event.checkpoint;
        break;
      case 'done':
        p.phase = 'done';
        p.warmupSeconds += event.warmupSeconds;
        p.samplingSeconds += event.samplingSeconds;
        p.gradientEvaluations += event.gradientEvaluations;
        this.checkpoints[event.chainId - 1] = event.checkpoint;
        break;
      case 'error':
        break;
      default:
        assertNever(event);
    }
    this.notify();
  }

  private notify(): void {
    for (const fn of this.listeners) fn();
  }
}
