import { describe, expect, it } from 'vitest';
import { zeroInflatedPoisson } from '../../../src/core/families/zeroInflatedPoisson';
import { checkFamilyContract, randomPoints } from './familyContract';
import { refZip, tapeZip } from './countMixtureOracles';

/** A ZIP draw for the random points: a structural zero with probability zi, else Poisson. */
function zipDraw(u: () => number, eta: number, zi: number): number {
  if (u() < zi) return 0;
  const L = Math.exp(-Math.exp(eta));
  let k = 0;
  for (let p = u(); p > L; p *= u()) k++;
  return k;
}

describe('zero_inflated_poisson family', () => {
  let zi = 0.3;
  checkFamilyContract({
    family: zeroInflatedPoisson,
    reference: (y, eta, _t, [z]) => refZip(y, eta, z),
    tape: (tape, y, eta, _t, [z]) => tapeZip(tape, y, eta, z),
    points: [
      ...randomPoints(31, 6, 9, [-1, 2.5], (u) => [(zi = 0.05 + 0.9 * u())], (u, e) => ({ y: zipDraw(u, e, zi) })),
      { label: 'zi near 0', y: [0, 0, 3, 1], eta: [0.2, -1, 1, 0], par: [1e-9], fd: { step: 1e-11, rtol: 1e-3 } },
      { label: 'zi near 1', y: [0, 0, 2, 0], eta: [0.5, 2, 1, -3], par: [1 - 1e-9], fd: { step: 1e-12, rtol: 1e-3 } },
      { label: 'only zeros', y: [0, 0, 0], eta: [-2, 0, 3], par: [0.4] },
      { label: 'counts of a million', y: [1e6, 0, 5], eta: [Math.log(1e6), Math.log(1e6), 1.5], par: [0.2], fd: { atol: 2e-3 } },
      // a zero at mu = e^30 (lp = log zi), counts at mu = e^-30; a count at e^12 (|lp| ~ 2e5: FD loses ~1e-5)
      { label: 'mu extremes', y: [0, 0, 40, 1], eta: [-30, 30, 12, -30], par: [0.5], fd: { atol: 1e-4 } },
    ],
    predictAt: { eta: 1.1, t: 0, par: [0.35] },
  });

  it('names the first value that is not a count', () => {
    expect(zeroInflatedPoisson.response.check(Float64Array.from([0, 2, -1]), 'fish', (i) => i + 2))
      .toBe('The zero_inflated_poisson family needs non-negative whole-number counts, but fish is -1 at data row 4.');
  });

  it('expected value is (1 - zi) mu (brms posterior_epred)', () => {
    expect(zeroInflatedPoisson.expectedValue(Math.log(4), 0, [0.25])).toBeCloseTo(3, 14);
  });
});
