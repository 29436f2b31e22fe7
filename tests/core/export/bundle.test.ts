import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../../src/core/model/spec';
import { buildModel } from '../../../src/core/model/buildModel';
import { modelLayout } from '../../../src/core/model/layout';
import { exportBundle, type BundleInput } from '../../../src/core/export/bundle';
import { stanCoordinateOrder, type ExportChain } from '../../../src/core/export/cmdstanWrite';
import { readCmdStanCsv } from '../../../src/core/io/cmdstanCsv';
import { DEFAULT_SETTINGS, type DataTable } from '../../../src/core/types';
import { loadCsv, table } from '../design/csvTable';

function seeded(seed: number) {
  let s = seed >>> 0;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32; };
}

/** Two chains of `n` draws of the model's outputs at random points, with made-up stats. */
function input(data: DataTable, formula: string, over: Partial<BundleInput> = {}, priors: { prior: string; class: string }[] = []): BundleInput {
  const compiled = compileSpec({ formula, family: 'gaussian', priors }, data);
  const model = buildModel(compiled.structure);
  const u = seeded(11);
  const P = model.outputNames.length;
  const chains: ExportChain[] = [1, 2].map((chainId) => {
    const n = 5;
    const draws = new Float64Array(n * P);
    const stats = new Float64Array(n * 7);
    for (let i = 0; i < n; i++) {
      model.writeDraw(Float64Array.from({ length: model.dim }, () => 2 * u() - 1), draws.subarray(i * P, (i + 1) * P));
      stats.set([-100 - i, 0.9, 0.3, 3, 7, i === 2 ? 1 : 0, 110 + i], i * 7);
    }
    const dim = model.dim;
    return {
      chainId, draws, stats, nDraws: n, warmupSeconds: 0.5, samplingSeconds: 0.25,
      tuning: { stepSize: 0.25, metric: 'diag', inverseMetric: Array.from({ length: dim }, (_, k) => k) },
    };
  });
  return {
    target: 'r', syntax: 'current', compiled, table: data, outputNames: model.outputNames, chains,
    settings: { ...DEFAULT_SETTINGS, warmup: 10, iter: 5, chains: 2 }, stem: 'sleep study', ...over,
  };
}

function files(inp: BundleInput): Map<string, string> {
  return new Map(exportBundle(inp).map((f) => {
    let t = '';
    f.write((c) => { t += c; });
    return [f.path, t];
  }));
}

