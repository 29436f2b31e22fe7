// The benchmark suite (issue 9): `npm run bench [-- --quick] [--only name,name]` (`--only loo`: just
// PSIS-LOO and Bayes R2 of an insteval fit, issue 20) [--no-browser]
// [--browser-only name,name] [--browser-skip insteval] [--r]`. Writes bench/results.json and prints a
// table; then the browser section (bench/browser.mjs: the built app in Chromium against the CLI,
// long tasks, keystrokes) and, with --r, min bulk-ESS/s against brms (bench/rCompare.mjs, slow). Everything runs through the engine the CLI uses:
// each model is fitted by spawning dist-cli/fit.mjs (4 chains on worker threads) and reading its
// summary JSON; the per-gradient time is measured in-process on the same compiled model.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchDiagnostics } from '../../bench/diagnostics';
import { benchGradient } from '../../bench/gradient';
import { benchLooFit } from '../../bench/looFit';
import { benchNegbinomial } from '../../bench/negbinomial';
import { benchNuts } from '../../bench/nuts';
import { buildModel } from '../core/model/buildModel';
import { FIXED_PARAMETER_NAMES } from '../core/families';
import { prepareModel } from '../core/model/spec';
import type { FamilyName } from '../core/types';
import { readDataFile } from './readData';

interface BenchModel {
  name: string;
  file: string;
  formula: string;
  family: FamilyName;
  /** The family's link, when not its default. */
  link?: string;
  /** rstan's reference fixture, when one is shared. */
  reference?: string;
  /** Too slow for --quick. */
  slow?: boolean;
}

const MODELS: BenchModel[] = [
  { name: 'sleepstudy', file: 'sleepstudy.csv', formula: 'Reaction ~ Days + (Days | Subject)', family: 'gaussian', reference: 'sleepstudy' },
  { name: 'radon', file: 'radon.csv', formula: 'log_radon ~ floor + (1 + floor | county)', family: 'gaussian' },
  { name: 'cbpp', file: 'cbpp.csv', formula: 'incidence | trials(size) ~ factor(period) + (1 | herd)', family: 'binomial', reference: 'cbpp' },
  { name: 'exam_scores', file: 'exam_scores.csv', formula: 'score ~ hours + (1 | student)', family: 'gaussian', reference: 'exam_scores' },
  { name: 'grouseticks', file: 'grouseticks.csv', formula: 'TICKS ~ factor(YEAR) + scale(HEIGHT) + (1 | BROOD) + (1 | LOCATION)', family: 'poisson', slow: true },
  { name: 'migration', file: 'migration.csv', formula: 'log_flow ~ adjacent + src_log_pop + dst_log_pop + (1 | source_state) + (1 | dest_state)', family: 'gaussian', slow: true },
  { name: 'vote_income', file: 'vote_income.csv', formula: 'vote ~ income + (1 + income | state)', family: 'bernoulli', slow: true },
  { name: 'math_3level', file: 'math_3level.csv', formula: 'math ~ age_c*size_c + (1 + age_c | district_id:class_id) + (1 + size_c*age_c | district_id)', family: 'gaussian', slow: true },
  { name: 'insteval', file: 'insteval.csv', formula: 'y ~ factor(service) + (1 | s) + (1 | d)', family: 'gaussian', slow: true },
  ...['zero_inflated_poisson', 'zero_inflated_negbinomial', 'hurdle_poisson', 'hurdle_negbinomial'].map((family) => (
    { name: `fishing_${family}`, file: 'fishing.csv', formula: 'fish ~ persons + child + camper + (1 | lake)', family })),
  { name: 'likert', file: 'likert.csv', formula: 'score ~ x + (1 | id)', family: 'cumulative' },
  // simulated (tests/fixtures/families/make_data.R): one row per family or link added in issue 19
  { name: 'gamma_rt', file: 'tests/fixtures/families/gamma_rt.csv', formula: 'rt ~ x + (1 | g)', family: 'gamma' },
  { name: 'beta_share', file: 'tests/fixtures/families/beta_share.csv', formula: 'share ~ x + (1 | g)', family: 'beta' },
  { name: 'probit_vote', file: 'tests/fixtures/families/probit_vote.csv', formula: 'vote ~ x + (1 | g)', family: 'bernoulli', link: 'probit' },
];

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');

