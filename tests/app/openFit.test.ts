import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFitFiles } from '../../src/core/io/fitFiles';
import { buildOpenedFit, openedFitName } from '../../src/app/workspace/openFitBuild';
import { SamplerCounts, commonDraws, diagnosticsCopy, fitStatus, fitStore, usableChains } from '../../src/app/workspace/fit';
import { displayName, groupSummary } from '../../src/app/workspace/summaryGroups';
import type { SummaryRow } from '../../src/core/types';
import { summariseDraws } from '../../src/core/diagnostics/summary';

const DIR = join(__dirname, '../fixtures/cmdstan');
const file = (name: string) => ({ name, chunks: [readFileSync(join(DIR, name), 'utf8')] });

describe('a fit opened from CmdStan CSV files', () => {
  const imported = readFitFiles([file('model1-1-warmup.csv'), file('model1-2-warmup.csv')]);
  const fit = buildOpenedFit(imported, 7);
  const store = fitStore(fit)!;

  it('holds warmup then post-warmup rows per chain, as a finished restored fit with no model', () => {
    expect(fitStatus(fit)).toBe('done');
    expect(fit.run).toBeNull();
    expect(fit.external?.files).toEqual(['model1-1-warmup.csv', 'model1-2-warmup.csv']);
    expect(store.names).toEqual(['mu', 'sigma']);
    expect(usableChains(store)).toEqual([1, 2]);
    expect([store.nWarmup(1), store.nSampling(1), store.nWarmup(2), store.nSampling(2)]).toEqual([100, 100, 100, 100]);
    expect(commonDraws(store)).toBe(100);
    expect(fit.settings).toMatchObject({ chains: 2, warmup: 100, iter: 100, maxTreedepth: 5, seed: 1927315875, metric: 'diag' });
    expect(fit.table.name).toBe('model1-1-warmup');
  });

  it('counts the one post-warmup divergence (chain 2) and hands the diagnostics its draws', () => {
    const counts = new SamplerCounts();
    counts.update(store, fit.settings.maxTreedepth);
    expect(counts.divergent).toBe(1);
    const copy = diagnosticsCopy(store)!;
    expect(copy.nIterations).toEqual([100, 100]);
    expect(copy.chains[0][0]).toBe(8.11498);
  });

  it('summarises the post-warmup draws as posterior 1.4.0 does (summarise_draws on the same files)', () => {
    // R: read.csv(f, comment.char = "#")[101:200, c("mu", "sigma")] per chain, as_draws_array, summarise_draws.
    const want = new Map([
      ['mu', [4.96036015, 1.07517894613, 1.01908010903, 81.3741839897, 71.9310086057]],
      ['sigma', [3.06223535, 0.980304688705, 0.999483954575, 109.583323192, 110.647467896]],
    ]);
    for (const r of summariseDraws(diagnosticsCopy(store)!)) {
      const w = want.get(r.name)!;
      [r.mean, r.sd, r.rhat, r.ess_bulk, r.ess_tail].forEach((v, i) => expect(v).toBeCloseTo(w[i], 6));
    }
  });

  it('names the files it came from without the chain suffix', () => {
    expect(openedFitName(['fit-1.csv', 'fit-2.csv'])).toBe('fit');
    expect(openedFitName(['sleepstudy-draws.csv'])).toBe('sleepstudy-draws');
  });
});

const row = (name: string): SummaryRow => ({
  name, mean: 1, sd: 0.5, median: 1, mad: 0.5, quantiles: { q5: 0.2, q95: 1.8 }, rhat: 1.001, ess_bulk: 900, ess_tail: 800, mcse_mean: 0.01,
});

describe('summary groups with Stan names (a brms Stan program run in CmdStan)', () => {
  it('keeps b[1], sd_1[1], z_1[1,2], r_1_1[3] out of the brms groups and shows them whole', () => {
    const groups = groupSummary(['b[1]', 'Intercept', 'sd_1[1]', 'z_1[1,2]', 'L_1[2,1]', 'r_1_1[3]', 'sigma', 'cor_1[1,2]'].map(row));
    expect(groups.map((g) => [g.title, g.rows.map((r) => displayName(r.name))])).toEqual([
      ['Family-specific parameters', ['sigma']],
      ['Other quantities', ['b[1]', 'Intercept', 'sd_1[1]', 'z_1[1,2]', 'L_1[2,1]', 'r_1_1[3]', 'cor_1[1,2]']],
    ]);
  });
});

describe('a fit opened from a draws CSV without sampler columns', () => {
  it('hands the diagnostics no energies (E-BFMI NaN, not an error) and counts no divergences', () => {
    const csv = 'mu,.chain\n' + Array.from({ length: 20 }, (_, i) => `${Math.sin(i)},${1 + (i % 2)}`).join('\n') + '\n';
    const fit = buildOpenedFit(readFitFiles([{ name: 'r.csv', chunks: [csv] }]), 8);
    const copy = diagnosticsCopy(fitStore(fit)!)!;
    expect(copy.energy.map((e) => e.length)).toEqual([0, 0]);
    expect(copy.nIterations).toEqual([10, 10]);
    expect(fit.external?.statsPresent.some(Boolean)).toBe(false);
  });
});

describe('a long list of other quantities', () => {
  it('is collapsed (a CmdStan fit with thousands of generated quantities)', () => {
    const g = groupSummary(Array.from({ length: 51 }, (_, i) => row(`y_rep[${i + 1}]`)));
    expect(g.map((x) => [x.title, x.collapsible])).toEqual([['Other quantities (51)', true]]);
    expect(groupSummary([row('theta[1]')]).map((x) => [x.title, x.collapsible])).toEqual([['Other quantities', false]]);
  });
});

describe('caterpillar blocks with Stan names', () => {
  it('skip r_1_1[3] (no level,coef inside the brackets) and keep brms r_ names', async () => {
    const { caterpillarBlocks } = await import('../../src/app/workspace/ResultCharts');
    const rows = ['r_1_1[3]', 'r_g[a,Intercept]'].map((n) => ({ ...row(n), quantiles: { q2_5: 0, q25: 0.5, q75: 1.5, q97_5: 2 } }));
    expect(caterpillarBlocks(rows).map((b) => [b.group, b.coef, b.rows.map((r) => r.label)])).toEqual([['g', 'Intercept', ['a']]]);
  });
});
