import type { Selection } from 'd3';
import { truncateLabel } from './compute/truncateLabel';

/** Rough advance of a 12px sans-serif character (upper case is wider), for the first guess. */
const CHAR_PX = 7.2;

/**
 * Sets `text` on an SVG <text> so it fits `maxWidth` pixels: a first cut by character count, then
 * measured with getComputedTextLength (when laid out) and shortened until it fits. A truncated
 * label keeps the full text as a <title> tooltip and gets data-truncated.
 */
export function fitText<E extends SVGTextElement>(
  sel: Selection<E, unknown, null, undefined>,
  text: string,
  maxWidth: number,
): Selection<E, unknown, null, undefined> {
  const node = sel.node();
  let chars = Math.max(2, Math.floor(maxWidth / CHAR_PX));
  let cut = truncateLabel(text, chars);
  sel.text(cut.text);
  if (node && typeof node.getComputedTextLength === 'function') {
    while (chars > 2 && node.getComputedTextLength() > maxWidth) {
      chars--;
      cut = truncateLabel(text, chars);
      sel.text(cut.text);
    }
  }
  sel.append('title').text(text);
  if (cut.truncated) sel.attr('data-truncated', '');
  return sel;
}
