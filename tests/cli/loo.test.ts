// Issue 20: the CLI's --loo and --pointwise-loo against R's loo 2.5.1 on the same draws (the
// fixture tests/fixtures/loo/cli_loo.json, made by make_cli_loo.R from fixed-seed CLI runs that
// R reads and turns into the log-likelihood matrix itself), and the summary JSON's bayes_r2
// against brms's .bayes_R2 on those draws.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, freshDir, ROOT, runFit } from './helpers';
import { parseFitArgs } from '../../src/cli/args';
import { writeFileSync } from 'node:fs';
import { readDataFile } from '../../src/cli/readData';
import { prepareModel } from '../../src/core/model/spec';
import { fitBayesR2, fitLoo, looSummaryJson } from '../../src/core/loo';
import { readDrawsCsv } from '../core/loo/drawsCsvFixture';

interface LooCase {
  name: string; data: string; formula: string; seed: number; draws_md5: string; n_draws: number; rows: number[];
  elpd_loo: number; se_elpd_loo: number; p_loo: number; se_p_loo: number; looic: number; se_looic: number;
  pareto_k_counts: Record<'good' | 'ok' | 'bad' | 'very_bad', number>;
  pointwise_elpd_loo: number[]; pointwise_p_loo: number[]; pareto_k: number[];
  printed: string; bayes_r2: { mean: number; sd: number; q5: number; q95: number };
}
const FIXTURE = JSON.parse(readFileSync(resolve(ROOT, 'tests/fixtures/loo/cli_loo.json'), 'utf8')) as { cases: LooCase[] };
const fixtureCase = (name: string): LooCase => FIXTURE.cases.find((c) => c.name === name)!;

beforeAll(() => buildCli());

interface Run { summary: Record<string, unknown>; pointwise: number[][]; header: string; stdout: string }

function runLoo(c: LooCase): Run {
  const dir = freshDir();
  const r = runFit(['--data', resolve(ROOT, c.data), '--formula', c.formula, '--seed', String(c.seed), '--quiet',
    '--loo', '--summary', 's.json', '--draws', 'd.csv', '--pointwise-loo', 'pw.csv'], dir);
  expect(r.code, r.stderr).toBe(0);
  const md5 = createHash('md5').update(readFileSync(join(dir, 'd.csv'))).digest('hex');
  // the fixture belongs to these draws; when the engine's draws change, rerun make_cli_loo.R
  expect(md5, 'the CLI draws differ from those the fixture was made from (rerun tests/fixtures/loo/make_cli_loo.R)').toBe(c.draws_md5);
  const lines = readFileSync(join(dir, 'pw.csv'), 'utf8').trimEnd().split('\n');
  return {
    summary: JSON.parse(readFileSync(join(dir, 's.json'), 'utf8')) as Record<string, unknown>,
    header: lines[0],
    pointwise: lines.slice(1).map((l) => l.split(',').map(Number)),
    stdout: r.stdout,
  };
}

function expectMatchesR(run: Run, c: LooCase): void {
  const loo = run.summary.loo as Record<string, number> & { pareto_k: LooCase['pareto_k_counts'] };
  for (const key of ['elpd_loo', 'se_elpd_loo', 'p_loo', 'se_p_loo', 'looic', 'se_looic'] as const) {
    expect(Math.abs(loo[key] - c[key]), key).toBeLessThan(1e-6);
  }
  expect(loo.pareto_k).toEqual(c.pareto_k_counts);
  expect(run.header).toBe('row,elpd_loo,p_loo,pareto_k');
  expect(run.pointwise.map((p) => p[0])).toEqual(c.rows);
  run.pointwise.forEach(([, elpd, p, k], i) => {
    expect(Math.abs(elpd - c.pointwise_elpd_loo[i]), `elpd_loo of row ${c.rows[i]}`).toBeLessThan(1e-6);
    expect(Math.abs(p - c.pointwise_p_loo[i]), `p_loo of row ${c.rows[i]}`).toBeLessThan(1e-6);
    expect(Math.abs(k - c.pareto_k[i]), `pareto k of row ${c.rows[i]}`).toBeLessThan(1e-6);
  });
  // the text output ends with loo's own print of the same object
  expect(run.stdout.endsWith(c.printed)).toBe(true);
  const r2 = run.summary.bayes_r2 as LooCase['bayes_r2'];
  for (const key of ['mean', 'sd', 'q5', 'q95'] as const) expect(Math.abs(r2[key] - c.bayes_r2[key]), `bayes_r2 ${key}`).toBeLessThan(1e-9);
}

