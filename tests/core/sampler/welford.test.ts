import { describe, expect, test } from 'vitest';
import {
  regularizedInverseMetric, welfordInit, welfordRestart, welfordUpdate, welfordVariance,
} from '../../../src/core/sampler/welford';

const draws = [[1, 2], [3, 1], [0, 0], [5, -2], [2, 2], [4, 1]];

function twoPass(): { v0: number; v1: number; c: number } {
  const n = draws.length;
  const m0 = draws.reduce((a, d) => a + d[0], 0) / n, m1 = draws.reduce((a, d) => a + d[1], 0) / n;
  let v0 = 0, v1 = 0, c = 0;
  for (const d of draws) { v0 += (d[0] - m0) ** 2; v1 += (d[1] - m1) ** 2; c += (d[0] - m0) * (d[1] - m1); }
  return { v0: v0 / (n - 1), v1: v1 / (n - 1), c: c / (n - 1) };
}

describe('Welford estimators', () => {
  test('diagonal variance equals the two-pass sample variance', () => {
    const w = welfordInit(2, false);
    for (const d of draws) welfordUpdate(w, d);
    const v = welfordVariance(w), t = twoPass();
    expect(v[0]).toBeCloseTo(t.v0, 12);
    expect(v[1]).toBeCloseTo(t.v1, 12);
  });

  test('dense covariance equals the two-pass sample covariance', () => {
    const w = welfordInit(2, true);
    for (const d of draws) welfordUpdate(w, d);
    const v = welfordVariance(w), t = twoPass();
    expect(v[0]).toBeCloseTo(t.v0, 12);
    expect(v[1]).toBeCloseTo(t.c, 12);
    expect(v[2]).toBeCloseTo(t.c, 12);
    expect(v[3]).toBeCloseTo(t.v1, 12);
  });

  test('Stan regularisation: n/(n+5) S + 1e-3 * 5/(n+5) on the diagonal only', () => {
    const n = draws.length, t = twoPass();
    const diag = welfordInit(2, false), dense = welfordInit(2, true);
    for (const d of draws) { welfordUpdate(diag, d); welfordUpdate(dense, d); }
    const a = regularizedInverseMetric(diag), b = regularizedInverseMetric(dense);
    expect(a[0]).toBeCloseTo((n / (n + 5)) * t.v0 + 1e-3 * (5 / (n + 5)), 12);
    expect(b[1]).toBeCloseTo((n / (n + 5)) * t.c, 12);
    expect(b[3]).toBeCloseTo((n / (n + 5)) * t.v1 + 1e-3 * (5 / (n + 5)), 12);
  });

  test('restart forgets earlier draws (windows are memoryless)', () => {
    const w = welfordInit(1, false);
    for (const x of [100, -100, 50]) welfordUpdate(w, [x]);
    welfordRestart(w);
    for (const x of [1, 2, 3]) welfordUpdate(w, [x]);
    expect(welfordVariance(w)[0]).toBeCloseTo(1, 14);
  });

  test('an overflowing estimate throws Stan\'s metric-adaptation message', () => {
    const w = welfordInit(1, false);
    for (const x of [1e300, -1e300, 1e300]) welfordUpdate(w, [x]);
    expect(() => regularizedInverseMetric(w)).toThrow(/Numerical overflow in metric adaptation/);
  });
});
