import type { Selection } from 'd3';
import { FONT_SIZE, TEXT_COLOR } from './chartFrame';

type G = Selection<SVGGElement, unknown, null, undefined>;

/** Restyles a d3 axis group for 12px readable ticks in the chart's font (d3 defaults to 10px). */
export function styleAxis(g: G): G {
  g.attr('font-size', FONT_SIZE).attr('font-family', null);
  g.selectAll('.domain').attr('stroke', '#888');
  g.selectAll('.tick line').attr('stroke', '#888');
  g.selectAll('.tick text').attr('fill', TEXT_COLOR);
  return g;
}
