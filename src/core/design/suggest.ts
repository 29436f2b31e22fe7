// "Did you mean ...?" for unknown column names: the nearest name by edit distance.

/** Levenshtein distance (insert, delete, substitute: cost 1 each). */
export function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  const cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    for (let j = 0; j <= b.length; j++) prev[j] = cur[j];
  }
  return prev[b.length];
}

/** Names longer than this get only a case-insensitive match (edit distance is O(length^2)). */
const MAX_SUGGEST_LENGTH = 100;

/** The candidate closest to `name` (case-insensitive match first), or null when none is close. */
export function closestName(name: string, candidates: string[]): string | null {
  const lower = name.toLowerCase();
  const ci = candidates.find((c) => c.toLowerCase() === lower);
  if (ci) return ci;
  if (name.length > MAX_SUGGEST_LENGTH) return null;
  const limit = Math.max(2, Math.ceil(name.length / 2));
  let best: string | null = null;
  let bestD = Infinity;
  for (const c of candidates) {
    // The distance is at least the difference in length: skip what cannot be close enough.
    if (Math.abs(c.length - name.length) > Math.min(limit, bestD)) continue;
    const d = editDistance(lower, c.toLowerCase());
    if (d < bestD) { bestD = d; best = c; }
  }
  return best !== null && bestD <= limit ? best : null;
}
