import qnorm from '@stdlib/stats-base-dists-normal-quantile';
import { ensureCapacity, type ChainMatrix } from './chainMatrix';
import { rankOrder } from './rankOrder';

/**
 * Rank normalisation (posterior's z_scale; Vehtari et al. 2021, eq. 14): rank all draws jointly
 * with average ranks for ties, then z = qnorm((r - 3/8) / (S - 2 * 3/8 + 1)) (Blom 1958).
 *
 * Average ranks are always multiples of 1/2, so qnorm is tabulated once per S at index 2r and
 * shared by every parameter with the same number of draws (this is what makes a 300-parameter
 * summary cheap). Ranks come from walking the values in sorted order (`order`, an argsort).
 */

const BLOM = 3 / 8;
let tableSize = -1;
let zTable: Float64Array = new Float64Array(0);

/** qnorm((r - 3/8) / (S + 1/4)) for the rank r = twiceRank / 2, cached per S. */
export function blomScore(twiceRank: number, S: number): number {
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

let orderScratch: Uint32Array = new Uint32Array(0);
let zScratch: Float64Array = new Float64Array(0);

/**
 * Rank-normalised copy of x (same chains/iterations). NaN draws stay NaN (posterior sets
 * z[is.na(x)] <- NA), so the validity gate of the next step reports NA.
 * `order`: optional argsort of x.values when the caller already has one.
 * `out`: where to write (default: a module scratch buffer reused by the next call).
 */
export function zScale(x: ChainMatrix, order?: Uint32Array, out?: Float64Array): ChainMatrix {
  const values = x.values;
  const S = values.length;
  let idx = order;
  if (!idx) {
    if (orderScratch.length < S) orderScratch = new Uint32Array(Math.max(S, orderScratch.length * 2));
    rankOrder(values, orderScratch, S);
    idx = orderScratch;
  }
  let buffer = out;
  if (!buffer || buffer.length < S) {
    zScratch = ensureCapacity(zScratch, S);
    buffer = zScratch;
  }
  let k = 0;
  while (k < S) {
    const v = values[idx[k]];
    if (v !== v) { buffer[idx[k]] = NaN; k++; continue; }
    let j = k;
    while (j + 1 < S && values[idx[j + 1]] === v) j++;
    // ranks k+1 .. j+1 share their average (k + j + 2) / 2
    const z = blomScore(k + j + 2, S);
    for (let t = k; t <= j; t++) buffer[idx[t]] = z;
    k = j + 1;
  }
  return { values: buffer.subarray(0, S), chains: x.chains, iterations: x.iterations };
}
