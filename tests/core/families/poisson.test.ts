import { describe, expect, it } from 'vitest';
import { poisson } from '../../../src/core/families/poisson';
import { lgammaNaive } from '../model/naiveModel';
import { checkFamilyContract, randomPoints } from './familyContract';

describe('poisson family', () => {
  checkFamilyContract({
    family: poisson,
    reference: (y, eta) => y * eta - Math.exp(eta) - lgammaNaive(y + 1),
    tape: (tape, y, eta) => tape.sub(tape.dot(y, eta), tape.sum(tape.exp(eta))),
    points: [
      ...randomPoints(15, 6, 8, [-2, 3], () => [], (u, e) => ({ y: Math.floor(2 * Math.exp(e) * u()) })),
      { label: 'counts of a million', y: [1e6, 999000], eta: [Math.log(1e6), Math.log(1e6) + 0.001], par: [],
        // |lp| ~ 1e7: central differences lose ~1e-3 to rounding; the tape is exact here
        fd: { atol: 2e-3 } },
      { label: 'mu extremes', y: [0, 0, 5], eta: [-30, -300, 5], par: [] },
    ],
    predictAt: { eta: 1.3, t: 0, par: [] },
  });
  it('names the first value that is not a count', () => {
    expect(poisson.response.check(Float64Array.from([0, 3, -1]), 'TICKS', (i) => i + 1))
      .toBe('The poisson family needs non-negative whole-number counts, but TICKS is -1 at data row 3.');
  });
});
