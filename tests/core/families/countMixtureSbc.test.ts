// Fast-tier SBC of a zero-inflated family through the whole engine (the slow tier, every
// zero-inflated and hurdle family with more simulations, is tests/sbc/countMixtures.test.ts).
import { describe, expect, test } from 'vitest';
import { runCountSbc } from '../../sbc/countMixtures';
import { sbcPValues } from '../../sbc/randomIntercept';

describe('SBC (fast tier): zero_inflated_poisson, y ~ x + (1 | g)', () => {
  test('ranks of b_Intercept, b_x, sd, zi and the log-likelihood are uniform over 100 simulations', () => {
    const r = runCountSbc({ family: 'zero_inflated_poisson', sims: 100, seed: 19 });
    const p = sbcPValues(r);
    r.quantities.forEach((q, k) => expect(p[k], `rank uniformity of ${q}`).toBeGreaterThan(1e-3 / r.quantities.length));
  }, 300_000);
});
