// Memory a run's draws will take, estimated before it starts (issue 22 item 7), so a run that
// cannot fit is refused with a message instead of failing with "Invalid typed array length" or
// taking the machine's memory. Both shells keep every draw as a float64 (8 bytes); what else they
// hold per draw:
// - CLI (src/cli/runThreads.ts): per chain one iter x P draws array and one iter x 7 stats array
//   on the main thread; the summary then transposes all draws into one parameter-major copy
//   (core/diagnostics/summary.ts summariseDraws, or the blocks sent to the threads):
//   8 * chains * iter * (2P + 7) bytes. The threads' batch buffers are a few rows each.
// - Browser (src/client/drawStore.ts): per chain every iteration, warmup included, draws and
//   stats, allocated at once for warmup + iter rows; each diagnostics refresh copies the
//   post-warmup draws and transfers them to the analysis worker, which transposes them again:
//   8 * chains * ((warmup + iter) * (P + 7) + 2 * iter * P) bytes.
// Checked on sleepstudy (P = 42): --iter 5000000 --chains 1 estimates 3.64 GB; the run measured
// 3.9 GB (issue 22), the rest being the process itself.
import { SAMPLER_STAT_NAMES } from '../types';

const BYTES = 8;
const N_STATS = SAMPLER_STAT_NAMES.length;

/** V8's largest typed array (Node 20 and later, Chromium): 2^32 elements; one more is a RangeError. */
export const MAX_TYPED_ARRAY_LENGTH = 2 ** 32;

/**
 * The browser refuses a run above this many bytes: browsers commonly end a tab's process at a few
 * GB (the 90 MB CSV of issue 22 took Chromium to 5.9 GB), and the page itself needs some.
 */
export const BROWSER_HARD_LIMIT_BYTES = 4e9;
/** Above this the browser runs but says that the tab may run out of memory. */
export const BROWSER_WARN_BYTES = 1e9;

export type RunHost = 'cli' | 'browser';

export interface RunSize {
  chains: number;
  warmup: number;
  /** Post-warmup draws per chain. */
  iter: number;
  /** Output parameters (draws CSV columns before the sampler stats). */
  parameters: number;
}

export interface RunMemory {
  bytes: number;
  /** Elements of the largest single typed array the run allocates. */
  largestArray: number;
}

export function estimateRunMemory(run: RunSize, host: RunHost): RunMemory {
  const { chains, warmup, iter, parameters: P } = run;
  if (host === 'cli') {
    return { bytes: BYTES * chains * iter * (2 * P + N_STATS), largestArray: Math.max(iter * P, chains * iter * P) };
  }
  return {
    bytes: BYTES * chains * ((warmup + iter) * (P + N_STATS) + 2 * iter * P),
    largestArray: Math.max((warmup + iter) * P, chains * iter * P),
  };
}

export interface MemoryVerdict extends RunMemory {
  /** bytes <= limit and every array within MAX_TYPED_ARRAY_LENGTH. */
  fits: boolean;
  limit: number;
  /** The most post-warmup draws per chain that fit with the same chains and warmup (0: none do). */
  maxIter: number;
}

/** Checks a run against a byte limit; maxIter solves the (linear in iter) estimate for the limit. */
export function checkRunMemory(run: RunSize, host: RunHost, limitBytes: number): MemoryVerdict {
  const est = estimateRunMemory(run, host);
  const fits = est.bytes <= limitBytes && est.largestArray <= MAX_TYPED_ARRAY_LENGTH;
  const base = estimateRunMemory({ ...run, iter: 0 }, host);
  const perIter = estimateRunMemory({ ...run, iter: 1 }, host).bytes - base.bytes;
  let maxIter = perIter > 0 ? Math.floor((limitBytes - base.bytes) / perIter) : Number.MAX_SAFE_INTEGER;
  const P = Math.max(1, run.parameters);
  maxIter = Math.min(maxIter, Math.floor(MAX_TYPED_ARRAY_LENGTH / (Math.max(1, run.chains) * P)));
  if (host === 'browser') maxIter = Math.min(maxIter, Math.floor(MAX_TYPED_ARRAY_LENGTH / P) - run.warmup);
  return { ...est, fits, limit: limitBytes, maxIter: Math.max(0, maxIter) };
}

/** "3.6 GB", "950 MB" (decimal units, as memory is usually quoted). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e12) return `${(bytes / 1e12).toPrecision(3)} TB`;
  if (bytes >= 1e10) return `${Math.round(bytes / 1e9)} GB`;
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  return `${Math.max(1, Math.round(bytes / 1e6))} MB`;
}
