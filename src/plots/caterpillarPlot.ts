import { axisBottom, axisTop, scaleLinear, select } from 'd3';
import type { BaseOptions, IntervalRow, PlotHandle } from './types';
import { FONT_FAMILY, FONT_SIZE, TEXT_COLOR } from './chartFrame';
import { defaultWidth } from './defaultWidth';
import { styleAxis } from './axes';
import { caterpillarOrder } from './compute/caterpillarOrder';
import { paddedDomain } from './compute/paddedDomain';
import { tickCount } from './compute/tickCount';
import { fitText } from './fitText';

export interface CaterpillarOptions extends BaseOptions {
  /** 'ascending' by mean (default), 'descending', or 'none' to keep the given order. */
  sort?: 'ascending' | 'descending' | 'none';
  /** Pixels per row (default 18; at least 14 keeps 12px labels apart). */
  rowHeight?: number;
  /** Width of the label column in pixels (default 120); longer labels are truncated with a tooltip. */
  labelWidth?: number;
  /** Height of the scrolling viewport (default 480); the full chart is rows x rowHeight tall. */
  maxHeight?: number;
  /** Dashed vertical line at zero (default true). */
  zeroLine?: boolean;
  /** Label under the x axis (default 'Posterior mean with 50% and <outerLabel> intervals'). */
  xLabel?: string;
  /** What the outer interval (lo90 / hi90) is, e.g. '95%' (default '90%'). */
  outerLabel?: string;
  /** Word for the chart in its aria-label (default 'Caterpillar plot'). */
  kind?: string;
}

const AXIS_H = 28;
const TITLE_H = 20;
const RIGHT = 16;
const INK = '#1f4e79';

/**
 * Caterpillar plot: one row per group level with the posterior mean (dot), 50% interval (thick)
 * and outer interval (thin; 90% unless options.outerLabel says otherwise), sorted by mean, labelled with the level. Rows scroll inside a viewport
 * with a sticky x axis on top; the exported SVG (handle.svg) holds every row and its own axis.
 */