function dataPath(file: string): string {
  if (file.includes('/')) return join(root, file); // a path in the repository
  const local = join(root, 'public', 'examples', file);
  return existsSync(local) ? local : resolve(root, '..', 'shared', 'data', file);
}

function referenceFixture(name: string): { ess_bulk_per_sampling_second: number } | null {
  const p = resolve(root, '..', 'shared', 'fixtures', 'reference', `${name}.json`);
  if (!existsSync(p)) return null;
  const j = JSON.parse(readFileSync(p, 'utf8')) as { rstan?: { ess_bulk_per_sampling_second: number } };
  return j.rstan ?? null;
}

/** Microseconds per log-density gradient of the model the CLI compiles, both kernels. */
function gradientTime(model: BenchModel): { dim: number; usPasses: number; usFused: number } {
  const data = readDataFile(dataPath(model.file)).table;
  const prepared = prepareModel({ formula: model.formula, family: model.family, ...(model.link ? { link: model.link } : {}) }, data);
  const time = (kernel: 'passes' | 'fused'): { dim: number; us: number } => {
    const m = buildModel(prepared.structure, { kernel });
    const theta = new Float64Array(m.dim);
    for (let i = 0; i < m.dim; i++) theta[i] = Math.sin(i + 1) * 0.5;
    const grad = new Float64Array(m.dim);
    let reps = 1;
    for (;;) { // grow until one timing takes >= 100 ms
      const t0 = performance.now();
      for (let r = 0; r < reps; r++) m.logDensityGradient(theta, grad);
      const ms = performance.now() - t0;
      if (ms >= 100) return { dim: m.dim, us: (ms * 1000) / reps };
      reps *= 2;
    }
  };
  const passes = time('passes');
  let fused = passes.us;
  try { fused = time('fused').us; } catch { /* code generation unavailable */ }
  return { dim: passes.dim, usPasses: passes.us, usFused: fused };
}

interface SummaryJson {
  n_obs: number;
  timing: { warmup_s: number[]; sampling_s: number[]; wall_s: number };
  gradient_evals: number;
  divergences: number;
  parameters: { name: string; rhat: number | null; ess_bulk: number | null }[];
}

/**
 * The CLI's environment. NODE_EXTRA_CA_CERTS makes Node read and parse that certificate bundle at
 * every process start (~90 ms on this machine: 0.13 s for `node -e 0` instead of 0.04 s), for TLS
 * the CLI never uses. Some sandboxes set it for every process; the suite times the CLI without it
 * (and says so), so that the wall time is Multilevel Studio's, not the host's certificate setup.
 */
const CLI_ENV: NodeJS.ProcessEnv = (() => {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
})();

