// Fast-tier SBC of a whole Beta model (tests/sbc/familySbc.ts): the compiled model, the family's
// row and the sampler calibrated on data from the family's own random variates. The slow tier
// (`npm run test:sbc`, tests/sbc/families.test.ts) runs Gamma, probit and a broken generator too.
import { describe, expect, test } from 'vitest';
import { familySbcPValues, runFamilySbc } from '../../sbc/familySbc';

describe('SBC (fast tier) on a Beta random-intercept model', () => {
  test('ranks of b_Intercept, b_x, sd, phi, r[1] and the log-likelihood are uniform over 100 simulations', () => {
    const r = runFamilySbc(
      { family: 'beta', intercept: { mu: 0, sigma: 1 }, param: { name: 'phi', mu: Math.log(15), sigma: 0.5 } },
      { sims: 100, seed: 11, warmup: 150, iter: 195, thin: 5 },
    );
    const p = familySbcPValues(r);
    r.quantities.forEach((q, k) => expect(p[k], `rank uniformity of ${q}`).toBeGreaterThan(1e-3 / r.quantities.length));
  }, 300_000);
});
