// A tiny engine for testing the chain layer without the real model/sampler: a 2-d "model"
// (mu, log sigma) and a seeded random-walk runner with the ChainRunner shape (warmup, sampling,
// checkpoint/resume). Formula 'fail init' throws at compile; 'fail at N' throws at iteration N.
import type { CompiledModel, ModelStructure } from '../../src/core/types';
import type { ChainEnvironment, ChainRunnerLike } from '../../workers/runChain';
import { runChain } from '../../workers/runChain';
import type { ChainCheckpoint, ChainEvent, ChainJob } from '../../workers/protocol';
import type { ChainProcess, SpawnChain } from '../../src/client/chainPool';

export function fakeModel(): CompiledModel {
  return {
    dim: 2,
    unconstrainedNames: ['mu', 'log sigma'],
    outputNames: ['b_Intercept', 'sigma'],
    logDensityGradient(theta, grad) {
      grad[0] = -theta[0];
      grad[1] = -theta[1];
      return -0.5 * (theta[0] * theta[0] + theta[1] * theta[1]);
    },
    writeDraw(theta, out) {
      out[0] = theta[0];
      out[1] = Math.exp(theta[1]);
    },
    structure: {} as ModelStructure,
  };
}

/** mulberry32: small, seedable, deterministic. */
function nextUniform(state: Uint32Array): number {
  state[0] = (state[0] + 0x6d2b79f5) >>> 0;
  let t = state[0];
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}


export class FakeRunner implements ChainRunnerLike {
  readonly dim = 2;
  readonly totalIterations: number;
  readonly warmupIterations: number;
  gradientEvaluations = 0;
  private done = 0;
  private readonly offset: number;
  private readonly rng = new Uint32Array(1);
  private readonly x = new Float64Array(2);
  private stepSize: number;

  constructor(
    private readonly model: CompiledModel, settings: { seed: number; warmup: number; iter: number },
    private readonly chainId: number, resume?: ChainCheckpoint, private readonly failAt = -1,
  ) {
    if (resume) {
      const r = resume;
      this.rng[0] = r.rngState[0];
      this.x.set(r.position);
      this.stepSize = r.stepSize;
      this.offset = r.iterationsDone;
      this.warmupIterations = 0;
    } else {
      this.rng[0] = (settings.seed * 7919 + chainId * 104729) >>> 0;
      this.x[0] = 4 * nextUniform(this.rng) - 2;
      this.x[1] = 4 * nextUniform(this.rng) - 2;
      this.stepSize = 1;
      this.offset = 0;
      this.warmupIterations = settings.warmup;
    }
    this.totalIterations = this.warmupIterations + settings.iter;
  }

  step(theta: Float64Array, stats: Float64Array): boolean {
    if (this.done >= this.totalIterations) return false;
    if (this.done + this.offset === this.failAt) throw new Error(`fake model blew up at iteration ${this.failAt}`);
    for (let i = 0; i < 2; i++) this.x[i] += this.stepSize * (nextUniform(this.rng) - 0.5);
    if (this.done < this.warmupIterations) this.stepSize *= 0.99;
    theta.set(this.x);
    const grad = new Float64Array(2);
    stats[0] = this.model.logDensityGradient(theta, grad);
    stats[1] = 0.8;
    stats[2] = this.stepSize;
    stats[3] = 2;
    stats[4] = 3;
    stats[5] = this.done % 50 === 7 ? 1 : 0;
    stats[6] = -stats[0] + 1;
    this.gradientEvaluations += 3;
    this.done++;
    return true;
  }

  checkpoint(): ChainCheckpoint {
    return {
      chainId: this.chainId, iterationsDone: this.offset + this.done, position: Array.from(this.x),
      stepSize: this.stepSize, inverseMetric: [1, 1], metric: 'diag', rngState: [this.rng[0]],
    };
  }
}

export function fakeEnvironment(now: () => number = () => performance.now()): ChainEnvironment {
  let failAt = -1;
  return {
    compile(spec) {
      if (spec.formula === 'fail init') throw new Error('Initialization failed after 100 attempts');
      const m = /^fail at (\d+)$/.exec(spec.formula);
      failAt = m ? Number(m[1]) : -1;
      return { model: fakeModel(), nObs: 10 };
    },
    createRunner(model, settings, chainId, resume) {
      return new FakeRunner(model, settings, chainId, resume, failAt);
    },
    now,
  };
}

/** Runs a job synchronously and collects its events (buffers kept as they were emitted). */
export function collectEvents(job: ChainJob, env = fakeEnvironment()): ChainEvent[] {
  const events: ChainEvent[] = [];
  runChain(job, (e) => events.push(e), env);
  return events;
}

/**
 * An in-process stand-in for a Worker: runs the chain synchronously up front (small batches),
 * then delivers one event per macrotask, so the pool sees a live stream it can stop mid-way.
 * `live` counts processes not yet terminated or finished.
 */
export function fakeSpawner(): { spawn: SpawnChain; live: () => number; spawned: () => number; maxLive: () => number } {
  let live = 0;
  let spawned = 0;
  let maxLive = 0;
  const spawn: SpawnChain = (job, onEvent): ChainProcess => {
    const events = collectEvents(job);
    live++;
    spawned++;
    maxLive = Math.max(maxLive, live);
    let i = 0;
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const tick = (): void => {
      if (!alive) return;
      const e = events[i++];
      if (e.type === 'done' || e.type === 'error') { alive = false; live--; }
      onEvent(e);
      if (alive && i < events.length) timer = setTimeout(tick, 1);
    };
    timer = setTimeout(tick, 1);
    return {
      terminate() {
        if (timer) clearTimeout(timer);
        if (alive) { alive = false; live--; }
      },
    };
  };
  return { spawn, live: () => live, spawned: () => spawned, maxLive: () => maxLive };
}
