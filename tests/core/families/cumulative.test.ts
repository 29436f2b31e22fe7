import { describe, expect, it } from 'vitest';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { cumulative } from '../../../src/core/families/cumulative';
import { getFamily } from '../../../src/core/families';
import type { Tape, Vec } from '../../../src/core/ad/tape';
import { checkFamilyContract, randomPoints, type FamilyContract } from './familyContract';
import { tapePhi } from './tapeOps';

/** Standard logistic CDF, written directly. */
const logisticCdf = (x: number) => 1 / (1 + Math.exp(-x));
/** Standard normal CDF (@stdlib). */
const Phi = (x: number) => normalCdf(x, 0, 1);

/**
 * P(y | eta, tau) = F(tau_y - eta) - F(tau_{y-1} - eta), tau_0 = -inf, tau_K = inf; when both
 * CDFs are near 1 the same difference as (1 - F(b)) - (1 - F(a)) = F(-b) - F(-a).
 */
const referenceWith = (F: (x: number) => number) => (y: number, eta: number, _t: number, tau: number[]): number => {
  const a = y > tau.length ? Infinity : tau[y - 1] - eta;
  const b = y === 1 ? -Infinity : tau[y - 2] - eta;
  return Math.log(a + b > 0 ? F(-b) - F(-a) : F(a) - F(b));
};
const reference = referenceWith(logisticCdf);

/** The same density on the tape, row by row, with the same choice of form (the partials' oracle). */
const tapeWith = (cdf: (t: Tape, x: Vec) => Vec) => (t: Tape, y: Vec, eta: Vec, _trials: Vec, par: Vec[]): Vec => {
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
    const upper = (sign: number) => (a >= 0 ? cdf(t, t.scale(a, sign)) : t.scalar(sign > 0 ? 1 : 0));
    const lower = (sign: number) => (b >= 0 ? cdf(t, t.scale(b, sign)) : t.scalar(sign > 0 ? 0 : 1));
    terms.push(t.log(av + bv > 0 ? t.sub(lower(-1), upper(-1)) : t.sub(upper(1), lower(1))));
  }
  return t.sumScalars(...terms);
};

/** A category drawn from the model at eta with thresholds tau. */
function drawCategory(u: () => number, eta: number, tau: number[], F = logisticCdf): number {
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

/** Random points, thresholds close together and extreme eta (at most `extreme` from the thresholds). */
function points(F: (x: number) => number, extreme: number, closeFd = { step: 1e-9, rtol: 1e-3 }): FamilyContract['points'] {
  return [
    ...randomPoints(31, 5, 12, [-3, 3], (u) => thresholds(u, 3), (u, e) => ({ y: drawCategory(u, e, [-1, 0.3, 1.4], F) })),
    ...randomPoints(37, 3, 10, [-2, 2], (u) => thresholds(u, 5), (u, e) => ({ y: drawCategory(u, e, [-1.5, -0.5, 0.2, 1, 2], F) })),
    { label: 'every category, thresholds close together', y: [1, 2, 3, 4, 2, 3], eta: [0.2, -0.1, 0.5, 1, 0.3, -0.4], par: [-0.5, -0.5 + 1e-6, 1e-3], fd: closeFd },
    { label: 'extreme eta', y: [1, 2, 3, 4, 1, 4, 2, 3], eta: [extreme, extreme, extreme, extreme, -extreme, -extreme, -extreme, -extreme], par: [-1, 0, 1.5], fd: { rtol: 1e-4 } },
    { label: 'large thresholds, eta between', y: [1, 2, 3], eta: [0, extreme * 0.6, -extreme * 0.6], par: [-extreme * 0.75, 0, extreme * 0.75] },
  ];
}

describe('cumulative family (logit)', () => {
  checkFamilyContract({
    family: cumulative,
    reference,
    tape: tapeWith((t, x) => t.invLogit(x)),
    points: points(logisticCdf, 40),
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

describe('cumulative family (probit)', () => {
  const probit = getFamily('cumulative', 'probit');
  it('is cumulative with the probit link, as brms writes it', () => {
    expect([probit.link, probit.linksText, probit.brms.call]).toEqual(['probit', 'mu = probit; disc = identity', 'cumulative(link = "probit")']);
  });
  // @stdlib's normal CDF keeps relative accuracy in the lower tail down to about -37; the
  // reference takes the upper tails when both CDFs are near 1, as the row does.
  checkFamilyContract({
    family: probit,
    reference: referenceWith(Phi),
    tape: tapeWith(tapePhi),
    // Thresholds 1e-6 apart: log P comes from log Phi(a) - log Phi(b), each to ~1e-16, so lp is
    // exact to ~1e-10 and finite differences need a step of 1e-7 (the tape agrees to 1e-8 as usual).
    points: points(Phi, 9, { step: 1e-7, rtol: 1e-2 }),
    predictAt: { eta: 0.4, t: 0, par: [-1, 0.2, 1.1] },
  });

  it('category probabilities are Phi differences', () => {
    const tau = [-1, 0.2, 1.1];
    const p = new Float64Array(4);
    probit.ordinal!.probabilities(0.4, tau, p);
    [1, 2, 3, 4].forEach((y, k) => expect(p[k]).toBeCloseTo(Math.exp(referenceWith(Phi)(y, 0.4, 0, tau)), 14));
  });
});
