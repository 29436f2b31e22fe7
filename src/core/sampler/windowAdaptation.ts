// Stan's warmup (adapt_diag_e_nuts / adapt_dense_e_nuts transition + run_adaptive_sampler):
// dual averaging of the step size on every warmup iteration, metric estimated in the windows of
// windowSchedule, and after each metric update the step-size heuristic re-run, mu = log(10 eps)
// and dual averaging restarted. At the end of warmup the step size is exp(x-bar).
import type { LogDensity } from '../types';
import type { Rng } from './rng';
import type { NutsState, NutsTuning } from './nuts';
import { denseMetric, diagMetric, unitMetric, type Metric } from './metric';
import { windowSchedule, inMetricWindow, type WindowSchedule } from './windowSchedule';
import {
  dualAveragingFinal, dualAveragingInit, learnStepSize, STAN_DUAL_AVERAGING,
  type DualAveragingParams, type DualAveragingState,
} from './dualAveraging';
import {
  gradientInformedInverseMetric, regularizedInverseMetric, welfordInit, welfordRestart, welfordUpdate, type WelfordEstimator,
} from './welford';
import { stepSizeHeuristic, type StepSizeHeuristic } from './stepSizeHeuristic';

export interface WindowAdaptationOptions {
  numWarmup: number;
  metric: 'diag' | 'dense';
  /** adapt_delta (default 0.8). */
  delta?: number;
  /** User step size before the heuristic (Stan's default 1); mu starts at log(10 * this). */
  initialStepSize?: number;
  /** 'stan' (default here): Stan exactly; 'fast': see SamplerSettings.adaptation. */
  adaptation?: 'fast' | 'stan';
}

/**
 * Initial buffer of the 'fast' adaptation. Stan spends its first 75 iterations on the unit metric;
 * when posterior scales differ by 100x (sleepstudy: log sigma vs the intercept) those iterations
 * need 300-1000 leapfrog steps each. The gradient-informed estimate tolerates a first window
 * that starts before the chain has fully settled (the next windows are memoryless and replace it).
 */
export const FAST_INIT_BUFFER = 25;

export class WindowAdaptation {
  readonly schedule: WindowSchedule;
  readonly params: DualAveragingParams;
  /** The tuning to use for the next transition. */
  readonly tuning: NutsTuning;
  private readonly da: DualAveragingState;
  private readonly welford: WelfordEstimator;
  /** Welford over the gradients at the draws (fast diagonal adaptation only), else null. */
  private readonly gradWelford: WelfordEstimator | null;
  private readonly heuristic: StepSizeHeuristic;
  private readonly kind: 'diag' | 'dense';
  private readonly dim: number;
  private readonly initialStepSize: number;
  /** Number of metric updates so far. */
  metricUpdates = 0;

  constructor(target: LogDensity, opts: WindowAdaptationOptions) {
    const delta = opts.delta ?? STAN_DUAL_AVERAGING.delta;
    if (!(delta > 0 && delta < 1)) throw new Error(`adapt_delta must be strictly between 0 and 1; got ${delta}.`);
    this.params = { ...STAN_DUAL_AVERAGING, delta };
    const fast = opts.adaptation === 'fast';
    this.schedule = windowSchedule(opts.numWarmup, fast ? { initBuffer: FAST_INIT_BUFFER } : {});
    this.kind = opts.metric;
    this.dim = target.dim;
    this.initialStepSize = opts.initialStepSize ?? 1;
    this.tuning = { stepSize: this.initialStepSize, metric: unitMetric(opts.metric, target.dim) };
    // Stan sets mu = log(10 * user step size) BEFORE the heuristic runs, so the first phase
    // shrinks towards log(10) whatever the heuristic finds.
    this.da = dualAveragingInit(Math.log(10 * this.initialStepSize));
    this.welford = welfordInit(target.dim, opts.metric === 'dense');
    this.gradWelford = fast && opts.metric === 'diag' ? welfordInit(target.dim, false) : null;
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
    if (inMetricWindow(this.schedule, counter)) {
      welfordUpdate(this.welford, state.position);
      if (this.gradWelford) welfordUpdate(this.gradWelford, state.gradient);
    }
    if (this.schedule.windowEnds.includes(counter)) {
      // The gradient-informed estimate finds the scales from few draws (early windows); the last,
      // longest window, whose metric the sampling uses, takes Stan's variance of the draws: along a
      // strongly correlated ridge sqrt(var q / var grad) is below the marginal variance, and
      // migration's min ESS halved with it (230 vs 450).
      const lastWindow = counter === this.schedule.windowEnds[this.schedule.windowEnds.length - 1];
      const inv = this.gradWelford && !lastWindow
        ? gradientInformedInverseMetric(this.welford, this.gradWelford)
        : regularizedInverseMetric(this.welford);
      welfordRestart(this.welford);
      if (this.gradWelford) welfordRestart(this.gradWelford);
      this.tuning.metric = this.kind === 'diag' ? diagMetric(inv) : denseMetric(inv, this.dim);
      this.metricUpdates++;
      this.tuning.stepSize = this.heuristic(rng, state, this.tuning.stepSize, this.tuning.metric);
      this.da.mu = Math.log(10 * this.tuning.stepSize);
      this.da.t = 0; this.da.sBar = 0; this.da.x = 0; this.da.xBar = 0;
    }
    return this.tuning;
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
