import { describe, expect, it } from 'vitest';
import { negbinomial } from '../../../src/core/families/negbinomial';
import { lgammaNaive } from '../model/naiveModel';
import { checkFamilyContract, randomPoints } from './familyContract';

describe('negbinomial family', () => {
  checkFamilyContract({
    family: negbinomial,
    // NB2 with mean mu = e^eta and shape phi, from its gamma functions.
    reference: (y, eta, _t, [phi]) => {
      const mu = Math.exp(eta);
      return lgammaNaive(y + phi) - lgammaNaive(y + 1) - lgammaNaive(phi)
        + y * (eta - Math.log(mu + phi)) + phi * (Math.log(phi) - Math.log(mu + phi));
    },
    tape: (tape, y, eta, _t, [phi]) => tape.lpdf('neg_binomial_2_log', y, eta, phi),
    points: [
      ...randomPoints(16, 6, 8, [-1, 3], (u) => [0.2 + 10 * u()], (u, e) => ({ y: Math.floor(3 * Math.exp(e) * u()) })),
      { label: 'counts of a million', y: [1e6, 0, 3], eta: [Math.log(1e6), 2, 1], par: [7],
        // |lp| ~ 1e7: central differences lose ~1e-3 to rounding; the tape is exact here
        fd: { atol: 2e-3 } },
      { label: 'tiny shape', y: [0, 4, 120], eta: [0.5, 1, 3], par: [1e-3], fd: { rtol: 1e-4 } },
      { label: 'huge shape (near poisson)', y: [2, 7], eta: [0.3, 1.9], par: [1e6], fd: { rtol: 1e-3 } },
      { label: 'mu extremes', y: [0, 40], eta: [-30, 30], par: [2] },
    ],
    predictAt: { eta: 1.1, t: 0, par: [2.5] },
  });
  it('names the first value that is not a count', () => {
    expect(negbinomial.response.check(Float64Array.from([0.5]), 'TICKS', (i) => i + 4))
      .toBe('The negbinomial family needs non-negative whole-number counts, but TICKS is 0.5 at data row 4.');
  });
});
