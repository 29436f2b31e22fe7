// Between a persisted fit's chains and the DrawStore the views read: a store is filled a slice of
// rows at a time (one chunk's worth of values), yielding to the page between slices, so a 100 MB
// fit restored on load never blocks the page; the other way, the store's arrays are referenced
// (views), never copied whole (the codec copies one chunk at a time as it writes).
import { SAMPLER_STAT_NAMES } from '../../core/types';
import { DrawStore } from '../../client/drawStore';
import type { ChainProgress } from '../../client/runController';
import type { ChainCheckpoint } from '../../../workers/protocol';
import { CHUNK, Pacer } from './binary';
import type { PersistedChain, PersistedFit } from './fitCodec';

const N_STATS = SAMPLER_STAT_NAMES.length;

/** A DrawStore holding the fit's draws (warmup first), filled in slices. */
export async function drawStoreOf(fit: Pick<PersistedFit, 'names' | 'chains'>): Promise<DrawStore> {
  const P = fit.names.length;
  const store = new DrawStore(fit.names, fit.chains.length, Math.max(0, ...fit.chains.map((c) => c.nIterations)));
  const rowsPerSlice = Math.max(1, Math.floor(CHUNK / Math.max(P, N_STATS)));
  const pacer = new Pacer();
  for (const [i, ch] of fit.chains.entries()) {
    for (let from = 0; from < ch.nIterations; from += rowsPerSlice) {
      const to = Math.min(ch.nIterations, from + rowsPerSlice);
      const cut = (a: number, b: number) => ({ draws: ch.draws.subarray(a * P, b * P), stats: ch.stats.subarray(a * N_STATS, b * N_STATS) });
      // A slice may straddle the end of warmup: its two parts go in as their phases.
      if (from < ch.nWarmup) store.append(i + 1, { phase: 'warmup', count: Math.min(to, ch.nWarmup) - from, ...cut(from, Math.min(to, ch.nWarmup)) });
      if (to > ch.nWarmup) { const a = Math.max(from, ch.nWarmup); store.append(i + 1, { phase: 'sampling', count: to - a, ...cut(a, to) }); }
      await pacer.step();
    }
  }
  return store;
}

/** The chains' progress rows of a restored fit (every chain ended). */
export function progressOf(fit: Pick<PersistedFit, 'chains'>): ChainProgress[] {
  return fit.chains.map((ch) => ({
    phase: 'done', iterationsDone: ch.nIterations, totalIterations: ch.nIterations,
    warmupSeconds: ch.warmupSeconds, samplingSeconds: ch.samplingSeconds, gradientEvaluations: ch.gradientEvaluations,
  }));
}

/** A store's chains as a persisted fit's (views into the store, not copies). */
export function chainsOf(store: DrawStore, progress: readonly (ChainProgress | undefined)[], checkpoints: readonly (ChainCheckpoint | null | undefined)[] = []): PersistedChain[] {
  return Array.from({ length: store.nChains }, (_, i) => {
    const ch = store.chain(i + 1);
    const p = progress[i];
    return {
      nWarmup: ch.nWarmup, nIterations: ch.nIterations, draws: ch.draws, stats: ch.stats,
      warmupSeconds: p?.warmupSeconds ?? 0, samplingSeconds: p?.samplingSeconds ?? 0, gradientEvaluations: p?.gradientEvaluations ?? 0,
      checkpoint: checkpoints[i] ?? null,
    };
  });
}
