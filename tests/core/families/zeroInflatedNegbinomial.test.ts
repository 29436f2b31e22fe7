import { describe, expect, it } from 'vitest';
import { zeroInflatedNegbinomial } from '../../../src/core/families/zeroInflatedNegbinomial';
import { checkFamilyContract, randomPoints } from './familyContract';
import { refZinb, tapeZinb } from './countMixtureOracles';

describe('zero_inflated_negbinomial family', () => {
  let zi = 0.3;
  checkFamilyContract({
    family: zeroInflatedNegbinomial,
    reference: (y, eta, _t, [phi, z]) => refZinb(y, eta, phi, z),
    tape: (tape, y, eta, _t, [phi, z]) => tapeZinb(tape, y, eta, phi, z),
    points: [
      ...randomPoints(32, 6, 9, [-1, 2.5], (u) => [0.3 + 8 * u(), (zi = 0.05 + 0.9 * u())],
        (u, e) => ({ y: u() < zi ? 0 : Math.floor(3 * Math.exp(e) * u()) })),
      { label: 'zi near 0', y: [0, 0, 3, 1], eta: [0.2, -1, 1, 0], par: [2, 1e-9], fd: { step: 1e-11, rtol: 1e-3 } },
      { label: 'zi near 1', y: [0, 0, 2, 0], eta: [0.5, 2, 1, -3], par: [3, 1 - 1e-9], fd: { step: 1e-12, rtol: 1e-3 } },
      { label: 'only zeros', y: [0, 0, 0], eta: [-2, 0, 3], par: [1.5, 0.4] },
      { label: 'counts of a million', y: [1e6, 0, 3], eta: [Math.log(1e6), 2, 1], par: [7, 0.3], fd: { atol: 2e-3 } },
      { label: 'tiny shape', y: [0, 4, 120], eta: [0.5, 1, 3], par: [1e-3, 0.2], fd: { rtol: 1e-4 } },
      { label: 'huge shape (near ZIP)', y: [0, 2, 7], eta: [0.1, 0.3, 1.9], par: [1e6, 0.3], fd: { rtol: 1e-3 } },
      { label: 'mu extremes', y: [0, 0, 40], eta: [-30, 30, 30], par: [2, 0.5] },
    ],
    predictAt: { eta: 1.1, t: 0, par: [2.5, 0.3] },
  });

  it('names the first value that is not a count', () => {
    expect(zeroInflatedNegbinomial.response.check(Float64Array.from([0, 2.5]), 'fish', (i) => i + 1))
      .toBe('The zero_inflated_negbinomial family needs non-negative whole-number counts, but fish is 2.5 at data row 2.');
  });
});
