// The 'fast' warmup adaptation (default): Stan's windows after a 15-iteration initial buffer and a
// 10-iteration first window, a diagonal metric estimated from draws and gradients, and the 'auto'
// metric's choice of a dense metric. 'stan' stays available and exact.
import { describe, expect, test } from 'vitest';
import { gradientInformedInverseMetric, welfordInit, welfordUpdate } from '../../../src/core/sampler/welford';
import { WindowAdaptation, FAST_BASE_WINDOW, FAST_INIT_BUFFER } from '../../../src/core/sampler/windowAdaptation';
import { ChainRunner } from '../../../src/core/sampler/chain';
import { DEFAULT_SETTINGS } from '../../../src/core/types';
import { correlatedTarget, mean, normalTarget, runChain, variance } from './helpers';

describe('gradient-informed diagonal inverse metric', () => {
  test('is the exact variance for a Gaussian from only 3 draws (plus Stan\'s shrinkage)', () => {
    const sd = [0.05, 1, 30];
    const q = welfordInit(3, false), g = welfordInit(3, false);
    for (const x of [[0.01, 0.3, -20], [-0.07, 1.9, 5], [0.02, -0.4, 41]]) {
      welfordUpdate(q, x);
      welfordUpdate(g, x.map((v, i) => -v / (sd[i] * sd[i])));
    }
    const inv = gradientInformedInverseMetric(q, g);
    const n = 3;
    sd.forEach((s, i) => expect(inv[i]).toBeCloseTo((n / (n + 5)) * s * s + 1e-3 * (5 / (n + 5)), 12));
  });

  test('falls back to the draws\' variance where the gradient does not vary', () => {
    const q = welfordInit(2, false), g = welfordInit(2, false);
    for (const x of [[1, 2], [3, 5], [2, 9]]) { welfordUpdate(q, x); welfordUpdate(g, [0.5, -x[1]]); }
    const inv = gradientInformedInverseMetric(q, g);
    expect(inv[0]).toBeCloseTo((3 / 8) * 1 + 1e-3 * (5 / 8), 12); // var(1,3,2) = 1
    expect(inv[1]).toBeCloseTo((3 / 8) * 1 + 1e-3 * (5 / 8), 12); // sqrt(var/var) = 1
  });

  test('rejects dense estimators', () => {
    expect(() => gradientInformedInverseMetric(welfordInit(2, true), welfordInit(2, false))).toThrow(/diagonal/);
  });
});

describe('fast adaptation', () => {
  const t = normalTarget([0.05, 1, 10]);

  test('uses a 15-iteration initial buffer and a first window of 10; Stan\'s keeps 75 and 25', () => {
    expect([FAST_INIT_BUFFER, FAST_BASE_WINDOW]).toEqual([15, 10]);
    expect(new WindowAdaptation(t, { numWarmup: 1000, metric: 'diag', adaptation: 'fast' }).schedule.windowEnds).toEqual([24, 44, 84, 164, 324, 949]);
    expect(new WindowAdaptation(t, { numWarmup: 1000, metric: 'diag', adaptation: 'stan' }).schedule.windowEnds).toEqual([99, 149, 249, 449, 949]);
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

  test('dense uses the diagonal estimate until a window has 3 draws per dimension (a dense one from fewer is noise)', () => {
    const a = new WindowAdaptation(correlatedTarget(0.9), { numWarmup: 1000, metric: 'dense', adaptation: 'fast' });
    expect(a.tuning.metric.kind).toBe('diag');
  });

  test('Stan\'s adaptation treats auto as Stan\'s default, diag', () => {
    const out = runChain(correlatedTarget(0.99), { warmup: 300, iter: 10, seed: 4, adaptation: 'stan', metric: 'auto' });
    expect(out.runner.currentTuning!.inverseMetric.length).toBe(2);
  });

  test('an unknown adaptation is a clear error', () => {
    expect(() => new ChainRunner(t, { ...DEFAULT_SETTINGS, adaptation: 'quick' as never }, 1)).toThrow(/Adaptation must be 'fast' or 'stan'/);
  });
});
