// Our CLI fits against brms 2.18's (tests/fixtures/zeroinflated/make_reference.R, brms defaults,
// 4 chains x 1000 + 1000): posterior means within 4 combined Monte Carlo standard errors, sds within
// 10%, for every zero-inflated and hurdle family.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, buildCli, freshDir, runFit } from './helpers';

const FIXTURE = join(ROOT, 'tests/fixtures/zeroinflated/reference_fits.json');
interface Row { variable: string; mean: number; sd: number; mcse_mean: number }
interface Fit { family: string; data: string; formula: string; summary: Row[] }
const fits = existsSync(FIXTURE) ? (JSON.parse(readFileSync(FIXTURE, 'utf8')) as { fits: Fit[] }).fits : [];
const CHECKED = ['zero_inflated_poisson', 'hurdle_poisson', 'zero_inflated_negbinomial', 'hurdle_negbinomial'];

describe('zero-inflated and hurdle fits agree with brms 2.18', () => {
  beforeAll(() => buildCli());
  for (const f of fits.filter((x) => CHECKED.includes(x.family))) {
    it(`${f.family}: ${f.formula} (${f.data.split('/').pop()})`, () => {
      const cwd = freshDir();
      const r = runFit(['--data', join(ROOT, f.data), '--formula', f.formula, '--family', f.family, '--seed', '7', '--summary', 'out.json', '--quiet'], cwd);
      expect(r.code, r.stderr).toBe(0);
      const ours = (JSON.parse(readFileSync(join(cwd, 'out.json'), 'utf8')) as { parameters: { name: string; mean: number; sd: number; mcse_mean: number }[] }).parameters;
      for (const ref of f.summary) {
        const o = ours.find((p) => p.name === ref.variable);
        expect(o, `${ref.variable} missing`).toBeDefined();
        const mcse = Math.hypot(o!.mcse_mean, ref.mcse_mean);
        expect(Math.abs(o!.mean - ref.mean), `${ref.variable}: mean ${o!.mean} vs brms ${ref.mean} (combined MCSE ${mcse})`).toBeLessThan(4 * mcse);
        expect(Math.abs(o!.sd / ref.sd - 1), `${ref.variable}: sd ${o!.sd} vs brms ${ref.sd}`).toBeLessThan(0.1);
      }
    }, 120_000);
  }
});
