/**
 * Shortens `label` to at most `maxChars` characters, ending in an ellipsis when cut, so long factor
 * levels never overlap the plot; the chart shows the full label as a tooltip when `truncated`.
 */
export function truncateLabel(label: string, maxChars: number): { text: string; truncated: boolean } {
  if (!Number.isInteger(maxChars) || maxChars < 2) {
    throw new Error(`truncateLabel: maxChars must be an integer >= 2, got ${maxChars}`);
  }
  const chars = Array.from(label); // code points, so emoji / accents are not split
  if (chars.length <= maxChars) return { text: label, truncated: false };
  return { text: chars.slice(0, maxChars - 1).join('') + '\u2026', truncated: true };
}
