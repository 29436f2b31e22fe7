// Stan's warmup (adapt_diag_e_nuts / adapt_dense_e_nuts transition + run_adaptive_sampler):
// dual averaging of the step size on every warmup iteration, metric estimated in the windows of
// windowSchedule, and after each metric update the step-size heuristic re-run, mu = log(10 eps)
// and dual averaging restarted. At the end of warmup the step size is exp(x-bar).
// The 'fast' adaptation (the default) replaces every window but the last by nutpie's running
// estimate (see FAST_SWITCH_EARLY); the last window and the terminal buffer are Stan's.
import type { LogDensity, MetricSetting } from '../types';
import type { Rng } from './rng';
import type { NutsState, NutsTuning } from './nuts';
import { denseMetric, diagMetric, unitMetric, type Metric } from './metric';
import { AUTO_DENSE_MAX_DIM, AUTO_DENSE_MIN_DRAWS, chooseDense, defaultGradientCost } from './metricChoice';
import { windowSchedule, inMetricWindow, type WindowSchedule } from './windowSchedule';
import {
  dualAveragingFinal, dualAveragingInit, learnStepSize, STAN_DUAL_AVERAGING,
  type DualAveragingParams, type DualAveragingState,
} from './dualAveraging';
import {
  gradientInformedInverseMetric, regularizedInverseMetric, welfordInit, welfordRestart, welfordUpdate, welfordVariance,
  type WelfordEstimator,
} from './welford';
import { stepSizeHeuristic, type StepSizeHeuristic } from './stepSizeHeuristic';

export interface WindowAdaptationOptions {
  numWarmup: number;
  /** 'auto' chooses diag or dense from the warmup draws ('fast' adaptation; Stan's diag otherwise). */
  metric: MetricSetting;
  /** adapt_delta (default 0.8). */
  delta?: number;
  /** User step size before the heuristic (Stan's default 1); mu starts at log(10 * this). */
  initialStepSize?: number;
  /** 'stan' (default here): Stan exactly; 'fast': see SamplerSettings.adaptation. */
  adaptation?: 'fast' | 'stan';
}

/**
 * The 'fast' adaptation (nutpie's scheme, pymc-devs/nuts-rs adapt_strategy.rs, for everything
 * before the last window). Stan spends 75 iterations on the unit metric and then re-estimates the
 * metric only at the ends of windows, so a metric estimated while the chain was still travelling
 * to the typical set stays in use for the whole next window: on sleepstudy those iterations took
 * 100-1000 leapfrog steps each. Instead, after every warmup iteration until the last window ends,
 * the diagonal metric is re-estimated from draws and gradients (gradientInformedInverseMetric)
 * over a running window: two estimators take every draw, and the older (foreground, which the
 * metric uses) is replaced by the younger every FAST_SWITCH_EARLY iterations during the first
 * FAST_EARLY_SHARE of warmup, every FAST_SWITCH_LATE after, so the metric forgets the transient
 * within 10-20 iterations. Dual averaging runs on through these updates; the step-size heuristic
 * restarts it once, at the first estimate (3 draws).
 * The last window of the fast schedule (the iterations of the longest doubling window: 325-949 of
 * 1000) also collects Stan's estimators; at its end the sampling metric is chosen from them as
 * before (auto: dense or Stan's regularised variance) and the step size restarted for the terminal
 * buffer. Sleepstudy: 34-42k warmup gradients per chain with doubling windows, 22-24k with this;
 * the sampling is unchanged (same last window).
 */
export const FAST_INIT_BUFFER = 15;
export const FAST_BASE_WINDOW = 10;
export const FAST_SWITCH_EARLY = 10;
export const FAST_SWITCH_LATE = 80;
export const FAST_EARLY_SHARE = 0.15;
/** Draws before the running estimate replaces the initial (unit) metric. */
const FAST_MIN_DRAWS = 3;

/** The running diagonal estimate of the 'fast' adaptation: two pairs of (draws, gradients) estimators. */
interface RunningEstimate {
  foreground: [WelfordEstimator, WelfordEstimator];
  background: [WelfordEstimator, WelfordEstimator];
  /** Iterations with counter below this switch every FAST_SWITCH_EARLY draws, later every FAST_SWITCH_LATE. */
  earlyEnd: number;
  /** True until the first estimate has been used (the step-size heuristic then restarts). */
  first: boolean;
}

