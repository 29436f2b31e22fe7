import { describe, expect, it } from 'vitest';
import { buildSummaryJson, quantileKey, summaryJsonText } from '../../../src/core/io/summaryJson';
import type { SummaryRow } from '../../../src/core/types';

const row = (name: string, mean: number): SummaryRow => ({
  name, mean, sd: 2, median: mean + 0.1, mad: 1,
  quantiles: { q5: mean - 3, q95: mean + 3 }, rhat: 1.001, ess_bulk: 900, ess_tail: 800, mcse_mean: 0.05,
});

const input = {
  formula: 'y ~ x', family: 'gaussian', settings: { chains: 2, warmup: 100, iter: 200, seed: 7 }, nObs: 30,
  timing: { warmupSeconds: [0.1, 0.2], samplingSeconds: [0.3, 0.4], wallSeconds: 1.5 },
  gradientEvaluations: 1234, divergences: 1, maxTreedepthHits: 0, ebfmi: [1.1, NaN],
  rows: [row('b_Intercept', 5), { ...row('sigma', 1), rhat: null, ess_bulk: NaN }],
};

describe('summary JSON', () => {
  it('names quantiles as posterior does', () => {
    expect([0.05, 0.95, 0.025, 0.975, 0.5].map(quantileKey)).toEqual(['q5', 'q95', 'q2.5', 'q97.5', 'q50']);
  });

  it('has every contract field, in the contract layout', () => {
    const j = buildSummaryJson(input);
    expect(Object.keys(j)).toEqual(['formula', 'family', 'link', 'chains', 'warmup', 'iter', 'seed', 'n_obs', 'timing',
      'gradient_evals', 'divergences', 'max_treedepth_hits', 'ebfmi', 'parameters']);
    expect(j.timing).toEqual({ warmup_s: [0.1, 0.2], sampling_s: [0.3, 0.4], wall_s: 1.5 });
    expect(j.parameters[0]).toEqual({ name: 'b_Intercept', mean: 5, sd: 2, q5: 2, q50: 5.1, q95: 8,
      rhat: 1.001, ess_bulk: 900, ess_tail: 800, mcse_mean: 0.05 });
  });

  it('records the dropped rows as n_dropped: the total and the count per column and reason', () => {
    const dropped = { total: 4, byColumn: [{ column: 'score', reason: 'non-numeric' as const, rows: 3 }, { column: 'x', reason: 'missing' as const, rows: 1 }] };
    const j = JSON.parse(summaryJsonText({ ...input, dropped }));
    expect(Object.keys(j).slice(0, 9)).toEqual(['formula', 'family', 'link', 'chains', 'warmup', 'iter', 'seed', 'n_obs', 'n_dropped']);
    expect(j.n_dropped).toEqual({ total: 4, by_column: [{ column: 'score', reason: 'non-numeric', rows: 3 }, { column: 'x', reason: 'missing', rows: 1 }] });
  });

  it("records the link: the given one, else the family's default", () => {
    expect(buildSummaryJson(input).link).toBe('identity');
    expect(buildSummaryJson({ ...input, family: 'bernoulli' }).link).toBe('logit');
    expect(buildSummaryJson({ ...input, family: 'bernoulli', link: 'probit' }).link).toBe('probit');
  });

  it('writes undefined diagnostics and non-finite numbers as null', () => {
    const j = JSON.parse(summaryJsonText(input));
    expect(j.ebfmi).toEqual([1.1, null]);
    expect(j.parameters[1].rhat).toBeNull();
    expect(j.parameters[1].ess_bulk).toBeNull();
  });
});
