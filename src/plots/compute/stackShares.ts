/**
 * Segments of a stacked bar of shares in [0, 1]: each starts where the previous ends. Shares
 * must be finite and >= 0; they are drawn as given (posterior mean shares add up to 1 up to
 * rounding; a last segment is not stretched to hide a gap).
 */
export function stackShares(shares: readonly number[]): { start: number; end: number }[] {
  let at = 0;
  return shares.map((s, i) => {
    if (!(Number.isFinite(s) && s >= 0)) throw new Error(`stackShares: share ${i + 1} must be a finite number >= 0, got ${s}`);
    const seg = { start: at, end: at + s };
    at += s;
    return seg;
  });
}
