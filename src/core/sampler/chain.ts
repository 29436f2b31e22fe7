// The chain driver: one chain of NUTS with Stan's warmup, one iteration per call, so that a worker
// can post batches and be cancelled between iterations. Kernel math lives in nuts.ts, adaptation in
// windowAdaptation.ts; this file only sequences them (as Stan's run_adaptive_sampler).
//
// Resuming ("sample more"): a checkpoint holds the position, step size, inverse metric and the RNG
// state after the last iteration. Log density and gradient are recomputed from the position (a
// deterministic function), so resuming for k more draws gives bit-for-bit the draws an
// uninterrupted run with k more post-warmup iterations would have produced.
import type { LogDensity, SamplerSettings } from '../types';
import { nutsKernel, type NutsKernel, type NutsOptions, type NutsState, type NutsTuning } from './nuts';
import { createChainRng, rngFromState, type SeededRng } from './rng';
import { initialize } from './initialize';
import { WindowAdaptation, metricFromArray } from './windowAdaptation';
import { unitMetric } from './metric';
import { CountedTarget } from './countedTarget';

export interface ChainCheckpoint { // plain data, structured-cloneable, for "sample more"
  /** Unconstrained position after the last iteration. */
  position: number[];
  stepSize: number;
  /** diag: dim entries; dense: dim*dim row-major. */
  inverseMetric: number[];
  metric: 'diag' | 'dense';
  /** MT19937 state words after the last iteration. */
  rngState: number[];
  chainId: number;
  /** Iterations this chain has run in total (warmup included, across resumes). */
  iterationsDone: number;
  /**
   * Fingerprint of the unconstrained coordinates' names (coordinatesFingerprint). The same model
   * can be compiled with other coordinates (a group term centred or not), so a checkpoint only
   * resumes a model whose coordinates match. Absent in checkpoints saved before it existed.
   */
  coordinates?: string;
}

