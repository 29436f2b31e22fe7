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
 * Only the top M + 1 values are ordered (the draws above a threshold sampled from every 16th draw,
 * through a min-heap), not all S. Which of several equal values gets which smoothed value cannot
 * change any result (equal lw means equal log-likelihood), but R's order is kept anyway.
 */
import { gpdfit, qgpd, type GpdFit } from './gpdfit';

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
  /** Draws that may be in the tail (value, draw index); all S draws in the worst case. */
  readonly candidateValue: Float64Array;
  readonly candidateIndex: Int32Array;
  readonly fit: GpdFit = { k: 0, sigma: 0 };
  constructor(readonly nDraws: number) {
    this.candidateValue = new Float64Array(nDraws);
    this.candidateIndex = new Int32Array(nDraws);
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
 * Heap-selects the `count` largest of the n candidates (value cv[j], draw index ci[j], j in draw
 * order) and writes them to ws.tailValue/tailIndex in ascending order of (value, index). A later
 * candidate equal to the heap's minimum replaces it: it ranks higher in R's stable sort.
 */
function topSorted(cv: Float64Array, ci: Int32Array, n: number, count: number, ws: PsisWorkspace): void {
  const hv = ws.heapValue;
  const hi = ws.heapIndex;
  for (let j = 0; j < count; j++) {
    hv[j] = cv[j];
    hi[j] = ci[j];
  }
  for (let p = (count >> 1) - 1; p >= 0; p--) siftDown(hv, hi, count, p);
  for (let j = count; j < n; j++) {
    const v = cv[j];
    if (v >= hv[0]) {
      hv[0] = v;
      hi[0] = ci[j];
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

const SAMPLE_STRIDE = 16;

/**
 * A value T with at least `count` of lw[0..S) >= T (so the `count` largest are all >= T), from
 * every 16th draw: the q-th largest of that sample with q = 1.5 count / 16 + 3. Returns -Infinity
 * when the sample is too small to be useful.
 */
function prefilterThreshold(lw: Float64Array, nDraws: number, count: number, ws: PsisWorkspace): number {
  const q = Math.ceil((1.5 * count) / SAMPLE_STRIDE) + 3;
  const sampleSize = Math.floor((nDraws - 1) / SAMPLE_STRIDE) + 1;
  if (sampleSize < 2 * q) return -Infinity;
  const hv = ws.heapValue;
  const hi = ws.heapIndex;
  for (let j = 0; j < q; j++) {
    hv[j] = lw[j * SAMPLE_STRIDE];
    hi[j] = j;
  }
  for (let p = (q >> 1) - 1; p >= 0; p--) siftDown(hv, hi, q, p);
  for (let s = q * SAMPLE_STRIDE; s < nDraws; s += SAMPLE_STRIDE) {
    if (lw[s] > hv[0]) {
      hv[0] = lw[s];
      siftDown(hv, hi, q, 0);
    }
  }
  return hv[0];
}

/**
 * The `count` largest of lw[0..S) in ascending order of (value, index), i.e. the last `count`
 * of R's `sort.int(lw, index.return = TRUE)` (a stable radix sort), into ws.tailValue/tailIndex.
 * Candidates >= a sampled threshold are collected first; when fewer than `count` pass, every
 * draw is a candidate.
 */
export function largestSorted(lw: Float64Array, nDraws: number, count: number, ws: PsisWorkspace): void {
  const threshold = prefilterThreshold(lw, nDraws, count, ws);
  const cv = ws.candidateValue;
  const ci = ws.candidateIndex;
  let n = 0;
  for (let s = 0; s < nDraws; s++) {
    if (lw[s] >= threshold) {
      cv[n] = lw[s];
      ci[n++] = s;
    }
  }
  if (n >= count) {
    topSorted(cv, ci, n, count, ws);
    return;
  }
  for (let s = 0; s < nDraws; s++) {
    cv[s] = lw[s];
    ci[s] = s;
  }
  topSorted(cv, ci, nDraws, count, ws);
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
  const tv = ws.tailValue; // tv[0] is the cutoff, tv[1..m] the tail
  const cutoff = tv[0];
  // loo: "Can't fit generalized Pareto distribution because all tail values are the same."
  if (Math.abs(tv[m] - tv[1]) < 2.220446049250313e-16 / 100) return Infinity;
  const expCutoff = Math.exp(cutoff);
  const x = ws.tailX;
  for (let j = 0; j < m; j++) x[j] = Math.exp(tv[j + 1]) - expCutoff;
  const { k, sigma } = gpdfit(x, m, ws.fit);
  if (!Number.isFinite(k)) return k; // psis_smooth_tail keeps the tail as it is
  for (let j = 0; j < m; j++) {
    const smoothed = Math.log(qgpd((j + 1 - 0.5) / m, k, sigma) + expCutoff);
    lw[ws.tailIndex[j + 1]] = smoothed > 0 ? 0 : smoothed; // truncation (do_psis_i: lw_i[lw_i > 0] <- 0)
  }
  // the tail indices, shifted to start at 0 for the caller
  ws.tailIndex.copyWithin(0, 1, m + 1);
  return k;
}
