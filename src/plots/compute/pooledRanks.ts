import type { ChainDraws } from '../types';
import { checkRange } from './checkRange';

/**
 * Ranks (1..N) of every draw among the pooled draws of all chains, ties given their average rank
 * (R's rank(ties.method = "average")), skipping each chain's first `start` entries. Rank plots
 * histogram these per chain (Vehtari et al. 2021, section 4.3).
 */
export function pooledRanks(chains: readonly ChainDraws[], start = 0): Float64Array[] {
  let total = 0;
  for (let c = 0; c < chains.length; c++) {
    const { values, count } = chains[c];
    checkRange(values, Math.min(start, count), count, `pooledRanks: chain ${c + 1}`);
    total += Math.max(0, count - start);
  }
  const pooled = new Float64Array(total);
  const owner = new Int32Array(total);
  let k = 0;
  for (let c = 0; c < chains.length; c++) {
    const { values, count } = chains[c];
    for (let i = start; i < count; i++, k++) {
      if (Number.isNaN(values[i])) {
        throw new Error(`pooledRanks: chain ${c + 1} draw ${i + 1} is NaN; ranks are undefined for NaN draws`);
      }
      pooled[k] = values[i];
      owner[k] = c;
    }
  }
  const order = new Int32Array(total);
  for (let i = 0; i < total; i++) order[i] = i;
  order.sort((a, b) => pooled[a] - pooled[b]);
  const rankOf = new Float64Array(total);
  for (let i = 0; i < total; ) {
    let j = i + 1;
    while (j < total && pooled[order[j]] === pooled[order[i]]) j++;
    const avg = (i + 1 + j) / 2; // mean of ranks i+1 .. j
    for (let t = i; t < j; t++) rankOf[order[t]] = avg;
    i = j;
  }
  const out: Float64Array[] = [];
  k = 0;
  for (let c = 0; c < chains.length; c++) {
    const n = Math.max(0, chains[c].count - start);
    out.push(rankOf.slice(k, k + n));
    k += n;
  }
  return out;
}