/** FNV-1a hash (hex) of the coordinate names, in order: cheap to store, changes with any name. */
export function coordinatesFingerprint(names: readonly string[]): string {
  let h = 0x811c9dc5;
  for (const name of names) {
    for (let i = 0; i < name.length; i++) {
      h ^= name.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    h ^= 0x1f; // separator
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `${names.length}:${h.toString(16).padStart(8, '0')}`;
}

/** Test-only knobs (never set by the app). */
export interface ChainRunnerTestOptions {
  fault?: NutsOptions['fault'];
}

function checkInt(v: number, what: string, min: number): void {
  if (!Number.isInteger(v) || v < min) throw new Error(`${what} must be an integer >= ${min}; got ${v}.`);
}

export class ChainRunner {
  readonly dim: number;
  readonly totalIterations: number;
  readonly warmupIterations: number;
  iterationsDone = 0;

  /** The model, counting its gradient evaluations. */
  private readonly target: CountedTarget;
  private readonly settings: SamplerSettings;
  private readonly chainId: number;
  private readonly resume: ChainCheckpoint | undefined;
  private readonly rng: SeededRng;
  private readonly kernel: NutsKernel;
  private adaptation: WindowAdaptation | null = null;
  private tuning: NutsTuning | null = null;
  private state: NutsState | null = null;
  private readonly priorIterations: number;

  constructor(target: LogDensity, settings: SamplerSettings, chainId: number, resume?: ChainCheckpoint, test?: ChainRunnerTestOptions) {
    checkInt(chainId, 'Chain id', 1);
    checkInt(settings.warmup, 'Number of warmup iterations', 0);
    checkInt(settings.iter, 'Number of post-warmup iterations', 0);
    checkInt(settings.maxTreedepth, 'Maximum tree depth', 1);
    if (!(settings.adaptDelta > 0 && settings.adaptDelta < 1)) {
      throw new Error(`adapt_delta must be strictly between 0 and 1; got ${settings.adaptDelta}.`);
    }
    if (settings.adaptation !== undefined && settings.adaptation !== 'fast' && settings.adaptation !== 'stan') {
      throw new Error(`Adaptation must be 'fast' or 'stan'; got ${String(settings.adaptation)}.`);
    }
    if (settings.metric !== 'diag' && settings.metric !== 'dense' && settings.metric !== 'auto') {
      throw new Error(`Metric must be 'auto', 'diag' or 'dense'; got ${String(settings.metric)}.`);
    }
    this.settings = settings;
    this.chainId = chainId;
    this.resume = resume;
    this.dim = target.dim;
    // Count every gradient evaluation without touching the model.
    this.target = new CountedTarget(target);
    this.kernel = nutsKernel(this.target, { maxTreedepth: settings.maxTreedepth, fault: test?.fault });
    if (resume) {
      if (resume.chainId !== chainId) {
        throw new Error(`Checkpoint belongs to chain ${resume.chainId}, not chain ${chainId}.`);
      }
      if (resume.position.length !== this.dim) {
        throw new Error(`Checkpoint position has ${resume.position.length} coordinates; the model has ${this.dim}.`);
      }
      if (resume.coordinates === undefined || resume.coordinates !== coordinatesFingerprint(target.unconstrainedNames)) {
        throw new Error(
          'This checkpoint was made with a different parameterisation of the model (or by an older version), ' +
          'so its position cannot be resumed. Run the model again instead of sampling more.',
        );
      }
      if (!(resume.stepSize > 0) || !Number.isFinite(resume.stepSize)) {
        throw new Error(`Checkpoint step size must be a finite positive number; got ${resume.stepSize}.`);
      }
      this.rng = rngFromState(resume.rngState);
      this.warmupIterations = 0;
      this.totalIterations = settings.iter;
      this.priorIterations = resume.iterationsDone;
    } else {
      this.rng = createChainRng(settings.seed, chainId);
      this.warmupIterations = settings.warmup;
      this.totalIterations = settings.warmup + settings.iter;
      this.priorIterations = 0;
    }
  }

  /** Gradient evaluations so far (initialisation and step-size searches included). */
  get gradientEvaluations(): number {
    return this.target.count;
  }

  get phase(): 'warmup' | 'sampling' | 'done' {
    if (this.iterationsDone >= this.totalIterations) return 'done';
    return this.iterationsDone < this.warmupIterations ? 'warmup' : 'sampling';
  }

  /** Lazy start: initial values (or the checkpoint), then the step-size heuristic. */
  private start(): void {
    const r = this.resume;
    if (r) {
      this.tuning = { stepSize: r.stepSize, metric: metricFromArray(r.metric, r.inverseMetric, this.dim) };
      try {
        this.state = this.kernel.init(r.position);
      } catch {
        throw new Error(`Cannot resume chain ${this.chainId}: the log density is not finite at the checkpoint position.`);
      }
      return;
    }
    const init = initialize(this.target, this.rng, this.settings.initRadius);
    this.state = { position: init.position, logDensity: init.logDensity, gradient: init.gradient };
    if (this.warmupIterations > 0) {
      this.adaptation = new WindowAdaptation(this.target, {
        numWarmup: this.warmupIterations, metric: this.settings.metric, delta: this.settings.adaptDelta,
        adaptation: this.settings.adaptation ?? 'fast',
      });
      this.tuning = this.adaptation.init(this.rng, this.state);
    } else {
      // Stan without warmup: no adaptation, the user step size (1) and unit metric.
      this.tuning = { stepSize: 1, metric: unitMetric(this.settings.metric === 'dense' ? 'dense' : 'diag', this.dim) };
    }
  }

  step(theta: Float64Array, stats: Float64Array): boolean {
    if (this.iterationsDone >= this.totalIterations) return false;
    if (this.state === null) this.start();
    const tuning = this.tuning!;
    const { state, info } = this.kernel.step(this.rng, this.state!, tuning);
    this.state = state;
    const counter = this.iterationsDone;
    if (this.adaptation !== null && counter < this.warmupIterations) {
      this.tuning = this.adaptation.update(this.rng, counter, state, info.acceptStat);
      if (counter === this.warmupIterations - 1) this.tuning = this.adaptation.final();
    }
    theta.set(state.position);
    stats[0] = state.logDensity;
    stats[1] = info.acceptStat;
    stats[2] = info.stepSize;
    stats[3] = info.treeDepth;
    stats[4] = info.nLeapfrog;
    stats[5] = info.divergent ? 1 : 0;
    stats[6] = info.energy;
    this.iterationsDone++;
    return true;
  }

  /** Current step size and metric (null before the first iteration). */
  get currentTuning(): { stepSize: number; inverseMetric: Float64Array } | null {
    return this.tuning ? { stepSize: this.tuning.stepSize, inverseMetric: this.tuning.metric.inverseMetric } : null;
  }

  checkpoint(): ChainCheckpoint {
    if (this.state === null || this.tuning === null) {
      throw new Error('Nothing to checkpoint yet: run at least one iteration first.');
    }
    return {
      position: Array.from(this.state.position),
      stepSize: this.tuning.stepSize,
      inverseMetric: Array.from(this.tuning.metric.inverseMetric),
      metric: this.tuning.metric.kind,
      rngState: this.rng.getState(),
      chainId: this.chainId,
      iterationsDone: this.priorIterations + this.iterationsDone,
      coordinates: coordinatesFingerprint(this.target.unconstrainedNames),
    };
  }
}
