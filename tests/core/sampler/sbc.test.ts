// Fast-tier SBC: a small calibration run of the real sampler (the full one, with broken samplers
// that must fail, is tests/sbc, `npm run test:sbc`).
import { describe, expect, test } from 'vitest';
import {
  chiSquareSurvival, QUANTITIES, rankChiSquare, randomInterceptDensity, runSbc, sbcPValues, simulate,
} from '../../sbc/randomIntercept';
import { createChainRng } from '../../../src/core/sampler/rng';

describe('SBC harness', () => {
  test('chi-square survival matches known quantiles (df 9: 16.919 -> 0.05, 27.877 -> 0.001; df 2: exp(-x/2))', () => {
    expect(chiSquareSurvival(16.919, 9)).toBeCloseTo(0.05, 4);
    expect(chiSquareSurvival(27.877, 9)).toBeCloseTo(0.001, 5);
    expect(chiSquareSurvival(3, 2)).toBeCloseTo(Math.exp(-1.5), 10);
  });

  test('rank chi-square is 0 for perfectly uniform ranks and large for piled-up ranks', () => {
    const uniform = Int32Array.from({ length: 100 }, (_, i) => i);
    expect(rankChiSquare(uniform, 99, 10)).toBe(0);
    expect(chiSquareSurvival(rankChiSquare(new Int32Array(100).fill(99), 99, 10), 9)).toBeLessThan(1e-10);
  });

  test('the test model\'s hand gradient matches finite differences', () => {
    const { data } = simulate(createChainRng(5, 1), 5, 6);
    const t = randomInterceptDensity(data);
    const q = Float64Array.from([0.3, -0.2, 0.1, 0.5, -1, 0.7, 0.2, -0.4]);
    const g = new Float64Array(8), tmp = new Float64Array(8);
    t.logDensityGradient(q, g);
    for (let i = 0; i < 8; i++) {
      const a = Float64Array.from(q), b = Float64Array.from(q);
      a[i] += 1e-6; b[i] -= 1e-6;
      const fd = (t.logDensityGradient(a, tmp) - t.logDensityGradient(b, tmp)) / 2e-6;
      expect(Math.abs(fd - g[i])).toBeLessThan(1e-5 * Math.max(1, Math.abs(fd)));
    }
  });
});

describe('SBC (fast tier) on a random-intercept model', () => {
  test('ranks of mu, tau, sigma, a[1] and the log-likelihood are uniform over 100 simulations', () => {
    const r = runSbc({ sims: 100, seed: 7, warmup: 200, iter: 490 });
    const p = sbcPValues(r);
    QUANTITIES.forEach((q, k) => expect(p[k], `rank uniformity of ${q}`).toBeGreaterThan(1e-3 / QUANTITIES.length));
  });
});
