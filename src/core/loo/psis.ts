/**
 * Pareto smoothed importance sampling for one observation (Vehtari, Gelman and Gabry 2017,
 * Statistics and Computing 27, 1413-1432; Vehtari, Simpson, Gelman, Yao and Gabry 2019), step by
 * step as loo 2.5.1's `loo:::do_psis_i`, `loo:::psis_smooth_tail` and `loo:::n_pareto`, with the
 * log ratios -log_lik of leave-one-out:
 *   1. lw = log_ratios - max(log_ratios);
 *   2. tail length M = ceiling(min(0.2 S, 3 sqrt(S / r_eff))); with M >= 5 (`enough_tail_samples`)
 *      the M largest lw (R's stable radix sort: among equal values the later draw ranks higher)
 *      are smoothed: unless they are all equal, fit a generalised Pareto to exp(tail) - exp(cutoff),
 *      cutoff = the (M + 1)-th largest lw, and replace the i-th smallest tail value by
 *      log(qgpd((i - 0.5) / M) + exp(cutoff)); k = Inf when there is no fit;
 *   3. truncate: lw[lw > 0] = 0; add max(log_ratios) back.
 * Only the top M + 1 values are ordered (a min-heap over S draws), not all S.
 */
import { gpdfit, qgpd } from './gpdfit';

/** `loo:::n_pareto`: ceiling(pmin(0.2 S, 3 sqrt(S / r_eff))). */
export function paretoTailLength(rEff: number, nDraws: number): number {
  return Math.ceil(Math.min(0.2 * nDraws, 3 * Math.sqrt(nDraws / rEff)));
}

/** `loo:::enough_tail_samples`: at least 5 tail draws to fit the generalised Pareto. */
export const MIN_TAIL_LENGTH = 5;

/** Scratch for `smoothTail`, sized for S draws; reused across observations. */
export class PsisWorkspace {
  /** Heap of the largest lw values (parallel arrays: value, draw index). */
  readonly heapValue: Float64Array;
  readonly heapIndex: Int32Array;
  /** The tail in ascending order (value, draw index) and exp(tail) - exp(cutoff). */
  readonly tailValue: Float64Array;
  readonly tailIndex: Int32Array;
  readonly tailX: Float64Array;
  constructor(readonly nDraws: number) {
    const cap = Math.ceil(0.2 * nDraws) + 2;
    this.heapValue = new Float64Array(cap);
    this.heapIndex = new Int32Array(cap);
    this.tailValue = new Float64Array(cap);
    this.tailIndex = new Int32Array(cap);
    this.tailX = new Float64Array(cap);
  }
}

/** Sift the root of a min-heap (key: value, then draw index) down to its place. */
function siftDown(hv: Float64Array, hi: Int32Array, size: number, start: number): void {
  let pos = start;
  const v = hv[pos];
  const idx = hi[pos];
  for (;;) {
    let child = 2 * pos + 1;
    if (child >= size) break;
    const right = child + 1;
    if (right < size && (hv[right] < hv[child] || (hv[right] === hv[child] && hi[right] < hi[child]))) child = right;
    if (hv[child] < v || (hv[child] === v && hi[child] < idx)) {
      hv[pos] = hv[child];
      hi[pos] = hi[child];
      pos = child;
    } else break;
  }
  hv[pos] = v;
  hi[pos] = idx;
}

/**
 * Puts the `count` largest of lw[0..S) into ws.tailValue/tailIndex in ascending order of
 * (value, index), i.e. R's `sort.int(lw, index.return = TRUE)` restricted to its last `count`.
 * A draw with a value equal to the heap's minimum replaces it: it comes later, so it ranks higher.
 */
function largestSorted(lw: Float64Array, nDraws: number, count: number, ws: PsisWorkspace): void {
  const hv = ws.heapValue;
  const hi = ws.heapIndex;
  for (let s = 0; s < count; s++) {
    hv[s] = lw[s];
    hi[s] = s;
  }
  for (let p = (count >> 1) - 1; p >= 0; p--) siftDown(hv, hi, count, p);
  for (let s = count; s < nDraws; s++) {
    const v = lw[s];
    if (v >= hv[0]) {
      hv[0] = v;
      hi[0] = s;
      siftDown(hv, hi, count, 0);
    }
  }
  for (let size = count, out = 0; size > 0; size--, out++) {
    ws.tailValue[out] = hv[0];
    ws.tailIndex[out] = hi[0];
    hv[0] = hv[size - 1];
    hi[0] = hi[size - 1];
    siftDown(hv, hi, size - 1, 0);
  }
}

/**
 * Steps 2-3 on lw = log_ratios - max(log_ratios) in place (lw[0..S), all <= 0): smooths the tail
 * of M = tailLength draws and truncates at 0. Returns the Pareto k (Infinity without a fit).
 * On return ws.tailIndex[0..M) holds the draws whose lw changed (when k is finite).
 */
export function smoothTail(lw: Float64Array, nDraws: number, tailLength: number, ws: PsisWorkspace): number {
  if (tailLength < MIN_TAIL_LENGTH) return Infinity;
  const m = tailLength;
  largestSorted(lw, nDraws, m + 1, ws);
  const cutoff = ws.tailValue[0];
  const tv = ws.tailValue.subarray(1, m + 1);
  // loo: "Can't fit generalized Pareto distribution because all tail values are the same."
  if (Math.abs(tv[m - 1] - tv[0]) < 2.220446049250313e-16 / 100) return Infinity;
  const expCutoff = Math.exp(cutoff);
  const x = ws.tailX;
  for (let j = 0; j < m; j++) x[j] = Math.exp(tv[j]) - expCutoff;
  const { k, sigma } = gpdfit(x, m);
  if (!Number.isFinite(k)) return k; // psis_smooth_tail keeps the tail as it is
  for (let j = 0; j < m; j++) {
    const smoothed = Math.log(qgpd((j + 1 - 0.5) / m, k, sigma) + expCutoff);
    lw[ws.tailIndex[j + 1]] = smoothed > 0 ? 0 : smoothed; // truncation (do_psis_i: lw_i[lw_i > 0] <- 0)
  }
  // the tail indices, shifted to start at 0 for the caller
  ws.tailIndex.copyWithin(0, 1, m + 1);
  return k;
}
