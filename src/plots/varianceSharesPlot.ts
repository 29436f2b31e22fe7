import { axisBottom, format, scaleLinear } from 'd3';
import type { BaseOptions, PlotHandle } from './types';
import { createChartFrame, mountChart } from './chartFrame';
import { defaultWidth } from './defaultWidth';
import { styleAxis } from './axes';
import { fitText } from './fitText';
import { chainColor } from './palette';
import { tickCount } from './compute/tickCount';
import { stackShares } from './compute/stackShares';

export interface ShareRow { name: string; mean: number; lower: number; upper: number }

export interface VarianceSharesOptions extends BaseOptions {
  /** Label under the axis (e.g. 'Share of the variance (latent scale)'). */
  xLabel?: string;
  /** Interval name for the legend, e.g. '95%'. */
  intervalLabel?: string;
}

const BAR_H = 34;
const ROW_H = 24;
const LABEL_W = 170;
const pct = format('.0%');

/** Colour of level i; the residual (last) is grey. */
const levelColor = (i: number, last: boolean) => (last ? '#9e9e9e' : chainColor(i));
/** Text on a segment: white on dark fills, near-black on light ones (WCAG relative luminance > 0.3). */
function inkOn(hex: string): string {
  const lin = (c: number) => { const v = c / 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const [r, g, b] = [1, 3, 5].map((k) => lin(parseInt(hex.slice(k, k + 2), 16)));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.3 ? '#111' : '#fff';
}

/**
 * The share of the variance at each level: one stacked bar of the posterior mean shares (they
 * add up to 1) and, under it, each level's share with its interval (a line from lower to upper
 * with a dot at the mean) on the same 0-1 axis.
 */
export function varianceSharesPlot(container: HTMLElement, data: ShareRow[], options: VarianceSharesOptions = {}): PlotHandle<ShareRow[]> {
  const frame = createChartFrame(container, 'variance-shares', defaultWidth(container, options.width), 200, false);
  let current = data;
  function render(): void {
    const svg = frame.svg;
    svg.selectAll(':scope > g, :scope > text, :scope > rect').remove();
    const n = current.length;
    const top = options.title ? 30 : 10;
    const pw = Math.max(60, frame.width - LABEL_W - 24);
    const barTop = top + 6;
    const rowsTop = barTop + BAR_H + 18;
    const h = rowsTop + n * ROW_H + 46;
    frame.setSize(frame.width, h);
    svg.append('rect').attr('width', frame.width).attr('height', h).attr('fill', '#fff');
    if (options.title) fitText(svg.append('text').attr('x', 8).attr('y', 18).attr('font-weight', 600), options.title, frame.width - 16);
    const x = scaleLinear().domain([0, 1]).range([LABEL_W, LABEL_W + pw]);
    const ticks = tickCount(pw, 70);
    for (const t of x.ticks(ticks)) svg.append('line').attr('x1', x(t)).attr('x2', x(t)).attr('y1', barTop).attr('y2', rowsTop + n * ROW_H).attr('stroke', '#eee');
    svg.append('text').attr('x', LABEL_W - 8).attr('y', barTop + BAR_H / 2).attr('dy', '0.35em').attr('text-anchor', 'end').attr('font-weight', 600).text('Posterior mean shares');
    const segs = stackShares(current.map((r) => r.mean));
    const bar = svg.append('g');
    segs.forEach((s, i) => {
      const seg = bar.append('g').attr('data-segment', current[i].name);
      const w = x(s.end) - x(s.start);
      seg.append('rect').attr('x', x(s.start)).attr('y', barTop).attr('width', Math.max(0, w)).attr('height', BAR_H)
        .attr('fill', levelColor(i, i === n - 1)).attr('stroke', '#fff').attr('stroke-width', 1);
      const label = `${current[i].name} ${pct(current[i].mean)}`;
      if (w > 40) fitText(seg.append('text').attr('x', x(s.start) + 5).attr('y', barTop + BAR_H / 2).attr('dy', '0.35em').attr('fill', inkOn(levelColor(i, i === n - 1))).attr('font-weight', 600), w > label.length * 7 + 10 ? label : pct(current[i].mean), w - 8);
    });
    current.forEach((r, i) => {
      const y = rowsTop + i * ROW_H + ROW_H / 2;
      const row = svg.append('g').attr('data-interval', r.name);
      const color = levelColor(i, i === n - 1);
      fitText(row.append('text').attr('x', LABEL_W - 8).attr('y', y).attr('dy', '0.35em').attr('text-anchor', 'end'), r.name, LABEL_W - 14);
      row.append('line').attr('x1', x(r.lower)).attr('x2', x(r.upper)).attr('y1', y).attr('y2', y).attr('stroke', color).attr('stroke-width', 3);
      row.append('circle').attr('cx', x(r.mean)).attr('cy', y).attr('r', 5).attr('fill', color).attr('stroke', '#fff');
      row.append('text').attr('x', Math.min(x(r.upper) + 8, LABEL_W + pw - 120)).attr('y', y - 8).attr('font-size', 11).attr('fill', '#444')
        .text(`${pct(r.mean)} [${pct(r.lower)}, ${pct(r.upper)}]`);
    });
    const axis = svg.append('g').attr('transform', `translate(0,${rowsTop + n * ROW_H})`).call(axisBottom(x).ticks(ticks).tickFormat((v) => pct(+v)));
    styleAxis(axis);
    svg.append('text').attr('x', LABEL_W + pw / 2).attr('y', h - 8).attr('text-anchor', 'middle')
      .text(options.xLabel ?? `Share of the variance: posterior mean (dot) and ${options.intervalLabel ?? '95%'} interval (line)`);
    frame.setLabel(`Variance by level: ${current.map((r) => `${r.name} ${pct(r.mean)} (${options.intervalLabel ?? '95%'} interval ${pct(r.lower)} to ${pct(r.upper)})`).join(', ')}`);
  }
  return mountChart(frame, render, (next) => { current = next; });
}
