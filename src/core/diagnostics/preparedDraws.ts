import { ensureCapacity, packChains, type ChainMatrix } from './chainMatrix';
import { lowerBound } from './quantile7';
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
  /** No NaN or infinite draw. */
  finite: boolean;
  /** No NaN draw (infinite draws still have ranks). */
  noNaN: boolean;
  /** max - min < eps (posterior's is_constant); only meaningful when finite. */
  constant: boolean;
  /** Split chains (a view of x when the number of iterations is even). */
  split: ChainMatrix;
  /** Sorted split values when they are the same set as all draws (even n, or n = 1), else null. */
  splitSorted: Float64Array | null;
}

export class DrawsWorkspace {
  private packed: Float64Array = new Float64Array(0);
  private sortedBuffer: Float64Array = new Float64Array(0);
  private splitBuffer: Float64Array = new Float64Array(0);
  private foldedSortedBuffer: Float64Array = new Float64Array(0);

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
    sorted.set(x.values);
    sorted.sort();
    const lo = sorted[0];
    const hi = sorted[S - 1];
    const noNaN = !Number.isNaN(hi);
    const finite = Number.isFinite(lo) && Number.isFinite(hi);
    const constant = finite && Math.abs(hi - lo) < CONSTANT_TOLERANCE;
    const even = x.iterations % 2 === 0 || x.iterations === 1;
    let split: ChainMatrix;
    if (even) {
      split = splitChains(x);
    } else {
      const half = Math.floor(x.iterations / 2);
      this.splitBuffer = ensureCapacity(this.splitBuffer, 2 * x.chains * half);
      split = splitChains(x, this.splitBuffer);
    }
    return { x, sorted, finite, noNaN, constant, split, splitSorted: even ? sorted : null };
  }

  /**
   * |v - center| of sorted values, sorted, in O(S): the deviations left and right of `center`
   * are two monotone runs merged from the centre outwards. Exact: fl(c - v) = |fl(v - c)|.
   */
  foldedSorted(sorted: Float64Array, center: number): Float64Array {
    const S = sorted.length;
    this.foldedSortedBuffer = ensureCapacity(this.foldedSortedBuffer, S);
    const out = this.foldedSortedBuffer.subarray(0, S);
    let right = lowerBound(sorted, center);
    let left = right - 1;
    for (let k = 0; k < S; k++) {
      const dl = left >= 0 ? center - sorted[left] : Infinity;
      const dr = right < S ? sorted[right] - center : Infinity;
      if (left >= 0 && (dl <= dr || right >= S)) { out[k] = dl; left--; } else { out[k] = dr; right++; }
    }
    return out;
  }
}

/** Workspace shared by the public one-quantity functions (JS is single-threaded per worker). */
export const defaultWorkspace = new DrawsWorkspace();
