// Issue 22 item 19 in the app: the checks before sampling block Run for a constant response and
// reach the sampler warnings after the run with the fit's draws.
import { describe, expect, it } from 'vitest';
import { prepareModel } from '../../src/core/model/spec';
import { samplerWarnings } from '../../src/core/diagnostics/warnings';
import { DrawStore } from '../../src/client/drawStore';
import { checkInputs, preflight } from '../../src/app/workspace/preflight';
import { table } from '../core/design/csvTable';

const xs = Array.from({ length: 24 }, (_, i) => (i - 11.5) / 5);
const SETTINGS = { warmup: 1000, iter: 1000 };

function checked(formula: string, family: 'gaussian' | 'bernoulli', cols: Record<string, number[]>, priors: { prior: string; class: string }[] = []) {
  const data = table(cols);
  const p = prepareModel({ formula, family, priors }, data);
  return preflight(p.structure, SETTINGS, data, formula);
}

describe('app preflight', () => {
  it('a constant response is an error that blocks Run', () => {
    const r = checked('y ~ x', 'gaussian', { y: xs.map(() => 3), x: xs });
    expect(r.checks).toBeNull();
    expect(r.error).toMatch(/The response y is 3 in all 24 rows/);
  });

  it('separation is a warning in the app\'s words (the priors table, not --prior)', () => {
    const r = checked('y ~ x', 'bernoulli', { y: xs.map((x) => (x > 0 ? 1 : 0)), x: xs });
    expect(r.error).toBeNull();
    expect(r.checks!.warnings.map((w) => w.kind)).toEqual(['separation']);
    expect(r.checks!.warnings[0].message).toMatch(/set the prior for b x to normal\(0, 2\.5\) in the priors table/);
    expect(r.checks!.warnings[0].message).not.toMatch(/--prior/);
  });

  it('after the run, draws piling up at a prior bound become a warning naming the prior', () => {
    const r = checked('y ~ x', 'gaussian', { y: xs.map((x, i) => 100 + 20 * x + ((i * 7) % 5)), x: xs }, [{ prior: 'uniform(0, 2)', class: 'sigma' }]);
    expect(r.checks!.bounded.map((b) => b.name)).toEqual(['sigma']);
    const names = ['b_Intercept', 'b_x', 'sigma'];
    const store = new DrawStore(names, 1);
    const n = 40;
    const draws = new Float64Array(n * 3);
    for (let i = 0; i < n; i++) { draws[i * 3] = 100; draws[i * 3 + 1] = 20; draws[i * 3 + 2] = 1.999; }
    store.append(1, { phase: 'sampling', count: n, draws, stats: new Float64Array(n * 7) });
    const rows = names.map((name) => ({ name, mean: 1, sd: 1, median: 1, mad: 1, quantiles: {}, rhat: 1, ess_bulk: 1000, ess_tail: 1000, mcse_mean: 0 }));
    const ws = samplerWarnings({
      summary: rows, chains: 1, divergent: 0, iterations: n, treedepthHits: 0, maxTreedepth: 10, ebfmi: [1],
      warmup: 1000, shell: 'app', ...checkInputs(r.checks, store),
    });
    expect(ws.map((w) => w.kind)).toEqual(['prior_bound']);
    expect(ws[0].message).toMatch(/100% of the draws of sigma are at the upper bound 2 of its prior uniform\(0, 2\)/);
    expect(ws[0].message).toMatch(/reset it in the priors table/);
  });
});

describe('app preflight and settings', () => {
  it('settings changes re-check the settings (not the data) and keep the same order as the CLI', () => {
    const data = table({ y: xs.map((x) => (x > 0 ? 1 : 0)), x: xs });
    const p = prepareModel({ formula: 'y ~ x', family: 'bernoulli' }, data);
    expect(preflight(p.structure, { warmup: 0, iter: 2 }, data, 'y ~ x').checks!.warnings.map((w) => w.kind))
      .toEqual(['no_warmup', 'few_draws', 'separation']);
    expect(preflight(p.structure, SETTINGS, data, 'y ~ x').checks!.warnings.map((w) => w.kind)).toEqual(['separation']);
  });
});
