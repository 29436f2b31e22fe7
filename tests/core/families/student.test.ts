import { describe } from 'vitest';
import { student } from '../../../src/core/families/student';
import { lgammaNaive } from '../model/naiveModel';
import { checkFamilyContract, randomPoints } from './familyContract';

describe('student family', () => {
  checkFamilyContract({
    family: student,
    reference: (y, eta, _t, [sigma, nu]) => {
      const z = (y - eta) / sigma;
      return lgammaNaive((nu + 1) / 2) - lgammaNaive(nu / 2) - 0.5 * Math.log(nu * Math.PI) - Math.log(sigma)
        - ((nu + 1) / 2) * Math.log(1 + (z * z) / nu);
    },
    tape: (tape, y, eta, _t, [sigma, nu]) => tape.lpdf('student_t', y, nu, eta, sigma),
    points: [
      ...randomPoints(12, 6, 7, [-5, 5], (u) => [0.3 + 3 * u(), 1.5 + 30 * u()], (u, e) => ({ y: e + 6 * (u() - 0.5) })),
      { label: 'nu near 1 (Cauchy-like)', y: [3, -40, 0.2], eta: [0, 0, 0], par: [1.2, 1.0001] },
      { label: 'huge nu (near normal)', y: [1.5, -0.3], eta: [0, 0.1], par: [0.8, 1e5], fd: { rtol: 1e-3 } },
      { label: 'tiny sigma, far outlier', y: [1e3, 0.0011], eta: [0, 0.001], par: [1e-3, 4], fd: { step: 1e-9, rtol: 1e-4 } },
    ],
    predictAt: { eta: -1.2, t: 0, par: [0.9, 6] },
  });
});