/**
 * The fast schedule: the last window of Stan's doubling schedule with a 15-iteration initial
 * buffer and a first window of 10 (325-949 of 1000 warmup iterations), everything before it running.
 */
export function fastSchedule(numWarmup: number): WindowSchedule {
  const doubling = windowSchedule(numWarmup, { initBuffer: FAST_INIT_BUFFER, baseWindow: FAST_BASE_WINDOW });
  const ends = doubling.windowEnds;
  if (ends.length === 0) return doubling;
  const start = ends.length > 1 ? ends[ends.length - 2] + 1 : doubling.initBuffer;
  const last = ends[ends.length - 1];
  return { numWarmup, initBuffer: start, termBuffer: doubling.termBuffer, baseWindow: last - start + 1, windowEnds: [last] };
}

export class WindowAdaptation {
  readonly schedule: WindowSchedule;
  readonly params: DualAveragingParams;
  /** The tuning to use for the next transition. */
  readonly tuning: NutsTuning;
  private readonly da: DualAveragingState;
  /** Draws of the window: diagonal, except Stan's dense adaptation. */
  private readonly welford: WelfordEstimator;
  /** The running estimate before the last window ('fast' adaptation), else null. */
  private readonly running: RunningEstimate | null;
  /** Full covariance of the window's draws when a dense metric may be chosen ('fast'), else null. */
  private readonly denseWelford: WelfordEstimator | null;
  /** Full covariance of the gradients at those draws ('auto' only), else null. */
  private readonly denseGradWelford: WelfordEstimator | null;
  private readonly heuristic: StepSizeHeuristic;
  private readonly setting: MetricSetting;
  private readonly stanDense: boolean;
  private readonly dim: number;
  private readonly gradientCost: number;
  private readonly initialStepSize: number;

  constructor(target: LogDensity, opts: WindowAdaptationOptions) {
    const delta = opts.delta ?? STAN_DUAL_AVERAGING.delta;
    if (!(delta > 0 && delta < 1)) throw new Error(`adapt_delta must be strictly between 0 and 1; got ${delta}.`);
    this.params = { ...STAN_DUAL_AVERAGING, delta };
    const fast = opts.adaptation === 'fast';
    this.schedule = fast ? fastSchedule(opts.numWarmup) : windowSchedule(opts.numWarmup);
    const dim = target.dim;
    this.dim = dim;
    this.gradientCost = target.gradientCost ?? defaultGradientCost(dim);
    // Stan's adaptation has no 'auto': it is Stan's default, the diagonal metric.
    this.setting = !fast && opts.metric === 'auto' ? 'diag' : opts.metric;
    this.stanDense = !fast && opts.metric === 'dense';
    this.initialStepSize = opts.initialStepSize ?? 1;
    // stepSize starts as a fraction (NaN) so that V8 gives the field its final, untagged-double
    // representation at once: starting from the integer 1, the first learned step size changed the
    // object's shape, which discarded the optimised code of the next chain on the same worker.
    this.tuning = { stepSize: NaN, metric: unitMetric(this.stanDense ? 'dense' : 'diag', dim) };
    this.tuning.stepSize = this.initialStepSize;
    // Stan sets mu = log(10 * user step size) BEFORE the heuristic runs, so the first phase
    // shrinks towards log(10) whatever the heuristic finds.
    this.da = dualAveragingInit(Math.log(10 * this.initialStepSize));
    this.welford = welfordInit(dim, this.stanDense);
    this.running = fast && this.schedule.windowEnds.length > 0 ? {
      foreground: [welfordInit(dim, false), welfordInit(dim, false)],
      background: [welfordInit(dim, false), welfordInit(dim, false)],
      earlyEnd: Math.round(FAST_EARLY_SHARE * opts.numWarmup),
      first: true,
    } : null;
    const denseCandidate = fast && (this.setting === 'dense' || (this.setting === 'auto' && dim > 1 && dim <= AUTO_DENSE_MAX_DIM));
    this.denseWelford = denseCandidate ? welfordInit(dim, true) : null;
    this.denseGradWelford = denseCandidate && this.setting === 'auto' ? welfordInit(dim, true) : null;
    this.heuristic = stepSizeHeuristic(target);
  }

  /** Before the first warmup transition: the step-size heuristic from the initial point. */
  init(rng: Rng, state: NutsState): NutsTuning {
    this.tuning.stepSize = this.heuristic(rng, state, this.tuning.stepSize, this.tuning.metric);
    return this.tuning;
  }

