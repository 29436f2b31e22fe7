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
  /**
   * Argsort of split.values when the split chains hold all draws in the same storage (even n,
   * or n = 1), else null.
   */
  splitOrder: Uint32Array | null;
}

export class DrawsWorkspace {
  private packed: Float64Array = new Float64Array(0);
  private sortedBuffer: Float64Array = new Float64Array(0);
  private splitBuffer: Float64Array = new Float64Array(0);
  private orderBuffer: Uint32Array = new Uint32Array(0);
  private foldedOrderBuffer: Uint32Array = new Uint32Array(0);

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
    const even = x.iterations % 2 === 0 || x.iterations === 1;
    let split: ChainMatrix;
    if (even) {
      split = splitChains(x);
    } else {
      const half = Math.floor(x.iterations / 2);
      this.splitBuffer = ensureCapacity(this.splitBuffer, 2 * x.chains * half);
      split = splitChains(x, this.splitBuffer);
    }
    return { x, sorted, order, finite, noNaN, constant, split, splitOrder: even ? order : null };
  }

  /**
   * Argsort of |x - center| from the argsort of x in O(S): the deviations left and right of
   * `center` are two monotone runs, merged from the centre outwards. Exact, since
   * fl(c - v) = |fl(v - c)|. `sorted` and `order` describe the same values as `d.x`.
   */
  foldedOrder(d: PreparedDraws, center: number): Uint32Array {
    const { sorted, order } = d;
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
