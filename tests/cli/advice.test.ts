// Issue 22 item 19 through the CLI: pathological fits are refused or warned about with their
// cause, before sampling (stderr) and in the printed summary (stdout). Tiny runs.
import { beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCli, freshDir, runFit } from './helpers';

beforeAll(() => buildCli());

const BASE = ['--chains', '1', '--seed', '3', '--quiet'];
const SHORT = [...BASE, '--warmup', '20', '--iter', '20'];
const xs = Array.from({ length: 30 }, (_, i) => Math.round((Math.sin(i * 12.9898) * 43758.5453 % 1) * 2000) / 1000);

function csv(dir: string, rows: string[]): string {
  const file = join(dir, 'd.csv');
  writeFileSync(file, rows.join('\n') + '\n');
  return file;
}
const warningLines = (text: string) => text.split('\n').filter((l) => /^Warning: /.test(l));

describe('fit CLI: advice that names the cause', () => {
  it('refuses a constant response before sampling, with a message and no output files', () => {
    const dir = freshDir();
    const data = csv(dir, ['y,x', ...xs.map((x) => `5,${x}`)]);
    const r = runFit(['--data', data, '--formula', 'y ~ x', ...SHORT, '--summary', 's.json'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^fit: error: The response y is 5 in all 30 rows/);
    expect(r.files).toEqual(['d.csv']);
  });

  it('separation: names the predictor before sampling and in the summary, and does not blame adapt_delta', () => {
    const dir = freshDir();
    const data = csv(dir, ['y,x', ...xs.map((x) => `${x > 0 ? 1 : 0},${x}`)]);
    const r = runFit(['--data', data, '--formula', 'y ~ x', '--family', 'bernoulli', ...SHORT], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: Separation in the data: x separates the outcomes/);
    const lines = warningLines(r.stdout);
    expect(lines[0]).toMatch(/Separation .*\(--prior "normal\(0, 2\.5\) b coef=x"/);
    expect(lines.join('\n')).not.toMatch(/adapt/);
  });

  it('--warmup 0: says adaptation was off, before sampling and in the summary', () => {
    const dir = freshDir();
    const data = csv(dir, ['y,x', ...xs.map((x, i) => `${(1 + x + ((i * 7) % 5) / 5).toFixed(3)},${x}`)]);
    const r = runFit(['--data', data, '--formula', 'y ~ x', ...BASE, '--warmup', '0', '--iter', '20'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: No warmup \(warmup = 0\): the step size and metric were not adapted/);
    expect(warningLines(r.stdout)[0]).toMatch(/^Warning: No warmup .* Use --warmup 1000\./);
  });

  it('--iter 1: too few draws for diagnostics, with the numbers R-hat and ESS need', () => {
    const dir = freshDir();
    const data = csv(dir, ['y,x', ...xs.map((x, i) => `${(1 + x + ((i * 7) % 5) / 5).toFixed(3)},${x}`)]);
    const r = runFit(['--data', data, '--formula', 'y ~ x', ...BASE, '--warmup', '20', '--iter', '1'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Warning: Only 1 post-warmup draw per chain: too few draws for diagnostics\. R-hat needs at least 4 and ESS at least 6/);
  });

  it('uniform(5, 6) on sigma with data of sd about 1: names the prior and suggests widening it', () => {
    const dir = freshDir();
    const data = csv(dir, ['y,x', ...xs.map((x, i) => `${(1 + x + ((i * 7) % 5) / 5).toFixed(3)},${x}`)]);
    const r = runFit(['--data', data, '--formula', 'y ~ x', ...SHORT, '--prior', 'uniform(5, 6) sigma'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: uniform\(5, 6\) on sigma excludes where the data put it: the sd of y is \d\.\d+, below the prior's lower bound 5/);
    const lines = warningLines(r.stdout);
    expect(lines[0]).toMatch(/uniform\(5, 6\) on sigma .* Widen the prior/);
    expect(lines.slice(1).join('\n')).not.toMatch(/adapt/);
  });
});
