// The opt-in R half of `npm run bench -- --r` (issue 23): min bulk-ESS per second of sampling, ours
// (the CLI, dist-cli/fit.mjs) against brms 2.18 on rstan 2.21 (bench/r/ess_rate.R), side by side
// per model in one run: ours, then R, for each model in turn. Both use brms defaults: 4 chains,
// 1000 warmup + 1000 draws, 2 at a time on this machine; the R side compiles each model first
// (minutes), which is not counted (only post-warmup sampling seconds are).
// Usage: node bench/rCompare.mjs [--only sleepstudy,epilepsy] [--out NAME]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MODELS = [
  { name: 'sleepstudy', file: 'sleepstudy.csv', formula: 'Reaction ~ Days + (Days | Subject)', family: 'gaussian', factors: [] },
  { name: 'radon', file: 'radon.csv', formula: 'log_radon ~ floor + (1 + floor | county)', family: 'gaussian', factors: [] },
  { name: 'cbpp', file: 'cbpp.csv', formula: 'incidence | trials(size) ~ period + (1 | herd)', family: 'binomial', factors: ['period'] },
  { name: 'epilepsy', file: 'bench/data/epilepsy.csv', formula: 'count ~ zAge + zBase * Trt + (1 | patient)', family: 'negbinomial', factors: [] },
  { name: 'vote_income', file: 'vote_income.csv', formula: 'vote ~ income + (1 + income | state)', family: 'bernoulli', factors: [] },
];

function dataPath(file) {
  if (file.includes('/')) return join(root, file);
  const local = join(root, 'public', 'examples', file);
  return existsSync(local) ? local : resolve(root, '..', 'shared', 'data', file);
}

function ours(m, tmp) {
  const out = join(tmp, `${m.name}.json`);
  const args = [join(root, 'dist-cli', 'fit.mjs'), '--data', dataPath(m.file), '--formula', m.formula, '--family', m.family,
    '--chains', '4', '--warmup', '1000', '--iter', '1000', '--seed', '1', '--summary', out, '--quiet'];
  for (const f of m.factors) args.push('--factor', f);
  const env = { ...process.env }; delete env.NODE_EXTRA_CA_CERTS;
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', env, maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${m.name}: our fit failed: ${(r.stderr || r.stdout).trim().split('\n').pop()}`);
  const s = JSON.parse(readFileSync(out, 'utf8'));
  const core = s.parameters.filter((p) => !p.name.startsWith('r_'));
  const minEss = Math.min(...core.map((p) => p.ess_bulk ?? 0));
  const sampling = s.timing.sampling_s.reduce((a, b) => a + b, 0);
  return { min_ess_bulk: minEss, sampling_s: sampling, ess_bulk_per_sampling_second: minEss / sampling, divergences: s.divergences, wall_s: s.timing.wall_s };
}

function theirs(m, tmp) {
  const out = join(tmp, `${m.name}.r.json`);
  const r = spawnSync('Rscript', [join(root, 'bench', 'r', 'ess_rate.R'), out, m.name, dataPath(m.file), m.formula, m.family, m.factors.join(',')],
    { encoding: 'utf8', cwd: root, maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${m.name}: brms failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' ')}`);
  const j = JSON.parse(readFileSync(out, 'utf8'));
  return { ...j, sampling_total_s: j.sampling_s.reduce((a, b) => a + b, 0) };
}

function main() {
  const argv = process.argv.slice(2);
  const oi = argv.indexOf('--only');
  const only = oi >= 0 ? new Set(argv[oi + 1].split(',')) : null;
  const outi = argv.indexOf('--out');
  const name = outi >= 0 ? argv[outi + 1] : 'ess_vs_brms';
  if (spawnSync('Rscript', ['-e', 'library(brms)'], { encoding: 'utf8' }).status !== 0) {
    console.log('bench --r: Rscript with brms is not available; skipped');
    return;
  }
  const uptimeBefore = spawnSync('uptime', { encoding: 'utf8' }).stdout.trim();
  console.log(`ESS/s against brms 2.18 / rstan 2.21 (4 chains x 1000 + 1000, seed 1); ${uptimeBefore}`);
  const tmp = mkdtempSync(join(tmpdir(), 'mls-bench-r-'));
  const rows = [];
  try {
    for (const m of MODELS.filter((x) => !only || only.has(x.name))) {
      const a = ours(m, tmp);
      const b = theirs(m, tmp);
      const row = { model: m.name, formula: m.formula, family: m.family, ours: a, brms: b, ratio: a.ess_bulk_per_sampling_second / b.ess_bulk_per_sampling_second };
      rows.push(row);
      console.log(`  ${m.name.padEnd(12)} ours ${a.ess_bulk_per_sampling_second.toFixed(0).padStart(6)} ESS/s (min ESS ${a.min_ess_bulk.toFixed(0)}, ${a.sampling_s.toFixed(1)} s)  brms ${b.ess_bulk_per_sampling_second.toFixed(0).padStart(6)} ESS/s (min ESS ${b.min_ess_bulk.toFixed(0)}, ${b.sampling_total_s.toFixed(1)} s)  ratio ${row.ratio.toFixed(1)}x`);
    }
  } finally { rmSync(tmp, { recursive: true, force: true }); }
  const uptimeAfter = spawnSync('uptime', { encoding: 'utf8' }).stdout.trim();
  const table = ['| model | family | ours min bulk-ESS | ours sampling s | ours ESS/s | brms min bulk-ESS | brms sampling s | brms ESS/s | ratio | divergences ours / brms |', '|' + '---|'.repeat(10),
    ...rows.map((r) => `| ${r.model} | ${r.family} | ${r.ours.min_ess_bulk.toFixed(0)} | ${r.ours.sampling_s.toFixed(2)} | ${r.ours.ess_bulk_per_sampling_second.toFixed(0)} | ${r.brms.min_ess_bulk.toFixed(0)} | ${r.brms.sampling_total_s.toFixed(2)} | ${r.brms.ess_bulk_per_sampling_second.toFixed(0)} | ${r.ratio.toFixed(1)}x | ${r.ours.divergences} / ${r.brms.divergences} |`)].join('\n');
  console.log('\n' + table);
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(join(root, 'bench', 'results', `${name}.json`), JSON.stringify({ date: new Date().toISOString(), uptime_before: uptimeBefore, uptime_after: uptimeAfter, rows }, null, 2) + '\n');
  writeFileSync(join(root, 'bench', 'results', `${name}.md`), [`# Min bulk-ESS per second of sampling: ours against brms 2.18 / rstan 2.21 (${new Date().toISOString()})`, '',
    'Per model, ours (CLI) then brms, in one run; brms defaults on both sides (4 chains, 1000 + 1000, 2 chains at a time); brms compile time not counted.',
    'Min bulk-ESS over population effects, group sds and correlations and family parameters (not the group-level coefficients r_*).', '',
    `Machine load: before \`${uptimeBefore}\`; after \`${uptimeAfter}\` (2 cores, shared with other agents).`, '', table, ''].join('\n'));
  console.log(`\nwrote bench/results/${name}.json and .md`);
}

try { main(); } catch (e) { console.error(`bench/rCompare: error: ${e instanceof Error ? e.message : String(e)}`); process.exit(1); }
