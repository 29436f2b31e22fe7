// Slow tier (`npm run test:sbc`): full-size simulation-based calibration of the sampler, and proof
// that the same check rejects deliberately broken samplers. Fixed seeds: deterministic.
import { describe, expect, test } from 'vitest';
import { QUANTITIES, runSbc, sbcPValues } from './randomIntercept';

// alpha = 1e-3 per check, Bonferroni over the ranked quantities, so a correct sampler never flakes.
const ALPHA = 1e-3 / QUANTITIES.length;

function zSummary(z: Float64Array): { mean: number; variance: number } {
  let m = 0;
  for (const x of z) m += x;
  m /= z.length;
  let v = 0;
  for (const x of z) v += (x - m) ** 2;
  return { mean: m, variance: v / (z.length - 1) };
}

describe('SBC on a random-intercept model (J = 5, N = 30)', () => {
  test('correct sampler: ranks of mu, tau, sigma, a[1] and the log-likelihood are uniform (1000 simulations)', () => {
    const r = runSbc({ sims: 1000, seed: 20241 });
    const p = sbcPValues(r);
    QUANTITIES.forEach((q, k) => expect(p[k], `rank uniformity of ${q}`).toBeGreaterThan(ALPHA));
    // z-scores (truth - posterior mean) / posterior sd: mean ~ 0, variance ~ 1
    r.zScores.slice(0, 4).forEach((z, k) => {
      const s = zSummary(z);
      expect(Math.abs(s.mean), `z mean of ${QUANTITIES[k]}`).toBeLessThan(0.15);
      expect(Math.abs(s.variance - 1), `z variance of ${QUANTITIES[k]}`).toBeLessThan(0.2);
    });
  });

  test('always taking the last state (no multinomial correction) fails the same check', () => {
    const r = runSbc({ sims: 200, seed: 1, fault: 'lastState' });
    expect(Math.min(...sbcPValues(r))).toBeLessThan(ALPHA);
  });

  test('a wrong sign in the momentum update fails the same check', () => {
    const r = runSbc({ sims: 40, seed: 2, warmup: 200, iter: 490, fault: 'momentumSign' });
    expect(Math.min(...sbcPValues(r))).toBeLessThan(ALPHA);
  });
});
