// One chain of our fit as the CSV file CmdStan's sample method writes (CmdStan guide, "Stan CSV
// File Format"; read back by cmdstanCsv.ts, rstan::read_stan_csv, cmdstanr, cmdstanpy and
// arviz.from_cmdstan): the `#` configuration lines, the column names (sampler columns, then the
// exported program's variables, stanDraws.ts), `# Adaptation terminated` with the step size and
// the inverse metric (diagonal, or one line per row of a dense one), the post-warmup rows, and
// the elapsed times. Numbers are written in full (shortest round-trip form), not CmdStan's 6
// significant digits, so a summary of the file equals the summary of our draws.
import { SAMPLER_STAT_NAMES, type SamplerSettings } from '../types';
import type { ModelLayout } from '../model/layout';
import type { StanDrawWriter } from './stanDraws';
import type { StanSyntax } from './stanSyntax';

/** A chain's adapted tuning, in our unconstrained coordinates (ChainCheckpoint's fields). */
export interface ChainTuning {
  stepSize: number;
  /** diag: dim entries; dense: dim x dim row-major. */
  inverseMetric: number[];
  metric: 'diag' | 'dense';
}

export interface ExportChain {
  chainId: number;
  /** Post-warmup draws (nDraws x outputNames.length, row-major) and stats (nDraws x 7). */
  draws: Float64Array;
  stats: Float64Array;
  nDraws: number;
  tuning: ChainTuning | null;
  warmupSeconds: number;
  samplingSeconds: number;
}

export interface CmdStanRun {
  modelName: string;
  settings: SamplerSettings;
  syntax: StanSyntax;
  /** The data and output file names the header names (as CmdStan would have been called). */
  dataFile: string;
}

/** CmdStan's spelling of a number: nan and inf as it writes them, else JavaScript's shortest exact form. */
export function cmdstanNumber(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  return Object.is(x, -0) ? '0' : String(x);
}

/**
 * Stan's unconstrained order of our coordinates: for each Stan coordinate, its index in ours.
 * Stan orders them as the parameters block declares them (b, Intercept, family parameters, then
 * per term sd, z, L); a z matrix[M, N] is column-major, an array[M] vector[N] array-major, the
 * Cholesky factor's free values are its canonical partial correlations row by row, as ours.
 */
export function stanCoordinateOrder(layout: ModelLayout): number[] {
  const order: number[] = [];
  for (let k = 0; k < layout.K; k++) order.push(layout.bOffset + k);
  if (layout.intercept >= 0) order.push(layout.intercept);
  for (const fp of layout.familyParams) order.push(fp.index);
  for (const t of layout.terms) {
    for (let m = 0; m < t.M; m++) order.push(t.sdOffset + m);
    if (t.hasCor) { for (let j = 0; j < t.J; j++) for (let m = 0; m < t.M; m++) order.push(t.zOffset + m * t.J + j); }
    else for (let i = 0; i < t.M * t.J; i++) order.push(t.zOffset + i);
    for (let c = 0; c < t.corSize; c++) order.push(t.corOffset + c);
  }
  return order;
}

/** The `#` lines of the adaptation block; the metric reordered to Stan's coordinates. */
function adaptationLines(tuning: ChainTuning | null, order: number[] | null): string[] {
  if (!tuning) return ['# Adaptation terminated'];
  const d = order ? order.length : Math.round(tuning.metric === 'diag' ? tuning.inverseMetric.length : Math.sqrt(tuning.inverseMetric.length));
  const at = (i: number) => (order ? order[i] : i);
  const lines = ['# Adaptation terminated', `# Step size = ${cmdstanNumber(tuning.stepSize)}`];
  if (tuning.metric === 'diag') {
    lines.push('# Diagonal elements of inverse mass matrix:');
    lines.push(`# ${Array.from({ length: d }, (_, i) => cmdstanNumber(tuning.inverseMetric[at(i)])).join(', ')}`);
  } else {
    lines.push('# Elements of inverse mass matrix:');
    const n = Math.round(Math.sqrt(tuning.inverseMetric.length));
    for (let i = 0; i < d; i++) lines.push(`# ${Array.from({ length: d }, (_, j) => cmdstanNumber(tuning.inverseMetric[at(i) * n + at(j)])).join(', ')}`);
  }
  return lines;
}

