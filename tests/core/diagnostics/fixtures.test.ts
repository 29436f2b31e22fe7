import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  rhat, rhatBasic, essBulk, essTail, essBasic, essMean, essSd, essMedian, essQuantile,
  mcseMean, mcseSd, mcseMedian, mcseQuantile, quantile7, mean, sd, median, madSorted, sortedCopy, summariseDraws,
} from '../../../src/core/diagnostics';

const DIR = '/work/shared/fixtures/diagnostics';
interface Fixture {
  name: string;
  expected: Record<string, number | null>;
  draws: number[][];
}
const index = JSON.parse(readFileSync(`${DIR}/index.json`, 'utf8')) as { cases: Record<string, { file: string }> };
const fixtures: Fixture[] = Object.values(index.cases).map(
  (c) => JSON.parse(readFileSync(`${DIR}/${c.file}`, 'utf8')) as Fixture,
);

function expectClose(actual: number | null, expected: number | null, rel: number, label: string): void {
  if (expected === null) {
    expect(actual, label).toBeNull();
    return;
  }
  expect(actual, label).not.toBeNull();
  const err = Math.abs((actual as number) - expected) / Math.max(Math.abs(expected), 1e-300);
  expect(err, `${label}: got ${actual}, posterior ${expected}`).toBeLessThanOrEqual(rel);
}

describe('diagnostics reproduce posterior 1.4.0 on every fixture', () => {
  it('finds the fixtures', () => expect(fixtures.length).toBeGreaterThanOrEqual(12));
  for (const f of fixtures) {
    describe(f.name, () => {
      const chains = f.draws.map((d) => Float64Array.from(d));
      const pooled = Float64Array.from(f.draws.flat());
      const e = f.expected;
      it('simple statistics (mean, sd, median, mad, type-7 quantiles) within 1e-12', () => {
        expectClose(mean(pooled), e.mean, 1e-12, 'mean');
        if (e.sd === 0) expect(sd(pooled)).toBe(0); else expectClose(sd(pooled), e.sd, 1e-12, 'sd');
        expectClose(median(pooled), e.median, 1e-12, 'median');
        const mad = madSorted(sortedCopy(pooled));
        if (e.mad === 0) expect(mad).toBe(0); else expectClose(mad, e.mad, 1e-12, 'mad');
        expectClose(quantile7(pooled, 0.05), e.quantile_05, 1e-12, 'q5');
        expectClose(quantile7(pooled, 0.5), e.quantile_50, 1e-12, 'q50');
        expectClose(quantile7(pooled, 0.95), e.quantile_95, 1e-12, 'q95');
      });
      it('R-hat (rank-normalised and basic) within 1e-8', () => {
        expectClose(rhat(chains), e.rhat, 1e-8, 'rhat');
        expectClose(rhatBasic(chains), e.rhat_basic, 1e-8, 'rhat_basic');
      });
      it('ESS (bulk, tail, basic, mean, sd, median, quantiles) within 1e-8', () => {
        expectClose(essBulk(chains), e.ess_bulk, 1e-8, 'ess_bulk');
        expectClose(essTail(chains), e.ess_tail, 1e-8, 'ess_tail');
        expectClose(essBasic(chains), e.ess_basic, 1e-8, 'ess_basic');
        expectClose(essMean(chains), e.ess_mean, 1e-8, 'ess_mean');
        expectClose(essSd(chains), e.ess_sd, 1e-8, 'ess_sd');
        expectClose(essMedian(chains), e.ess_median, 1e-8, 'ess_median');
        expectClose(essQuantile(chains, 0.05), e.ess_quantile_05, 1e-8, 'ess_q05');
        expectClose(essQuantile(chains, 0.95), e.ess_quantile_95, 1e-8, 'ess_q95');
      });
      it('MCSE (mean, sd, median, quantiles) within 1e-8', () => {
        expectClose(mcseMean(chains), e.mcse_mean, 1e-8, 'mcse_mean');
        expectClose(mcseSd(chains), e.mcse_sd, 1e-8, 'mcse_sd');
        expectClose(mcseMedian(chains), e.mcse_median, 1e-8, 'mcse_median');
        expectClose(mcseQuantile(chains, 0.05), e.mcse_quantile_05, 1e-8, 'mcse_q05');
        expectClose(mcseQuantile(chains, 0.95), e.mcse_quantile_95, 1e-8, 'mcse_q95');
      });
    });
  }
});

describe('summariseDraws reproduces posterior on every fixture (the path the live view and CLI use)', () => {
  it('rows for all fixtures with equal shapes, each as its own parameter', () => {
    for (const f of fixtures) {
      const m = f.draws.length;
      const n = f.draws[0].length;
      // two parameters: the fixture and its negation (negation mirrors quantiles, keeps R-hat/ESS)
      const chains = f.draws.map((d) => {
        const rows = new Float64Array(n * 2);
        d.forEach((v, i) => { rows[2 * i] = v; rows[2 * i + 1] = -v; });
        return rows;
      });
      const [row, neg] = summariseDraws({ names: ['x', 'minus_x'], chains, nIterations: new Array(m).fill(n) });
      const e = f.expected;
      expectClose(row.mean, e.mean, 1e-12, `${f.name} mean`);
      expectClose(row.median, e.median, 1e-12, `${f.name} median`);
      expectClose(row.quantiles.q5, e.quantile_05, 1e-12, `${f.name} q5`);
      expectClose(row.quantiles.q95, e.quantile_95, 1e-12, `${f.name} q95`);
      expectClose(neg.quantiles.q95, e.quantile_05 === null ? null : -e.quantile_05, 1e-12, `${f.name} -q5`);
      expectClose(row.rhat, e.rhat, 1e-8, `${f.name} rhat`);
      expectClose(row.ess_bulk, e.ess_bulk, 1e-8, `${f.name} ess_bulk`);
      expectClose(row.ess_tail, e.ess_tail, 1e-8, `${f.name} ess_tail`);
      expectClose(row.mcse_mean, e.mcse_mean, 1e-8, `${f.name} mcse_mean`);
      expectClose(neg.ess_bulk, e.ess_bulk, 1e-8, `${f.name} -x ess_bulk`);
    }
  });
});
