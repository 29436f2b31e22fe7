// Recovery of a cumulative (ordinal) model by the CLI: 10 data sets simulated from known
// thresholds, slope, sd and group effects (tests/fixtures/ordinal/simulate_recovery.R, truth.json),
// each fitted with `fit --family cumulative`; the truth must fall in the 90% intervals at the rate
// 90% intervals cover it. And the simulated Likert example against brms 2.18's fit of it
// (brms_fit_likert.csv, made by fit_brms.R): posterior means within Monte Carlo error, and its
// PSIS-LOO (brms_loo_likert.csv).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCli, freshDir, ROOT, runFit } from './helpers';

const FIX = resolve(ROOT, 'tests/fixtures/ordinal');
const truth = JSON.parse(readFileSync(join(FIX, 'recovery/truth.json'), 'utf8')) as {
  b_Intercept: number[]; b_x: number; sd_id__Intercept: number; ids: string[]; r_id: number[][];
};

interface Row { name: string; mean: number; sd: number; q5: number; q95: number; mcse_mean: number }

let lastPrint = '';
let lastLoo: { elpd_loo: number; p_loo: number } | undefined;

function fitSummary(data: string, extra: string[], seed: number, size = ['--chains', '2', '--warmup', '500', '--iter', '500']): Map<string, Row> {
  const dir = freshDir();
  const out = join(dir, 's.json');
  const r = runFit(['--data', data, '--family', 'cumulative', ...size, '--seed', String(seed), '--quiet', '--summary', out, ...extra], dir);
  expect(r.code, r.stderr).toBe(0);
  lastPrint = r.stdout;
  const s = JSON.parse(readFileSync(out, 'utf8')) as { parameters: Row[]; loo?: { elpd_loo: number; p_loo: number } };
  lastLoo = s.loo;
  return new Map(s.parameters.map((p) => [p.name, p]));
}

/** print.brmsfit's layout: section titles and row labels (numbers left out). */
const layout = (text: string) => text.slice(0, text.indexOf('Draws were sampled')).split('\n')
  .filter((l) => /^(\s*Links:|\S.*:\s*$|\S+\s+-?\d)/.test(l) && !l.startsWith('Draws') && !l.startsWith('   Data'))
  .map((l) => (/:\s*$/.test(l) || l.includes('Links:') ? l.trim() : l.split(/\s+/)[0]));

describe('cumulative recovery (CLI)', () => {
  it('10 simulated data sets: the truth is inside the 90% intervals at the 90% rate', () => {
    buildCli();
    let covered = 0, total = 0;
    const missedFixed: string[] = [];
    truth.r_id.forEach((u, rep) => {
      const file = join(FIX, `recovery/rep${String(rep + 1).padStart(2, '0')}.csv`);
      const s = fitSummary(file, ['--formula', 'y ~ x + (1 | id)'], 100 + rep);
      const values: [string, number][] = [
        ...truth.b_Intercept.map((t, k): [string, number] => [`b_Intercept[${k + 1}]`, t]),
        ['b_x', truth.b_x], ['sd_id__Intercept', truth.sd_id__Intercept],
        ...truth.ids.map((id, j): [string, number] => [`r_id[${id},Intercept]`, u[j]]),
      ];
      for (const [name, value] of values) {
        const p = s.get(name);
        expect(p, name).toBeDefined();
        const inside = p!.q5 <= value && value <= p!.q95;
        total++;
        if (inside) covered++;
        else if (!name.startsWith('r_')) missedFixed.push(`rep ${rep + 1} ${name}`);
      }
    });
    // 10 x 36 intervals; a binomial(360, 0.9) count has sd 5.7, and the group effects of one data
    // set share their sd's draws, so allow 4 sd either way.
    expect(total).toBe(360);
    expect(covered, `covered ${covered} of ${total}; fixed parameters missed: ${missedFixed.join(', ')}`).toBeGreaterThan(324 - 23);
    expect(covered).toBeLessThan(324 + 23);
    // the 60 population-level intervals alone: binomial(60, 0.9), sd 2.3
    expect(missedFixed.length, missedFixed.join(', ')).toBeLessThanOrEqual(13);
  }, 300_000);

  it('the Likert example with text levels agrees with brms 2.18 (posterior means within Monte Carlo error)', () => {
    buildCli();
    const levels = 'strongly disagree,disagree,neutral,agree,strongly agree';
    const s = fitSummary(resolve(ROOT, 'public/examples/likert.csv'), ['--formula', 'answer ~ x + (1 | id)', '--levels', levels, '--loo'], 7, []);
    const lines = readFileSync(join(FIX, 'brms_fit_likert.csv'), 'utf8').trim().split('\n').slice(1);
    expect(lines.length).toBe(6);
    for (const line of lines) {
      const [name, mean, sd, mcse] = line.split(',').map((c, i) => (i === 0 ? c.replace(/"/g, '') : Number(c)));
      const ours = s.get(name as string)!;
      // both means carry Monte Carlo error; 4 combined standard errors
      const se = Math.hypot(mcse as number, ours.mcse_mean);
      expect(Math.abs(ours.mean - (mean as number)), `${name}: ${ours.mean} vs brms ${mean} (se ${se})`).toBeLessThan(4 * se);
      expect(Math.abs(ours.sd / (sd as number) - 1), `${name} sd`).toBeLessThan(0.1);
    }
    // PSIS-LOO from the pointwise log-likelihood agrees with loo(fit) of brms's fit (brms_loo_likert.csv):
    // two fits' elpd_loo differ by their Monte Carlo error, a few tenths here
    const [elpd, , pLoo] = readFileSync(join(FIX, 'brms_loo_likert.csv'), 'utf8').trim().split('\n')[1].split(',').map(Number);
    expect(Math.abs(lastLoo!.elpd_loo - elpd), `elpd_loo ${lastLoo!.elpd_loo} vs brms ${elpd}`).toBeLessThan(1.5);
    expect(Math.abs(lastLoo!.p_loo - pLoo), `p_loo ${lastLoo!.p_loo} vs brms ${pLoo}`).toBeLessThan(1.5);
    // the printed summary has print.brmsfit's sections and rows (brms_print_likert.txt)
    const brmsPrint = readFileSync(join(FIX, 'brms_print_likert.txt'), 'utf8');
    expect(layout(lastPrint)).toEqual(layout(brmsPrint));
    expect(layout(lastPrint)).toContain('Intercept[4]');
  }, 120_000);
});
