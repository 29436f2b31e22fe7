// Recovery: data simulated from known values (tests/fixtures/families/make_data.R, truth in
// truth.json), fitted by the CLI with the new families and links; the 90% intervals (q5, q95 of
// the summary JSON) must hold the truth at about the rate 0.9 over all parameters of all fits
// (the population effects, the sd, the family parameter and the 30 group effects of each).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, buildCli, freshDir, runFit } from './helpers';

const DIR = join(ROOT, 'tests/fixtures/families');
const truth: Record<string, Record<string, number | string>> = JSON.parse(readFileSync(join(DIR, 'truth.json'), 'utf8'));

const FITS: { name: string; formula: string; args: string[] }[] = [
  { name: 'gamma', formula: 'rt ~ x + (1 | g)', args: ['--family', 'Gamma'] },
  { name: 'beta', formula: 'share ~ x + (1 | g)', args: ['--family', 'beta'] },
  { name: 'lognormal', formula: 'cost ~ x + (1 | g)', args: ['--family', 'lognormal'] },
  { name: 'probit', formula: 'vote ~ x + (1 | g)', args: ['--family', 'bernoulli', '--link', 'probit'] },
  { name: 'probit_binomial', formula: 'k | trials(n) ~ x + (1 | g)', args: ['--family', 'binomial', '--link', 'probit'] },
];

/** log P(X <= k) for X ~ Binomial(n, p), by summing the terms (n is small). */
function binomialCdf(k: number, n: number, p: number): number {
  let term = Math.pow(1 - p, n), sum = 0;
  for (let i = 0; i <= k; i++) {
    sum += term;
    term *= ((n - i) / (i + 1)) * (p / (1 - p));
  }
  return sum;
}

describe('recovery of simulated truths by the CLI (90% intervals)', () => {
  const covered = new Map<string, { inside: number; total: number; missed: string[] }>();
  beforeAll(() => {
    buildCli();
    const dir = freshDir();
    for (const f of FITS) {
      const t = truth[f.name];
      const out = join(dir, `${f.name}.json`);
      const r = runFit(['--data', join(DIR, String(t.file)), '--formula', f.formula, ...f.args, '--chains', '2', '--warmup', '400', '--iter', '500', '--seed', '4', '--quiet', '--summary', out], dir);
      if (r.code !== 0) throw new Error(`${f.name}: ${r.stderr}`);
      const params: { name: string; q5: number; q95: number }[] = JSON.parse(readFileSync(out, 'utf8')).parameters;
      const c = { inside: 0, total: 0, missed: [] as string[] };
      for (const [name, value] of Object.entries(t)) {
        if (name === 'file') continue;
        const p = params.find((x) => x.name === name);
        if (!p) throw new Error(`${f.name}: the fit has no ${name}`);
        c.total++;
        if (p.q5 <= Number(value) && Number(value) <= p.q95) c.inside++;
        else c.missed.push(name);
      }
      covered.set(f.name, c);
    }
  }, 600_000);

  it('every fit names every simulated parameter as brms does', () => {
    for (const f of FITS) expect(covered.get(f.name)!.total, f.name).toBe(Object.keys(truth[f.name]).length - 1);
  });

  it('holds the truth at the 90% rate over all parameters (binomial, two-sided 0.1%)', () => {
    const all = [...covered.values()];
    const inside = all.reduce((s, c) => s + c.inside, 0);
    const n = all.reduce((s, c) => s + c.total, 0);
    const summary = FITS.map((f) => `${f.name} ${covered.get(f.name)!.inside}/${covered.get(f.name)!.total} (missed ${covered.get(f.name)!.missed.join(', ')})`).join('; ');
    expect(binomialCdf(inside, n, 0.9), summary).toBeGreaterThan(5e-4);
    expect(1 - binomialCdf(inside - 1, n, 0.9), summary).toBeGreaterThan(5e-4);
  });
});
