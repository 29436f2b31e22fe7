/**
 * Benchmark (issue 23, "an answer in one second"): time to an approximate posterior for every
 * bundled example (public/examples/examples.json, its suggested formula and family), Laplace at the
 * mode (src/core/approx/laplace.ts) and single-path Pathfinder (pathfinder.ts), on the brms
 * (non-centred) parameterisation, against the brms/NUTS reference summaries where they exist
 * (shared/fixtures/reference/*.json): max |approx mean - reference mean| / reference sd over the
 * population-level effects (b_*) and over every reference row (sd_*, cor_*, sigma too).
 *
 * Run directly:
 *   npx esbuild bench/approx.ts --bundle --platform=node --format=esm --outfile=/tmp/bench-approx.mjs && node /tmp/bench-approx.mjs [example ...]
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { laplaceApproximation } from '../src/core/approx/laplace';
import { pathfinder } from '../src/core/approx/pathfinder';
import { readCsvText } from '../src/core/io/csvRead';
import { withFactorRole } from '../src/core/io/tableTyping';
import { buildModel } from '../src/core/model/buildModel';
import { prepareModel } from '../src/core/model/spec';
import type { CompiledModel, FamilyName } from '../src/core/types';

interface Example { name: string; file: string; formula: string; family: FamilyName; factors: string[] }
interface RefRow { variable: string; mean: number; sd: number }

export interface ApproxBenchRow {
  example: string;
  dim: number;
  buildMs: number;
  /** L-BFGS iterations of the start that was used, and over all starts. */
  lbfgsIterations: number;
  lbfgsIterationsAllStarts: number;
  newtonSteps: number | null;
  laplaceMs: number;
  laplaceStatus: string;
  converged: boolean;
  /** Group-level sds the result flags as unreliable. */
  suspectScales: number;
  laplacePareto: number;
  laplaceMaxB: number | null;
  laplaceMaxAll: number | null;
  pathfinderMs: number;
  pathfinderStatus: string;
  pathfinderPareto: number;
  pathfinderMaxB: number | null;
  pathfinderMaxAll: number | null;
}

function findRoot(): string {
  for (const dir of [process.cwd(), resolve(process.cwd(), '..')]) if (existsSync(join(dir, 'public', 'examples', 'examples.json'))) return dir;
  throw new Error('benchApprox: run from the repository root (public/examples/examples.json not found)');
}

function loadModel(root: string, ex: Example): { model: CompiledModel; buildMs: number } {
  const t0 = performance.now();
  let { table } = readCsvText(readFileSync(join(root, 'public', 'examples', ex.file), 'utf8'), ex.file);
  if (!table) throw new Error(`benchApprox: cannot read ${ex.file}`);
  if (ex.factors.length) table = { ...table, columns: table.columns.map((c) => (ex.factors.includes(c.name) ? withFactorRole(c, true) : c)) };
  const prepared = prepareModel({ formula: ex.formula, family: ex.family }, table, { parameterization: 'noncentered' });
  const model = buildModel(prepared.structure);
  return { model, buildMs: performance.now() - t0 };
}

function reference(root: string, name: string): RefRow[] | null {
  for (const p of [resolve(root, '..', 'shared', 'fixtures', 'reference', `${name}.json`), `/work/shared/fixtures/reference/${name}.json`]) {
    if (existsSync(p)) return (JSON.parse(readFileSync(p, 'utf8')) as { summary?: RefRow[] }).summary ?? null;
  }
  return null;
}

/** max |mean - ref mean| / ref sd over the b_* rows and over all rows. */
function compare(names: string[], draws: Float64Array, nDraws: number, ref: RefRow[] | null): { b: number | null; all: number | null } {
  if (!ref || nDraws === 0) return { b: null, all: null };
  const P = names.length;
  let b = 0, all = 0;
  for (const r of ref) {
    const p = names.indexOf(r.variable);
    if (p < 0) continue;
    let s = 0;
    for (let d = 0; d < nDraws; d++) s += draws[d * P + p];
    const z = Math.abs(s / nDraws - r.mean) / r.sd;
    all = Math.max(all, z);
    if (r.variable.startsWith('b_')) b = Math.max(b, z);
  }
  return { b, all };
}

