// Slow tier (`npm run test:sbc`): SBC of every zero-inflated and hurdle family through the whole
// engine, 400 simulations each. Fixed seeds: deterministic.
import { describe, expect, test } from 'vitest';
import { runCountSbc } from './countMixtures';
import { sbcPValues } from './randomIntercept';

describe('SBC of the zero-inflated and hurdle families, y ~ x + (1 | g)', () => {
  for (const [k, family] of ['zero_inflated_poisson', 'zero_inflated_negbinomial', 'hurdle_poisson', 'hurdle_negbinomial'].entries()) {
    test(`${family}: ranks of the parameters and the log-likelihood are uniform (400 simulations)`, () => {
      const r = runCountSbc({ family, sims: 400, seed: 300 + k, warmup: 300, iter: 990 });
      const p = sbcPValues(r);
      r.quantities.forEach((q, i) => expect(p[i], `rank uniformity of ${q}`).toBeGreaterThan(1e-3 / r.quantities.length));
    });
  }
});
