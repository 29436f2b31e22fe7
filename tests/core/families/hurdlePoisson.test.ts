import { describe, expect, it } from 'vitest';
import { hurdlePoisson } from '../../../src/core/families/hurdlePoisson';
import { makeRng } from '../../../src/app/workspace/ppc';
import { checkFamilyContract, randomPoints } from './familyContract';
import { refHurdlePoisson, tapeHurdlePoisson } from './countMixtureOracles';

describe('hurdle_poisson family', () => {
  let hu = 0.3;
  checkFamilyContract({
    family: hurdlePoisson,
    reference: (y, eta, _t, [h]) => refHurdlePoisson(y, eta, h),
    tape: (tape, y, eta, _t, [h]) => tapeHurdlePoisson(tape, y, eta, h),
    points: [
      ...randomPoints(33, 6, 9, [-1, 2.5], (u) => [(hu = 0.05 + 0.9 * u())],
        (u, e) => ({ y: u() < hu ? 0 : 1 + Math.floor(2 * Math.exp(e) * u()) })),
      { label: 'hu near 0', y: [0, 3, 1], eta: [0.2, 1, 0], par: [1e-9], fd: { step: 1e-11, rtol: 1e-3 } },
      { label: 'hu near 1', y: [0, 2, 0], eta: [0.5, 1, -3], par: [1 - 1e-9], fd: { step: 1e-12, rtol: 1e-3 } },
      { label: 'only zeros', y: [0, 0], eta: [-2, 3], par: [0.4] },
      { label: 'no zeros', y: [1, 4], eta: [-2, 3], par: [0.4] },
      { label: 'counts of a million', y: [1e6, 0, 5], eta: [Math.log(1e6), 2, 1.5], par: [0.2], fd: { atol: 2e-3 } },
      // a count of 1 at mu = e^-12: P(1 | y > 0) = 1 - mu / 2 + ...; the tape's log(1 - e^-mu) keeps
      // ~1e-11 of it (at e^-20 it would keep only ~1e-7, below the check's 1e-8)
      { label: 'tiny mu', y: [1, 2, 0], eta: [-12, -10, -20], par: [0.5], fd: { atol: 1e-6 } },
    ],
    predictAt: { eta: 0.4, t: 0, par: [0.35] },
  });

  it('draws no zeros from the truncated part, for small and large means', () => {
    const u = makeRng(3);
    for (const eta of [-8, -1, 0.5, 3]) {
      for (let i = 0; i < 2000; i++) expect(hurdlePoisson.predict(eta, 0, [0], u)).toBeGreaterThan(0);
    }
  });

  it('expected value is (1 - hu) mu / (1 - e^-mu)', () => {
    expect(hurdlePoisson.expectedValue(Math.log(2), 0, [0.25])).toBeCloseTo((0.75 * 2) / (1 - Math.exp(-2)), 14);
  });

  it('names the first value that is not a count', () => {
    expect(hurdlePoisson.response.check(Float64Array.from([1, 0, 3.2]), 'visits', (i) => i + 1))
      .toBe('The hurdle_poisson family needs non-negative whole-number counts, but visits is 3.2 at data row 3.');
  });
});
