import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { summariseDraws } from '../../src/core/diagnostics';
import { buildCli, freshDir, runFit, SLEEPSTUDY, splitCsvLine } from './helpers';

const STATS = ['lp__', 'accept_stat__', 'stepsize__', 'treedepth__', 'n_leapfrog__', 'divergent__', 'energy__'];
const MODEL = ['--data', SLEEPSTUDY, '--formula', 'Reaction ~ Days + (Days | Subject)'];

beforeAll(() => buildCli());

describe('fit CLI on sleepstudy (3 chains on worker threads, more chains than this machine may have cores)', () => {
  const dir = freshDir();
  let run: ReturnType<typeof runFit>;
  let header: string[];
  let rows: string[][];
  let summary: any;

  beforeAll(() => {
    run = runFit([...MODEL, '--chains', '3', '--warmup', '120', '--iter', '40', '--seed', '11',
      '--summary', 's.json', '--draws', 'd.csv'], dir);
    if (run.code !== 0) throw new Error(run.stderr);
    const lines = readFileSync(join(dir, 'd.csv'), 'utf8').trimEnd().split('\n');
    header = splitCsvLine(lines[0]);
    rows = lines.slice(1).map(splitCsvLine);
    summary = JSON.parse(readFileSync(join(dir, 's.json'), 'utf8'));
  });

  it('exits 0 and writes both files', () => {
    expect(run.code).toBe(0);
    expect(run.files).toEqual(['d.csv', 's.json']);
  });

  it('draws CSV: brms parameter names, then the 7 sampler stats, then .chain .iteration .draw', () => {
    expect(header.slice(0, 6)).toEqual(['b_Intercept', 'b_Days', 'sd_Subject__Intercept', 'sd_Subject__Days',
      'cor_Subject__Intercept__Days', 'sigma']);
    expect(header).toContain('r_Subject[308,Intercept]');
    expect(header).toContain('r_Subject[372,Days]');
    expect(header.length).toBe(6 + 2 * 18 + 7 + 3);
    expect(header.slice(-10)).toEqual([...STATS, '.chain', '.iteration', '.draw']);
  });

  it('draws CSV: one row per post-warmup draw with 1-based .chain, .iteration and .draw', () => {
    expect(rows).toHaveLength(3 * 40);
    rows.forEach((r, k) => {
      expect(r).toHaveLength(header.length);
      expect(r.slice(-3).map(Number)).toEqual([Math.floor(k / 40) + 1, (k % 40) + 1, k + 1]);
    });
    const sigma = header.indexOf('sigma');
    for (const r of rows) expect(Number(r[sigma])).toBeGreaterThan(0);
  });

  it('summary JSON: the contract fields and every output parameter of the draws CSV', () => {
    expect(summary).toMatchObject({ formula: 'Reaction ~ Days + (Days | Subject)', family: 'gaussian', chains: 3,
      warmup: 120, iter: 40, seed: 11, n_obs: 180 });
    expect(summary.timing.warmup_s).toHaveLength(3);
    expect(summary.timing.sampling_s).toHaveLength(3);
    expect(summary.timing.wall_s).toBeGreaterThan(0);
    expect(summary.gradient_evals).toBeGreaterThan(3 * 160);
    expect(Number.isInteger(summary.divergences)).toBe(true);
    expect(Number.isInteger(summary.max_treedepth_hits)).toBe(true);
    expect(summary.ebfmi).toHaveLength(3);
    expect(summary.parameters.map((p: any) => p.name)).toEqual(header.slice(0, header.length - 10));
    for (const p of summary.parameters) {
      expect(Object.keys(p)).toEqual(['name', 'mean', 'sd', 'q5', 'q50', 'q95', 'rhat', 'ess_bulk', 'ess_tail', 'mcse_mean']);
      expect(p.q5).toBeLessThanOrEqual(p.q50);
      expect(p.q50).toBeLessThanOrEqual(p.q95);
    }
  });

  it('summary JSON means are the means of the draws CSV columns', () => {
    for (const name of ['b_Intercept', 'sigma', 'r_Subject[308,Days]']) {
      const j = header.indexOf(name);
      const mean = rows.reduce((s, r) => s + Number(r[j]), 0) / rows.length;
      expect(summary.parameters.find((p: any) => p.name === name).mean).toBeCloseTo(mean, 8);
    }
  });

  it('prints a brms-like summary with the group-level, population-level and family sections', () => {
    expect(run.stdout).toContain('Formula: Reaction ~ Days + (Days | Subject)');
    expect(run.stdout).toContain('~Subject (Number of levels: 18)');
    expect(run.stdout).toMatch(/cor\(Intercept,Days\)/);
    expect(run.stdout).toMatch(/Population-Level Effects: \n\s+Estimate Est\.Error l-95% CI u-95% CI Rhat Bulk_ESS Tail_ESS\nIntercept /);
    expect(run.stdout).toContain('Family Specific Parameters:');
  });

  it('shows progress on stderr (plain lines when stderr is not a terminal)', () => {
    expect(run.stderr).toMatch(/^\[[= >]{20}\] +\d+%  1:(W \d+%|S \d+%|done|queued)  2:/m);
    expect(run.stderr).toMatch(/it\/s/);
  });

  it('is reproducible: the same seed gives byte-identical draws; --quiet prints no progress', () => {
    const again = freshDir();
    const r = runFit([...MODEL, '--chains', '3', '--warmup', '120', '--iter', '40', '--seed', '11',
      '--draws', 'd.csv', '--quiet'], again);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(readFileSync(join(again, 'd.csv'), 'utf8')).toBe(readFileSync(join(dir, 'd.csv'), 'utf8'));
  });
});