  /**
   * After warmup transition `counter` (0-based) that ended in `state` with `acceptStat`.
   * Returns the tuning for the next transition. Stan's order: step size first, then metric.
   */
  update(rng: Rng, counter: number, state: NutsState, acceptStat: number): NutsTuning {
    this.tuning.stepSize = learnStepSize(this.da, acceptStat, this.params);
    const ends = this.schedule.windowEnds;
    if (this.running && counter < ends[ends.length - 1]) this.updateRunning(rng, counter, state);
    if (inMetricWindow(this.schedule, counter)) {
      welfordUpdate(this.welford, state.position);
      if (this.denseWelford) welfordUpdate(this.denseWelford, state.position);
      if (this.denseGradWelford) welfordUpdate(this.denseGradWelford, state.gradient);
    }
    if (ends.includes(counter)) {
      this.tuning.metric = this.windowMetric();
      welfordRestart(this.welford);
      if (this.denseWelford) welfordRestart(this.denseWelford);
      if (this.denseGradWelford) welfordRestart(this.denseGradWelford);
      this.restartStepSize(rng, state);
    }
    return this.tuning;
  }

  /** Stan's restart after a metric update: the heuristic, mu = log(10 eps), dual averaging from zero. */
  private restartStepSize(rng: Rng, state: NutsState): void {
    this.tuning.stepSize = this.heuristic(rng, state, this.tuning.stepSize, this.tuning.metric);
    this.da.mu = Math.log(10 * this.tuning.stepSize);
    this.da.t = 0; this.da.sBar = 0; this.da.x = 0; this.da.xBar = 0;
  }

  /** 'fast', before the last window ends: the running diagonal estimate after every iteration. */
  private updateRunning(rng: Rng, counter: number, state: NutsState): void {
    const r = this.running!;
    for (const [q, g] of [r.foreground, r.background]) {
      welfordUpdate(q, state.position);
      welfordUpdate(g, state.gradient);
    }
    const switchEvery = counter < r.earlyEnd ? FAST_SWITCH_EARLY : FAST_SWITCH_LATE;
    if (r.background[0].n >= switchEvery) {
      const old = r.foreground;
      r.foreground = r.background;
      r.background = old;
      welfordRestart(old[0]);
      welfordRestart(old[1]);
    }
    if (r.foreground[0].n < FAST_MIN_DRAWS) return;
    const previous = this.tuning.metric.inverseMetric;
    this.tuning.metric = diagMetric(gradientInformedInverseMetric(r.foreground[0], r.foreground[1], previous));
    if (r.first) {
      r.first = false;
      this.restartStepSize(rng, state);
    }
  }

  /**
   * The metric estimated from the window that just ended ('fast': the last window, whose metric the
   * sampling uses). 'dense' takes the dense estimate; 'auto' takes it when the window has 3 draws per
   * dimension and its draws' correlations cost more steps than a dense metric costs time
   * (metricChoice.ts); otherwise Stan's regularised variance of the draws (not the gradient-informed
   * estimate: along a strongly correlated ridge sqrt(var q / var grad) is below the marginal
   * variance, and migration's min ESS halved with it, 230 vs 450).
   */
  private windowMetric(): Metric {
    if (this.stanDense) return denseMetric(regularizedInverseMetric(this.welford), this.dim);
    const dw = this.denseWelford;
    if (dw) {
      const inv = regularizedInverseMetric(dw);
      if (this.setting === 'dense') return denseMetric(inv, this.dim);
      if (dw.n >= AUTO_DENSE_MIN_DRAWS * this.dim) {
        const choice = chooseDense(welfordVariance(dw), welfordVariance(this.denseGradWelford!), inv, this.dim, dw.n, this.gradientCost);
        if (choice.dense) return denseMetric(inv, this.dim);
      }
    }
    return diagMetric(regularizedInverseMetric(this.welford));
  }

  /** End of warmup: step size exp(x-bar), metric as last estimated. */
  final(): NutsTuning {
    if (this.da.t > 0) this.tuning.stepSize = dualAveragingFinal(this.da);
    return this.tuning;
  }
}

export function metricFromArray(kind: 'diag' | 'dense', inverseMetric: ArrayLike<number>, dim: number): Metric {
  if (kind === 'diag') {
    if (inverseMetric.length !== dim) {
      throw new Error(`Diagonal inverse metric must have ${dim} entries; got ${inverseMetric.length}.`);
    }
    return diagMetric(inverseMetric);
  }
  return denseMetric(inverseMetric, dim);
}
