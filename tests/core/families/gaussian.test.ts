import { describe } from 'vitest';
import { gaussian } from '../../../src/core/families/gaussian';
import { checkFamilyContract, randomPoints } from './familyContract';

describe('gaussian family', () => {
  checkFamilyContract({
    family: gaussian,
    reference: (y, eta, _t, [sigma]) => -0.5 * ((y - eta) / sigma) ** 2 - Math.log(sigma) - 0.5 * Math.log(2 * Math.PI),
    tape: (tape, y, eta, _t, [sigma]) => tape.sub(
      tape.scale(tape.sum(tape.square(tape.div(tape.sub(y, eta), sigma))), -0.5),
      tape.scale(tape.log(sigma), tape.length(eta)),
    ),
    points: [
      ...randomPoints(11, 6, 7, [-5, 5], (u) => [0.3 + 3 * u()], (u, e) => ({ y: e + 4 * (u() - 0.5) })),
      { label: 'tiny sigma', y: [1.001, 0.999], eta: [1, 1], par: [1e-3], fd: { step: 1e-9, rtol: 1e-4 } },
      { label: 'huge sigma and y', y: [1e6, -1e6], eta: [0, 3], par: [1e4] },
      { label: 'eta extremes', y: [0, 0], eta: [-1e3, 1e3], par: [50] },
    ],
    predictAt: { eta: 2.5, t: 0, par: [1.7] },
  });
});