describe('fit CLI on a model with 523 parameters (the summary is split over the chain threads)', () => {
  it('writes the summary rows that the draws CSV gives, in the draws CSV order', () => {
    const dir = freshDir();
    // 520 groups of 2 observations: y ~ 1 + (1 | g) has 3 + 520 output parameters.
    const lines = ['y,g'];
    for (let g = 1; g <= 520; g++) for (let k = 0; k < 2; k++) lines.push(`${((g % 7) - 3 + 0.37 * k).toFixed(2)},G${g}`);
    writeFileSync(join(dir, 'big.csv'), lines.join('\n') + '\n');
    const r = runFit(['--data', 'big.csv', '--formula', 'y ~ 1 + (1 | g)', '--chains', '2', '--warmup', '40', '--iter', '30',
      '--seed', '3', '--summary', 's.json', '--draws', 'd.csv', '--quiet'], dir);
    if (r.code !== 0) throw new Error(r.stderr);
    expect(r.stderr).toBe('');
    const csv = readFileSync(join(dir, 'd.csv'), 'utf8').trimEnd().split('\n');
    const header = splitCsvLine(csv[0]);
    const P = header.length - 10;
    expect(P).toBe(523);
    const draws = csv.slice(1).map((l) => splitCsvLine(l).map(Number));
    const chains = [1, 2].map((c) => Float64Array.from(draws.filter((d) => d[P + 7] === c).flatMap((d) => d.slice(0, P))));
    const expected = summariseDraws({ names: header.slice(0, P), chains, nIterations: [30, 30] }, [0.05, 0.5, 0.95]);
    const summary = JSON.parse(readFileSync(join(dir, 's.json'), 'utf8'));
    expect(summary.parameters.map((p: any) => p.name)).toEqual(header.slice(0, P));
    summary.parameters.forEach((p: any, j: number) => {
      const e = expected[j];
      expect([p.mean, p.q5, p.q95, p.rhat, p.ess_bulk, p.ess_tail]).toEqual(
        [e.mean, e.quantiles.q5, e.quantiles.q95, e.rhat, e.ess_bulk, e.ess_tail]);
    });
  });
});

describe('fit CLI rejects bad input with one line, a non-zero exit and no output files', () => {
  const cases: [string, string[], RegExp][] = [
    ['a missing data file', ['--data', 'nope.csv', '--formula', 'y ~ x'], /file not found: 'nope\.csv'/],
    ['a formula naming an unknown column', [...MODEL.slice(0, 2), '--formula', 'Reaction ~ Dayz'], /Dayz/],
    ['a formula that does not parse', [...MODEL.slice(0, 2), '--formula', 'Reaction ~ (Days | '], /./],
    ['an unknown option', [...MODEL, '--chian', '2'], /unknown option '--chian' \(did you mean --chains\?\)/],
    ['--chains 0', [...MODEL, '--chains', '0'], /--chains must be an integer from 1 to 1000 \(got '0'\)/],
    ['--adapt-delta 1', [...MODEL, '--adapt-delta', '1'], /--adapt-delta must be a number strictly between 0 and 1/],
    ['an option without its value', [...MODEL, '--iter'], /--iter needs a value/],
    ['an output folder that does not exist', [...MODEL, '--draws', 'no/such/dir/d.csv'], /--draws 'no\/such\/dir\/d\.csv': the folder .* does not exist/],
    ['a bad prior', [...MODEL, '--prior', 'normal(0 b'], /--prior 'normal\(0 b'/],
  ];
  it.each(cases)('%s', (_label, args, message) => {
    const dir = freshDir();
    const outputs = args.includes('--draws') ? ['--summary', 's.json'] : ['--summary', 's.json', '--draws', 'd.csv'];
    const r = runFit([...args, ...outputs], dir);
    expect(r.code).not.toBe(0);
    expect(r.code).not.toBeNull();
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^fit: error: /);
    expect(lines[0]).toMatch(message);
    expect(r.files).toEqual([]);
    expect(r.stdout).toBe('');
  });
});

describe('fit CLI interrupted with Ctrl-C', () => {
  it('stops every thread, exits 130 and writes no output files', async () => {
    const { spawn } = await import('node:child_process');
    const { readdirSync } = await import('node:fs');
    const { ROOT } = await import('./helpers');
    const dir = freshDir();
    const child = spawn(process.execPath, [join(ROOT, 'dist-cli/fit.mjs'), ...MODEL, '--warmup', '20000', '--iter', '20000',
      '--summary', 's.json', '--draws', 'd.csv'], { cwd: dir });
    let stderr = '';
    let sent = false;
    child.stderr.on('data', (d) => {
      stderr += d;
      if (!sent && /it\/s/.test(stderr)) { sent = true; child.kill('SIGINT'); }
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(130);
    expect(stderr.trimEnd().split('\n').at(-1)).toBe('fit: error: interrupted (SIGINT): chains stopped, no output files written');
    expect(readdirSync(dir)).toEqual([]);
  });
});
