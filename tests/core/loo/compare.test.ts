import { describe, expect, it } from 'vitest';
import { formatLooCompare, looCompare } from '../../../src/core/loo/compare';
import { psisLooMatrix } from '../../../src/core/loo/loo';
import { fixtures, logLikOf, type LooFixtureCase } from './fixtures';

const looOf = (c: LooFixtureCase) => psisLooMatrix(logLikOf(c), { nObs: c.n_obs, nChains: c.chains, nIterations: c.n_iter });

describe('looCompare equals loo::loo_compare (loo 2.5.1)', () => {
  const f = fixtures.compare;
  const models = f.cases.map((c, j) => ({ name: f.models[j], loo: looOf(c) }));
  const table = looCompare(models);

  it('orders the models by elpd_loo, best first', () => {
    expect(table.rows.map((r) => r.name)).toEqual(f.order);
  });
  it('elpd_diff and se_diff from the paired pointwise differences, to 1e-6', () => {
    table.rows.forEach((r, j) => {
      expect(Math.abs(r.elpdDiff - f.elpd_diff[j])).toBeLessThan(1e-6);
      expect(Math.abs(r.seDiff - f.se_diff[j])).toBeLessThan(1e-6);
    });
    expect(table.rows[0].elpdDiff).toBe(0);
    expect(table.rows[0].seDiff).toBe(0);
    expect(table.warnings).toEqual([]);
  });
  it('prints like print(loo_compare(...))', () => {
    expect(formatLooCompare(table)).toBe(f.printed);
  });
  it('the order does not depend on the input order', () => {
    const reversed = looCompare([...models].reverse());
    expect(reversed.rows.map((r) => r.name)).toEqual(f.order);
    expect(reversed.rows[2].elpdDiff).toBeCloseTo(f.elpd_diff[2], 12);
  });
  it('refuses models with different numbers of observations, naming them', () => {
    const other = looOf(fixtures.cases.normal_iid);
    expect(() => looCompare([models[0], { name: 'random slope', loo: other }])).toThrow(
      /Not all models have the same number of data points \(mean: 25, random slope: 12\).*same rows/,
    );
  });
  it('needs at least two models', () => {
    expect(() => looCompare([models[0]])).toThrow("'loo_compare' requires at least two models.");
  });
  it("warns as loo does when the responses differ (loo's yhash)", () => {
    const t = looCompare([{ ...models[0], responseKey: 'a' }, { ...models[1], responseKey: 'b' }]);
    expect(t.warnings).toEqual(["Not all models have the same y variable. ('yhash' attributes do not match)"]);
  });
});
