// Loaded into a blank page by bench/persistBrowser.mjs: an InstEval-size fit (about 100 MB of
// draws) through every persistence path in Chromium, with the page's long tasks (> 50 ms) per step.
import { DEFAULT_SETTINGS, SAMPLER_STAT_NAMES } from '../src/core/types';
import { rawCellsFromStrings } from '../src/core/io/rawCells';
import type { DataTable } from '../src/core/types';
import type { PersistedFit } from '../src/app/persist/fitCodec';
import { openSessionFile, sessionFileBlob } from '../src/app/persist/sessionFile';
import { drawStoreOf } from '../src/app/persist/drawStores';
import { FitStorage } from '../src/app/persist/fitStorage';

function fit(P: number, chains: number, iter: number): PersistedFit {
  // AR(1) draws with 52-bit noise: compress as real MCMC draws do (poorly), unlike a short LCG.
  const S = SAMPLER_STAT_NAMES.length;
  return {
    id: 'big', name: 'insteval-size', createdAt: new Date().toISOString(),
    model: { formula: 'y ~ 1 + (1 | s) + (1 | d)', family: 'gaussian', priors: [] },
    settings: { ...DEFAULT_SETTINGS, chains, warmup: 0, iter }, status: 'done', stopReason: null, wallSeconds: 1, nObs: 3, dropped: [],
    names: Array.from({ length: P }, (_, i) => `r_s[${i},Intercept]`),
    chains: Array.from({ length: chains }, () => {
      const draws = new Float64Array(iter * P);
      const prev = new Float64Array(P);
      for (let i = 0; i < iter; i++) for (let p = 0; p < P; p++) { prev[p] = 0.5 * prev[p] + Math.random() - 0.5; draws[i * P + p] = 0.1 * p + prev[p]; }
      const stats = new Float64Array(iter * S).map(() => Math.random());
      return { nWarmup: 0, nIterations: iter, draws, stats, warmupSeconds: 1, samplingSeconds: 1, gradientEvaluations: 1, checkpoint: null };
    }),
  };
}

const table: DataTable = { name: 't.csv', nRows: 3, columns: [{ name: 'y', raw: rawCellsFromStrings(['1', '2', '3']), missing: new Uint8Array(3), numeric: Float64Array.from([1, 2, 3]), type: 'numeric', asFactor: false, nMissing: 0 }] };

const longTasks: number[] = [];
new PerformanceObserver((l) => { for (const e of l.getEntries()) longTasks.push(e.duration); }).observe({ type: 'longtask', buffered: false });

async function step<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; longTasks: number[] }> {
  await new Promise((r) => setTimeout(r, 200));
  longTasks.length = 0;
  const t0 = performance.now();
  const value = await fn();
  const ms = Math.round(performance.now() - t0);
  await new Promise((r) => setTimeout(r, 200));
  return { value, ms, longTasks: longTasks.map((d) => Math.round(d)) };
}

(window as unknown as { persistBench: (P: number) => Promise<unknown> }).persistBench = async (P: number) => {
  const f = fit(P, 4, 1000);
  const drawsMB = +(f.chains.reduce((s, c) => s + c.draws.byteLength, 0) / 1e6).toFixed(1);
  // The compression worker as the app's bundle would start it (served by bench/persistBrowser.mjs).
  const write = await step(() => sessionFileBlob([{ fit: f, table }], { worker: () => new Worker('/gz.js') }));
  const writeHere = await step(() => sessionFileBlob([{ fit: f, table }], { worker: () => null }));
  const read = await step(() => openSessionFile(write.value));
  const opened = read.value.kind === 'fits' ? read.value.fits[0].fit : null;
  const store = await step(() => drawStoreOf(opened!));
  const s = await FitStorage.open();
  const save = await step(() => s.save(f, table, 2 ** 30));
  const load = await step(() => s.loadAll());
  const exact = load.value.entries[0].fit.chains.every((c, i) => c.draws.every((x, k) => Object.is(x, f.chains[i].draws[k])));
  await s.delete('big');
  const out = (r: { ms: number; longTasks: number[] }) => ({ ms: r.ms, longTasksOver50ms: r.longTasks });
  return {
    drawsMB, fileMB: +(write.value.size / 1e6).toFixed(1), exact, saved: save.value.ok,
    writeSessionFile: out(write), writeSessionFileCompressingOnThePage: out(writeHere), openSessionFile: out(read), drawStoreOf: out(store), indexedDbSave: out(save), indexedDbLoad: out(load),
  };
};
