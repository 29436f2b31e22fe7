/**
 * Benchmark: a session file of an InstEval-size fit (about 100 MB of draws: 3,200 parameters x 4
 * chains x 1,000 iterations) written through the streamed format-3 writer and read back, in Node:
 * time, file size, the longest stretch the event loop was blocked (a proxy for the page's longest
 * task: every read and write step awaits the stream between chunks) and the heap high-water mark.
 *
 *   npx esbuild bench/persistSession.ts --bundle --platform=node --format=esm --outfile=/tmp/bench-persist.mjs && node --expose-gc /tmp/bench-persist.mjs [params]
 */
import { DEFAULT_SETTINGS, SAMPLER_STAT_NAMES } from '../src/core/types';
import { rawCellsFromStrings } from '../src/core/io/rawCells';
import type { DataTable } from '../src/core/types';
import type { PersistedFit } from '../src/app/persist/fitCodec';
import { openSessionFile, sessionFileBlob } from '../src/app/persist/sessionFile';
import { drawStoreOf } from '../src/app/persist/drawStores';

const P = Number(process.argv[2] ?? 3200);
const CHAINS = 4;
const ITER = 1000;
const S = SAMPLER_STAT_NAMES.length;

function fit(): PersistedFit {
  let u = 1;
  const rand = () => { u = (u * 1103515245 + 12345) % 2147483648; return u / 2147483648; };
  return {
    id: 'big', name: 'insteval-size', createdAt: new Date().toISOString(),
    model: { formula: 'y ~ 1 + (1 | s) + (1 | d)', family: 'gaussian', priors: [] },
    settings: { ...DEFAULT_SETTINGS, chains: CHAINS, warmup: 0, iter: ITER }, status: 'done', stopReason: null, wallSeconds: 1, nObs: 3, dropped: [],
    names: Array.from({ length: P }, (_, i) => `r_s[${i},Intercept]`),
    chains: Array.from({ length: CHAINS }, () => {
      const draws = new Float64Array(ITER * P);
      for (let i = 0; i < draws.length; i++) draws[i] = rand() - 0.5;
      const stats = new Float64Array(ITER * S).map(() => rand());
      return { nWarmup: 0, nIterations: ITER, draws, stats, warmupSeconds: 1, samplingSeconds: 1, gradientEvaluations: 1, checkpoint: null };
    }),
  };
}

const table: DataTable = { name: 't.csv', nRows: 3, columns: [{ name: 'y', raw: rawCellsFromStrings(['1', '2', '3']), missing: new Uint8Array(3), numeric: Float64Array.from([1, 2, 3]), type: 'numeric', asFactor: false, nMissing: 0 }] };

/** The longest gap between event-loop turns while `fn` runs. */
async function blocked<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; maxGapMs: number }> {
  let last = performance.now();
  let maxGap = 0;
  let on = true;
  const tick = () => { const now = performance.now(); maxGap = Math.max(maxGap, now - last); last = now; if (on) setImmediate(tick); };
  setImmediate(tick);
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  on = false;
  return { value, ms, maxGapMs: maxGap };
}

const f = fit();
const drawBytes = f.chains.reduce((s, c) => s + c.draws.byteLength, 0);
const w = await blocked(() => sessionFileBlob([{ fit: f, table }]));
const r = await blocked(() => openSessionFile(w.value));
const opened = r.value.kind === 'fits' ? r.value.fits[0].fit : null;
const s = await blocked(() => drawStoreOf(opened!));
const same = opened!.chains.every((c, i) => Buffer.from(c.draws.buffer).equals(Buffer.from(f.chains[i].draws.buffer)));
console.log(JSON.stringify({
  drawsMB: +(drawBytes / 1e6).toFixed(1), fileMB: +(w.value.size / 1e6).toFixed(1), exact: same,
  write: { ms: Math.round(w.ms), longestBlockMs: +w.maxGapMs.toFixed(1) },
  read: { ms: Math.round(r.ms), longestBlockMs: +r.maxGapMs.toFixed(1) },
  drawStore: { ms: Math.round(s.ms), longestBlockMs: +s.maxGapMs.toFixed(1) },
  heapHighMB: Math.round(process.memoryUsage().rss / 1e6),
}, null, 1));
