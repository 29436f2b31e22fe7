// The main-thread store of streamed draws: per chain, every iteration (warmup first, then
// sampling, then any "sample more" continuation) in one contiguous row-major buffer that grows
// by capacity doubling, so appending a batch copies only the batch (amortised O(1) per row) and
// readers get subarray views without copying.
import { SAMPLER_STAT_NAMES } from '../core/types';
import type { BatchEvent, ChainPhase } from '../../workers/protocol';

const N_STATS = SAMPLER_STAT_NAMES.length;

/** One chain's buffers. Rows [0, nWarmup) are warmup; [nWarmup, nIterations) are sampling. */
export interface ChainDraws {
  /** nIterations x nParams, row-major (a view: valid until the next append). */
  draws: Float64Array;
  /** nIterations x 7 (SAMPLER_STAT_NAMES order). */
  stats: Float64Array;
  nIterations: number;
  nWarmup: number;
}

class GrowingChain {
  draws: Float64Array;
  stats: Float64Array;
  n = 0;
  nWarmup = 0;

  constructor(private readonly nParams: number, initialRows: number) {
    this.draws = new Float64Array(initialRows * nParams);
    this.stats = new Float64Array(initialRows * N_STATS);
  }

  reserve(rows: number): void {
    const have = this.stats.length / N_STATS;
    if (rows <= have) return;
    let cap = Math.max(have, 16);
    while (cap < rows) cap *= 2;
    const d = new Float64Array(cap * this.nParams);
    d.set(this.draws.subarray(0, this.n * this.nParams));
    const s = new Float64Array(cap * N_STATS);
    s.set(this.stats.subarray(0, this.n * N_STATS));
    this.draws = d;
    this.stats = s;
  }

  append(phase: ChainPhase, count: number, draws: Float64Array, stats: Float64Array): void {
    if (phase === 'warmup' && this.n !== this.nWarmup) {
      throw new Error('DrawStore: warmup draws arrived after sampling draws for the same chain');
    }
    this.reserve(this.n + count);
    this.draws.set(draws.subarray(0, count * this.nParams), this.n * this.nParams);
    this.stats.set(stats.subarray(0, count * N_STATS), this.n * N_STATS);
    this.n += count;
    if (phase === 'warmup') this.nWarmup += count;
  }
}

export class DrawStore {
  readonly names: string[];
  readonly nParams: number;
  readonly nChains: number;
  /** Increments on every append; cheap change detection for requestAnimationFrame redraws. */
  version = 0;
  private readonly chains: GrowingChain[];
  private readonly listeners = new Set<() => void>();

  /** `expectedRows`: iterations per chain expected, to size the buffers once when known. */
  constructor(names: string[], nChains: number, expectedRows = 0) {
    if (!(nChains >= 1)) throw new Error(`DrawStore needs at least one chain (got ${nChains})`);
    this.names = names.slice();
    this.nParams = names.length;
    this.nChains = nChains;
    this.chains = Array.from({ length: nChains }, () => new GrowingChain(this.nParams, expectedRows));
  }

  /** Appends a batch for chain `chainId` (1-based). The batch buffers are copied, not kept. */
  append(chainId: number, batch: Pick<BatchEvent, 'phase' | 'count' | 'draws' | 'stats'>): void {
    const chain = this.chain0(chainId);
    if (batch.draws.length < batch.count * this.nParams || batch.stats.length < batch.count * N_STATS) {
      throw new Error(`DrawStore: batch for chain ${chainId} is shorter than its count (${batch.count} rows)`);
    }
    chain.append(batch.phase, batch.count, batch.draws, batch.stats);
    this.version++;
    for (const fn of this.listeners) fn();
  }

  /** Empties chain `chainId` (1-based), which then runs again from its first iteration. */
  clearChain(chainId: number): void {
    const c = this.chain0(chainId);
    c.n = 0;
    c.nWarmup = 0;
    this.version++;
    for (const fn of this.listeners) fn();
  }

  /** Calls fn after each append; returns the unsubscribe function. */
  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => { this.listeners.delete(fn); };
  }

  /** Everything chain `chainId` (1-based) holds, as views. */
  chain(chainId: number): ChainDraws {
    const c = this.chain0(chainId);
    return {
      draws: c.draws.subarray(0, c.n * this.nParams),
      stats: c.stats.subarray(0, c.n * N_STATS),
      nIterations: c.n,
      nWarmup: c.nWarmup,
    };
  }

  nIterations(chainId: number): number { return this.chain0(chainId).n; }
  nWarmup(chainId: number): number { return this.chain0(chainId).nWarmup; }
  nSampling(chainId: number): number { const c = this.chain0(chainId); return c.n - c.nWarmup; }

  /** Post-warmup draws of a chain: nSampling x nParams view. */
  samplingDraws(chainId: number): Float64Array {
    const c = this.chain0(chainId);
    return c.draws.subarray(c.nWarmup * this.nParams, c.n * this.nParams);
  }

  /** Post-warmup sampler stats of a chain: nSampling x 7 view. */
  samplingStats(chainId: number): Float64Array {
    const c = this.chain0(chainId);
    return c.stats.subarray(c.nWarmup * N_STATS, c.n * N_STATS);
  }

  /** One parameter's trace (a copy), warmup included or not. */
  trace(chainId: number, param: number | string, includeWarmup = false): Float64Array {
    const p = typeof param === 'number' ? param : this.names.indexOf(param);
    if (p < 0 || p >= this.nParams) throw new Error(`DrawStore: unknown parameter ${String(param)}`);
    const c = this.chain0(chainId);
    const from = includeWarmup ? 0 : c.nWarmup;
    const out = new Float64Array(c.n - from);
    for (let i = from, k = 0; i < c.n; i++, k++) out[k] = c.draws[i * this.nParams + p];
    return out;
  }

  /** One sampler stat (by name) for the post-warmup draws (or all iterations). */
  stat(chainId: number, name: (typeof SAMPLER_STAT_NAMES)[number], includeWarmup = false): Float64Array {
    const s = SAMPLER_STAT_NAMES.indexOf(name);
    const c = this.chain0(chainId);
    const from = includeWarmup ? 0 : c.nWarmup;
    const out = new Float64Array(c.n - from);
    for (let i = from, k = 0; i < c.n; i++, k++) out[k] = c.stats[i * N_STATS + s];
    return out;
  }

  /**
   * The input src/core/diagnostics' summariseDraws expects: post-warmup draws per chain, cut
   * to the shortest chain so every chain has the same length (a stopped run's chains differ).
   */
  diagnosticsInput(): { names: string[]; chains: Float64Array[]; nIterations: number[] } {
    let n = Infinity;
    for (let c = 1; c <= this.nChains; c++) n = Math.min(n, this.nSampling(c));
    const chains: Float64Array[] = [];
    const nIterations: number[] = [];
    for (let c = 1; c <= this.nChains; c++) {
      chains.push(this.samplingDraws(c).subarray(0, n * this.nParams));
      nIterations.push(n);
    }
    return { names: this.names.slice(), chains, nIterations };
  }

  private chain0(chainId: number): GrowingChain {
    const c = this.chains[chainId - 1];
    if (!c) throw new Error(`DrawStore: chain ${chainId} is out of range 1..${this.nChains}`);
    return c;
  }
}
