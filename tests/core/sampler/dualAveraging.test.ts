import { describe, expect, test } from 'vitest';
import {
  dualAveragingFinal, dualAveragingInit, dualAveragingUpdate, learnStepSize, STAN_DUAL_AVERAGING,
} from '../../../src/core/sampler/dualAveraging';

describe('dual averaging', () => {
  test('minimises (x+1)^2 from its gradient: averaged iterate within 1e-3 of -1 (NumPyro test_dual_averaging)', () => {
    const p = { ...STAN_DUAL_AVERAGING, gamma: 0.5 };
    const s = dualAveragingInit(0);
    for (let i = 0; i < 10; i++) dualAveragingUpdate(s, 2 * (s.x + 1), p);
    expect(Math.abs(s.xBar + 1)).toBeLessThan(1e-3);
  });

  test('follows Stan\'s update by hand for two iterations', () => {
    const p = STAN_DUAL_AVERAGING;
    const mu = Math.log(10);
    const s = dualAveragingInit(mu);
    const e1 = learnStepSize(s, 0.5, p);
    // t=1: eta = 1/11, sBar = (0.8-0.5)/11, x = mu - sBar*1/0.05, xBar = x (weight 1^-0.75 = 1)
    const sBar1 = 0.3 / 11;
    const x1 = mu - sBar1 / 0.05;
    expect(e1).toBeCloseTo(Math.exp(x1), 14);
    expect(s.xBar).toBeCloseTo(x1, 14);
    learnStepSize(s, 1.7, p); // accept_stat is capped at 1
    const sBar2 = (1 - 1 / 12) * sBar1 + (0.8 - 1) / 12;
    const x2 = mu - (sBar2 * Math.sqrt(2)) / 0.05;
    const w = Math.pow(2, -0.75);
    expect(s.x).toBeCloseTo(x2, 14);
    expect(dualAveragingFinal(s)).toBeCloseTo(Math.exp((1 - w) * x1 + w * x2), 12);
  });

  test('an acceptance statistic equal to delta keeps the step size at exp(mu)', () => {
    const s = dualAveragingInit(Math.log(0.3));
    for (let i = 0; i < 50; i++) learnStepSize(s, 0.8, STAN_DUAL_AVERAGING);
    expect(Math.exp(s.x)).toBeCloseTo(0.3, 12);
    expect(dualAveragingFinal(s)).toBeCloseTo(0.3, 12);
  });

  test('low acceptance shrinks the step size, high acceptance grows it', () => {
    const lo = dualAveragingInit(0), hi = dualAveragingInit(0);
    for (let i = 0; i < 20; i++) { learnStepSize(lo, 0.2, STAN_DUAL_AVERAGING); learnStepSize(hi, 1, STAN_DUAL_AVERAGING); }
    expect(dualAveragingFinal(lo)).toBeLessThan(1);
    expect(dualAveragingFinal(hi)).toBeGreaterThan(1);
  });
});
