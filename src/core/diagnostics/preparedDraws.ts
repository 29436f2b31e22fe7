import { ensureCapacity, packChains, type ChainMatrix } from './chainMatrix';
import { lowerBound } from './quantile7';
import { rankOrder } from './rankOrder';
import { splitChains } from './splitChains';
import { CONSTANT_TOLERANCE } from './validity';

/**
 * The draws of one quantity with what every diagnostic needs computed once: the chain matrix, a
 * sorted copy (median, quantiles, MCSE of quantiles, ranks), the validity flags and the split
 * chains. Buffers belong to a workspace and are overwritten by its next `prepare`.
 */
export interface PreparedDraws {
  x: ChainMatrix;
  /** x.values sorted ascending (NaN last). */
  sorted: Float64Array;
  /** Argsort of x.values: sorted[k] = x.values[order[k]]. */
  order: Uint32Array;
  /** No NaN or infinite draw. */
  finite: boolean;
  /** No NaN draw (infinite draws still have ranks). */
  noNaN: boolean;
  /** max - min < eps (posterior's is_constant); only meaningful when finite. */
  constant: boolean;
  /** Split chains (a view of x when the number of iterations is even). */
  split: ChainMatrix;
  /** Argsort of split.values (the full argsort when the split is a view: even n, or n = 1). */
  splitOrder: Uint32Array;
  /** split.values sorted ascending (NaN last). */
  splitSorted: Float64Array;
}

export class DrawsWorkspace {
  private packed: Float64Array = new Float64Array(0);
  private sortedBuffer: Float64Array = new Float64Array(0);
  private splitBuffer: Float64Array = new Float64Array(0);
  private orderBuffer: Uint32Array = new Uint32Array(0);
  private foldedOrderBuffer: Uint32Array = new Uint32Array(0);
  private splitOrderBuffer: Uint32Array = new Uint32Array(0);
  private splitSortedBuffer: Float64Array = new Float64Array(0);

  /** Packs public input (one Float64Array per chain) and prepares it. */
  prepareChains(chains: readonly Float64Array[], what?: string): PreparedDraws {
    const { matrix, buffer } = packChains(chains, this.packed, what);
    this.packed = buffer;
    return this.prepare(matrix);
  }

  /** Prepares a chain matrix (not copied: keep it unchanged while using the result). */
  prepare(x: ChainMatrix): PreparedDraws {
    const S = x.values.length;
    this.sortedBuffer = ensureCapacity(this.sortedBuffer, S);
    const sorted = this.sortedBuffer.subarray(0, S);
    if (this.orderBuffer.length < S) this.orderBuffer = new Uint32Array(Math.max(S, this.orderBuffer.length * 2));
    const order = this.orderBuffer.subarray(0, S);
    rankOrder(x.values, order, S);
    for (let k = 0; k < S; k++) sorted[k] = x.values[order[k]];
    const lo = sorted[0];
    const hi = sorted[S - 1];
    const noNaN = !Number.isNaN(hi);
    const finite = Number.isFinite(lo) && Number.isFinite(hi);
    const constant = finite && Math.abs(hi - lo) < CONSTANT_TOLERANCE;
    const n = x.iterations;
    if (n % 2 === 0 || n === 1) {
      return { x, sorted, order, finite, noNaN, constant, split: splitChains(x), splitOrder: order, splitSorted: sorted };
    }
    // odd n: the split drops each chain's middle draw; filter it out of the full argsort (O(S))
    // and map chain-major indices to split storage, instead of sorting again
    const half = (n - 1) / 2;
    const splitSize = 2 * x.chains * half;
    this.splitBuffer = ensureCapacity(this.splitBuffer, splitSize);
    const split = splitChains(x, this.splitBuffer);
    if (this.splitOrderBuffer.length < splitSize) this.splitOrderBuffer = new Uint32Array(Math.max(splitSize, 2 * this.splitOrderBuffer.length));
    this.splitSortedBuffer = ensureCapacity(this.splitSortedBuffer, splitSize);
    const splitOrder = this.splitOrderBuffer.subarray(0, splitSize);
    const splitSorted = this.splitSortedBuffer.subarray(0, splitSize);
    let k = 0;
    for (let r = 0; r < S; r++) {
      const index = order[r];
      const c = Math.floor(index / n);
      const i = index - c * n;
      if (i === half) continue;
      splitOrder[k] = i < half ? 2 * c * half + i : (2 * c + 1) * half + (i - half - 1);
      splitSorted[k] = sorted[r];
      k++;
    }
    return { x, sorted, order, finite, noNaN, constant, split, splitOrder, splitSorted };
  }

  /**
   * Argsort of |x - center| from the argsort of x in O(S): the deviations left and right of
   * `center` are two monotone runs, merged from the centre outwards. Exact, since
   * fl(c - v) = |fl(v - c)|. `sorted[k]` is the value at index `order[k]`.
   */
  foldedOrder(sorted: Float64Array, order: Uint32Array, center: number): Uint32Array {
    const S = sorted.length;
    if (this.foldedOrderBuffer.length < S) this.foldedOrderBuffer = new Uint32Array(Math.max(S, this.foldedOrderBuffer.length * 2));
    const out = this.foldedOrderBuffer.subarray(0, S);
    let right = lowerBound(sorted, center);
    let left = right - 1;
    for (let k = 0; k < S; k++) {
      const dl = left >= 0 ? center - sorted[left] : Infinity;
      const dr = right < S ? sorted[right] - center : Infinity;
      if (left >= 0 && (dl <= dr || right >= S)) { out[k] = order[left]; left--; } else { out[k] = order[right]; right++; }
    }
    return out;
  }
}

/** Workspace shared by the public one-quantity functions (JS is single-threaded per worker). */
export const defaultWorkspace = new DrawsWorkspace();