function configLines(run: CmdStanRun, chain: ExportChain, metric: string): string[] {
  const s = run.settings;
  const n = cmdstanNumber;
  return [
    '# Written by Multilevel Studio, not by CmdStan: the draws of its own NUTS sampler as the variables of the exported Stan program',
    '# lp__ is its log density on its own unconstrained coordinates with constants dropped (not the lp__ Stan would compute)',
    '# stan_version_major = 2', `# stan_version_minor = ${run.syntax === 'old' ? 21 : 33}`, '# stan_version_patch = 0',
    `# model = ${run.modelName}`, '# method = sample (Default)', '#   sample',
    `#     num_samples = ${n(chain.nDraws)}`, `#     num_warmup = ${n(s.warmup)}`, '#     save_warmup = 0', '#     thin = 1',
    '#     adapt', '#       engaged = 1', '#       gamma = 0.05', `#       delta = ${n(s.adaptDelta)}`, '#       kappa = 0.75',
    '#       t0 = 10', '#       init_buffer = 75', '#       term_buffer = 50', '#       window = 25',
    '#     algorithm = hmc (Default)', '#       hmc', '#         engine = nuts (Default)', '#           nuts',
    `#             max_depth = ${n(s.maxTreedepth)}`, `#         metric = ${metric}`, '#         stepsize = 1', '#         stepsize_jitter = 0',
    `# id = ${n(chain.chainId)}`, '# data', `#   file = ${run.dataFile}`, `# init = ${n(s.initRadius)}`, '# random', `#   seed = ${n(s.seed)}`,
    '# output', `#   file = ${cmdstanChainFile(chain.chainId)}`,
  ];
}

/** The file name of a chain's CSV in the bundles. */
export function cmdstanChainFile(chainId: number): string {
  return `chain_${chainId}.csv`;
}

/** Writes one chain's CmdStan CSV in chunks of about `rowsPerChunk` rows. */
export function writeCmdStanCsv(
  run: CmdStanRun, chain: ExportChain, writer: StanDrawWriter, layout: ModelLayout, write: (chunk: string) => void, rowsPerChunk = 100,
): void {
  const P = layout.outputNames.length;
  const metric = chain.tuning ? `${chain.tuning.metric}_e` : 'diag_e';
  const order = stanCoordinateOrder(layout);
  const fits = chain.tuning && order.length === layout.dim
    && chain.tuning.inverseMetric.length === (chain.tuning.metric === 'diag' ? layout.dim : layout.dim * layout.dim);
  write([...configLines(run, chain, metric), [...SAMPLER_STAT_NAMES, ...writer.csvNames].join(','), ...adaptationLines(chain.tuning, fits ? order : null)].join('\n') + '\n');
  const out = new Float64Array(writer.csvNames.length);
  const ns = SAMPLER_STAT_NAMES.length;
  let rows: string[] = [];
  for (let i = 0; i < chain.nDraws; i++) {
    writer.write(chain.draws.subarray(i * P, (i + 1) * P), out);
    const cells: string[] = new Array(ns + out.length);
    for (let s = 0; s < ns; s++) cells[s] = cmdstanNumber(chain.stats[i * ns + s]);
    for (let k = 0; k < out.length; k++) cells[ns + k] = cmdstanNumber(out[k]);
    rows.push(cells.join(','));
    if (rows.length >= rowsPerChunk) { write(rows.join('\n') + '\n'); rows = []; }
  }
  if (rows.length) write(rows.join('\n') + '\n');
  const sec = (x: number) => (Math.round(x * 1000) / 1000).toFixed(3);
  write(['# ', `#  Elapsed Time: ${sec(chain.warmupSeconds)} seconds (Warm-up)`, `#                ${sec(chain.samplingSeconds)} seconds (Sampling)`,
    `#                ${sec(chain.warmupSeconds + chain.samplingSeconds)} seconds (Total)`, '# '].join('\n') + '\n');
}
