import { describe, expect, it } from 'vitest';
import { cumulative } from '../../../src/core/families/cumulative';
import type { Tape, Vec } from '../../../src/core/ad/tape';
import { checkFamilyContract, randomPoints } from './familyContract';

/** Standard logistic CDF, written directly. */
const F = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * P(y | eta, tau) = F(tau_y - eta) - F(tau_{y-1} - eta), tau_0 = -inf, tau_K = inf; when both
 * CDFs are near 1 the same difference as (1 - F(b)) - (1 - F(a)) = F(-b) - F(-a).
 */
function reference(y: number, eta: number, _t: number, tau: number[]): number {
  const a = y > tau.length ? Infinity : tau[y - 1] - eta;
  const b = y === 1 ? -Infinity : tau[y - 2] - eta;
  return Math.log(a + b > 0 ? F(-b) - F(-a) : F(a) - F(b));
}

/** The same density on the tape, row by row, with the same choice of form (the partials' oracle). */
function tape(t: Tape, y: Vec, eta: Vec, _trials: Vec, par: Vec[]): Vec {
  const n = t.length(eta);
  const K = par.length + 1;
  const terms: Vec[] = [];
  for (let i = 0; i < n; i++) {
    const yi = t.value(y, i);
    const ei = t.gather(eta, t.indexConstant(Int32Array.of(i)));
    const a = yi < K ? t.sub(par[yi - 1], ei) : -1;
    const b = yi > 1 ? t.sub(par[yi - 2], ei) : -1;
    const av = a >= 0 ? t.value(a) : Infinity;
    const bv = b >= 0 ? t.value(b) : -Infinity;
    const upper = (sign: number) => (a >= 0 ? t.invLogit(t.scale(a, sign)) : t.scalar(sign > 0 ? 1 : 0));
    const lower = (sign: number) => (b >= 0 ? t.invLogit(t.scale(b, sign)) : t.scalar(sign > 0 ? 0 : 1));
    terms.push(t.log(av + bv > 0 ? t.sub(lower(-1), upper(-1)) : t.sub(upper(1), lower(1))));
  }
  return t.sumScalars(...terms);
}

/** A category drawn from the model at eta with thresholds tau. */
function drawCategory(u: () => number, eta: number, tau: number[]): number {
  const v = u();
  for (let k = 0; k < tau.length; k++) if (v <= F(tau[k] - eta)) return k + 1;
  return tau.length + 1;
}

/** Sorted thresholds from uniforms: tau_1 in [-2, 0], gaps in [0.1, 2]. */
function thresholds(u: () => number, n: number): number[] {
  const tau = [-2 + 2 * u()];
  for (let k = 1; k < n; k++) tau.push(tau[k - 1] + 0.1 + 1.9 * u());
  return tau;
}

describe('cumulative family (logit)', () => {
  checkFamilyContract({
    family: cumulative,
    reference,
    tape,
    points: [
      ...randomPoints(31, 5, 12, [-3, 3], (u) => thresholds(u, 3), (u, e) => ({ y: drawCategory(u, e, [-1, 0.3, 1.4]) })),
      ...randomPoints(37, 3, 10, [-2, 2], (u) => thresholds(u, 5), (u, e) => ({ y: drawCategory(u, e, [-1.5, -0.5, 0.2, 1, 2]) })),
      { label: 'every category, thresholds close together', y: [1, 2, 3, 4, 2, 3], eta: [0.2, -0.1, 0.5, 1, 0.3, -0.4], par: [-0.5, -0.5 + 1e-6, 1e-3], fd: { step: 1e-9, rtol: 1e-3 } },
      { label: 'extreme eta', y: [1, 2, 3, 4, 1, 4, 2, 3], eta: [40, 40, 40, 40, -40, -40, -40, -40], par: [-1, 0, 1.5], fd: { rtol: 1e-4 } },
      { label: 'large thresholds, eta between', y: [1, 2, 3], eta: [0, 25, -25], par: [-30, 0, 30] },
    ],
    predictAt: { eta: 0.4, t: 0, par: [-1, 0.2, 1.1] },
  });

  it('category probabilities sum to 1 and match the CDF differences; the mean is sum k p_k', () => {
    const tau = [-1, 0.2, 1.1];
    const p = new Float64Array(4);
    cumulative.ordinal!.probabilities(0.4, tau, p);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
    [1, 2, 3, 4].forEach((y, k) => expect(p[k]).toBeCloseTo(Math.exp(reference(y, 0.4, 0, tau)), 14));
    expect(cumulative.expectedValue(0.4, 0, tau)).toBeCloseTo(p[0] + 2 * p[1] + 3 * p[2] + 4 * p[3], 14);
  });

  it('K is max(y) as brms takes it (standata nthres = max(Y) - 1), an unused middle category included', () => {
    expect(cumulative.ordinal!.categories(Float64Array.from([1, 2, 4, 1, 2, 4, 2, 1]))).toBe(4);
  });

  it('names the first value that is not a category 1..K', () => {
    expect(cumulative.response.check(Float64Array.from([1, 2, 0, 3]), 'answer', (i) => i + 2))
      .toBe('The cumulative family needs ordered categories coded 1, 2, ..., K (or text levels you order), but answer is 0 at data row 4. Recode it to 1..K, or give the order of its levels.');
    expect(cumulative.response.check(Float64Array.from([1, 2.5]), 'answer', (i) => i + 1)).toContain('answer is 2.5 at data row 2');
  });

  it('needs at least 3 ordered categories and says which values it found', () => {
    expect(cumulative.response.check(Float64Array.from([1, 2, 2, 1]), 'answer', (i) => i + 1))
      .toBe('The cumulative family needs at least 3 ordered categories, but answer has only the values 1, 2. For a two-level outcome pick bernoulli.');
    expect(cumulative.response.check(Float64Array.from([1, 3, 3]), 'answer', (i) => i + 1)).toBeNull();
  });
});
