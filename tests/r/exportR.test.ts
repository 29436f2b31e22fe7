// The R tier (npm run test:r): fits in the CLI, writes the Open in R bundle (--export-r), runs its
// load_fit.R in R (tests/r/check_fit.R) and checks that summary(fit) gives our summary's
// estimates to the printed precision and that pp_check, loo, conditional_effects and
// as_draws_df run; compiles the older-syntax program with rstan and samples it. Skips when
// Rscript with brms and rstan is not installed (it installs nothing).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, freshDir, ROOT, runFit, SLEEPSTUDY } from '../cli/helpers';

const R_READY = spawnSync('Rscript', ['-e', 'stopifnot(requireNamespace("brms", quietly = TRUE), requireNamespace("rstan", quietly = TRUE))'], { encoding: 'utf8' }).status === 0;

interface Row { name: string; mean: number; sd: number; 'q2.5': number; 'q97.5': number; rhat: number; ess_bulk: number; ess_tail: number }

function rscript(script: string, args: string[], timeout: number) {
  const r = spawnSync('Rscript', [join(ROOT, 'tests/r', script), ...args], { encoding: 'utf8', timeout });
  if (r.status !== 0) throw new Error(`${script} failed (${r.status}): ${r.stderr.slice(-2000)}`);
}

/** Our printed summary (printSummary, brms's layout) as section|label -> the 7 printed cells. */
function printedTable(stdout: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let section = '';
  for (const line of stdout.split('\n')) {
    const g = /^~(\S+) \(Number of levels/.exec(line);
    if (g) { section = g[1]; continue; }
    if (line.startsWith('Population-Level Effects')) { section = 'fixed'; continue; }
    if (line.startsWith('Family Specific Parameters')) { section = 'spec'; continue; }
    const t = line.trim().split(/\s+/);
    if (section && t.length >= 8 && t.slice(-7).every((c) => /^(-?\d+(\.\d+)?|NA)$/.test(c))) out.set(`${section}|${t.slice(0, -7).join(' ')}`, t.slice(-7));
  }
  return out;
}

const fixed2 = (x: number) => (Math.abs(x) < 0.005 ? 0 : x).toFixed(2);

/** summary(fit)'s row printed as brms prints it (2 decimals, ESS whole) equals our printed row. */
function samePrinted(theirs: Row & { section: string; label: string }, printed: Map<string, string[]>, ours: Row | undefined): void {
  const key = `${theirs.section}|${theirs.label}`;
  expect(printed.get(key), key).toEqual([
    fixed2(theirs.mean), fixed2(theirs.sd), fixed2(theirs['q2.5']), fixed2(theirs['q97.5']), fixed2(theirs.rhat),
    String(Math.round(theirs.ess_bulk)), String(Math.round(theirs.ess_tail)),
  ]);
  // and in fact the same numbers: the same draws, the same estimators (posterior's)
  expect(ours, theirs.name).toBeDefined();
  for (const k of ['mean', 'sd', 'rhat', 'ess_bulk', 'ess_tail'] as const) {
    expect(Math.abs(theirs[k] - ours![k]), `${theirs.name} ${k}`).toBeLessThan(1e-6 * Math.max(1, Math.abs(ours![k])));
  }
}

const MODELS = [
  { name: 'sleepstudy', data: SLEEPSTUDY, args: ['--formula', 'Reaction ~ Days + (Days | Subject)'] },
  { name: 'cbpp', data: '/work/shared/data/cbpp.csv', args: ['--formula', 'incidence | trials(size) ~ period + (1 | herd)', '--family', 'binomial', '--factor', 'period'] },
];

describe.skipIf(!R_READY)('Open in R: load_fit.R rebuilds the brmsfit in R', () => {
  beforeAll(() => buildCli());
  for (const m of MODELS) {
    it(`${m.name}: summary(fit) equals our summary; pp_check, loo, conditional_effects, as_draws_df run`, () => {
      const dir = freshDir();
      const r = runFit(['--data', m.data, ...m.args, '--export-r', 'bundle', '--summary', 's.json'], dir);
      expect(r.code, r.stderr).toBe(0);
      rscript('check_fit.R', [join(dir, 'bundle'), join(dir, 'r.json')], 600_000);
      const got = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { rows: (Row & { section: string; label: string })[]; checks: Record<string, unknown>; variables: string[] };
      const ours = (JSON.parse(readFileSync(join(dir, 's.json'), 'utf8')).parameters as Row[]);
      expect(got.rows.length).toBeGreaterThan(2);
      const printed = printedTable(r.stdout);
      expect(printed.size).toBe(got.rows.length);
      for (const row of got.rows) samePrinted(row, printed, ours.find((p) => p.name === row.name));
      expect(got.checks).toMatchObject({ pp_check: true, loo: true, conditional_effects: true, as_draws_df: true });
      // every parameter of ours is a variable of the brmsfit, by the same name
      for (const p of ours) expect(got.variables).toContain(p.name);
    });
  }
  it('the older-syntax program compiles with rstan and samples the posterior we sampled', () => {
    const dir = freshDir();
    const r = runFit(['--data', SLEEPSTUDY, ...MODELS[0].args, '--export-r', 'old', '--stan-syntax', 'old', '--summary', 's.json', '--quiet'], dir);
    expect(r.code, r.stderr).toBe(0);
    rscript('compile_old.R', [join(dir, 'old'), join(dir, 'stan.json')], 1_500_000);
    const s = JSON.parse(readFileSync(join(dir, 'stan.json'), 'utf8')) as { names: string[]; mean: number[]; sd: number[]; n_eff: number[] };
    const ours = JSON.parse(readFileSync(join(dir, 's.json'), 'utf8')).parameters as Row[];
    const pairs: [string, string][] = [['b_Intercept', 'b_Intercept'], ['b[1]', 'b_Days'], ['sd_1[1]', 'sd_Subject__Intercept'], ['sd_1[2]', 'sd_Subject__Days'], ['sigma', 'sigma']];
    for (const [stan, brms] of pairs) {
      const i = s.names.indexOf(stan);
      const o = ours.find((p) => p.name === brms)!;
      // two independent Monte Carlo estimates of one mean: within 4 combined standard errors
      const se = Math.sqrt((s.sd[i] ** 2) / s.n_eff[i] + (o.sd ** 2) / o.ess_bulk);
      expect(Math.abs(s.mean[i] - o.mean), `${brms}: Stan ${s.mean[i]}, ours ${o.mean}`).toBeLessThan(4 * se);
    }
  });
});
