// Stan's windowed warmup schedule (stan/mcmc/windowed_adaptation.hpp) as plain data.
// Three stages: a fast initial buffer (step size only), slow windows doubling in size (metric
// estimation, each window memoryless), and a fast terminal buffer (step size only).

export interface WindowSchedule {
  numWarmup: number;
  /** Iterations before the first metric window (Stan's init_buffer, possibly shrunk). */
  initBuffer: number;
  /** Iterations after the last metric window (term_buffer, possibly shrunk). */
  termBuffer: number;
  /** Size of the first metric window (base window, possibly grown). */
  baseWindow: number;
  /**
   * 0-based warmup iterations at which a metric window ends (inclusive): the metric is updated after
   * that iteration. Empty when num_warmup < 20 (no metric adaptation, as in Stan).
   */
  windowEnds: number[];
}

export interface WindowParams {
  initBuffer?: number;
  termBuffer?: number;
  baseWindow?: number;
}

/**
 * The schedule Stan uses for `numWarmup` warmup iterations: defaults 75 / 25 / 50; if they do not
 * fit, 15% / the rest / 10%; no metric adaptation under 20 iterations. Window ends are found by
 * running Stan's own counter logic (compute_next_window), so they match it by construction.
 */
export function windowSchedule(numWarmup: number, params: WindowParams = {}): WindowSchedule {
  if (!Number.isInteger(numWarmup) || numWarmup < 0) {
    throw new Error(`Number of warmup iterations must be a non-negative integer; got ${numWarmup}.`);
  }
  let initBuffer = params.initBuffer ?? 75;
  let termBuffer = params.termBuffer ?? 50;
  let baseWindow = params.baseWindow ?? 25;
  if (numWarmup < 20) {
    return { numWarmup, initBuffer: 0, termBuffer: 0, baseWindow: 0, windowEnds: [] };
  }
  if (initBuffer + baseWindow + termBuffer > numWarmup) {
    initBuffer = Math.floor(0.15 * numWarmup);
    termBuffer = Math.floor(0.1 * numWarmup);
    baseWindow = numWarmup - (initBuffer + termBuffer);
  }
  const lastEnd = numWarmup - termBuffer - 1;
  const windowEnds: number[] = [];
  let size = baseWindow;
  let nextEnd = initBuffer + size - 1;
  for (let counter = 0; counter < numWarmup; counter++) {
    if (counter !== nextEnd) continue;
    windowEnds.push(counter);
    if (nextEnd === lastEnd) break;
    size *= 2;
    nextEnd = counter + size;
    if (nextEnd !== lastEnd && nextEnd + 2 * size >= numWarmup - termBuffer) nextEnd = lastEnd;
  }
  return { numWarmup, initBuffer, termBuffer, baseWindow, windowEnds };
}

/** True when warmup iteration `counter` (0-based) contributes a draw to the metric estimate. */
export function inMetricWindow(s: WindowSchedule, counter: number): boolean {
  return s.windowEnds.length > 0 && counter >= s.initBuffer && counter < s.numWarmup - s.termBuffer;
}
