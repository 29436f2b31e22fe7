/**
 * How many ticks to ask d3 for on an axis `lengthPx` long so tick labels at least `spacingPx` apart
 * never overlap (d3 may return up to about twice the hint less one, so we halve conservatively).
 */
export function tickCount(lengthPx: number, spacingPx: number): number {
  if (!(lengthPx >= 0) || !(spacingPx > 0)) {
    throw new Error(`tickCount: needs lengthPx >= 0 and spacingPx > 0, got ${lengthPx}, ${spacingPx}`);
  }
  return Math.max(2, Math.floor(lengthPx / spacingPx));
}
