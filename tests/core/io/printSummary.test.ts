import { describe, expect, it } from 'vitest';
import { formatTable, printSummary } from '../../../src/core/io/printSummary';
import type { SummaryRow } from '../../../src/core/types';

const row = (name: string, mean: number, sd = 1.234): SummaryRow => ({
  name, mean, sd, median: mean, mad: 1,
  quantiles: { 'q2.5': mean - 2, 'q97.5': mean + 2 }, rhat: 1.0012, ess_bulk: 1808.4, ess_tail: 2347, mcse_mean: 0.1,
});

const text = printSummary({
  formula: 'Reaction ~ Days + (Days | Subject)', family: 'gaussian', dataName: 'sleepstudy.csv', nObs: 180,
  chains: 4, warmup: 1000, iter: 1000,
  groups: [{ group: 'Subject', nLevels: 18 }],
  rows: [row('b_Intercept', 251.2634), row('b_Days', 10.44), row('sd_Subject__Intercept', 26.8),
    row('sd_Subject__Days', 6.56), row('cor_Subject__Intercept__Days', 0.09), row('sigma', 25.92),
    row('r_Subject[308,Intercept]', 2)],
  warnings: ['There were 3 divergent transitions after warmup.'],
});

describe('printed summary', () => {
  it("prints the link given, as print.brmsfit's Links line", () => {
    const probit = printSummary({ formula: 'y ~ x', family: 'bernoulli', link: 'probit', dataName: 'd.csv', nObs: 10, chains: 1, warmup: 10, iter: 10, groups: [], rows: [row('b_Intercept', 0)], warnings: [] });
    expect(probit.split('\n').slice(0, 2)).toEqual([' Family: bernoulli ', '  Links: mu = probit ']);
  });

  it('starts with the brms header', () => {
    expect(text.split('\n').slice(0, 6)).toEqual([
      ' Family: gaussian ',
      '  Links: mu = identity; sigma = identity ',
      'Formula: Reaction ~ Days + (Days | Subject) ',
      '   Data: sleepstudy.csv (Number of observations: 180) ',
      '  Draws: 4 chains, each with iter = 2000; warmup = 1000; thin = 1;',
      '         total post-warmup draws = 4000',
    ]);
  });

  it('prints group-level sd and cor rows under the grouping factor, then population and family parameters', () => {
    const lines = text.split('\n');
    const g = lines.indexOf('Group-Level Effects: ');
    expect(lines[g + 1]).toBe('~Subject (Number of levels: 18) ');
    expect(lines[g + 2]).toBe('                    Estimate Est.Error l-95% CI u-95% CI Rhat Bulk_ESS Tail_ESS');
    expect(lines[g + 3]).toBe('sd(Intercept)          26.80      1.23    24.80    28.80 1.00     1808     2347');
    expect(lines[g + 5].startsWith('cor(Intercept,Days)')).toBe(true);
    const p = lines.indexOf('Population-Level Effects: ');
    expect(p).toBeGreaterThan(g);
    expect(lines[p + 2]).toBe('Intercept   251.26      1.23   249.26   253.26 1.00     1808     2347');
    const f = lines.indexOf('Family Specific Parameters: ');
    expect(lines[f + 2].startsWith('sigma ')).toBe(true);
    expect(text).not.toContain('r_Subject');
  });

  it('ends with the sampler warnings', () => {
    expect(text.trimEnd().split('\n').at(-1)).toBe('Warning: There were 3 divergent transitions after warmup.');
  });

  it('aligns columns right and prints NA for undefined diagnostics', () => {
    expect(formatTable(['a', 'long'], [['1.00', 'NA'], ['-10.50', '3']], ['Estimate', 'Rhat'])).toEqual([
      '     Estimate Rhat',
      'a        1.00   NA',
      'long   -10.50    3',
    ]);
  });
});
