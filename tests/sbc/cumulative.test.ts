// Slow tier (`npm run test:sbc`): SBC of the cumulative family, both links, 1000 simulations each.
import { describe, expect, test } from 'vitest';
import { CUMULATIVE_QUANTITIES, runCumulativeSbc } from './cumulative';
import { chiSquareSurvival, rankChiSquare } from './randomIntercept';

describe('SBC on a cumulative model, y ~ x + (1 | g), K = 4 (1000 simulations)', () => {
  for (const link of ['logit', 'probit'] as const) {
    test(`${link}: ranks are uniform`, () => {
      const r = runCumulativeSbc({ sims: 1000, seed: 31, link });
      CUMULATIVE_QUANTITIES.forEach((q, k) => {
        const p = chiSquareSurvival(rankChiSquare(r.ranks[k], r.L, 10), 9);
        expect(p, `rank uniformity of ${q}`).toBeGreaterThan(1e-3 / CUMULATIVE_QUANTITIES.length);
      });
    });
  }
});
