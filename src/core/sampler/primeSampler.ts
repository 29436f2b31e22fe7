// Primes V8's type feedback for the sampler before a worker's first chain. V8 optimises a function
// with the branches it has seen run; the first time a branch it has not seen runs, the optimised
// code is thrown away and compiled again. A chain meets new branches late: the dense metric after
// ~950 warmup iterations (its momentum draw, velocity and kinetic energy, and a tuning field that
// has held only diagonal metrics), the dense Welford update when the last window opens. In the
// first chain of a Node thread that meant compiling the NUTS transition 3 times, the subtree
// recursion 3 times and the leapfrog twice (trace-opt, sleepstudy).
//
// So once per global scope (browser worker, Node thread, test process), before its first chain,
// a few transitions run on a standard normal of the model's dimension, with each metric the
// chain may use and step sizes that diverge, U-turn and sample both halves of a subtree. The
// model itself is not evaluated (its gradient may be costly, and a point where it is benign is
// not known before the chain), nor is the chain's random stream touched: the draws are the same
// with or without priming (bench/NOTES.md has the wall-time effect). The worker shells call it
// (workers/engine.ts primedEnvironment), not ChainRunner: a chain is the same with or without it.
import type { MetricSetting } from '../types';
import { nutsKernel, type NutsInfo, type NutsTuning } from './nuts';
import { CountedTarget } from './countedTarget';
import { createChainRng } from './rng';
import { unitMetric } from './metric';
import { AUTO_DENSE_MAX_DIM } from './metricChoice';
import { welfordInit, welfordUpdate } from './welford';
import { StandardNormal } from './standardNormal';

/**
 * Step sizes of the priming transitions, per metric: 1000 diverges at the first leaf; 0.9 and 0.5
 * (from 0.5 in every coordinate, unit metric) build trees of depth 2-3 that U-turn, with energy
 * errors of both signs. The seed is fixed, so the transitions are the same every time.
 */
export const PRIMING_STEP_SIZES: readonly number[] = [1e3, 0.9, 0.5, 0.9, 0.5];
const PRIMING_MAX_TREEDEPTH = 5;

/** The metric kinds a chain with this setting may use ('auto' and 'dense' up to AUTO_DENSE_MAX_DIM). */
export function primedMetricKinds(dim: number, metric: MetricSetting): ('diag' | 'dense')[] {
  return metric !== 'diag' && dim > 1 && dim <= AUTO_DENSE_MAX_DIM ? ['diag', 'dense'] : ['diag'];
}

/** Runs the priming transitions; returns their infos (copies), metric kind by metric kind. */
export function primingTransitions(dim: number, kinds: readonly ('diag' | 'dense')[]): { kind: 'diag' | 'dense'; info: NutsInfo }[] {
  const kernel = nutsKernel(new CountedTarget(new StandardNormal(dim)), { maxTreedepth: PRIMING_MAX_TREEDEPTH });
  const rng = createChainRng(0, 1);
  let state = kernel.init(new Float64Array(dim).fill(0.5));
  const out: { kind: 'diag' | 'dense'; info: NutsInfo }[] = [];
  for (const kind of kinds) {
    // The adaptation's tuning objects have this shape: its metric field then has held both kinds
    // before anything is optimised.
    const tuning: NutsTuning = { stepSize: NaN, metric: unitMetric(kind, dim) };
    for (const stepSize of PRIMING_STEP_SIZES) {
      tuning.stepSize = stepSize;
      const result = kernel.step(rng, state, tuning);
      state = result.state;
      out.push({ kind, info: { ...result.info } });
    }
    if (kind === 'dense') {
      // V8 records no feedback for a function's first few calls (lazy feedback allocation)
      const w = welfordInit(2, true);
      for (let k = 0; k < 16; k++) welfordUpdate(w, new Float64Array(2).fill(k));
    }
  }
  return out;
}

let primed = false;

/**
 * Primes the sampler once per global scope (see the top of this file); later calls do nothing.
 * Returns whether this call primed. Never throws: priming only affects speed.
 */
export function primeSampler(dim: number, metric: MetricSetting): boolean {
  if (primed) return false;
  primed = true;
  try {
    primingTransitions(dim, primedMetricKinds(dim, metric));
  } catch {
    // speed only
  }
  return true;
}
