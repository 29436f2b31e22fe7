// Issue 22: --factor (item 31), the memory check (item 7) and out-of-range numbers as usage errors.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCli, freshDir, runFit, SLEEPSTUDY, TINY_CSV } from './helpers';

const TINY = ['--data', 'data.csv', '--chains', '1', '--warmup', '20', '--iter', '20'];

beforeAll(() => buildCli());

function dataDir(): string {
  const dir = freshDir();
  writeFileSync(join(dir, 'data.csv'), TINY_CSV);
  return dir;
}

function oneLine(stderr: string): string {
  const lines = stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^fit: error: /);
  return lines[0];
}

describe('--factor COL marks a column as a factor, as the data view does (item 31)', () => {
  it('a 0/1 column gives b_Trt1 with --factor Trt (brms on an R factor) and b_Trt without', () => {
    const dir = dataDir();
    const names = (extra: string[]) => {
      const r = runFit([...TINY, '--formula', 'y ~ x + Trt', '--summary', 's.json', '--quiet', ...extra], dir);
      if (r.code !== 0) throw new Error(r.stderr);
      return JSON.parse(readFileSync(join(dir, 's.json'), 'utf8')).parameters.map((p: { name: string }) => p.name);
    };
    expect(names([])).toEqual(['b_Intercept', 'b_x', 'b_Trt', 'sigma']);
    expect(names(['--factor', 'Trt'])).toEqual(['b_Intercept', 'b_x', 'b_Trt1', 'sigma']);
    expect(names(['--factor', 'Trt', '--factor', 'x'])).toEqual(['b_Intercept', 'b_x1', 'b_x2', 'b_x3', 'b_x4', 'b_Trt1', 'sigma']);
  });

  it('an unknown column: exit 2, the name, near matches and the columns', () => {
    const r = runFit([...TINY, '--formula', 'y ~ x', '--factor', 'trt'], dataDir());
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/--factor 'trt': no column of that name in data\.csv \(did you mean Trt\?\); the columns are y, x, Trt, g/);
  });
});

describe('numbers out of range are usage errors before sampling', () => {
  it.each([
    [['--seed', '4294967296'], /--seed must be an integer from 0 to 4294967295 \(got '4294967296'\)/],
    [['--seed', '-3'], /--seed must be an integer from 0 to 4294967295/],
    [['--max-treedepth', '100'], /--max-treedepth must be an integer from 1 to 30/],
  ])('%j: exit 2, one line', (extra, message) => {
    const r = runFit([...TINY, '--formula', 'y ~ x', ...extra], dataDir());
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(message);
  });
});

describe('the memory a run needs is checked before sampling (item 7)', () => {
  it('--iter 300000000 on sleepstudy: exit 2, one line stating the need, the limit and what to change', () => {
    const dir = freshDir();
    const r = runFit(['--data', SLEEPSTUDY, '--formula', 'Reaction ~ Days + (Days | Subject)', '--iter', '300000000'], dir);
    expect(r.code).toBe(2);
    const line = oneLine(r.stderr);
    expect(line).not.toMatch(/RangeError|typed array/);
    expect(line).toMatch(/4 chains x 300000000 draws x 42 parameters need about 874 GB; the limit is [\d.]+ GB \(75% of this machine's memory\); use at most --iter \d+ with 4 chains, or fewer --chains/);
    expect(line.length).toBeLessThan(500);
    expect(r.files).toEqual([]);
    const one = runFit(['--data', SLEEPSTUDY, '--formula', 'Reaction ~ Days + (Days | Subject)', '--chains', '1', '--iter', '300000000'], dir);
    expect(one.code).toBe(2);
    expect(oneLine(one.stderr)).toMatch(/1 chain x 300000000 draws x 42 parameters need about 218 GB; .*; use at most --iter \d+ with 1 chain$/);
  });
});
