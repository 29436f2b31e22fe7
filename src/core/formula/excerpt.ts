// Quoting user text in messages: at most a short excerpt, counted in code points (an emoji is
// one character, never half a surrogate pair), and lists capped at the first few items.

/** Characters of user input quoted in a message before '...'. */
export const EXCERPT_CHARS = 40;
/** Items of a list named in a message before 'and N more'. */
export const LIST_ITEMS = 5;

/** Thousands separators, as messages write counts and limits: 100000 -> '100,000'. */
export function formatInt(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `text` cut to `max` code points, with `ellipsis` ('...') when it was longer. */
export function excerpt(text: string, max = EXCERPT_CHARS, ellipsis = '...'): string {
  // Fast path: a string of at most `max` UTF-16 units has at most `max` code points.
  if (text.length <= max) return text;
  let out = '';
  let n = 0;
  for (const ch of text) {
    if (n === max) return `${out}${ellipsis}`;
    out += ch;
    n++;
  }
  return out;
}

/** The first `max` items (each cut to `chars`) joined by ', ', then 'and N more'. */
export function listExcerpt(items: readonly string[], max = LIST_ITEMS, quote = '', chars = EXCERPT_CHARS): string {
  const shown = items.slice(0, max).map((s) => `${quote}${excerpt(s, chars)}${quote}`).join(', ');
  return items.length > max ? `${shown} and ${formatInt(items.length - max)} more` : shown;
}

/** Number of code points in the first `units` UTF-16 units of `text`. */
export function codePointOffset(text: string, units: number): number {
  let n = 0;
  for (let i = 0; i < units && i < text.length; i++) {
    const c = text.charCodeAt(i);
    // A high surrogate followed by a low one is a single code point.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}
