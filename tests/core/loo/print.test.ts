// formatLoo against R's print(loo(...)) of loo 2.5.1 on the fixture matrices (make_fixtures.R).
import { describe, expect, it } from 'vitest';
import { formatLoo, psisLooMatrix } from '../../../src/core/loo';
import { roundR } from '../../../src/core/loo/print';
import { fixtures, logLikOf } from './fixtures';

describe("formatLoo prints as loo 2.5.1's print.psis_loo", () => {
  for (const [name, c] of Object.entries(fixtures.cases)) {
    it(`${name} (Pareto k counts ${c.pareto_k_table.count.join('/')})`, () => {
      const r = psisLooMatrix(logLikOf(c), { nObs: c.n_obs, nChains: c.chains, nIterations: c.n_iter }, { rEff: c.r_eff });
      expect(formatLoo(r)).toBe(`${c.printed}\n`); // the fixture holds capture.output joined by newlines
    });
  }
});

describe('roundR rounds as R 4.2 round()', () => {
  it('ties to even on the stored value', () => {
    // R: round(c(0.15, 6.25, -0.05, 0.25, 1234.45), 1); round(c(2.5, -2.5))
    expect([0.15, 6.25, -0.05, 0.25, 1234.45].map((x) => roundR(x, 1))).toEqual([0.1, 6.2, -0, 0.2, 1234.4]);
    expect([2.5, -2.5, 3.5].map((x) => roundR(x, 0))).toEqual([2, -2, 4]);
  });
});
