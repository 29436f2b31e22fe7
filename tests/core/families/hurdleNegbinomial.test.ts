import { describe, expect, it } from 'vitest';
import { hurdleNegbinomial } from '../../../src/core/families/hurdleNegbinomial';
import { makeRng } from '../../../src/app/workspace/ppc';
import { checkFamilyContract, randomPoints } from './familyContract';
import { refHurdleNb, tapeHurdleNb } from './countMixtureOracles';

describe('hurdle_negbinomial family', () => {
  let hu = 0.3;
  checkFamilyContract({
    family: hurdleNegbinomial,
    reference: (y, eta, _t, [phi, h]) => refHurdleNb(y, eta, phi, h),
    tape: (tape, y, eta, _t, [phi, h]) => tapeHurdleNb(tape, y, eta, phi, h),
    points: [
      ...randomPoints(34, 6, 9, [-1, 2.5], (u) => [0.3 + 8 * u(), (hu = 0.05 + 0.9 * u())],
        (u, e) => ({ y: u() < hu ? 0 : 1 + Math.floor(3 * Math.exp(e) * u()) })),
      { label: 'hu near 0', y: [0, 3, 1], eta: [0.2, 1, 0], par: [2, 1e-9], fd: { step: 1e-11, rtol: 1e-3 } },
      { label: 'hu near 1', y: [0, 2, 0], eta: [0.5, 1, -3], par: [3, 1 - 1e-9], fd: { step: 1e-12, rtol: 1e-3 } },
      { label: 'only zeros', y: [0, 0], eta: [-2, 3], par: [1.5, 0.4] },
      { label: 'counts of a million', y: [1e6, 0, 3], eta: [Math.log(1e6), 2, 1], par: [7, 0.3], fd: { atol: 2e-3 } },
      { label: 'tiny shape', y: [0, 4, 120], eta: [0.5, 1, 3], par: [1e-3, 0.2], fd: { rtol: 1e-4 } },
      { label: 'huge shape (near hurdle Poisson)', y: [0, 2, 7], eta: [0.1, 0.3, 1.9], par: [1e6, 0.3], fd: { rtol: 1e-3 } },
      { label: 'mu extremes', y: [0, 1, 40], eta: [-30, -12, 30], par: [2, 0.5], fd: { atol: 1e-5 } },
    ],
    predictAt: { eta: 0.8, t: 0, par: [1.5, 0.3] },
  });

  it('draws no zeros from the truncated part, for small and large means and shapes', () => {
    const u = makeRng(4);
    for (const [eta, phi] of [[-8, 2], [0.5, 0.05], [3, 5], [1, 1e-3]]) {
      for (let i = 0; i < 1000; i++) expect(hurdleNegbinomial.predict(eta, 0, [phi, 0], u)).toBeGreaterThan(0);
    }
  });

  it('expected value is (1 - hu) mu / (1 - (phi / (mu + phi))^phi)', () => {
    expect(hurdleNegbinomial.expectedValue(Math.log(3), 0, [2, 0.4])).toBeCloseTo((0.6 * 3) / (1 - (2 / 5) ** 2), 13);
  });

  it('names the first value that is not a count', () => {
    expect(hurdleNegbinomial.response.check(Float64Array.from([1, -2]), 'visits', (i) => i + 1))
      .toBe('The hurdle_negbinomial family needs non-negative whole-number counts, but visits is -2 at data row 2.');
  });
});
