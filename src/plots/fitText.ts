import type { Selection } from 'd3';
import { truncateLabel } from './compute/truncateLabel';
import { FONT_FAMILY, FONT_SIZE } from './chartFrame';

/** Rough advance of a 12px sans-serif character (upper case is wider), when nothing can measure. */
const CHAR_PX = 7.2;
let measureCtx: CanvasRenderingContext2D | null | undefined;

/** Width of `text` in the chart font, measured on a shared offscreen canvas (no layout pass). */
function textWidth(text: string, weight: string): number {
  if (measureCtx === undefined) measureCtx = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  if (!measureCtx) return Array.from(text).length * CHAR_PX;
  measureCtx.font = `${weight} ${FONT_SIZE}px ${FONT_FAMILY}`;
  return measureCtx.measureText(text).width;
}

/**
 * Sets `text` on an SVG <text> so it fits `maxWidth` pixels, shortening it with an ellipsis until
 * its measured width fits. A truncated label keeps the full text as a <title> tooltip and gets
 * data-truncated.
 */
export function fitText<E extends SVGTextElement>(
  sel: Selection<E, unknown, null, undefined>,
  text: string,
  maxWidth: number,
): Selection<E, unknown, null, undefined> {
  const weight = sel.attr('font-weight') ?? 'normal';
  let chars = Array.from(text).length;
  let cut = { text, truncated: false };
  if (textWidth(text, weight) > maxWidth) {
    chars = Math.max(2, Math.min(chars - 1, Math.floor(maxWidth / CHAR_PX) + 4));
    cut = truncateLabel(text, chars);
    while (chars > 2 && textWidth(cut.text, weight) > maxWidth) cut = truncateLabel(text, --chars);
  }
  sel.text(cut.text);
  sel.append('title').text(text);
  if (cut.truncated) sel.attr('data-truncated', '');
  return sel;
}