export function caterpillarPlot(container: HTMLElement, rows: IntervalRow[], options: CaterpillarOptions = {}): PlotHandle<IntervalRow[]> {
  const rowH = options.rowHeight ?? 18;
  const labelW = options.labelWidth ?? 120;
  const maxHeight = options.maxHeight ?? 480;
  const zeroLine = options.zeroLine ?? true;
  const kind = options.kind ?? 'Caterpillar plot';
  let width = defaultWidth(container, options.width);

  const root = document.createElement('div');
  root.setAttribute('role', 'img');
  root.dataset.plot = 'caterpillar';
  root.style.position = 'relative';
  root.style.background = '#fff';
  container.appendChild(root);
  // Sticky header (title + axis): stays visible while the rows scroll; not exported (data-export=skip).
  const header = select(root).append('svg').attr('aria-hidden', 'true').attr('data-export', 'skip')
    .attr('font-family', FONT_FAMILY).attr('font-size', FONT_SIZE).attr('fill', TEXT_COLOR).style('display', 'block');
  const headerTitle = header.append('text').attr('x', 4).attr('y', 15).attr('font-weight', 600);
  const headerAxis = header.append('g');
  const scroller = document.createElement('div');
  scroller.style.overflowY = 'auto';
  scroller.style.overflowX = 'hidden';
  root.appendChild(scroller);
  const svg = select(scroller).append('svg').attr('xmlns', 'http://www.w3.org/2000/svg').attr('aria-hidden', 'true')
    .attr('font-family', FONT_FAMILY).attr('font-size', FONT_SIZE).attr('fill', TEXT_COLOR).style('display', 'block');
  const svgTitle = svg.append('title');
  let current = rows;

  function render(): void {
    const order = caterpillarOrder(current, options.sort === 'descending');
    if (options.sort === 'none') for (let i = 0; i < order.length; i++) order[i] = i;
    const n = current.length;
    const pw = Math.max(20, width - labelW - RIGHT);
    const bodyH = Math.max(rowH, n * rowH);
    const top = (options.title ? TITLE_H : 0) + AXIS_H;
    const totalH = top + bodyH + AXIS_H + 14; // title + axis on top, rows, axis + label below
    root.style.width = `${width}px`;

    let lo = Infinity;
    let hi = -Infinity;
    for (const r of current) {
      lo = Math.min(lo, r.lo90);
      hi = Math.max(hi, r.hi90);
    }
    if (n === 0) [lo, hi] = [-1, 1];
    if (zeroLine) [lo, hi] = [Math.min(lo, 0), Math.max(hi, 0)];
    const x = scaleLinear().domain(paddedDomain(lo, hi, 0.01)).range([labelW, labelW + pw]).nice(tickCount(pw, 80));
    const ticks = tickCount(pw, 80);

    header.attr('width', width).attr('height', top);
    headerTitle.text(options.title ?? '');
    headerAxis.attr('transform', `translate(0,${top - 1})`).call(axisTop(x).ticks(ticks));
    styleAxis(headerAxis);
    const viewportH = Math.min(maxHeight, bodyH + AXIS_H + 14);
    scroller.style.maxHeight = `${viewportH}px`;

    // The scrolling SVG starts with its own top axis (hidden under the sticky one by a negative
    // margin) so the exported SVG is complete.
    svg.attr('width', width).attr('height', totalH).attr('viewBox', `0 0 ${width} ${totalH}`);
    svg.style('margin-top', `${-top}px`);
    svg.selectAll(':scope > g, :scope > rect, :scope > text').remove();
    svg.append('rect').attr('width', width).attr('height', totalH).attr('fill', '#fff');
    svg.append('text').attr('x', 4).attr('y', 15).attr('font-weight', 600).text(options.title ?? '');
    const topAxis = svg.append('g').attr('transform', `translate(0,${top - 1})`).call(axisTop(x).ticks(ticks));
    styleAxis(topAxis);
    const body = svg.append('g').attr('transform', `translate(0,${top})`);
    const stripes = body.append('g'); // zebra rows under the grid and zero lines
    for (let i = 1; i < n; i += 2) stripes.append('rect').attr('y', i * rowH).attr('width', width).attr('height', rowH).attr('fill', '#f4f6f8');
    const grid = body.append('g');
    for (const t of x.ticks(ticks)) {
      grid.append('line').attr('x1', x(t)).attr('x2', x(t)).attr('y1', 0).attr('y2', bodyH).attr('stroke', '#eee');
    }
    if (zeroLine) {
      body.append('line').attr('x1', x(0)).attr('x2', x(0)).attr('y1', 0).attr('y2', bodyH)
        .attr('stroke', '#777').attr('stroke-dasharray', '4,3').attr('data-zero-line', '');
    }
    const rowG = body.selectAll<SVGGElement, number>('g.row').data(Array.from(order)).join('g')
      .attr('class', 'row')
      .attr('data-row', (_, i) => i + 1)
      .attr('transform', (_, i) => `translate(0,${i * rowH})`);
    const mid = rowH / 2;
    rowG.each(function (idx) {
      const r = current[idx];
      const g = select(this);
      fitText(g.append('text').attr('x', labelW - 8).attr('y', mid).attr('dy', '0.35em').attr('text-anchor', 'end'), r.label, labelW - 12);
      g.append('line').attr('x1', x(r.lo90)).attr('x2', x(r.hi90)).attr('y1', mid).attr('y2', mid).attr('stroke', INK).attr('stroke-width', 1.2);
      g.append('line').attr('x1', x(r.lo50)).attr('x2', x(r.hi50)).attr('y1', mid).attr('y2', mid).attr('stroke', INK).attr('stroke-width', 4)
        .attr('stroke-linecap', 'butt');
      g.append('circle').attr('cx', x(r.mean)).attr('cy', mid).attr('r', 3.2).attr('fill', '#fff').attr('stroke', INK).attr('stroke-width', 1.5);
    });
    const bottom = svg.append('g').attr('transform', `translate(0,${top + bodyH})`).call(axisBottom(x).ticks(ticks));
    styleAxis(bottom);
    svg.append('text').attr('x', labelW + pw / 2).attr('y', totalH - 2).attr('text-anchor', 'middle')
      .text(options.xLabel ?? `Posterior mean with 50% and ${options.outerLabel ?? '90%'} intervals`);
    const label = `${kind}${options.title ? ` of ${options.title}` : ''}: ${n} row${n === 1 ? '' : 's'}` +
      (options.sort === 'none' ? '' : ', sorted by posterior mean') +
      (n ? `, means from ${fmt(current[order[0]].mean)} to ${fmt(current[order[n - 1]].mean)}` : '') +
      `, dots are means, thick bars 50% and thin bars ${options.outerLabel ?? '90%'} intervals`;
    root.setAttribute('aria-label', label);
    svgTitle.text(label);
  }

  try {
    render();
  } catch (err) {
    root.remove(); // bad input leaves nothing half-drawn behind
    throw err;
  }
  return {
    element: root,
    svg: svg.node()!,
    update(next) {
      current = next;
      render();
    },
    resize(w) {
      width = w;
      render();
    },
    destroy() {
      root.remove();
    },
  };
}

function fmt(v: number): string {
  return Number(v.toPrecision(3)).toString();
}
