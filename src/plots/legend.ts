import type { Selection } from 'd3';

type G = Selection<SVGGElement, unknown, null, undefined>;

export interface LegendItem {
  label: string;
  /** Shorter label used when the full legend does not fit (e.g. '1' for 'Chain 1'). */
  short?: string;
  color: string;
  /** 'line' (default) or 'box' swatch. */
  swatch?: 'line' | 'box';
  lineWidth?: number;
}

const CHAR_PX = 7;
const SWATCH = 18;
const GAP = 12;

/**
 * Draws a one-line legend right-aligned so it ends at x = `right`, baseline y. When the full
 * labels would take more than `maxWidth`, uses the short labels after `compactPrefix`
 * ('Chain  ─1 ─2 ─3'). Returns the width used, so the caller can fit the title beside it.
 * Widths are estimated at 7px per character (12px font) to avoid a layout pass.
 */
export function drawLegend(g: G, items: readonly LegendItem[], right: number, y: number, maxWidth = Infinity, compactPrefix = ''): number {
  g.selectAll('*').remove();
  if (items.length === 0) return 0;
  const widthOf = (labels: string[]) => labels.map((l) => SWATCH + l.length * CHAR_PX + GAP);
  let labels = items.map((it) => it.label);
  let widths = widthOf(labels);
  let prefix = '';
  if (widths.reduce((a, b) => a + b, 0) > maxWidth && items.every((it) => it.short)) {
    labels = items.map((it) => it.short!);
    widths = widthOf(labels);
    prefix = compactPrefix;
  }
  const prefixW = prefix ? prefix.length * CHAR_PX + 6 : 0;
  const total = prefixW + widths.reduce((a, b) => a + b, 0);
  let x = right - total;
  if (prefix) g.append('text').attr('x', x).attr('y', y).text(prefix);
  x += prefixW;
  items.forEach((it, i) => {
    const item = g.append('g').attr('transform', `translate(${x},${y})`);
    if (it.swatch === 'box') {
      item.append('rect').attr('x', 0).attr('y', -9).attr('width', 12).attr('height', 10).attr('fill', it.color);
    } else {
      item.append('line').attr('x1', 0).attr('x2', 14).attr('y1', -4).attr('y2', -4)
        .attr('stroke', it.color).attr('stroke-width', it.lineWidth ?? 2.5);
    }
    item.append('text').attr('x', SWATCH).attr('y', 0).text(labels[i]);
    x += widths[i];
  });
  return total;
}
