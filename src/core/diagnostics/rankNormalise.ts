import qnorm from '@stdlib/stats-base-dists-normal-quantile';
import { ensureCapacity, type ChainMatrix } from './chainMatrix';
import { lowerBound, upperBound } from './quantile7';

/**
 * Rank normalisation (posterior's z_scale; Vehtari et al. 2021, eq. 14): rank all draws jointly
 * with average ranks for ties, then z = qnorm((r - 3/8) / (S - 2 * 3/8 + 1)) (Blom 1958).
 *
 * Average ranks are always multiples of 1/2, so qnorm is tabulated once per S at index 2r and
 * shared by every parameter with the same number of draws (this is what makes a 300-parameter
 * summary cheap). Ranks come from two binary searches in a sorted copy:
 * r = (#{< v} + 1 + #{<= v}) / 2.
 */

const BLOM = 3 / 8;
let tableSize = -1;
let zTable: Float64Array = new Float64Array(0);

function zForDoubledRank(twiceRank: number, S: number): number {
  if (S !== tableSize) {
    tableSize = S;
    zTable = new Float64Array(2 * S + 2).fill(NaN);
  }
  let z = zTable[twiceRank];
  if (z !== z) {
    z = qnorm((twiceRank / 2 - BLOM) / (S - 2 * BLOM + 1), 0, 1);
    zTable[twiceRank] = z;
  }
  return z;
}

let sortScratch: Float64Array = new Float64Array(0);
let zScratch: Float64Array = new Float64Array(0);

/**
 * Rank-normalised copy of x (same chains/iterations). NaN draws stay NaN (posterior sets
 * z[is.na(x)] <- NA), so the validity gate of the next step reports NA.
 * `sorted`: optional ascending copy of x.values (NaN last) when the caller already has one.
 * `out`: where to write (default: a module scratch buffer reused by the next call).
 */
export function zScale(x: ChainMatrix, sorted?: Float64Array, out?: Float64Array): ChainMatrix {
  const S = x.values.length;
  let sortedValues = sorted;
  if (!sortedValues) {
    sortScratch = ensureCapacity(sortScratch, S);
    sortedValues = sortScratch.subarray(0, S);
    sortedValues.set(x.values);
    sortedValues.sort();
  }
  let buffer = out;
  if (!buffer || buffer.length < S) {
    zScratch = ensureCapacity(zScratch, S);
    buffer = zScratch;
  }
  // NaN sorts last; ranks are taken among the non-NaN values as R's rank() does for them.
  let finiteCount = S;
  while (finiteCount > 0 && Number.isNaN(sortedValues[finiteCount - 1])) finiteCount--;
  const values = x.values;
  for (let i = 0; i < S; i++) {
    const v = values[i];
    if (v !== v) { buffer[i] = NaN; continue; }
    const below = lowerBound(sortedValues, v, finiteCount);
    const atOrBelow = upperBound(sortedValues, v, finiteCount);
    buffer[i] = zForDoubledRank(below + 1 + atOrBelow, S);
  }
  return { values: buffer.subarray(0, S), chains: x.chains, iterations: x.iterations };
}
