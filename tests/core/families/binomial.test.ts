import { describe, expect, it } from 'vitest';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { binomial } from '../../../src/core/families/binomial';
import { getFamily } from '../../../src/core/families';
import { tapePhi } from './tapeOps';
import { lgammaNaive } from '../model/naiveModel';
import { checkFamilyContract, randomPoints } from './familyContract';

const lchooseNaive = (n: number, k: number) => lgammaNaive(n + 1) - lgammaNaive(k + 1) - lgammaNaive(n - k + 1);

describe('binomial family', () => {
  checkFamilyContract({
    family: binomial,
    reference: (y, eta, t) => lchooseNaive(t, y) + y * -Math.log1p(Math.exp(-eta)) + (t - y) * -Math.log1p(Math.exp(eta)),
    tape: (tape, y, eta, t) => tape.sub(tape.dot(y, eta), tape.dot(t, tape.log1pExp(eta))),
    points: [
      ...randomPoints(14, 6, 8, [-4, 4], () => [], (u) => {
        const t = 1 + Math.floor(20 * u());
        return { y: Math.floor(u() * (t + 1)), t };
      }),
      { label: 'a million trials', y: [0, 1e6, 500000], eta: [-3, 3, 0.001], trials: [1e6, 1e6, 1e6], par: [] },
      { label: 'eta extremes', y: [3, 0], eta: [35, -35], trials: [3, 5], par: [] },
    ],
    predictAt: { eta: -0.4, t: 12, par: [] },
  });
  it('names the first successes value that is not a count', () => {
    expect(binomial.response.check(Float64Array.from([1, 2.5]), 'incidence', (i) => i + 1))
      .toBe('Binomial successes incidence must be non-negative whole numbers, but it is 2.5 at data row 2.');
  });
});

describe('binomial family, probit link', () => {
  const probit = getFamily('binomial', 'probit');
  it('is the binomial family with the probit link, written as brms writes it', () => {
    expect([probit.link, probit.linksText, probit.brms.call, probit.stan.lpdf]).toEqual(['probit', 'mu = probit', 'binomial(link = "probit")', 'binomial_lpmf(Y | trials, mu)']);
  });
  checkFamilyContract({
    family: probit,
    reference: (y, eta, t) => lchooseNaive(t, y) + y * Math.log(normalCdf(eta, 0, 1)) + (t - y) * Math.log(normalCdf(-eta, 0, 1)),
    tape: (tape, y, eta, t) => tape.add( // sum y log Phi(eta) + (t - y) log Phi(-eta)
      tape.dot(y, tape.log(tapePhi(tape, eta))), tape.dot(tape.sub(t, y), tape.log(tapePhi(tape, tape.neg(eta))))),
    points: [
      ...randomPoints(24, 6, 8, [-3, 3], () => [], (u, e) => {
        const t = 1 + Math.floor(20 * u());
        let y = 0;
        for (let k = 0; k < t; k++) if (u() < normalCdf(e, 0, 1)) y++;
        return { y, t };
      }),
      // lp ~ -1e6 here: central differences carry ~1e-5 absolute error, the tape check is exact
      { label: 'a million trials', y: [1350, 998650, 500000], eta: [-3, 3, 0.001], trials: [1e6, 1e6, 1e6], par: [], fd: { atol: 1e-4 } },
      { label: 'eta in the tails', y: [3, 0, 0, 4], eta: [7, -7, 7.5, -6], trials: [3, 5, 0, 4], par: [] },
    ],
    predictAt: { eta: -0.4, t: 12, par: [] },
  });
});
