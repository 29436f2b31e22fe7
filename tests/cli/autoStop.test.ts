// fit --stop-when-converged [--ess-target N] (issue 23): ends sampling once every parameter has
// R-hat < 1.01 and bulk and tail ESS above the target, at the same draw for the same seed.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCli, freshDir, runFit, SLEEPSTUDY, splitCsvLine } from './helpers';
import { parseFitArgs } from '../../src/cli/args';

const MODEL = ['--data', SLEEPSTUDY, '--formula', 'Reaction ~ Days + (Days | Subject)',
  '--chains', '2', '--warmup', '300', '--iter', '3000', '--seed', '5'];

beforeAll(() => buildCli());

describe('fit --stop-when-converged', () => {
  const dir = freshDir();
  let run: ReturnType<typeof runFit>;
  beforeAll(() => {
    run = runFit([...MODEL, '--stop-when-converged', '--summary', 's.json', '--draws', 'd.csv'], dir);
    if (run.code !== 0) throw new Error(run.stderr);
  });

  it('stops before the requested draws, says at which draw and why, and keeps equal chain lengths', () => {
    const m = /note: stopped at draw (\d+) of 3000 per chain because it converged: every parameter has R-hat below 1.01 and bulk and tail ESS above 400/.exec(run.stderr);
    expect(m, run.stderr).not.toBeNull();
    const n = Number(m![1]);
    expect(n).toBeLessThan(3000);
    expect(n % 50).toBe(0);
    const lines = readFileSync(join(dir, 'd.csv'), 'utf8').trimEnd().split('\n');
    const header = splitCsvLine(lines[0]);
    const rows = lines.slice(1).map(splitCsvLine);
    const [ci, ii, di] = ['.chain', '.iteration', '.draw'].map((c) => header.indexOf(c));
    expect(rows).toHaveLength(2 * n);
    for (const chain of ['1', '2']) {
      expect(rows.filter((r) => r[ci] === chain).map((r) => Number(r[ii]))).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    }
    expect(rows.map((r) => Number(r[di]))).toEqual(Array.from({ length: 2 * n }, (_, i) => i + 1));
    const summary = JSON.parse(readFileSync(join(dir, 's.json'), 'utf8'));
    expect(summary.iter).toBe(n);
    for (const p of summary.parameters) {
      expect(p.rhat, p.name).toBeLessThan(1.01);
      expect(p.ess_bulk, p.name).toBeGreaterThan(400);
      expect(p.ess_tail, p.name).toBeGreaterThan(400);
    }
    expect(run.stdout).toContain(`each with iter = ${300 + n}; warmup = 300; thin = 1;\n         total post-warmup draws = ${2 * n}`);
  });

  it('is deterministic: the same seed stops at the same draw with the same draws', () => {
    const again = freshDir();
    const r = runFit([...MODEL, '--stop-when-converged', '--draws', 'd.csv', '--quiet'], again);
    expect(r.code).toBe(0);
    expect(readFileSync(join(again, 'd.csv'), 'utf8')).toBe(readFileSync(join(dir, 'd.csv'), 'utf8'));
  });

  it('a target it cannot reach keeps every draw and says why it did not stop', () => {
    const d = freshDir();
    const r = runFit([...MODEL.slice(0, -4), '--iter', '200', '--seed', '5', '--stop-when-converged', '--ess-target', '100000', '--draws', 'd.csv'], d);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/note: --stop-when-converged: not converged before draw 200 per chain \(at draw 150, [^)]*ESS \d+\); every draw is kept/);
    expect(readFileSync(join(d, 'd.csv'), 'utf8').trimEnd().split('\n')).toHaveLength(1 + 2 * 200);
  });
});

describe('--stop-when-converged arguments', () => {
  const base = ['--data', 'd.csv', '--formula', 'y ~ 1'];
  it('defaults the ESS target to 400 and reads --ess-target', () => {
    expect(parseFitArgs(base).stopWhenConverged).toBeNull();
    expect(parseFitArgs([...base, '--stop-when-converged']).stopWhenConverged).toEqual({ essTarget: 400 });
    expect(parseFitArgs([...base, '--stop-when-converged', '--ess-target', '1000']).stopWhenConverged).toEqual({ essTarget: 1000 });
  });
  it('refuses --ess-target without --stop-when-converged, and a bad target', () => {
    expect(() => parseFitArgs([...base, '--ess-target', '400'])).toThrow(/--ess-target is the target of --stop-when-converged/);
    expect(() => parseFitArgs([...base, '--stop-when-converged', '--ess-target', '0'])).toThrow(/--ess-target must be an integer from 1 to 1000000 \(got '0'\)/);
  });
});
