// Stan's warmup (adapt_diag_e_nuts / adapt_dense_e_nuts transition + run_adaptive_sampler):
// dual averaging of the step size on every warmup iteration, metric estimated in the windows of
// windowSchedule, and after each metric update the step-size heuristic re-run, mu = log(10 eps)
// and dual averaging restarted. At the end of warmup the step size is exp(x-bar).
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
 * Initial buffer and first window of the 'fast' adaptation. Stan spends its first 75 iterations on
 * the unit metric, and its first window of 25 too; when posterior scales differ by 100x
 * (sleepstudy: log sigma vs the intercept) those iterations need 200-1000 leapfrog steps each.
 * The gradient-informed estimate is good from a few draws and tolerates a first window that starts
 * before the chain has fully settled (the next windows are memoryless and replace it), so the
 * first metric comes after 15 + 10 iterations. Windows then double: 10, 20, 40, 80, 160, and the
 * rest up to the terminal buffer (625 of 1000 warmup iterations). Sleepstudy: 25 + 25 needed
 * 56-61k gradients per chain of warmup, 15 + 10 needs 30-34k.
 */
export const FAST_INIT_BUFFER = 15;
export const FAST_BASE_WINDOW = 10;

export class WindowAdaptation {
  readonly schedule: WindowSchedule;
  readonly params: DualAveragingParams;
  /** The tuning to use for the next transition. */
  readonly tuning: NutsTuning;
  private readonly da: DualAveragingState;
  /** Draws of the window: diagonal, except Stan's dense adaptation. */
  private readonly welford: WelfordEstimator;
  /** Welford over the gradients at the draws ('fast' adaptation only), else null. */
  private readonly gradWelford: WelfordEstimator | null;
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
  /** Number of metric updates so far. */
  metricUpdates = 0;

  constructor(target: LogDensity, opts: WindowAdaptationOptions) {
    const delta = opts.delta ?? STAN_DUAL_AVERAGING.delta;
    if (!(delta > 0 && delta < 1)) throw new Error(`adapt_delta must be strictly between 0 and 1; got ${delta}.`);
    this.params = { ...STAN_DUAL_AVERAGING, delta };
    const fast = opts.adaptation === 'fast';
    this.schedule = windowSchedule(opts.numWarmup, fast ? { initBuffer: FAST_INIT_BUFFER, baseWindow: FAST_BASE_WINDOW } : {});
    const dim = target.dim;
    this.dim = dim;
    this.gradientCost = target.gradientCost ?? defaultGradientCost(dim);
    // Stan's adaptation has no 'auto': it is Stan's default, the diagonal metric.
    this.setting = !fast && opts.metric === 'auto' ? 'diag' : opts.metric;
    this.stanDense = !fast && opts.metric === 'dense';
    this.initialStepSize = opts.initialStepSize ?? 1;
    this.tuning = { stepSize: this.initialStepSize, metric: unitMetric(this.stanDense ? 'dense' : 'diag', dim) };
    // Stan sets mu = log(10 * user step size) BEFORE the heuristic runs, so the first phase
    // shrinks towards log(10) whatever the heuristic finds.
    this.da = dualAveragingInit(Math.log(10 * this.initialStepSize));
    this.welford = welfordInit(dim, this.stanDense);
    this.gradWelford = fast ? welfordInit(dim, false) : null;
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
    if (inMetricWindow(this.schedule, counter)) {
      welfordUpdate(this.welford, state.position);
      if (this.gradWelford) welfordUpdate(this.gradWelford, state.gradient);
      if (this.denseWelford) welfordUpdate(this.denseWelford, state.position);
      if (this.denseGradWelford) welfordUpdate(this.denseGradWelford, state.gradient);
    }
    if (this.schedule.windowEnds.includes(counter)) {
      const lastWindow = counter === this.schedule.windowEnds[this.schedule.windowEnds.length - 1];
      this.tuning.metric = this.windowMetric(lastWindow);
      welfordRestart(this.welford);
      if (this.gradWelford) welfordRestart(this.gradWelford);
      if (this.denseWelford) welfordRestart(this.denseWelford);
      if (this.denseGradWelford) welfordRestart(this.denseGradWelford);
      this.metricUpdates++;
      this.tuning.stepSize = this.heuristic(rng, state, this.tuning.stepSize, this.tuning.metric);
      this.da.mu = Math.log(10 * this.tuning.stepSize);
      this.da.t = 0; this.da.sBar = 0; this.da.x = 0; this.da.xBar = 0;
    }
    return this.tuning;
  }

  /** The metric estimated from the window that just ended. */
  private windowMetric(lastWindow: boolean): Metric {
    if (this.stanDense) return denseMetric(regularizedInverseMetric(this.welford), this.dim);
    const dw = this.denseWelford;
    if (dw && dw.n >= AUTO_DENSE_MIN_DRAWS * this.dim) {
      const inv = regularizedInverseMetric(dw);
      if (this.wantDense(dw, inv)) return denseMetric(inv, this.dim);
    } else if (dw && this.setting === 'dense' && lastWindow) {
      return denseMetric(regularizedInverseMetric(dw), this.dim);
    }
    // The gradient-informed estimate finds the scales from few draws (early windows); the last,
    // longest window, whose metric the sampling uses, takes Stan's variance of the draws: along a
    // strongly correlated ridge sqrt(var q / var grad) is below the marginal variance, and
    // migration's min ESS halved with it (230 vs 450).
    const inv = this.gradWelford && !lastWindow
      ? gradientInformedInverseMetric(this.welford, this.gradWelford)
      : regularizedInverseMetric(this.welford);
    return diagMetric(inv);
  }

  /**
   * Called for a window with 3 draws per dimension ('dense' also takes its last window whatever its
   * size; before that the diagonal estimate, as a dense one from few draws is mostly noise). 'auto':
   * when the draws' correlations cost more steps than a dense metric costs time (metricChoice.ts).
   */
  private wantDense(dw: WelfordEstimator, inverseMetric: Float64Array): boolean {
    if (this.setting === 'dense') return true;
    return chooseDense(welfordVariance(dw), welfordVariance(this.denseGradWelford!), inverseMetric, this.dim, dw.n, this.gradientCost).dense;
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
