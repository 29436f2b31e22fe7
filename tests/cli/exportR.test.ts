// --export-r / --export-python / --stan-syntax (issue 24): the bundle as a new folder, written
// whole or not at all; its CmdStan CSVs re-read by our reader give our summary.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, freshDir, runFit, splitCsvLine, TINY_CSV } from './helpers';
import { readFitFiles } from '../../src/core/io/fitFiles';
import { summariseDraws } from '../../src/core/diagnostics/summary';

const TINY = ['--formula', 'y ~ x + (x | g)', '--chains', '2', '--warmup', '150', '--iter', '100', '--seed', '3', '--quiet'];

beforeAll(() => buildCli());

function tinyDir(): string {
  const dir = freshDir();
  writeFileSync(join(dir, 'data.csv'), TINY_CSV);
  return dir;
}

describe('--export-r DIR', () => {
  it('writes the Open in R bundle whose CmdStan CSVs give the summary JSON\'s estimates', () => {
    const dir = tinyDir();
    const r = runFit(['--data', 'data.csv', ...TINY, '--export-r', 'bundle', '--summary', 's.json'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(join(dir, 'bundle')).sort()).toEqual(['README.txt', 'chain_1.csv', 'chain_2.csv', 'data.csv', 'load_fit.R', 'model.stan', 'names.csv', 'standata.json']);
    expect(r.files).toEqual(['bundle', 'data.csv', 's.json']); // no temporary folder left
    const names = readFileSync(join(dir, 'bundle/names.csv'), 'utf8').trim().split('\n').map(splitCsvLine);
    const brmsOf = new Map(names.slice(1).map((row) => [row[0], row[2]]));
    expect(brmsOf.get('b[1]')).toBe('b_x');
    expect(brmsOf.get('r_1_2[3]')).toBe('r_g[G2,x]');
    expect(brmsOf.get('cor_1[1]')).toBe('cor_g__Intercept__x');
    const fit = readFitFiles(['chain_1.csv', 'chain_2.csv'].map((f) => ({ name: f, chunks: [readFileSync(join(dir, 'bundle', f), 'utf8')] })));
    expect(fit.meta[0].numSamples).toBe(100);
    expect(fit.meta[0].stepSize).toBeGreaterThan(0);
    const rows = summariseDraws({ names: fit.names, chains: fit.chains.map((c) => c.draws), nIterations: fit.chains.map((c) => c.nIterations) });
    const ours = JSON.parse(readFileSync(join(dir, 's.json'), 'utf8')).parameters as { name: string; mean: number; rhat: number; ess_bulk: number }[];
    for (const p of ours) {
      const stan = [...brmsOf].find(([, b]) => b === p.name)![0];
      const row = rows.find((x) => x.name === stan)!;
      expect(row.mean, p.name).toBeCloseTo(p.mean, 10);
      expect(row.rhat!, p.name).toBeCloseTo(p.rhat, 10);
      expect(row.ess_bulk!, p.name).toBeCloseTo(p.ess_bulk, 6);
    }
    const script = readFileSync(join(dir, 'bundle/load_fit.R'), 'utf8');
    expect(script).toContain('empty = TRUE');
    expect(script).toContain('rstan::read_stan_csv(c("chain_1.csv", "chain_2.csv"))');
    expect(script).toContain('Checked with R 4.2.2, brms 2.18.0 and rstan 2.21.7');
  });
  it('--export-python and --stan-syntax old', () => {
    const dir = tinyDir();
    const r = runFit(['--data', 'data.csv', ...TINY, '--export-python', 'py', '--export-r', 'r', '--stan-syntax', 'old'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(join(dir, 'py')).sort()).toEqual(['README.txt', 'arviz_coords.json', 'chain_1.csv', 'chain_2.csv', 'data.csv', 'load_fit.py', 'model.stan', 'names.csv', 'standata.json']);
    const stan = readFileSync(join(dir, 'r/model.stan'), 'utf8');
    expect(stan).toContain('int<lower=1> J_1[N];');
    expect(stan).not.toMatch(/array\[/);
    const axes = JSON.parse(readFileSync(join(dir, 'py/arviz_coords.json'), 'utf8'));
    expect(axes.coords.g).toEqual(['G0', 'G1', 'G2', 'G3']);
    expect(axes.dims.r_1_1).toEqual(['g']);
    expect(axes.dims.z_1).toEqual(['g_coef', 'g']);
    // ArviZ is not installed here: load_fit.py is checked as Python text (parsed) when python3 is
    const py = spawnSync('python3', ['-c', 'import ast, sys; ast.parse(open(sys.argv[1]).read())', join(dir, 'py/load_fit.py')], { encoding: 'utf8' });
    if (py.status !== null) expect(py.status, py.stderr).toBe(0);
  });
  it('an existing DIR is refused before sampling (exit 2), and left as it was', () => {
    const dir = tinyDir();
    mkdirSync(join(dir, 'taken'));
    const r = runFit(['--data', 'data.csv', ...TINY, '--export-r', 'taken'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--export-r 'taken' already exists; give the name of a new folder/);
    expect(readdirSync(join(dir, 'taken'))).toEqual([]);
  });
  it('a stale DIR.tmp-PID folder of a dead process is removed; a live one is left alone', () => {
    const dir = tinyDir();
    mkdirSync(join(dir, 'bundle.tmp-999999999'));
    writeFileSync(join(dir, 'bundle.tmp-999999999/chain_1.csv'), 'partial');
    mkdirSync(join(dir, `bundle.tmp-${process.pid}`));
    const r = runFit(['--data', 'data.csv', ...TINY, '--export-r', 'bundle'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.files).toEqual(['bundle', `bundle.tmp-${process.pid}`, 'data.csv']);
  });
  it('a failed write of another output leaves no bundle and no temporary folder', () => {
    const dir = tinyDir();
    const r = runFit(['--data', 'data.csv', ...TINY, '--export-r', 'bundle', '--draws', '/dev/full'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/could not write --draws/);
    expect(r.files).toEqual(['data.csv']);
  });
  it('--stan-syntax without an export, or with a bad value, is a usage error', () => {
    const dir = tinyDir();
    expect(runFit(['--data', 'data.csv', ...TINY, '--stan-syntax', 'old'], dir).stderr).toMatch(/--stan-syntax sets the Stan program of --export-r/);
    const bad = runFit(['--data', 'data.csv', ...TINY, '--export-r', 'b', '--stan-syntax', '2.21'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--stan-syntax must be current .* or old .*got '2.21'/);
    expect(existsSync(join(dir, 'b'))).toBe(false);
  });
});
