// One fit in the browser: runs the chains on the pool, streams their batches into a DrawStore,
// and tracks progress, timing and checkpoints. stop() keeps every draw received; sampleMore()
// continues every chain from its checkpoint (adapted step size and metric, no new warmup).
import type { DataTable, SamplerSettings } from '../core/types';
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
  phase: ChainPhase | 'queued' | 'done';
  /** Iterations done in the current run segment / planned for it. */
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
  /** Last state of each chain after a completed segment; null while running or after stop. */
  readonly checkpoints: (ChainCheckpoint | null)[];
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
    const { spec, data, settings, batch } = this.options;
    const jobs: ChainJob[] = [];
    for (let c = 1; c <= settings.chains; c++) jobs.push({ spec, data, settings, chainId: c, batch });
    return this.launch(jobs);
  }

  /** Continues every chain for `iter` more draws from its checkpoint, with no new warmup. */
  sampleMore(iter: number): Promise<RunStatus> {
    if (this.status !== 'done') {
      throw new Error(`Sample more needs a run that finished (this one is ${this.status})`);
    }
    if (!Number.isInteger(iter) || iter < 1) throw new Error(`Sample more needs a positive number of draws (got ${iter})`);
    const { spec, data, batch } = this.options;
    const settings = { ...this.options.settings, warmup: 0, iter };
    const jobs: ChainJob[] = this.checkpoints.map((cp, i) => {
      if (!cp) throw new Error(`Chain ${i + 1} has no checkpoint to continue from`);
      return { spec, data, settings, chainId: i + 1, resume: cp, batch };
    });
    return this.launch(jobs);
  }

  /** Terminates every worker now; the draws received so far stay in the store. */
  stop(): void {
    this.pool?.stop();
  }

  private async launch(jobs: ChainJob[]): Promise<RunStatus> {
    this.status = 'running';
    this.error = null;
    for (const job of jobs) {
      this.checkpoints[job.chainId - 1] = null;
      const p = this.progress[job.chainId - 1];
      p.phase = 'queued';
      p.iterationsDone = 0;
    }
    this.notify();
    this.pool = runPool(jobs, (e) => this.onEvent(e), this.options.spawn,
      this.options.concurrency ?? defaultConcurrency());
    const outcome = await this.pool.finished;
    this.status = outcome.status;
    if (outcome.status === 'error') this.error = outcome.message;
    if (outcome.status !== 'done') this.checkpoints.fill(null);
    this.notify();
    return this.status;
  }

  private onEvent(event: ChainEvent): void {
    const p = this.progress[event.chainId - 1];
    switch (event.type) {
      case 'started': {
        if (!this.store) {
          const { warmup, iter } = this.options.settings;
          this.store = new DrawStore(event.outputNames, this.options.settings.chains, warmup + iter);
        }
        this.nObs = event.nObs;
        p.phase = event.warmupIterations > 0 ? 'warmup' : 'sampling';
        p.totalIterations = event.totalIterations;
        break;
      }
      case 'batch':
        this.store!.append(event.chainId, event);
        p.phase = event.phase;
        p.iterationsDone = event.iterationsDone;
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