export function benchApprox(only: string[] = [], onRow?: (row: ApproxBenchRow) => void): ApproxBenchRow[] {
  const root = findRoot();
  const examples = (JSON.parse(readFileSync(join(root, 'public', 'examples', 'examples.json'), 'utf8')) as { examples: Example[] }).examples;
  const rows: ApproxBenchRow[] = [];
  for (const ex of examples) {
    if (only.length && !only.includes(ex.name)) continue;
    const { model, buildMs } = loadModel(root, ex);
    const ref = reference(root, ex.name);
    let t0 = performance.now();
    const lap = laplaceApproximation(model, { draws: 1000 });
    const laplaceMs = performance.now() - t0;
    t0 = performance.now();
    const pf = pathfinder(model, { draws: 1000 });
    const pathfinderMs = performance.now() - t0;
    const best = lap.mode.starts.find((s) => s.start === lap.mode.best);
    const lc = compare(lap.names, lap.draws, lap.nDraws, ref);
    const pc = compare(pf.names, pf.draws, pf.nDraws, ref);
    rows.push({
      example: ex.name, dim: model.dim, buildMs,
      lbfgsIterations: best?.iterations ?? 0, lbfgsIterationsAllStarts: lap.mode.iterations,
      newtonSteps: lap.newton?.steps ?? null, laplaceMs, laplaceStatus: lap.status, converged: lap.mode.status === 'converged' && (lap.newton?.converged ?? false),
      suspectScales: lap.scales.filter((s) => s.suspect).length, laplacePareto: lap.paretoK, laplaceMaxB: lc.b, laplaceMaxAll: lc.all,
      pathfinderMs, pathfinderStatus: pf.status, pathfinderPareto: pf.paretoK, pathfinderMaxB: pc.b, pathfinderMaxAll: pc.all,
    });
    onRow?.(rows[rows.length - 1]);
  }
  return rows;
}

const fmt = (v: number | null, d = 2): string => (v === null ? '-' : v.toFixed(d));

const HEAD = '| example | dim | build ms | L-BFGS its (best / all 4 starts) | Newton | Laplace ms | status | converged | suspect sds | Laplace k | Laplace max z b / all | Pathfinder ms | Pathfinder k | Pathfinder max z b / all |';

export function formatApproxRow(r: ApproxBenchRow): string {
  return `| ${r.example} | ${r.dim} | ${r.buildMs.toFixed(0)} | ${r.lbfgsIterations} / ${r.lbfgsIterationsAllStarts} | ${r.newtonSteps ?? '-'} | ${r.laplaceMs.toFixed(0)} | ${r.laplaceStatus} | ${r.converged ? 'yes' : 'no'} | ${r.suspectScales} | ${fmt(r.laplacePareto)} | ${fmt(r.laplaceMaxB)} / ${fmt(r.laplaceMaxAll)} | ${r.pathfinderMs.toFixed(0)} (${r.pathfinderStatus}) | ${fmt(r.pathfinderPareto)} | ${fmt(r.pathfinderMaxB)} / ${fmt(r.pathfinderMaxAll)} |`;
}

export function formatApproxTable(rows: ApproxBenchRow[]): string {
  const sep = '|' + ' --- |'.repeat(14);
  return [HEAD, sep, ...rows.map(formatApproxRow)].join('\n');
}

const entry = typeof process !== 'undefined' ? process.argv[1] ?? '' : '';
if (/bench[-_/]?approx\.(ts|mjs|cjs|js)$/.test(entry)) {
  console.log(HEAD);
  console.log('|' + ' --- |'.repeat(14));
  benchApprox(process.argv.slice(2), (row) => console.log(formatApproxRow(row)));
}
