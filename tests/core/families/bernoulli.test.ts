import { describe, expect, it } from 'vitest';
import { bernoulli } from '../../../src/core/families/bernoulli';
import { checkFamilyContract, randomPoints } from './familyContract';

describe('bernoulli family', () => {
  checkFamilyContract({
    family: bernoulli,
    // log p or log(1 - p), p = 1 / (1 + e^-eta), computed directly (fine for |eta| < 30)
    reference: (y, eta) => (Math.abs(eta) < 30
      ? (y === 1 ? Math.log(1 / (1 + Math.exp(-eta))) : Math.log(1 - 1 / (1 + Math.exp(-eta))))
      : (y === 1 ? -Math.log1p(Math.exp(-eta)) : -Math.log1p(Math.exp(eta)))),
    tape: (tape, y, eta) => tape.sub(tape.dot(y, eta), tape.sum(tape.log1pExp(eta))),
    points: [
      ...randomPoints(13, 6, 9, [-6, 6], () => [], (u, e) => ({ y: u() < 1 / (1 + Math.exp(-e)) ? 1 : 0 })),
      { label: 'eta extremes', y: [1, 0, 1, 0], eta: [40, -40, -40, 40], par: [] },
    ],
    predictAt: { eta: 0.7, t: 0, par: [] },
  });
  it('names the first value that is not 0/1', () => {
    expect(bernoulli.response.check(Float64Array.from([0, 1, 2]), 'vote', (i) => i + 10))
      .toBe('The bernoulli family needs a 0/1 response, but vote is 2 at data row 12. Recode it to 0/1 (or pick binomial/poisson for counts).');
  });
});
