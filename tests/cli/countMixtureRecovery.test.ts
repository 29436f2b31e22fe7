// Recovery: data simulated in R from known values (tests/fixtures/zeroinflated/recovery/simulate.R,
// truth.json), 3 data sets per zero-inflated / hurdle family, fitted by the CLI with its default
// priors; the truth must lie inside the 90% intervals (q5, q95) at about the nominal rate. Fixed
// seeds: the same result on every run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, buildCli, freshDir, runFit } from './helpers';

const DIR = join(ROOT, 'tests/fixtures/zeroinflated/recovery');
const truth = JSON.parse(readFileSync(join(DIR, 'truth.json'), 'utf8')) as {
  formula: string; truth: Record<string, Record<string, number>>; datasets: { file: string; family: string }[];
};

interface Param { name: string; q5: number; q95: number; rhat: number }

describe('zero-inflated and hurdle families recover simulated truths (CLI fits)', () => {
  beforeAll(() => buildCli());
  const covered: { family: string; name: string; inside: boolean }[] = [];

  for (const [k, d] of truth.datasets.entries()) {
    it(`${d.file}: converges and reports every true parameter`, () => {
      const cwd = freshDir();
      const r = runFit(['--data', join(DIR, d.file), '--formula', truth.formula, '--family', d.family,
        '--chains', '2', '--warmup', '500', '--iter', '500', '--seed', String(40 + k), '--summary', 'out.json', '--quiet'], cwd);
      expect(r.code, r.stderr).toBe(0);
      const params = (JSON.parse(readFileSync(join(cwd, 'out.json'), 'utf8')) as { parameters: Param[] }).parameters;
      for (const [name, value] of Object.entries(truth.truth[d.family])) {
        const p = params.find((q) => q.name === name);
        expect(p, `${d.file}: ${name} missing`).toBeDefined();
        expect(p!.rhat, `${d.file}: R-hat of ${name}`).toBeLessThan(1.05);
        covered.push({ family: d.family, name, inside: p!.q5 <= value && value <= p!.q95 });
      }
    }, 120_000);
  }

  it('the truth is inside the 90% intervals at about the nominal rate', () => {
    // 54 intervals: Binomial(54, 0.9) has mean 48.6; below 44 or all 54 has probability ~1%.
    expect(covered.length).toBe(54);
    const inside = covered.filter((c) => c.inside).length;
    const missed = covered.filter((c) => !c.inside).map((c) => `${c.family} ${c.name}`).join(', ');
    expect(inside, `missed: ${missed}`).toBeGreaterThanOrEqual(44);
    expect(inside, 'every interval covers: too wide?').toBeLessThan(54);
  });
});
