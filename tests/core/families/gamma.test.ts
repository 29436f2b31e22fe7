import gammaLogpdf from '@stdlib/stats-base-dists-gamma-logpdf';
import { describe, expect, it } from 'vitest';
import { gamma } from '../../../src/core/families/gamma';
import { getFamily } from '../../../src/core/families';
import { checkFamilyContract, randomPoints } from './familyContract';

describe('Gamma family (log link)', () => {
  checkFamilyContract({
    family: gamma,
    // @stdlib's gamma log density with rate shape / mu, mu = e^eta (brms Gamma(link = "log"))
    reference: (y, eta, _t, [shape]) => gammaLogpdf(y, shape, shape / Math.exp(eta)),
    // ly: the response on the row's scale (log y); Stan's gamma_lpdf(y | shape, shape / exp(eta)) on the tape
    tape: (tape, ly, eta, _t, [shape]) => tape.lpdf('gamma', tape.exp(ly), shape, tape.div(shape, tape.exp(eta))),
    points: [
      ...randomPoints(41, 6, 8, [-2, 6], (u) => [0.3 + 10 * u()], (u, e) => ({ y: Math.exp(e + 1.5 * (u() - 0.5)) })),
      { label: 'large shape', y: [1.01, 0.99, 1.002], eta: [0, 0.01, -0.005], par: [5e4], fd: { rtol: 1e-4 } },
      { label: 'small shape, y far from the mean', y: [1e-6, 1e4, 3], eta: [2, -1, 1], par: [0.05] },
      { label: 'y near 0 and huge', y: [1e-10, 1e10], eta: [-22, 22], par: [2] },
    ],
    predictAt: { eta: 1.2, t: 0, par: [3.5] },
  });

  it('counts the non-positive responses and names the first', () => {
    expect(gamma.response.check(Float64Array.from([1.5, 0, 2, -3, 0]), 'rt', (i) => i + 2))
      .toBe('The gamma family needs positive values, but rt has 3 values of 0 or below (the first, 0, at data row 3). Drop or recode those rows, or pick gaussian.');
    expect(gamma.response.check(Float64Array.from([1.5, 2]), 'rt', (i) => i + 2)).toBeNull();
  });

  it('is found by brms name and has only the log link here', () => {
    expect(getFamily('gamma')).toBe(gamma);
    expect(() => getFamily('gamma', 'inverse')).toThrow(/The gamma family has no 'inverse' link: use log \(default log\)/);
  });
});
