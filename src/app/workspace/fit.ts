// One fit as the workspace sees it: a live ChainRun, or draws restored from a session file.
// Both hand out a DrawStore; the views read only through the helpers here.
import { SAMPLER_STAT_NAMES } from '../../core/types';
import type { ChainProgress, RunStatus } from '../../client/runController';
import type { DrawStore } from '../../client/drawStore';
import type { Fit } from './store/types';

export type { Fit } from './store/types';

const N_STATS = SAMPLER_STAT_NAMES.length;
const DIVERGENT = SAMPLER_STAT_NAMES.indexOf('divergent__');
const TREEDEPTH = SAMPLER_STAT_NAMES.indexOf('treedepth__');

/** A fit record with the defaults for the fields a maker does not set. */
export function makeFit(fields: Pick<Fit, 'id' | 'spec' | 'settings' | 'table' | 'source'> & Partial<Fit>): Fit {
  return Object.freeze({
    name: '', status: 'done', createdAt: Date.now(), wallSeconds: 0, stopReason: null, error: null,
    run: null, restored: null, checks: null, autoStop: null, external: null, loo: null,
    data: { name: fields.table.name, nRows: fields.table.nRows, nObs: 0, dropped: [] },
    ...fields,
  });
}

export const fitStore = (f: Fit): DrawStore | null => f.run?.store ?? f.restored?.store ?? null;
/** The fit's status in the run's words (the views were written for ChainRun's). */
export const fitStatus = (f: Fit): RunStatus => (f.status === 'failed' ? 'error' : f.status);
export const fitProgress = (f: Fit): ChainProgress[] => f.run?.progress ?? f.restored?.progress ?? [];
export const fitNObs = (f: Fit): number => f.run?.nObs || f.restored?.nObs || f.data.nObs;

/**
 * Chains (1-based ids) with post-warmup draws. A stopped run may have chains that never reached
 * sampling (or never started, when there are more chains than cores): they are left out.
 */
export function usableChains(store: DrawStore): number[] {
  const ids: number[] = [];
  for (let c = 1; c <= store.nChains; c++) if (store.nSampling(c) > 0) ids.push(c);
  return ids;
}

/** Post-warmup draws shared by every usable chain (a stopped run's chains may differ in length). */
export function commonDraws(store: DrawStore): number {
  let n = Infinity;
  for (const c of usableChains(store)) n = Math.min(n, store.nSampling(c));
  return Number.isFinite(n) ? n : 0;
}

/** Counts over post-warmup transitions; `scanned` remembers progress so each call reads only new rows. */
export class SamplerCounts {
  divergent = 0;
  treedepthHits = 0;
  private scanned: number[] = [];

  update(store: DrawStore, maxTreedepth: number): void {
    for (let c = 1; c <= store.nChains; c++) {
      const i = c - 1;
      const { stats, nIterations, nWarmup } = store.chain(c);
      let from = Math.max(this.scanned[i] ?? 0, nWarmup);
      for (; from < nIterations; from++) {
        const row = from * N_STATS;
        if (stats[row + DIVERGENT] === 1) this.divergent++;
        if (stats[row + TREEDEPTH] >= maxTreedepth) this.treedepthHits++;
      }
      this.scanned[i] = nIterations;
    }
  }
}

/**
 * Copies of the common post-warmup draws for the diagnostics worker (transferred, so they must
 * be fresh buffers), with energy__ per chain for E-BFMI.
 */
export function diagnosticsCopy(store: DrawStore): { names: string[]; chains: Float64Array[]; nIterations: number[]; energy: Float64Array[] } | null {
  const n = commonDraws(store);
  if (n < 1) return null;
  const P = store.nParams;
  const E = SAMPLER_STAT_NAMES.indexOf('energy__');
  const chains: Float64Array[] = [];
  const energy: Float64Array[] = [];
  for (const c of usableChains(store)) {
    chains.push(store.samplingDraws(c).slice(0, n * P));
    const stats = store.samplingStats(c);
    const e = new Float64Array(n);
    let known = false;
    for (let i = 0; i < n; i++) { e[i] = stats[i * N_STATS + E]; known ||= !Number.isNaN(e[i]); }
    // A fit opened from a file with no energy__ column (all NaN): no energies, so E-BFMI is NaN.
    energy.push(known ? e : new Float64Array(0));
  }
  return { names: store.names.slice(), chains, nIterations: chains.map(() => n), energy };
}

/** Pooled post-warmup draw k (0-based over chains, common length n each) as a view. */
export function pooledRow(store: DrawStore, k: number): Float64Array {
  const n = commonDraws(store);
  const ids = usableChains(store);
  const c = Math.floor(k / n);
  const i = k - c * n;
  const P = store.nParams;
  return store.samplingDraws(ids[c]).subarray(i * P, (i + 1) * P);
}

/** Pooled post-warmup draws (chains stacked, common length) as one row-major copy. */
export function pooledDraws(store: DrawStore): { rows: Float64Array; n: number } {
  const n = commonDraws(store);
  const P = store.nParams;
  const ids = usableChains(store);
  const rows = new Float64Array(n * ids.length * P);
  ids.forEach((c, k) => rows.set(store.samplingDraws(c).subarray(0, n * P), k * n * P));
  return { rows, n: n * ids.length };
}

/**
 * The status line of a stopped run: how many chains and draws the results use (every usable
 * chain cut to the shortest), why it stopped, and what Sample more will do.
 */
export function stoppedStatus(store: DrawStore | null, reason: string | null, plannedDraws: number): string {
  const ids = store ? usableChains(store) : [];
  const n = store ? commonDraws(store) : 0;
  const total = store?.nChains ?? 0;
  const fmt = (x: number) => x.toLocaleString('en-US');
  const head = `Stopped: ${ids.length} chain${ids.length === 1 ? '' : 's'} x ${fmt(n)} draws`;
  const missing = [];
  for (let c = 1; c <= total; c++) if (!ids.includes(c)) missing.push(c);
  const left = missing.length
    ? ` (chain${missing.length === 1 ? '' : 's'} ${missing.join(', ')} had no post-warmup draws yet)` : '';
  const why = reason ? ` ${reason}.` : '';
  return `${head}${left}.${why} Sample more continues every chain to ${fmt(plannedDraws)} draws.`;
}