import { describe, expect, it } from 'vitest';
import { binomial } from '../../../src/core/families/binomial';
import { lgammaNaive } from '../model/naiveModel';
import { checkFamilyContract, randomPoints } from './familyContract';

const lchooseNaive = (n: number, k: number) => lgammaNaive(n + 1) - lgammaNaive(k + 1) - lgammaNaive(n - k + 1);

describe('binomial family', () => {
  checkFamilyContract({
    family: binomial,
    reference: (y, eta, t) => lchooseNaive(t, y) + y * -Math.log1p(Math.exp(-eta)) + (t - y) * -Math.log1p(Math.exp(eta)),
    tape: (tape, y, eta, t) => tape.sub(tape.dot(y, eta), tape.dot(t, tape.log1pExp(eta))),
    points: [
      ...randomPoints(14, 6, 8, [-4, 4], () => [], (u) => {
        const t = 1 + Math.floor(20 * u());
        return { y: Math.floor(u() * (t + 1)), t };
      }),
      { label: 'a million trials', y: [0, 1e6, 500000], eta: [-3, 3, 0.001], trials: [1e6, 1e6, 1e6], par: [] },
      { label: 'eta extremes', y: [3, 0], eta: [35, -35], trials: [3, 5], par: [] },
    ],
    predictAt: { eta: -0.4, t: 12, par: [] },
  });
  it('names the first successes value that is not a count', () => {
    expect(binomial.response.check(Float64Array.from([1, 2.5]), 'incidence', (i) => i + 1))
      .toBe('Binomial successes incidence must be non-negative whole numbers, but it is 2.5 at data row 2.');
  });
});
