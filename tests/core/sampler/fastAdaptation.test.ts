// The 'fast' warmup adaptation (default): nutpie's running gradient-informed diagonal estimate,
// re-made after every iteration, until the last of the doubling windows ends; that window is
// Stan's, and the 'auto' metric chooses dense or diag from it. 'stan' stays available and exact.
import { describe, expect, test } from 'vitest';
import { gradientInformedInverseMetric, GRADIENT_INFORMED_BOUNDS, welfordInit, welfordUpdate } from '../../../src/core/sampler/welford';
import {
  WindowAdaptation, fastSchedule, FAST_BASE_WINDOW, FAST_EARLY_SHARE, FAST_INIT_BUFFER, FAST_SWITCH_EARLY, FAST_SWITCH_LATE,
} from '../../../src/core/sampler/windowAdaptation';
import { windowSchedule } from '../../../src/core/sampler/windowSchedule';
import { ChainRunner } from '../../../src/core/sampler/chain';
import { DEFAULT_SETTINGS } from '../../../src/core/types';
import { correlatedTarget, mean, normalTarget, runChain, target, variance } from './helpers';

describe('gradient-informed diagonal inverse metric', () => {
  test('is the exact variance for a Gaussian from only 3 draws', () => {
    const sd = [0.05, 1, 30];
    const q = welfordInit(3, false), g = welfordInit(3, false);
    for (const x of [[0.01, 0.3, -20], [-0.07, 1.9, 5], [0.02, -0.4, 41]]) {
      welfordUpdate(q, x);
      welfordUpdate(g, x.map((v, i) => -v / (sd[i] * sd[i])));
    }
    const inv = gradientInformedInverseMetric(q, g, [1, 1, 1]);
    sd.forEach((s, i) => expect(inv[i]).toBeCloseTo(s * s, 12));
  });

  test('keeps the previous entry where the draws or the gradient do not vary, and clamps', () => {
    const q = welfordInit(3, false), g = welfordInit(3, false);
    for (const x of [[1, 2, 0], [3, 5, 1], [2, 9, 2]]) { welfordUpdate(q, [x[0], 4, x[2]]); welfordUpdate(g, [0.5, -x[1], -1e-30 * x[2]]); }
    const inv = gradientInformedInverseMetric(q, g, [7, 8, 9]);
    expect(Array.from(inv)).toEqual([7, 8, GRADIENT_INFORMED_BOUNDS[1]]);
  });

  test('rejects dense estimators', () => {
    expect(() => gradientInformedInverseMetric(welfordInit(2, true), welfordInit(2, false), [1, 1])).toThrow(/diagonal/);
  });
});

