// Slow tier (`npm run test:sbc`): SBC of whole compiled models for the Gamma and Beta families and
// the probit link (tests/sbc/familySbc.ts), and proof that the check rejects data that do not
// come from the fitted model. Fixed seeds: deterministic.
import { describe, expect, test } from 'vitest';
import { familySbcPValues, runFamilySbc, type FamilySbcCase } from './familySbc';

const CASES: [string, FamilySbcCase][] = [
  ['Gamma (log link)', { family: 'gamma', intercept: { mu: 1, sigma: 0.5 }, param: { name: 'shape', mu: Math.log(5), sigma: 0.5 } }],
  ['Beta (logit link)', { family: 'beta', intercept: { mu: 0, sigma: 1 }, param: { name: 'phi', mu: Math.log(15), sigma: 0.5 } }],
  ['bernoulli (probit link)', { family: 'bernoulli', link: 'probit', intercept: { mu: 0, sigma: 0.5 } }],
  ['binomial (probit link)', { family: 'binomial', link: 'probit', intercept: { mu: 0, sigma: 0.5 }, trials: 8 }],
];

describe('SBC of family models (J = 6, N = 30)', () => {
  for (const [label, c] of CASES) {
    test(`${label}: ranks are uniform over 500 simulations`, () => {
      const r = runFamilySbc(c, { sims: 500, seed: 23, warmup: 300, iter: 990 });
      const p = familySbcPValues(r);
      r.quantities.forEach((q, k) => expect(p[k], `rank uniformity of ${q}`).toBeGreaterThan(1e-3 / r.quantities.length));
    });
  }

  test('data from a Gamma with three times the prior shape fail the same check', () => {
    const r = runFamilySbc(CASES[0][1], { sims: 100, seed: 5, warmup: 200, iter: 490 }, { parScale: 3 });
    expect(Math.min(...familySbcPValues(r))).toBeLessThan(1e-3 / r.quantities.length);
  });
});
