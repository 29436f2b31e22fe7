// Fast-tier SBC of the cumulative family through the whole engine (tests/sbc/cumulative.ts; the
// slow tier, 1000 simulations per link, is tests/sbc/cumulative.test.ts).
import { describe, expect, test } from 'vitest';
import { CUMULATIVE_QUANTITIES, runCumulativeSbc } from '../../sbc/cumulative';
import { chiSquareSurvival, rankChiSquare } from '../../sbc/randomIntercept';

describe('SBC (fast tier) on a cumulative model, y ~ x + (1 | g), K = 4', () => {
  test('logit: ranks of two thresholds, b_x, the sd and a group effect are uniform over 100 simulations', () => {
    const r = runCumulativeSbc({ sims: 100, seed: 11, link: 'logit', warmup: 200, iter: 490 });
    CUMULATIVE_QUANTITIES.forEach((q, k) => {
      const p = chiSquareSurvival(rankChiSquare(r.ranks[k], r.L, 10), 9);
      expect(p, `rank uniformity of ${q}`).toBeGreaterThan(1e-3 / CUMULATIVE_QUANTITIES.length);
    });
  }, 300_000);
});
