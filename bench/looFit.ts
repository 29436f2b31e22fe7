/**
 * Benchmark: PSIS-LOO and Bayes R2 of a real fit, from its draws (issue 20's target: LOO on
 * insteval, 73,421 rows x 4,000 draws, under 10 s with a heap spike under 500 MB). The chains run
 * on the CLI's worker threads (the same engine, seed 1); then, on this thread, core/loo's
 * fitLoo and fitBayesR2 read the draws block by block (one thread, as a browser worker runs
 * them), then the CLI's way on criteria threads (src/cli/criteriaOnThreads.ts; their start
 * included in the time). Memory is sampled after every block of
 * observations (psisLoo's onProgress): V8's heap (process.memoryUsage().heapUsed, which is
 * v8.getHeapStatistics().used_heap_size) and the heap plus typed-array buffers, reported as the
 * peak above what was live before LOO started (the draws themselves, ~130 MB of buffers, are
 * the fit's, not LOO's).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { fitBayesR2, fitLoo } from '../src/core/loo';
import { prepareModel } from '../src/core/model/spec';
import { runChainThreads, spawnChainThreads } from '../src/cli/runThreads';
import { bayesR2OnThreads, looOnThreads, spawnCriteriaThreads } from '../src/cli/criteriaOnThreads';
import { availableParallelism } from 'node:os';
import { readDataFile } from '../src/cli/readData';
import type { FamilyName, SamplerSettings } from '../src/core/types';
import { DEFAULT_SETTINGS } from '../src/core/types';

export interface LooFitBenchResult {
  model: string;
  nObs: number;
  nDraws: number;
  samplingWallS: number;
  looS: number;
  looCpuS: number;
  /** Peak heapUsed above the heap before LOO (MB). */
  looHeapSpikeMB: number;
  /** Peak heapUsed + arrayBuffers above the same before LOO (MB). */
  looHeapAndBuffersSpikeMB: number;
  heapBeforeMB: number;
  bayesR2S: number;
  /** The same on the CLI's criteria threads (criteriaOnThreads.ts), thread start included. */
  threads: number;
  looThreadsS: number;
  bayesR2ThreadsS: number;
  elpdLoo: number;
  pLoo: number;
  paretoK: Record<string, number>;
  bayesR2Mean: number;
}

/** A full collection before measuring (node without --expose-gc: the flag is set at run time). */
function collectGarbage(): void {
  try {
    setFlagsFromString('--expose-gc');
    (runInNewContext('gc') as () => void)();
  } catch { /* measure without a collection */ }
}

export async function benchLooFit(
  threadUrl: URL, model: { name: string; data: string; formula: string; family: FamilyName }, settings: Partial<SamplerSettings> = {},
): Promise<LooFitBenchResult> {
  const table = readDataFile(model.data).table;
  const s = prepareModel({ formula: model.formula, family: model.family }, table).structure;
  const full: SamplerSettings = { ...DEFAULT_SETTINGS, ...settings };
  const jobs = Array.from({ length: full.chains }, (_, c) => ({
    spec: { formula: model.formula, family: model.family }, data: { name: table.name, nRows: 0, columns: [] },
    settings: full, chainId: c + 1, modelKey: 'bench-loo', structure: s,
  }));
  const t0 = performance.now();
  const threads = spawnChainThreads(threadUrl, Math.min(full.chains, 4));
  const run = await runChainThreads(jobs, { threadUrl, concurrency: threads.length, threads }).result;
  const samplingWallS = (performance.now() - t0) / 1000;
  const n = Math.min(...run.chains.map((c) => c.nDraws));
  const chains = run.chains.map((c) => c.draws);

  collectGarbage();
  const before = process.memoryUsage();
  let peakHeap = before.heapUsed;
  let peakBoth = before.heapUsed + before.arrayBuffers;
  const sample = (): void => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakBoth = Math.max(peakBoth, m.heapUsed + m.arrayBuffers);
  };
  const cpu0 = process.cpuUsage();
  const t1 = performance.now();
  const loo = fitLoo(s, run.outputNames, chains, n, { onProgress: sample });
  const looS = (performance.now() - t1) / 1000;
  const cpu = process.cpuUsage(cpu0);
  sample();
  const t2 = performance.now();
  const r2 = fitBayesR2(s, run.outputNames, chains, n);
  const bayesR2S = (performance.now() - t2) / 1000;
  // the CLI's way: observations (LOO) and chains (Bayes R2) split over criteria threads
  const t3 = performance.now();
  const idle = spawnCriteriaThreads(new URL('./criteria-thread.mjs', threadUrl), Math.min(availableParallelism(), chains.length));
  await looOnThreads(idle, s, run.outputNames, chains, n);
  const looThreadsS = (performance.now() - t3) / 1000;
  const t4 = performance.now();
  await bayesR2OnThreads(idle, s, run.outputNames, chains, n);
  const bayesR2ThreadsS = (performance.now() - t4) / 1000;
  await Promise.all(idle.map((w) => w.terminate()));
  const mb = (b: number): number => Math.round((b / 2 ** 20) * 10) / 10;
  return {
    threads: idle.length, looThreadsS, bayesR2ThreadsS,
    model: model.name, nObs: s.N, nDraws: chains.length * n, samplingWallS,
    looS, looCpuS: (cpu.user + cpu.system) / 1e6,
    looHeapSpikeMB: mb(peakHeap - before.heapUsed),
    looHeapAndBuffersSpikeMB: mb(peakBoth - before.heapUsed - before.arrayBuffers),
    heapBeforeMB: mb(before.heapUsed),
    bayesR2S,
    elpdLoo: loo.elpdLoo.estimate, pLoo: loo.pLoo.estimate,
    paretoK: { good: loo.paretoK.good.count, ok: loo.paretoK.ok.count, bad: loo.paretoK.bad.count, very_bad: loo.paretoK.very_bad.count },
    bayesR2Mean: r2.mean,
  };
}