function fitModel(model: BenchModel, warmup: number, iter: number, tmp: string): { summary: SummaryJson; wallS: number } {
  const out = join(tmp, `${model.name}.json`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [
    join(here, 'fit.mjs'), '--data', dataPath(model.file), '--formula', model.formula, '--family', model.family, ...(model.link ? ['--link', model.link] : []),
    '--chains', '4', '--warmup', String(warmup), '--iter', String(iter), '--seed', '1', '--summary', out, '--quiet',
  ], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: CLI_ENV });
  const wallS = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${model.name}: fit failed: ${(r.stderr || r.stdout).trim().split('\n').pop()}`);
  return { summary: JSON.parse(readFileSync(out, 'utf8')) as SummaryJson, wallS };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const onlyIdx = args.indexOf('--only');
  const only = onlyIdx >= 0 ? new Set(args[onlyIdx + 1].split(',')) : null;
  const warmup = quick ? 300 : 1000;
  const iter = quick ? 300 : 1000;
  const models = MODELS.filter((m) => (only ? only.has(m.name) : !(quick && m.slow)));
  const results: Record<string, unknown> = { date: new Date().toISOString(), quick, warmup, iter, chains: 4 };

  console.log(`Multilevel Studio benchmark${quick ? ' (--quick)' : ''}: 4 chains x (${warmup} warmup + ${iter} draws)\n`);
  results.cliEnvironment = process.env.NODE_EXTRA_CA_CERTS ? 'inherited, without NODE_EXTRA_CA_CERTS' : 'inherited';
  if (process.env.NODE_EXTRA_CA_CERTS) {
    console.log('note: NODE_EXTRA_CA_CERTS is set here; the CLI runs below are timed without it (it costs every Node start ~90 ms of certificate parsing the CLI never uses)\n');
  }

  if (!only) {
    const grad = await benchGradient();
    results.gradient = grad;
    console.log('Autodiff gradient against a hand-written loop');
    for (const g of grad) console.log(`  ${g.model.padEnd(52)} ${g.usPerGradient.toFixed(2).padStart(8)} us  hand ${g.usHandLoop.toFixed(2).padStart(8)} us  ratio ${g.ratio.toFixed(2)}`);
    const nuts = await benchNuts(100, 4, quick ? 500 : 1000, quick ? 500 : 1000);
    results.nuts = nuts;
    console.log(`\nNUTS on a 100-d standard normal: min bulk-ESS ${nuts.minEssBulk.toFixed(0)}, ${nuts.minEssBulkPerSecond.toFixed(0)} ESS/s, ${nuts.minEssBulkPerGradient.toFixed(4)} ESS/gradient`);
    const diag = await benchDiagnostics();
    results.diagnostics = diag;
    console.log(`Diagnostics summary, 4 chains x 1000 draws x 300 parameters: ${diag.msFor4x1000x300.toFixed(0)} ms`);
    const nb = benchNegbinomial(join(root, 'bench', 'data', 'epilepsy.csv'));
    results.negbinomial = nb;
    console.log(`negbinomial kernel, epilepsy (${nb.rows} rows, ${nb.distinctCounts} distinct counts): ${nb.usPerGradientNegbinomial.toFixed(1)} us per gradient (poisson ${nb.usPerGradientPoisson.toFixed(1)}); shape terms per row ${nb.usRowTermsPerRow.toFixed(1)} us, grouped by count ${nb.usRowTermsGrouped.toFixed(1)} us`);
    const longtaskFile = join(root, 'bench', 'longtask.json');
    if (existsSync(longtaskFile)) {
      const lt = JSON.parse(readFileSync(longtaskFile, 'utf8'));
      results.longtask = lt;
      console.log(`Browser main thread while 4 chains stream (from the last e2e run): ${JSON.stringify(lt)}`);
    }
  }

  if (!only || only.has('loo')) results.looFit = await looFitLine(warmup, iter);

  const tmp = mkdtempSync(join(tmpdir(), 'mls-bench-'));
  const rows: Record<string, unknown>[] = [];
  console.log('\nmodel          n_obs  params   dim  us/grad(passes) us/grad(fused)  leapfrog/s  minESS/s  vs rstan   wall s  div  max Rhat');
  try {
    for (const model of models) {
      const g = gradientTime(model);
      const { summary, wallS } = fitModel(model, warmup, iter, tmp);
      const samplingS = summary.timing.sampling_s.reduce((a, b) => a + b, 0);
      const chainS = samplingS + summary.timing.warmup_s.reduce((a, b) => a + b, 0);
      // fixed quantities (disc = 1 of ordinal families) have no R-hat or ESS: left out
      const sampled = summary.parameters.filter((p) => !FIXED_PARAMETER_NAMES.has(p.name));
      const core = sampled.filter((p) => !p.name.startsWith('r_'));
      const minEss = Math.min(...core.map((p) => p.ess_bulk ?? 0));
      const maxRhat = Math.max(...sampled.map((p) => p.rhat ?? Infinity));
      const ref = model.reference ? referenceFixture(model.reference) : null;
      const essPerS = minEss / samplingS;
      const row = {
        model: model.name, formula: model.formula, n_obs: summary.n_obs, n_params: summary.parameters.length, dim: g.dim,
        us_per_gradient_passes: g.usPasses, us_per_gradient_fused: g.usFused,
        leapfrog_per_second: summary.gradient_evals / chainS, min_ess_bulk: minEss,
        min_ess_bulk_per_sampling_second: essPerS,
        rstan_ess_bulk_per_sampling_second: ref?.ess_bulk_per_sampling_second ?? null,
        ratio_to_rstan: ref ? essPerS / ref.ess_bulk_per_sampling_second : null,
        wall_s: wallS, divergences: summary.divergences, max_rhat: maxRhat,
      };
      rows.push(row);
      console.log(
        `${model.name.padEnd(13)} ${String(row.n_obs).padStart(6)} ${String(row.n_params).padStart(7)} ${String(g.dim).padStart(5)} ` +
        `${g.usPasses.toFixed(1).padStart(16)} ${g.usFused.toFixed(1).padStart(14)} ${row.leapfrog_per_second.toFixed(0).padStart(11)} ` +
        `${essPerS.toFixed(0).padStart(9)} ${(row.ratio_to_rstan === null ? '-' : row.ratio_to_rstan.toFixed(1) + 'x').padStart(9)} ` +
        `${wallS.toFixed(2).padStart(8)} ${String(row.divergences).padStart(4)} ${maxRhat.toFixed(3).padStart(9)}`,
      );
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  results.models = rows;
  mkdirSync(join(root, 'bench'), { recursive: true });
  writeFileSync(join(root, 'bench', 'results.json'), JSON.stringify(results, null, 2));
  console.log('\nwrote bench/results.json');
  if (!args.includes('--no-browser')) runSection('browser.mjs', browserArgs(args, quick));
  if (args.includes('--r')) runSection('rCompare.mjs', []);
}

/** bench/browser.mjs's options from the suite's: --quick is 300 + 300 draws without insteval. */
function browserArgs(args: string[], quick: boolean): string[] {
  const out: string[] = quick ? ['--warmup', '300', '--iter', '300', '--skip', 'insteval', '--out', 'browser-quick'] : [];
  const value = (flag: string): string | null => { const i = args.indexOf(flag); return i >= 0 ? args[i + 1] : null; };
  const only = value('--browser-only');
  const skip = value('--browser-skip');
  if (only) out.push('--only', only);
  if (skip && !quick) out.push('--skip', skip);
  return out;
}

function runSection(script: string, extra: string[]): void {
  console.log('');
  const r = spawnSync(process.execPath, [join(root, 'bench', script), ...extra], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`bench/${script} failed (exit ${r.status})`);
}

/**
 * PSIS-LOO and Bayes R2 from the draws of an insteval fit (issue 20: under 10 s and a heap spike
 * under 500 MB); bench/looFit.ts runs the chains on the CLI's threads and LOO on this thread.
 */
async function looFitLine(warmup: number, iter: number): Promise<unknown> {
  const m = MODELS.find((x) => x.name === 'insteval')!;
  const r = await benchLooFit(new URL('./chain-thread.mjs', import.meta.url), { ...m, data: dataPath(m.file) }, { warmup, iter, seed: 1 });
  console.log(`
PSIS-LOO of the ${r.model} fit from its draws (${r.nObs} observations x ${r.nDraws} draws; sampling took ${r.samplingWallS.toFixed(0)} s): ` +
    `${r.looS.toFixed(2)} s wall, ${r.looCpuS.toFixed(2)} s CPU, heap spike ${r.looHeapSpikeMB} MB ` +
    `(with typed arrays ${r.looHeapAndBuffersSpikeMB} MB; ${r.heapBeforeMB} MB heap before); target < 10 s and < 500 MB`);
  console.log(`  elpd_loo ${r.elpdLoo.toFixed(1)}, p_loo ${r.pLoo.toFixed(1)}, Pareto k ${JSON.stringify(r.paretoK)}; ` +
    `Bayes R2 ${r.bayesR2Mean.toFixed(3)} in ${r.bayesR2S.toFixed(2)} s`);
  console.log(`  on ${r.threads} criteria threads as the CLI runs them: LOO ${r.looThreadsS.toFixed(2)} s, Bayes R2 ${r.bayesR2ThreadsS.toFixed(2)} s`);
  return r;
}

main().catch((e: unknown) => {
  console.error(`bench: error: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