describe('fit --loo / --pointwise-loo equal R loo 2.5.1 on the same draws', () => {
  it('sleepstudy: elpd_loo, p_loo, looic with SEs, every pointwise Pareto k, the printed table and bayes_r2', () => {
    const c = fixtureCase('sleepstudy');
    const run = runLoo(c);
    expect(run.pointwise).toHaveLength(180);
    expectMatchesR(run, c);
  });

  it('a bad-k case (an outlier alone in its group): very bad k counted and printed; rows dropped for missing values do not appear', () => {
    const c = fixtureCase('outliers');
    const run = runLoo(c);
    expect(c.pareto_k_counts.very_bad).toBeGreaterThan(0);
    expectMatchesR(run, c);
    const rows = run.pointwise.map((p) => p[0]);
    expect(rows).not.toContain(12); // y is NA
    expect(rows).not.toContain(20); // x is empty
    expect(rows).toHaveLength(38);
    expect(rows[rows.length - 1]).toBe(40);
    expect(run.pointwise.find((p) => p[0] === 7)![3]).toBeGreaterThan(1);
    expect(run.stdout).toContain('   (1, Inf)   (very bad)  2     5.3%');
  });
});

describe('--loo options', () => {
  it('parses --loo, and --pointwise-loo implies it', () => {
    const base = ['--data', 'd.csv', '--formula', 'y ~ x'];
    expect(parseFitArgs(base)).toMatchObject({ loo: false, pointwiseLoo: null });
    expect(parseFitArgs([...base, '--loo'])).toMatchObject({ loo: true, pointwiseLoo: null });
    expect(parseFitArgs([...base, '--pointwise-loo', 'pw.csv'])).toMatchObject({ loo: true, pointwiseLoo: 'pw.csv' });
    expect(() => parseFitArgs([...base, '--loo=yes'])).toThrow(/--loo takes no value/);
    expect(() => parseFitArgs([...base, '--draws', 'x.csv', '--pointwise-loo', 'x.csv'])).toThrow(/--draws and --pointwise-loo name the same file/);
  });

  const TINY = ['--chains', '1', '--warmup', '30', '--iter', '30', '--quiet'];
  const data = resolve(ROOT, 'tests/fixtures/loo/cli/outliers.csv');

  it('without --loo the summary JSON has bayes_r2 but no loo, and no loo table is printed', () => {
    const dir = freshDir();
    const r = runFit(['--data', data, '--formula', 'y ~ x + (1 | g)', ...TINY, '--summary', 's.json'], dir);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(readFileSync(join(dir, 's.json'), 'utf8')) as Record<string, unknown>;
    expect(s.loo).toBeUndefined();
    expect(Object.keys(s.bayes_r2 as object)).toEqual(['mean', 'sd', 'q5', 'q95']);
    expect(r.stdout).not.toContain('log-likelihood matrix');
  });

  it('--pointwise-loo naming the --summary file or the data file is refused before sampling', () => {
    const dir = freshDir();
    const same = runFit(['--data', data, '--formula', 'y ~ x', ...TINY, '--summary', 'a.out', '--pointwise-loo', 'a.out'], dir);
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/--summary and --pointwise-loo name the same file/);
    const input = runFit(['--data', data, '--formula', 'y ~ x', ...TINY, '--pointwise-loo', data], dir);
    expect(input.code).toBe(2);
    // the path is quoted as an excerpt (long paths end in '...'), so the file name shows only when short
    expect(input.stderr).toMatch(/--pointwise-loo '.*(outliers\.csv|\.\.\.)' is the --data file/);
    expect(input.files).toEqual([]);
  });
});

describe('a large fit: LOO and Bayes R2 on criteria threads', () => {
  it('1,200 rows x 4,000 draws (over the threads threshold) give the one-thread values on the same draws, bit for bit', () => {
    const dir = freshDir();
    const rows = ['y,x,g', ...Array.from({ length: 1200 }, (_, i) =>
      `${(1 + 0.5 * Math.sin(i) + 0.3 * (i % 7) + 0.2 * Math.cos(3 * i)).toFixed(4)},${(i % 11) / 5},G${i % 10}`)];
    writeFileSync(join(dir, 'big.csv'), rows.join('\n') + '\n');
    const formula = 'y ~ x + (1 | g)';
    const r = runFit(['--data', 'big.csv', '--formula', formula, '--warmup', '200', '--iter', '1000',
      '--loo', '--summary', 's.json', '--draws', 'd.csv'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/on this thread instead/);
    const summary = JSON.parse(readFileSync(join(dir, 's.json'), 'utf8')) as { loo: unknown; bayes_r2: Record<string, number> };
    const s = prepareModel({ formula, family: 'gaussian' }, readDataFile(join(dir, 'big.csv')).table).structure;
    const { names, chains, nIterations } = readDrawsCsv(join(dir, 'd.csv'));
    expect(s.N * chains.length * nIterations).toBeGreaterThanOrEqual(4_000_000);
    expect(summary.loo).toEqual(looSummaryJson(fitLoo(s, names, chains, nIterations)));
    const r2 = fitBayesR2(s, names, chains, nIterations);
    expect(summary.bayes_r2).toEqual({ mean: r2.mean, sd: r2.sd, q5: r2.q5, q95: r2.q95 });
  });
});
