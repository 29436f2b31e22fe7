import type { Selection } from 'd3';

type G = Selection<SVGGElement, unknown, null, undefined>;

export interface LegendItem {
  label: string;
  color: string;
  /** 'line' (default) or 'box' swatch. */
  swatch?: 'line' | 'box';
  lineWidth?: number;
}

/**
 * Draws a one-line legend right-aligned so it ends at x = `right` (in `g`'s coordinates), at baseline y.
 * Item widths are estimated at 7px per character (12px font) to avoid a layout pass.
 */
export function drawLegend(g: G, items: readonly LegendItem[], right: number, y: number): void {
  g.selectAll('*').remove();
  const widths = items.map((it) => 18 + it.label.length * 7 + 12);
  let x = right - widths.reduce((a, b) => a + b, 0);
  items.forEach((it, i) => {
    const item = g.append('g').attr('transform', `translate(${x},${y})`);
    if (it.swatch === 'box') {
      item.append('rect').attr('x', 0).attr('y', -9).attr('width', 12).attr('height', 10).attr('fill', it.color);
    } else {
      item.append('line').attr('x1', 0).attr('x2', 14).attr('y1', -4).attr('y2', -4)
        .attr('stroke', it.color).attr('stroke-width', it.lineWidth ?? 2.5);
    }
    item.append('text').attr('x', 18).attr('y', 0).text(it.label);
    x += widths[i];
  });
}