describe('fast adaptation', () => {
  const t = normalTarget([0.05, 1, 10]);

  test('keeps only the last window of the 15 + 10 doubling schedule; Stan\'s keeps all its windows', () => {
    expect([FAST_INIT_BUFFER, FAST_BASE_WINDOW, FAST_SWITCH_EARLY, FAST_SWITCH_LATE, FAST_EARLY_SHARE]).toEqual([15, 10, 10, 80, 0.15]);
    expect(windowSchedule(1000, { initBuffer: 15, baseWindow: 10 }).windowEnds).toEqual([24, 44, 84, 164, 324, 949]);
    expect(fastSchedule(1000)).toEqual({ numWarmup: 1000, initBuffer: 325, termBuffer: 50, baseWindow: 625, windowEnds: [949] });
    // Short warmups: Stan's shrunk buffers (15% / 10%), one window; none under 20 iterations.
    expect(fastSchedule(100).windowEnds).toEqual([49]); // 15 + 10 + 50 fit: windows 15-24, 25-49
    expect(fastSchedule(10).windowEnds).toEqual([]);
    expect(new WindowAdaptation(t, { numWarmup: 1000, metric: 'diag', adaptation: 'fast' }).schedule.windowEnds).toEqual([949]);
    expect(new WindowAdaptation(t, { numWarmup: 1000, metric: 'diag', adaptation: 'stan' }).schedule.windowEnds).toEqual([99, 149, 249, 449, 949]);
  });

  test('re-estimates the diagonal metric after every iteration before the last window, and holds it after', () => {
    const metricsOf = (target: typeof t) => {
      const r = new ChainRunner(target, { ...DEFAULT_SETTINGS, warmup: 1000, iter: 20, seed: 3, adaptation: 'fast' }, 1);
      const th = new Float64Array(3), st = new Float64Array(7);
      const metrics: Float64Array[] = [];
      while (r.step(th, st)) metrics.push(Float64Array.from(r.currentTuning!.inverseMetric));
      return metrics;
    };
    // Student-t (5 df) margins: var(q) / var(grad) moves with every draw (for a Gaussian it is exact
    // from 3 draws and would only change by rounding).
    const heavy = metricsOf(target(3, (q, g) => {
      let lp = 0;
      [0.05, 1, 10].forEach((s, i) => {
        const z = q[i] / s;
        lp -= 3 * Math.log1p(z * z / 5);
        g[i] = -6 * z / (s * (5 + z * z));
      });
      return lp;
    }));
    const changed = (m: Float64Array[], from: number, to: number) => {
      let n = 0;
      for (let i = from; i < to; i++) if (m[i].some((v, k) => v !== m[i - 1][k])) n++;
      return n / (to - from);
    };
    // Every iteration from the 10th (the first estimate needs 3 draws, and while the window holds
    // only 2 distinct points the ratio is (dq / dg)^2 whatever their counts).
    expect(changed(heavy, 10, 325)).toBe(1);
    expect(changed(heavy, 950, 1020)).toBe(0); // terminal buffer and sampling: the last window's metric
    // The Gaussian's scales are right from the first estimate (after iteration 3), 100x apart.
    const gauss = metricsOf(t);
    [0.05, 1, 10].forEach((s, i) => {
      expect(gauss[2][i]).toBe(1);
      expect(gauss[3][i] / (s * s)).toBeCloseTo(1, 6);
    });
  });

  test('learns the scales of an ill-conditioned Gaussian and samples it correctly', () => {
    const out = runChain(t, { warmup: 1000, iter: 2000, seed: 5, adaptation: 'fast' });
    const inv = out.runner.currentTuning!.inverseMetric;
    [0.05, 1, 10].forEach((s, i) => {
      expect(inv[i] / (s * s)).toBeGreaterThan(0.7);
      expect(inv[i] / (s * s)).toBeLessThan(1.4);
      expect(Math.abs(mean(out.draws[i])) / s).toBeLessThan(0.15);
      expect(Math.sqrt(variance(out.draws[i])) / s).toBeGreaterThan(0.9);
      expect(Math.sqrt(variance(out.draws[i])) / s).toBeLessThan(1.1);
    });
  });

  test('needs fewer warmup gradients than Stan\'s adaptation on it', () => {
    const warm = (adaptation: 'fast' | 'stan') => {
      const r = new ChainRunner(t, { ...DEFAULT_SETTINGS, warmup: 1000, iter: 0, seed: 9, adaptation }, 1);
      const th = new Float64Array(3), st = new Float64Array(7);
      while (r.step(th, st)) { /* warmup only */ }
      return r.gradientEvaluations;
    };
    const fast = warm('fast'), stan = warm('stan');
    expect(fast).toBeLessThan(0.8 * stan);
  });

  test('the last window, the one sampling uses, takes the variance of the draws (a correlated ridge)', () => {
    // Correlation 0.95, unit variances: sqrt(var q / var grad) would be sqrt(1 - 0.95^2) = 0.31.
    const out = runChain(correlatedTarget(0.95), { warmup: 1000, iter: 10, seed: 4, adaptation: 'fast', metric: 'diag' });
    const inv = out.runner.currentTuning!.inverseMetric;
    for (const v of inv) {
      expect(v).toBeGreaterThan(0.6);
      expect(v).toBeLessThan(1.5);
    }
  });

  test('auto: a dense metric for strongly correlated draws, the diagonal one for independent draws', () => {
    // Correlation 0.99 (condition number 199): a dense metric saves ~10x the steps at ~no cost.
    const cor = runChain(correlatedTarget(0.99), { warmup: 1000, iter: 10, seed: 4, adaptation: 'fast', metric: 'auto' });
    const dense = cor.runner.currentTuning!.inverseMetric;
    expect(dense.length).toBe(4);
    expect(dense[1] / Math.sqrt(dense[0] * dense[3])).toBeGreaterThan(0.97);
    expect(cor.runner.checkpoint().metric).toBe('dense');
    const ind = runChain(t, { warmup: 1000, iter: 10, seed: 4, adaptation: 'fast', metric: 'auto' });
    expect(ind.runner.currentTuning!.inverseMetric.length).toBe(3);
  });

  test('auto on the correlated Gaussian needs far fewer gradients than diag, and samples it correctly', () => {
    const grads = (metric: 'auto' | 'diag') => {
      const out = runChain(correlatedTarget(0.99), { warmup: 1000, iter: 4000, seed: 6, adaptation: 'fast', metric });
      return { n: out.runner.gradientEvaluations, out };
    };
    const auto = grads('auto'), diag = grads('diag');
    expect(auto.n).toBeLessThan(0.5 * diag.n);
    const [x, y] = auto.out.draws;
    expect(Math.abs(mean(x))).toBeLessThan(0.1);
    expect(Math.sqrt(variance(x))).toBeGreaterThan(0.9);
    expect(Math.sqrt(variance(x))).toBeLessThan(1.1);
    let c = 0;
    for (let i = 0; i < x.length; i++) c += (x[i] - mean(x)) * (y[i] - mean(y));
    expect(c / (x.length - 1) / Math.sqrt(variance(x) * variance(y))).toBeCloseTo(0.99, 2);
  });

  test('dense runs on the running diagonal estimate during warmup and samples with the last window\'s dense one', () => {
    const r = new ChainRunner(correlatedTarget(0.9), { ...DEFAULT_SETTINGS, warmup: 1000, iter: 10, seed: 2, adaptation: 'fast', metric: 'dense' }, 1);
    const th = new Float64Array(2), st = new Float64Array(7);
    for (let i = 0; i < 900; i++) r.step(th, st);
    expect(r.currentTuning!.inverseMetric.length).toBe(2);
    while (r.step(th, st)) { /* to the end */ }
    const a = r.currentTuning!.inverseMetric;
    expect(a.length).toBe(4);
    expect(a[1] / Math.sqrt(a[0] * a[3])).toBeGreaterThan(0.8);
  });

  test('Stan\'s adaptation treats auto as Stan\'s default, diag', () => {
    const out = runChain(correlatedTarget(0.99), { warmup: 300, iter: 10, seed: 4, adaptation: 'stan', metric: 'auto' });
    expect(out.runner.currentTuning!.inverseMetric.length).toBe(2);
  });

  test('an unknown adaptation is a clear error', () => {
    expect(() => new ChainRunner(t, { ...DEFAULT_SETTINGS, adaptation: 'quick' as never }, 1)).toThrow(/Adaptation must be 'fast' or 'stan'/);
  });
});
