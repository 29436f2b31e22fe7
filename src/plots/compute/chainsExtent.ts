import type { ChainDraws } from '../types';
import { checkRange } from './checkRange';

/**
 * Smallest and largest finite value over `chains[c].values[start .. count)`, or null when there is
 * none. Non-finite draws are skipped (the charts report how many), never propagated as NaN.
 */
export function chainsExtent(chains: readonly ChainDraws[], start = 0): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (let c = 0; c < chains.length; c++) {
    const { values, count } = chains[c];
    checkRange(values, Math.min(start, count), count, `chainsExtent: chain ${c + 1}`);
    for (let i = start; i < count; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : null;
}
