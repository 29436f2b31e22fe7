// Choosing a dense metric from warmup draws: condition number, noise bound, cost.
import { describe, expect, test } from 'vitest';
import {
  chooseDense, correlationConditionNumber, noiseConditionNumber, DENSE_MARGIN,
} from '../../../src/core/sampler/metricChoice';
import { createChainRng } from '../../../src/core/sampler/rng';

/** Covariance with unit-free scales s_i and the given correlation matrix R (row-major). */
function covariance(s: number[], R: number[][]): Float64Array {
  const d = s.length;
  const S = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) S[i * d + j] = s[i] * s[j] * R[i][j];
  return S;
}

/** Sample covariance of n independent standard normal draws in d dimensions. */
function whiteNoiseCovariance(d: number, n: number, seed: number): Float64Array {
  const rng = createChainRng(seed, 1);
  const X = Array.from({ length: n }, () => Array.from({ length: d }, () => rng.normal()));
  const mean = new Float64Array(d);
  for (const x of X) for (let i = 0; i < d; i++) mean[i] += x[i] / n;
  const S = new Float64Array(d * d);
  for (const x of X) for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) S[i * d + j] += (x[i] - mean[i]) * (x[j] - mean[j]) / (n - 1);
  return S;
}

describe('correlationConditionNumber', () => {
  test('is (1 + r) / (1 - r) for two coordinates with correlation r, whatever their scales', () => {
    for (const r of [0, 0.5, -0.9, 0.99]) {
      const S = covariance([0.01, 300], [[1, r], [r, 1]]);
      expect(correlationConditionNumber(S, 2)).toBeCloseTo((1 + Math.abs(r)) / (1 - Math.abs(r)), 6);
    }
  });

  test('finds the extreme eigenvalues of an equicorrelated matrix (1 + (d-1) r and 1 - r)', () => {
    const d = 30, r = 0.6;
    const R = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : r)));
    expect(correlationConditionNumber(covariance(Array(d).fill(2), R), d)).toBeCloseTo((1 + (d - 1) * r) / (1 - r), 3);
  });

  test('is infinite for a singular or degenerate covariance', () => {
    expect(correlationConditionNumber(covariance([1, 1], [[1, 1], [1, 1]]), 2)).toBe(Infinity);
    expect(correlationConditionNumber(new Float64Array([0, 0, 0, 1]), 2)).toBe(Infinity);
  });
});

describe('noiseConditionNumber', () => {
  test('bounds the condition number of white-noise sample covariances (Marchenko-Pastur)', () => {
    for (const [d, n] of [[20, 200], [40, 600]]) {
      const k = correlationConditionNumber(whiteNoiseCovariance(d, n, 3), d);
      expect(k).toBeGreaterThan(0.5 * noiseConditionNumber(d, n));
      expect(k).toBeLessThan(1.6 * noiseConditionNumber(d, n));
    }
    expect(noiseConditionNumber(10, 10)).toBe(Infinity);
  });
});

/** Inverse of a symmetric positive definite matrix (Gauss-Jordan; small test matrices). */
function inverse(S: Float64Array, d: number): Float64Array {
  const a = Array.from({ length: d }, (_, i) => [...Array.from(S.subarray(i * d, i * d + d)), ...Array.from({ length: d }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < d; c++) {
    const p = a[c][c];
    for (let j = 0; j < 2 * d; j++) a[c][j] /= p;
    for (let r = 0; r < d; r++) if (r !== c) { const f = a[r][c]; for (let j = 0; j < 2 * d; j++) a[r][j] -= f * a[c][j]; }
  }
  return Float64Array.from(a.flatMap((row) => row.slice(d)));
}

describe('chooseDense', () => {
  const costly = 1e6; // a costly gradient: the dense product is nearly free
  const d = 20;
  const equi = (r: number) => covariance(Array(d).fill(1), Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : r))));

  test('independent draws: diagonal', () => {
    const S = whiteNoiseCovariance(d, 300, 4);
    expect(chooseDense(S, inverse(S, d), S, d, 300, costly).dense).toBe(false);
  });

  test('a strongly correlated Gaussian (gradient covariance = inverse covariance): dense, unless its d x d product costs more than the steps it saves', () => {
    const S = equi(0.9);
    const c = chooseDense(S, inverse(S, d), S, d, 600, costly);
    expect(c.dense).toBe(true);
    expect(c.gain).toBeGreaterThan(DENSE_MARGIN * c.costRatio);
    // A gradient of 10 multiply-adds: a 400-term product per step is 60x the work.
    expect(chooseDense(S, inverse(S, d), S, d, 600, 10).dense).toBe(false);
  });

  test('correlated draws whose gradients are far steeper than their spread (a funnel): diagonal', () => {
    // The same correlated draws, but gradients 100x steeper than a Gaussian's along every axis:
    // a dense metric fitted to the draws would need 10x smaller steps.
    const S = equi(0.9);
    const G = inverse(S, d).map((x) => 100 * x);
    const Gfunnel = G.map((x, k) => (k % (d + 1) === 0 ? x + 1e4 : x));
    expect(chooseDense(S, Gfunnel, S, d, 600, costly).dense).toBe(false);
  });
});
