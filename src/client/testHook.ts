// A small hook for the end-to-end tests (tests/e2e/chains.spec.ts): drives the real worker pool
// from the page and returns plain data Playwright can compare with the CLI. Registered on
// window.__mlsTest by importing this module (src/app/main.tsx does, one line).
import type { SamplerSettings } from '../core/types';
import { DEFAULT_SETTINGS } from '../core/types';
import { readCsvText } from '../core/io/csvRead';
import type { ModelSpecInput } from '../../workers/protocol';
import { ChainRun } from './runController';
import { spawnBrowserWorker } from './browserWorker';
import { drawsCsvFromStore } from './exports';

export interface TestRunOptions {
  /** Stop once chain 1 holds this many rows of the given phase. */
  stopAt?: { phase: 'warmup' | 'sampling'; rows: number };
  /** After a completed run, continue every chain for this many draws. */
  sampleMore?: number;
  /** After a stop: Sample more, which brings every chain to the planned length. */
  continueAfterStop?: boolean;
  concurrency?: number;
}

export interface TestRunResult {
  status: string;
  error: string | null;
  names: string[];
  /** Per chain: post-warmup draws, one number[] per draw. */
  draws: number[][][];
  /** Per chain: warmup rows kept and sampling rows kept. */
  nWarmup: number[];
  nSampling: number[];
  /** Workers alive after the run settled (stop must leave none). */
  runningWorkers: number;
  /** Largest number of workers seen alive at once. */
  maxWorkers: number;
  batches: number;
  /** With continueAfterStop: each chain's rows (warmup + sampling) when the run stopped. */
  rowsAtStop?: number[];
  /** With continueAfterStop: the draws CSV a user would have exported after the stop. */
  csvAtStop?: string;
}

async function runChains(
  spec: ModelSpecInput, csvText: string, settings: Partial<SamplerSettings>, options: TestRunOptions = {},
): Promise<TestRunResult> {
  const { table, messages } = readCsvText(csvText, 'data.csv');
  if (!table) throw new Error(messages.map((m) => m.text).join('; '));
  const run = new ChainRun({
    spec, data: table, settings: { ...DEFAULT_SETTINGS, ...settings }, spawn: spawnBrowserWorker,
    concurrency: options.concurrency,
  });
  let maxWorkers = 0;
  let batches = 0;
  let lastVersion = -1;
  run.subscribe(() => {
    maxWorkers = Math.max(maxWorkers, run.runningWorkers);
    const store = run.store;
    if (store && store.version !== lastVersion) { lastVersion = store.version; batches++; }
    const stop = options.stopAt;
    if (stop && store && run.status === 'running') {
      const rows = stop.phase === 'warmup' ? store.nWarmup(1) : store.nSampling(1);
      if (rows >= stop.rows) run.stop();
    }
  });
  let status = await run.start();
  let rowsAtStop: number[] | undefined;
  let csvAtStop: string | undefined;
  if (status === 'stopped' && options.continueAfterStop) {
    rowsAtStop = Array.from({ length: run.settings.chains }, (_, i) => run.store?.nIterations(i + 1) ?? 0);
    csvAtStop = run.store && run.store.nSampling(1) > 0 ? drawsCsvFromStore(run.store) : undefined;
    options.stopAt = undefined;
    status = await run.sampleMore(0);
  }
  if (status === 'done' && options.sampleMore) status = await run.sampleMore(options.sampleMore);
  const store = run.store;
  const n = run.settings.chains;
  const result: TestRunResult = {
    status, error: run.error, names: store?.names ?? [], draws: [], nWarmup: [], nSampling: [],
    runningWorkers: run.runningWorkers, maxWorkers, batches, rowsAtStop, csvAtStop,
  };
  for (let c = 1; c <= n && store; c++) {
    const flat = store.samplingDraws(c);
    const rows: number[][] = [];
    for (let i = 0; i < store.nSampling(c); i++) rows.push(Array.from(flat.subarray(i * store.nParams, (i + 1) * store.nParams)));
    result.draws.push(rows);
    result.nWarmup.push(store.nWarmup(c));
    result.nSampling.push(store.nSampling(c));
  }
  return result;
}

declare global {
  interface Window {
    __mlsTest?: { runChains: typeof runChains };
  }
}

if (typeof window !== 'undefined') window.__mlsTest = { runChains };
