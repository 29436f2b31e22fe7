// `npm run fit`: the browser's engine on the command line (design.md §4). Parses the options,
// checks the output paths, reads the CSV, checks the model and the memory the draws will need on
// the main thread (bad input fails before any chain runs), runs the chains on worker threads
// (workers/chain-thread.ts, the same loop as the browser), then writes the summary JSON (§5),
// draws CSV (§6) and the Open in R / Python folders (--export-r / --export-python, exportDir.ts)
// and prints a brms-like summary.
// Bad input: a one-line message on stderr, exit code 2 (usage) or 1, and no output files.
// SIGINT / SIGTERM at any point: temporary files removed, one line, exit 130 / 143.
import { existsSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { basename } from 'node:path';
import { nearMatches, parseFitArgs, USAGE, UsageError, type FitOptions } from './args';
import { formatImportMessages, readDataFile } from './readData';
import { planOutputs, removeTemps, writeOutputs, type FileWriter, type OutputTarget } from './outputFiles';
import { ProgressReporter } from './progress';
import { runChainThreads, spawnChainThreads, summariseOnThreads, type ThreadRunResult } from './runThreads';
import { FIT_SUMMARY_PROBS, fitSummaryDraws, summariseFit } from '../core/io/summaryJsonFit';
import { compileSpec, parsePriorArg, prepareModel, type ModelSpec } from '../core/model/spec';
import { commitExportDir, planExportDir, stageExportDir, type ExportDirTarget, type StagedDir } from './exportDir';
import { exportBundle, type BundleTarget } from '../core/export/bundle';
import { parseFormula } from '../core/formula/parseFormula';
import { modelLayout } from '../core/model/layout';
import { withFactorRole } from '../core/io/tableTyping';
import { checkRunMemory, formatBytes } from '../core/sampler/runMemory';
import { checkBeforeSampling } from '../core/model/preflight';
import { writeDrawsCsv } from '../core/io/drawsCsv';
import { summaryJsonText } from '../core/io/summaryJson';
import { printSummary } from '../core/io/printSummary';
import { CHECK_EVERY, DEFAULT_CONVERGENCE_RULE, convergenceChecks, convergenceVerdict, type ConvergenceRule } from '../core/diagnostics/autoStop';
import type { ChainJob } from '../../workers/protocol';
import { fitBayesR2, fitLoo, formatLoo, looSummaryJson, type BayesR2Summary, type LooResult } from '../core/loo';
import { writePointwiseLooCsv } from '../core/io/pointwiseLooCsv';
import { bayesR2OnThreads, looOnThreads, spawnCriteriaThreads } from './criteriaOnThreads';
import type { Worker } from 'node:worker_threads';
import type { DataTable, ModelStructure, SamplerSettings, SummaryRow } from '../core/types';

/**
 * Parameters from which the summary is split over the chain threads: below it, the threads' cold
 * diagnostics code costs more than splitting the work saves (bench/NOTES.md, "CLI").
 */
const THREAD_SUMMARY_MIN_PARAMETERS = 500;

/** What a signal interrupts: the handler stays installed until the process ends. */
const run = {
  phase: 'preparing' as 'preparing' | 'sampling' | 'summarising' | 'writing' | 'printing',
  cancel: null as (() => void) | null,
  temps: new Set<string>(),
};

function onSignal(signal: 'SIGINT' | 'SIGTERM'): void {
  run.cancel?.();
  removeTemps(run.temps);
  const what = run.phase === 'writing' ? ' while writing the outputs: temporary files removed, no output file replaced'
    : run.phase === 'printing' ? ': the output files were already written'
      : run.phase === 'sampling' ? ': chains stopped, no output files written' : ': no output files written';
  process.stderr.write(`fit: error: interrupted (${signal})${what}\n`);
  process.exit(signal === 'SIGINT' ? 130 : 143);
}

/**
 * The memory limit: 75% of this machine's memory (or of the container's limit), leaving room for
 * the process itself, the data and the model; the estimate covers the draws (runMemory.ts).
 */
function memoryLimit(): { bytes: number; of: string } {
  const constrained = process.constrainedMemory?.() ?? 0;
  if (constrained > 0 && constrained < totalmem()) return { bytes: 0.75 * constrained, of: "this process's memory limit" };
  return { bytes: 0.75 * totalmem(), of: "this machine's memory" };
}

function checkMemory(settings: SamplerSettings, parameters: number): void {
  const { chains, warmup, iter } = settings;
  const limit = memoryLimit();
  const v = checkRunMemory({ chains, warmup, iter, parameters }, 'cli', limit.bytes);
  if (v.fits) return;
  const chainsText = `${chains} chain${chains === 1 ? '' : 's'}`;
  const fewer = chains > 1 ? ', or fewer --chains' : '';
  const fix = v.maxIter >= 1 ? `use at most --iter ${v.maxIter} with ${chainsText}${fewer}` : 'the model has too many parameters to keep its draws';
  throw new UsageError(`${chainsText} x ${iter} draws x ${parameters} parameters need about ${formatBytes(v.bytes)}; ` +
    `the limit is ${formatBytes(v.limit)} (75% of ${limit.of}); ${fix}`);
}

/** The data with --levels set as the response column's level order (the data view's level order control). */
function withResponseLevels(data: DataTable, opts: FitOptions): DataTable {
  const levels = opts.levels;
  if (!levels) return data;
  const resp = parseFormula(opts.formula).response;
  const name = resp.kind === 'simple' && resp.expr.type === 'name' ? resp.expr.name : null;
  const col = name === null ? undefined : data.columns.find((c) => c.name === name);
  if (!col) throw new UsageError('--levels orders the categories of the response column; the response must be a column name, e.g. --formula "answer ~ x"');
  if (col.numeric) throw new UsageError(`--levels is for a text response, but ${col.name.slice(0, 40)} holds numbers; an ordinal response in numbers is read as categories 1..K without it`);
  return { ...data, columns: data.columns.map((c) => (c === col ? { ...c, levels } : c)) };
}

/** The data with the --factor columns marked as factors (the data view's role switch). */
function markFactors(data: DataTable, factors: readonly string[], dataPath: string): DataTable {
  if (factors.length === 0) return data;
  const names = data.columns.map((c) => c.name);
  for (const f of factors) {
    if (names.includes(f)) continue;
    const near = nearMatches(f, names);
    const listed = names.length > 20 ? `${names.slice(0, 20).join(', ')}, ... (${names.length} in all)` : names.join(', ');
    const shown = f.length > 40 ? `${f.slice(0, 40)}...` : f;
    throw new UsageError(`--factor '${shown}': no column of that name in ${basename(dataPath)}` +
      `${near.length ? ` (did you mean ${near.join(' or ')}?)` : ''}; the columns are ${listed}`.slice(0, 400));
  }
  return { ...data, columns: data.columns.map((c) => (factors.includes(c.name) ? withFactorRole(c, true) : c)) };
}

/**
 * --stop-when-converged: the stopWhen of runChainThreads. Checks the rule (core/diagnostics/
 * autoStop.ts) on the first k x interval draws of every chain, k = 1, 2, ..., as soon as every
 * chain holds them, so the same seed stops at the same draw however the batches arrive. Big models
 * are checked less often (every CHECK_EVERY draws per 200 parameters), so the checks, on this
 * thread, cost no more than the sampling. `last` remembers the latest verdict for the message.
 */
function convergenceStopper(settings: SamplerSettings, rule: ConvergenceRule, last: { n: number; why: string | null }) {
  let next = 0;
  return (names: readonly string[], chains: readonly (ThreadRunResult['chains'][number] | null)[]): number | null => {
    const interval = CHECK_EVERY * Math.max(1, Math.ceil(names.length / 200));
    if (next === 0) next = interval;
    if (chains.some((c) => c === null)) return null;
    const have = Math.min(...chains.map((c) => c!.nDraws));
    while (next <= have && next < settings.iter) {
      const n = next;
      next += interval;
      const v = convergenceVerdict(convergenceChecks(names, chains.map((c) => c!.draws), n), chains.length, settings.chains, rule);
      last.n = n;
      last.why = v.first;
      if (v.converged) return n;
    }
    return null;
  };
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

async function main(argv: string[]): Promise<number> {
  const opts = parseFitArgs(argv);
  if (opts.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const targets = planOutputs(opts.data, [
    { option: '--summary', path: opts.summary }, { option: '--draws', path: opts.draws },
    { option: '--pointwise-loo', path: opts.pointwiseLoo },
  ]);
  const exportDirs = { r: planExportDir('--export-r', opts.exportR), python: planExportDir('--export-python', opts.exportPython) };
  const threadUrl = new URL('./chain-thread.mjs', import.meta.url);
  if (!existsSync(fileURLToPath(threadUrl))) {
    throw new Error(`the chain thread bundle ${fileURLToPath(threadUrl)} is missing; run 'node scripts/build-cli.mjs' (npm run fit does)`);
  }
  const { settings } = opts;
  // The threads boot (~100 ms each) while this thread reads the data and checks the model.
  const concurrency = Math.max(1, Math.min(settings.chains, availableParallelism()));
  const threads = spawnChainThreads(threadUrl, concurrency);
  try {
    return await fitWith(opts, { files: targets, dirs: exportDirs }, threadUrl, threads, concurrency);
  } finally {
    for (const t of threads) void t.terminate();
  }
}

/** Reads the data, the priors and the model, and runs the checks that come before any chain. */
function prepareFit(opts: FitOptions) {
  const file = readDataFile(opts.data);
  // The browser's import warnings (cells read as missing, ...) even with --quiet; notes without.
  process.stderr.write(formatImportMessages(file.messages.filter((m) => !opts.quiet || m.level === 'warning')));
  const data = withResponseLevels(markFactors(file.table, opts.factors, opts.data), opts);
  const priors = opts.priors.map((p) => {
    try { return parsePriorArg(p); } catch (err) { throw new Error(`--prior '${p}': ${(err as Error).message}`); }
  });
  const spec = { formula: opts.formula, family: opts.family, ...(opts.link !== null ? { link: opts.link } : {}), priors };
  const prepared = prepareModel(spec, data);
  if (!opts.quiet) for (const m of prepared.messages) process.stderr.write(`note: ${oneLine(m)}\n`);
  checkMemory(opts.settings, modelLayout(prepared.structure).outputNames.length);
  const checks = checkBeforeSampling(prepared.structure, opts.settings, { table: data, response: prepared.formula.response });
  for (const w of checks.warnings) process.stderr.write(`warning: ${oneLine(w.message)}\n`);
  return { data, spec, prepared, checks };
}

/**
 * Large models: the summary diagnostics run on the idle threads, one block of parameters each;
 * undefined (summarise on this thread: the same rows) for small models or when that fails.
 */
async function rowsOnThreads(result: ThreadRunResult, quiet: boolean): Promise<SummaryRow[] | undefined> {
  const idle = result.threads ?? [];
  if (idle.length > 1 && result.outputNames.length >= THREAD_SUMMARY_MIN_PARAMETERS) {
    try {
      return await summariseOnThreads(
        idle, result.outputNames, result.chains.map((c) => c.draws), fitSummaryDraws(result), FIT_SUMMARY_PROBS,
      );
    } catch (err) {
      if (!quiet) process.stderr.write(`note: summarising on this thread instead (${oneLine((err as Error).message)})\n`);
      return undefined;
    }
  }
  // The threads are done: their teardown runs while this thread summarises.
  for (const t of idle) void t.terminate();
  return undefined;
}

/** The Open in R / Python bundles of --export-r / --export-python, each staged for a new folder. */
async function stageBundles(
  opts: FitOptions, dirs: Record<BundleTarget, ExportDirTarget | null>, spec: ModelSpec, data: DataTable, result: ThreadRunResult, kept: SamplerSettings,
): Promise<StagedDir[]> {
  const staged: StagedDir[] = [];
  for (const target of ['r', 'python'] as const) {
    const dir = dirs[target];
    if (!dir) continue;
    staged.push(await stageExportDir(dir, () => exportBundle({
      target, syntax: opts.stanSyntax, compiled: compileSpec(spec, data), table: data, outputNames: result.outputNames,
      chains: result.chains.map((c) => ({ ...c, nDraws: kept.iter, tuning: c.tuning ?? null })),
      settings: kept, stem: basename(opts.data).replace(/\.[A-Za-z0-9]{1,5}$/, ''),
    }), run.temps));
  }
  return staged;
}

async function fitWith(
  opts: FitOptions, outputs: { files: OutputTarget[]; dirs: Record<BundleTarget, ExportDirTarget | null> }, threadUrl: URL,
  threads: ReturnType<typeof spawnChainThreads>, concurrency: number,
): Promise<number> {
  const targets = outputs.files;
  const { settings } = opts;
  const { data, spec, prepared, checks } = prepareFit(opts);

  const jobs: ChainJob[] = [];
  // The threads build the model this thread prepared (no second prepareModel per thread), so they
  // get no data table: cloning it into every job cost insteval ~150 ms per chain on this thread.
  const noData = { name: data.name, nRows: 0, columns: [] };
  for (let c = 1; c <= settings.chains; c++) {
    jobs.push({ spec, data: noData, settings, chainId: c, modelKey: 'fit', structure: prepared.structure });
  }

  const progress = new ProgressReporter(opts.quiet ? null : {
    isTTY: Boolean(process.stderr.isTTY), columns: process.stderr.columns,
    write: (s) => { process.stderr.write(s); },
  }, settings.chains * (settings.warmup + settings.iter));
  const t0 = performance.now();
  const rule = opts.stopWhenConverged ? { ...DEFAULT_CONVERGENCE_RULE, essAbove: opts.stopWhenConverged.essTarget } : null;
  const lastCheck = { n: 0, why: null as string | null };
  const chains = runChainThreads(jobs, {
    threadUrl, concurrency, threads, keepThreads: true,
    onProgress: (p) => progress.update(p),
    stopWhen: rule ? convergenceStopper(settings, rule, lastCheck) : undefined,
  });
  run.phase = 'sampling';
  run.cancel = chains.cancel;
  let result: ThreadRunResult;
  try {
    result = await chains.result;
  } finally {
    progress.finish();
  }
  run.phase = 'summarising';
  const wallSeconds = (performance.now() - t0) / 1000;
  // The draws kept per chain: all of them, or where --stop-when-converged stopped.
  const kept: SamplerSettings = result.stoppedAt === undefined ? settings : { ...settings, iter: result.stoppedAt };
  if (rule && !opts.quiet) {
    process.stderr.write(result.stoppedAt !== undefined
      ? `note: stopped at draw ${result.stoppedAt} of ${settings.iter} per chain because it converged: every parameter has ` +
        `R-hat below ${rule.rhatBelow} and bulk and tail ESS above ${rule.essAbove} (--stop-when-converged)\n`
      : `note: --stop-when-converged: not converged before draw ${settings.iter} per chain` +
        `${lastCheck.why ? ` (at draw ${lastCheck.n}, ${lastCheck.why})` : ''}; every draw is kept\n`);
  }

  const fit = summariseFit(result, kept, await rowsOnThreads(result, opts.quiet), checks);
  const criteriaThreads = threadsForCriteria(prepared.structure, result, threadUrl);
  let criteria: Criteria;
  try {
    criteria = await fitCriteria(prepared.structure, result, opts.loo, criteriaThreads, opts.quiet);
  } finally {
    for (const t of criteriaThreads) void t.terminate();
  }
  const files: { target: OutputTarget; content: FileWriter }[] = [];
  const target = (option: string): OutputTarget => targets.find((t) => t.option === option)!;
  if (opts.summary) {
    const text = summaryJsonText({
      formula: opts.formula, family: opts.family, link: prepared.structure.link, settings: kept, nObs: prepared.structure.N,
      dropped: { total: prepared.nDropped, byColumn: prepared.dropped },
      timing: {
        warmupSeconds: result.chains.map((c) => c.warmupSeconds),
        samplingSeconds: result.chains.map((c) => c.samplingSeconds), wallSeconds,
      },
      gradientEvaluations: result.chains.reduce((s, c) => s + c.gradientEvaluations, 0),
      divergences: fit.divergences, maxTreedepthHits: fit.treedepthHits, ebfmi: fit.ebfmi, rows: fit.rows,
      loo: criteria.loo ? looSummaryJson(criteria.loo) : undefined, bayesR2: criteria.bayesR2 ?? undefined,
    });
    files.push({ target: target('--summary'), content: (w) => w(text) });
  }
  if (opts.draws) {
    files.push({ target: target('--draws'), content: (w) => writeDrawsCsv(result.outputNames, result.chains, w) });
  }
  if (opts.pointwiseLoo && criteria.loo) {
    const pointwise = criteria.loo.pointwise;
    files.push({ target: target('--pointwise-loo'), content: (w) => writePointwiseLooCsv(prepared.dataRows, pointwise, w) });
  }
  run.phase = 'writing';
  const staged = await stageBundles(opts, outputs.dirs, spec, data, result, kept);
  await writeOutputs(files, run.temps);
  for (const s of staged) commitExportDir(s, run.temps);
  run.phase = 'printing';

  process.stdout.write(printSummary({
    formula: opts.formula, family: opts.family, link: prepared.structure.link, dataName: data.name, nObs: prepared.structure.N,
    chains: settings.chains, warmup: settings.warmup, iter: kept.iter,
    groups: prepared.structure.groups.map((g) => ({ group: g.group, nLevels: g.levels.length })),
    rows: fit.rows, warnings: fit.warnings,
  }));
  if (criteria.loo) process.stdout.write(formatLoo(criteria.loo));
  if (criteria.looError) {
    process.stderr.write(`fit: error: PSIS-LOO failed, so the summary has no "loo" and no --pointwise-loo file was written (the other outputs were): ${criteria.looError}\n`);
    return 1;
  }
  return 0;
}

/**
 * Observations x draws from which PSIS-LOO and Bayes R2 run on threads of their own
 * (workers/criteria-thread.ts; one range of observations, or some chains, each): below it,
 * starting the threads and posting the model and the draws cost more than the split saves.
 */
const THREAD_CRITERIA_MIN_VALUES = 4_000_000;

function threadsForCriteria(s: ModelStructure, result: ThreadRunResult, chainThreadUrl: URL): Worker[] {
  const values = s.N * result.chains.length * fitSummaryDraws(result);
  const n = Math.min(availableParallelism(), result.chains.length, 8);
  if (n < 2 || values < THREAD_CRITERIA_MIN_VALUES) return [];
  const url = new URL('./criteria-thread.mjs', chainThreadUrl);
  return existsSync(fileURLToPath(url)) ? spawnCriteriaThreads(url, n) : [];
}

interface Criteria {
  loo: LooResult | null;
  bayesR2: BayesR2Summary | null;
  /** Why PSIS-LOO failed (the other outputs are still written; the exit code is 1). */
  looError: string | null;
}

/**
 * PSIS-LOO (with --loo) and Bayes R2 (always; brms defines it for every family but the
 * categorical) from the kept draws: every chain cut to the shortest, as the summary uses them.
 * Both are computed block by block from the draws (core/loo/fitLogLik.ts), on criteria threads
 * for large fits (criteriaOnThreads.ts), else here; a failure on the threads falls back here.
 */
async function fitCriteria(
  s: ModelStructure, result: ThreadRunResult, loo: boolean, threads: Worker[], quiet: boolean,
): Promise<Criteria> {
  const n = fitSummaryDraws(result);
  const names = result.outputNames;
  const chains = result.chains.map((c) => c.draws);
  if (threads.length > 1) {
    try {
      return {
        loo: loo ? await looOnThreads(threads, s, names, chains, n) : null,
        bayesR2: s.N >= 2 ? await bayesR2OnThreads(threads, s, names, chains, n) : null,
        looError: null,
      };
    } catch (err) {
      if (!quiet) process.stderr.write(`note: computing LOO and Bayes R2 on this thread instead (${oneLine((err as Error).message)})\n`);
    }
  }
  const out: Criteria = { loo: null, bayesR2: null, looError: null };
  if (loo) {
    try { out.loo = fitLoo(s, names, chains, n); } catch (err) { out.looError = oneLine((err as Error).message); }
  }
  if (s.N >= 2) {
    try { out.bayesR2 = fitBayesR2(s, names, chains, n); } catch (err) {
      process.stderr.write(`warning: Bayes R2 left out of the summary: ${oneLine((err as Error).message)}\n`);
    }
  }
  return out;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    const usage = err instanceof UsageError;
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`fit: error: ${oneLine(message)}\n`);
    process.exitCode = usage ? 2 : 1;
  },
);
