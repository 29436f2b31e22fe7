// `npm run fit`: the browser's engine on the command line (design.md §4). Parses the options,
// reads the CSV, checks the model on the main thread (a bad formula fails before any thread
// starts), runs the chains on worker threads (workers/chain-thread.ts, the same loop as the
// browser), then writes the summary JSON (§5) and draws CSV (§6) and prints a brms-like summary.
// Bad input: a one-line message on stderr, exit code 2 (usage) or 1, and no output files.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseFitArgs, USAGE, UsageError } from './args';
import { readDataFile } from './readData';
import { checkOutputPath, writeFilesAtomically } from './outputFiles';
import { ProgressReporter } from './progress';
import { runChainThreads, spawnChainThreads, summariseOnThreads, type ThreadRunResult } from './runThreads';
import { FIT_SUMMARY_PROBS, fitSummaryDraws, summariseFit } from '../core/io/summaryJsonFit';
import { parsePriorArg, prepareModel } from '../core/model/spec';
import { writeDrawsCsv } from '../core/io/drawsCsv';
import { summaryJsonText } from '../core/io/summaryJson';
import { printSummary } from '../core/io/printSummary';
import type { ChainJob } from '../../workers/protocol';
import type { SummaryRow } from '../core/types';

/**
 * Parameters from which the summary is split over the chain threads. The diagnostics cost 1.1-1.7
 * ms per parameter on this thread (4 x 1000 draws): insteval's 4,105 parameters took 4.7-6.8 s
 * here and 4.3 s on two threads; 2,003 random intercepts 2.8-3.6 s here, 2.2-2.5 s on two threads.
 * Those thread figures were ~1.5x this thread's per parameter because the threads had transferred
 * their batches (a detached buffer slows a thread's typed-array code: workers/runChain.ts); since
 * the threads post copies, the 2,003 intercepts' process spends 1.50-1.57 s after its chains
 * (startup, summary, files) instead of 1.73-1.78. Each thread also first pays ~100 ms of cold
 * code, so small models stay here: sleepstudy's whole run took a median 0.942 s with the summary
 * on two threads and 0.923 s with it here (10 interleaved runs).
 */
const THREAD_SUMMARY_MIN_PARAMETERS = 500;

class Interrupted extends Error {
  constructor() { super('interrupted: chains stopped, no output files written'); }
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
  checkOutputPath(opts.summary, '--summary');
  checkOutputPath(opts.draws, '--draws');
  const threadUrl = new URL('./chain-thread.mjs', import.meta.url);
  if (!existsSync(fileURLToPath(threadUrl))) {
    throw new Error(`the chain thread bundle ${fileURLToPath(threadUrl)} is missing; run 'node scripts/build-cli.mjs' (npm run fit does)`);
  }
  const { settings } = opts;
  // The threads boot (~100 ms each) while this thread reads the data and checks the model.
  const concurrency = Math.max(1, Math.min(settings.chains, availableParallelism()));
  const threads = spawnChainThreads(threadUrl, concurrency);
  try {
    return await fitWith(opts, threadUrl, threads, concurrency);
  } finally {
    for (const t of threads) void t.terminate();
  }
}

async function fitWith(opts: ReturnType<typeof parseFitArgs>, threadUrl: URL, threads: ReturnType<typeof spawnChainThreads>, concurrency: number): Promise<number> {
  const { settings } = opts;
  const data = readDataFile(opts.data);
  const priors = opts.priors.map((p) => {
    try { return parsePriorArg(p); } catch (err) { throw new Error(`--prior '${p}': ${(err as Error).message}`); }
  });
  const spec = { formula: opts.formula, family: opts.family, priors };
  const prepared = prepareModel(spec, data);
  if (!opts.quiet) for (const m of prepared.messages) process.stderr.write(`note: ${oneLine(m)}\n`);

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
  const run = runChainThreads(jobs, {
    threadUrl, concurrency, threads, keepThreads: true,
    onProgress: (p) => progress.update(p),
  });
  let interrupted = false;
  const onSigint = (): void => { interrupted = true; run.cancel(); };
  process.once('SIGINT', onSigint);
  let result: ThreadRunResult;
  try {
    result = await run.result;
  } catch (err) {
    if (interrupted) throw new Interrupted();
    throw err;
  } finally {
    process.off('SIGINT', onSigint);
    progress.finish();
  }
  const wallSeconds = (performance.now() - t0) / 1000;

  // Large models: the diagnostics run on the idle threads, one block of parameters each; if that
  // fails, on this thread (the same rows).
  let rows: SummaryRow[] | undefined;
  const idle = result.threads ?? [];
  if (idle.length > 1 && result.outputNames.length >= THREAD_SUMMARY_MIN_PARAMETERS) {
    try {
      rows = await summariseOnThreads(
        idle, result.outputNames, result.chains.map((c) => c.draws), fitSummaryDraws(result), FIT_SUMMARY_PROBS,
      );
    } catch (err) {
      if (!opts.quiet) process.stderr.write(`note: summarising on this thread instead (${oneLine((err as Error).message)})\n`);
    }
  } else {
    // The threads are done: their teardown (~7 ms) runs while this thread summarises.
    for (const t of idle) void t.terminate();
  }
  const fit = summariseFit(result, settings, rows);
  const files = [];
  if (opts.summary) {
    const text = summaryJsonText({
      formula: opts.formula, family: opts.family, settings, nObs: prepared.structure.N,
      timing: {
        warmupSeconds: result.chains.map((c) => c.warmupSeconds),
        samplingSeconds: result.chains.map((c) => c.samplingSeconds), wallSeconds,
      },
      gradientEvaluations: result.chains.reduce((s, c) => s + c.gradientEvaluations, 0),
      divergences: fit.divergences, maxTreedepthHits: fit.treedepthHits, ebfmi: fit.ebfmi, rows: fit.rows,
    });
    files.push({ path: opts.summary, content: (w: (s: string) => void) => w(text) });
  }
  if (opts.draws) {
    files.push({ path: opts.draws, content: (w: (s: string) => void) => writeDrawsCsv(result.outputNames, result.chains, w) });
  }
  writeFilesAtomically(files);

  process.stdout.write(printSummary({
    formula: opts.formula, family: opts.family, dataName: data.name, nObs: prepared.structure.N,
    chains: settings.chains, warmup: settings.warmup, iter: settings.iter,
    groups: prepared.structure.groups.map((g) => ({ group: g.group, nLevels: g.levels.length })),
    rows: fit.rows, warnings: fit.warnings,
  }));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    const usage = err instanceof UsageError;
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`fit: error: ${oneLine(message)}\n`);
    process.exitCode = err instanceof Interrupted ? 130 : usage ? 2 : 1;
  },
);