describe('exportBundle: the Open in R / Open in Python files', () => {
  const sleep = loadCsv('sleepstudy.csv');
  it('R: README, data, program, Stan data, one CmdStan CSV per chain, names.csv, load_fit.R', () => {
    const f = files(input(sleep, 'Reaction ~ Days + (Days | Subject)'));
    expect([...f.keys()]).toEqual(['README.txt', 'data.csv', 'model.stan', 'standata.json', 'chain_1.csv', 'chain_2.csv', 'names.csv', 'load_fit.R']);
    expect(f.get('data.csv')!.split('\n')[0]).toBe('Reaction,Days,Subject');
    expect(JSON.parse(f.get('standata.json')!).NC_1).toBe(1);
  });
  it('each CmdStan CSV reads back (our reader) with the same draws, its step size and the metric in Stan order', () => {
    const inp = input(sleep, 'Reaction ~ Days + (Days | Subject)');
    const f = files(inp);
    const read = readCmdStanCsv('chain_2.csv', [f.get('chain_2.csv')!]);
    expect(read.meta).toMatchObject({ numSamples: 5, numWarmup: 10, chainId: 2, stepSize: 0.25, metric: 'diag_e', seed: 1, method: 'sample' });
    const order = stanCoordinateOrder(modelLayout(inp.compiled.structure));
    expect(read.meta.inverseMetric).toEqual(order); // the metric's entry k was k: Stan's order of our coordinates
    const P = inp.outputNames.length;
    const col = (stan: string, brms: string) => {
      const j = read.names.indexOf(stan);
      for (let i = 0; i < 5; i++) expect(read.chain.draws[i * read.names.length + j]).toBe(inp.chains[1].draws[i * P + inp.outputNames.indexOf(brms)]);
    };
    col('r_1_2[3]', 'r_Subject[310,Days]');
    col('sd_1[2]', 'sd_Subject__Days');
    col('b_Intercept', 'b_Intercept');
    expect(read.chain.stats[2 * 7 + 5]).toBe(1); // divergent__
    expect(read.meta.timing).toEqual({ warmup: 0.5, sampling: 0.25, total: 0.75 });
    expect(f.get('chain_1.csv')).toMatch(/^# model = sleep_study_model$/m);
  });
  it('stanCoordinateOrder: b, Intercept, sigma, then sd, z (column-major for a matrix), L', () => {
    const s = compileSpec({ formula: 'Reaction ~ Days + (Days | Subject)', family: 'gaussian' }, sleep, { parameterization: 'noncentered' }).structure;
    const l = modelLayout(s);
    const order = stanCoordinateOrder(l);
    expect(order.slice(0, 5).map((k) => l.unconstrainedNames[k])).toEqual(['b_Days', 'Intercept', 'log(sigma)', 'log(sd_Subject__Intercept)', 'log(sd_Subject__Days)']);
    expect(order.slice(5, 7).map((k) => l.unconstrainedNames[k])).toEqual(['z_Subject[Intercept,308]', 'z_Subject[Days,308]']);
    expect(l.unconstrainedNames[order.at(-1)!]).toBe('atanh(cpc_Subject[2,1])');
    expect([...order].sort((a, b) => a - b)).toEqual(l.unconstrainedNames.map((_, i) => i));
  });
  it('a dense metric is written row by row; no tuning (a stopped run) writes no step size', () => {
    const inp = input(sleep, 'Reaction ~ Days + (1 | Subject)');
    const d = modelLayout(inp.compiled.structure).dim;
    inp.chains[0].tuning = { stepSize: 0.5, metric: 'dense', inverseMetric: Array.from({ length: d * d }, (_, k) => (k % (d + 1) === 0 ? 2 : 0)) };
    inp.chains[1].tuning = null;
    const f = files(inp);
    const dense = readCmdStanCsv('c1', [f.get('chain_1.csv')!]).meta;
    expect(dense.metric).toBe('dense_e');
    expect((dense.inverseMetric as number[][])[1]).toEqual(Array.from({ length: d }, (_, j) => (j === 1 ? 2 : 0)));
    expect(readCmdStanCsv('c2', [f.get('chain_2.csv')!]).meta.stepSize).toBeUndefined();
  });
  it('names.csv maps every Stan name to brms\'s, empty for what brms does not keep', () => {
    const lines = files(input(sleep, 'Reaction ~ Days + (Days | Subject)')).get('names.csv')!.trim().split('\n');
    expect(lines[0]).toBe('stan_name,csv_column,brms_name,description');
    expect(lines).toContain('b[1],b.1,b_Days,population-level effect of Days');
    expect(lines).toContain('r_1_1[1],r_1_1.1,"r_Subject[308,Intercept]",group-level effect of Intercept for Subject 308');
    expect(lines).toContain('cor_1[1],cor_1.1,cor_Subject__Intercept__Days,group-level correlation (Subject)');
    expect(lines.find((l) => l.startsWith('"z_1[2,18]",'))).toMatch(/^"z_1\[2,18\]",z_1\.2\.18,,standardised group-level effect of Days for Subject 372 \(not kept by brms\)$/);
    expect(lines.filter((l) => l.split(',')[0] === 'Intercept')[0]).toMatch(/^Intercept,Intercept,,/);
    expect(lines).toHaveLength(1 + 7 + 1 + 1 + 1 + 2 + 36 + 4 + 36 + 36 + 1 + 1 + 4 + 1);
  });
  it('data.csv: only the rows the model used, derived columns as fitted, quoted cells; load_fit.R reads it', () => {
    // xb / xw: a between / within split of x by g made in the app over all six rows
    const data = table({ y: [1, 2, 'NA', 4, 5, 6], x: [1, 3, 2, 4, 6, 5], note: ['a,b', 'NA', 'c', 'd', 'e', 'f'], g: ['a', 'a', 'b', 'b', 'c', 'c'],
      xb: [2, 2, 3, 3, 5.5, 5.5], xw: [-1, 1, -1, 1, 0.5, -0.5] });
    data.columns[4].derived = { kind: 'between', source: 'x', group: 'g', partner: 'xw' };
    data.columns[5].derived = { kind: 'within', source: 'x', group: 'g', partner: 'xb' };
    const inp = input(data, 'y ~ xw + xb + (1 | g)', {}, [{ prior: 'normal(0, 5)', class: 'b' }]);
    const f = files(inp);
    expect(f.get('data.csv')!.trim().split('\n')).toEqual(['y,x,note,g,xb,xw', '1,1,"a,b",a,2,-1', '2,3,NA,a,2,1', '4,4,d,b,3,1', '5,6,e,c,5.5,0.5', '6,5,f,c,5.5,-0.5']);
    const r = f.get('load_fit.R')!;
    expect(r).toContain('data <- read.csv("data.csv", check.names = FALSE)');
    expect(r).toContain('set_prior("normal(0, 5)", class = "b")');
    expect(r).toContain('  empty = TRUE\n  )');
    expect(r).toContain('rstan::read_stan_csv(c("chain_1.csv", "chain_2.csv"))');
    expect(r).toContain('fit$fit <- drop_variables(stanfit, brms:::exclude_pars(fit))');
    expect(r).toContain('fit <- brms:::rename_pars(fit)');
    expect(r).toMatch(/Checked with R 4\.2\.2, brms 2\.18\.0 and rstan 2\.21\.7/);
    expect(r).toContain('load_fit.R needs brms 2.17.0 or newer');
    expect(r).not.toContain('summary(fit)\n');
    expect(r).not.toContain('ave('); // the split as fitted (row 3 counted in b's mean), not recomputed on the rows kept
    expect(r.split('{').length).toBe(r.split('}').length);
  });
  it('Python: load_fit.py and arviz_coords.json instead of load_fit.R', () => {
    const f = files(input(sleep, 'Reaction ~ Days + (Days | Subject)', { target: 'python', syntax: 'old' }));
    expect([...f.keys()]).toEqual(['README.txt', 'data.csv', 'model.stan', 'standata.json', 'chain_1.csv', 'chain_2.csv', 'names.csv', 'arviz_coords.json', 'load_fit.py']);
    const axes = JSON.parse(f.get('arviz_coords.json')!);
    expect(axes.coords.Subject).toHaveLength(18);
    expect(axes.coords.b_coef).toEqual(['Days']);
    expect(axes.dims).toMatchObject({ b: ['b_coef'], sd_1: ['Subject_coef'], z_1: ['Subject_coef', 'Subject'], r_1: ['Subject', 'Subject_coef'], r_1_1: ['Subject'], L_1: ['Subject_coef', 'Subject_coef_2'], cor_1: ['Subject_coef_cor'] });
    const py = f.get('load_fit.py')!;
    expect(py).toContain('az.from_cmdstan(');
    expect(py).toContain('posterior=[str(here / name) for name in ["chain_1.csv", "chain_2.csv"]]');
    expect(py).toContain('coords=axes["coords"]');
    expect(f.get('model.stan')).toContain('vector[N] Z_1_1;');
    expect(f.get('model.stan')).toContain('int<lower=1> J_1[N];');
    expect(f.get('chain_1.csv')).toContain('# stan_version_minor = 21');
    expect(f.get('README.txt')).toContain('older Stan array syntax, for rstan 2.21-2.25');
  });
  it('no chains is a clear error', () => {
    expect(() => exportBundle(input(sleep, 'Reaction ~ Days + (1 | Subject)', { chains: [] }))).toThrow(/no post-warmup draws/);
  });
});

describe('exportBundle with a link other than the family default', () => {
  it('bernoulli probit: the program uses it and load_fit.R passes it to brm()', () => {
    const data = table({ k: [0, 1, 1, 0, 1, 0, 1, 1], x: [1, 3, 2, 4, 6, 5, 2, 1], g: ['a', 'a', 'b', 'b', 'c', 'c', 'd', 'd'] });
    const compiled = compileSpec({ formula: 'k ~ x + (1 | g)', family: 'bernoulli', link: 'probit' }, data);
    const model = buildModel(compiled.structure);
    const P = model.outputNames.length;
    const draws = new Float64Array(P);
    model.writeDraw(new Float64Array(model.dim).fill(0.1), draws);
    const f = files({
      target: 'r', syntax: 'current', compiled, table: data, outputNames: model.outputNames, stem: 'k',
      chains: [{ chainId: 1, draws, stats: new Float64Array(7), nDraws: 1, tuning: null, warmupSeconds: 0, samplingSeconds: 0 }],
      settings: { ...DEFAULT_SETTINGS, chains: 1 },
    });
    expect(f.get('load_fit.R')).toContain('family = bernoulli(link = "probit")');
    expect(f.get('model.stan')).toMatch(/Phi/);
  });
});
