import { describe, expect, test } from 'vitest';
import { stepSizeHeuristic } from '../../../src/core/sampler/stepSizeHeuristic';
import { unitMetric } from '../../../src/core/sampler/metric';
import { normalTarget, target } from './helpers';

// One leapfrog on V = q^2/2 from q = 0, p = 1 gives an energy error eps^4/8, so the heuristic's
// threshold (energy change = log 0.8) sits at eps* = (-8 log 0.8)^(1/4) ~ 1.156 (NumPyro's test).
const EPS_STAR = Math.pow(-8 * Math.log(0.8), 0.25);
const unitMomentum = { normal: () => 1, uniform: () => 0.5 };
const start = { position: new Float64Array(1), logDensity: 0, gradient: new Float64Array(1) };

describe('step-size heuristic', () => {
  test.each([0.1, 10])('starting from %f it lands within a factor 2 of the analytic threshold', (eps0) => {
    const h = stepSizeHeuristic(normalTarget([1]));
    const eps = h(unitMomentum, start, eps0, unitMetric('diag', 1));
    expect(eps / EPS_STAR).toBeGreaterThan(0.5);
    expect(eps / EPS_STAR).toBeLessThan(2);
  });

  test('going up it returns the first doubling that crosses the threshold (0.1 -> 1.6)', () => {
    const h = stepSizeHeuristic(normalTarget([1]));
    expect(h(unitMomentum, start, 0.1, unitMetric('diag', 1))).toBeCloseTo(1.6, 12);
  });

  test('going down it halves until the energy change is acceptable (10 -> 0.625)', () => {
    const h = stepSizeHeuristic(normalTarget([1]));
    expect(h(unitMomentum, start, 10, unitMetric('diag', 1))).toBeCloseTo(0.625, 12);
  });

  test('a flat (improper) density makes the step size blow up and throws Stan\'s message', () => {
    const h = stepSizeHeuristic(target(1, (_q, g) => { g[0] = 0; return 0; }));
    expect(() => h(unitMomentum, start, 1, unitMetric('diag', 1))).toThrow(/Posterior is improper/);
  });
});
