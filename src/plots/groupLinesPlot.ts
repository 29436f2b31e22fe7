import { axisBottom, axisLeft, scaleLinear, type ScaleLinear, type Selection } from 'd3';
import type { BaseOptions, PlotHandle } from './types';
import { createChartFrame, mountChart } from './chartFrame';
import { defaultWidth } from './defaultWidth';
import { styleAxis } from './axes';
import { fitText } from './fitText';
import { chainColor } from './palette';
import { paddedDomain } from './compute/paddedDomain';
import { tickCount } from './compute/tickCount';

export interface GroupLineSeries {
  label: string;
  /** Expected response at each x of GroupLinesData.x. */
  estimate: number[];
  /** The group's observed points; n > 1: a proportion of n rows or trials (area by n). */
  points: { x: number; y: number; n?: number }[];
  /** Drawn in colour and labelled (a group the user picked). */
  highlight: boolean;
  /** Panels: the population line at this group's own values (default: GroupLinesData.population.estimate). */
  population?: number[];
}

export interface GroupLinesData {
  x: number[];
  population: { estimate: number[]; lower: number[]; upper: number[] };
  groups: GroupLineSeries[];
}

export interface GroupLinesOptions extends BaseOptions {
  xLabel: string;
  yLabel: string;
  /** 'overlay': every line on one panel; 'panels': one small panel per group (lattice style). */
  layout: 'overlay' | 'panels';
  yDomain?: [number, number];
  intervalLabel: string;
  groupNoun?: string;
}

type G = Selection<SVGGElement, unknown, null, undefined>;
type Scale = ScaleLinear<number, number>;
const POP = '#111';
const GROUP = '#0072B2';
const path = (xs: number[], ys: number[], x: Scale, y: Scale) => `M${xs.map((v, i) => `${x(v).toFixed(1)},${y(ys[i]).toFixed(1)}`).join('L')}`;

function yExtent(d: GroupLinesData, options: GroupLinesOptions): [number, number] {
  if (options.yDomain) return options.yDomain;
  let lo = Infinity;
  let hi = -Infinity;
  const see = (v: number) => { if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); } };
  d.population.lower.forEach(see);
  d.population.upper.forEach(see);
  for (const g of d.groups) { g.estimate.forEach(see); for (const p of g.points) see(p.y); }
  if (!Number.isFinite(lo)) throw new Error('groupLinesPlot: nothing finite to draw');
  return paddedDomain(lo, hi, 0.05);
}

function xExtent(d: GroupLinesData, pad = 0.02): [number, number] {
  let lo = Math.min(...d.x);
  let hi = Math.max(...d.x);
  for (const g of d.groups) for (const p of g.points) { if (p.x < lo) lo = p.x; if (p.x > hi) hi = p.x; }
  return paddedDomain(lo, hi, pad);
}

/**
 * Each group's fitted line (population coefficients plus the group's effects) over a predictor,
 * the population line emphasised (thick, with its interval) and the groups' observed points
 * (canvas). 'overlay': one panel, every group a thin line (highlighted groups in colour and
 * labelled); 'panels': one panel per group with its points, its line and the population line.
 */
export function groupLinesPlot(container: HTMLElement, data: GroupLinesData, options: GroupLinesOptions): PlotHandle<GroupLinesData> {
  const width = defaultWidth(container, options.width);
  const frame = createChartFrame(container, 'group-lines', width, options.height ?? 420, true);
  let current = data;
  const render = () => {
    frame.svg.selectAll(':scope > g, :scope > text, :scope > rect').remove();
    if (options.layout === 'panels') drawPanels(frame, current, options); else drawOverlay(frame, current, options);
    frame.setLabel(`Group lines of ${options.yLabel} against ${options.xLabel}: ${current.groups.length} ${options.groupNoun ?? 'group'} lines${options.layout === 'panels' ? ' in panels' : ''} and the population line with its ${options.intervalLabel} interval, with the observed points`);
  };
  return mountChart(frame, render, (next) => { current = next; });
}

type Frame = ReturnType<typeof createChartFrame>;

/** Point radius: fixed for rows, by area for proportions of n. */
function radiusOf(d: GroupLinesData, base: number): (n: number | undefined) => number {
  let nMax = 1;
  for (const g of d.groups) for (const p of g.points) nMax = Math.max(nMax, p.n ?? 1);
  return (n) => (nMax > 1 ? 1.5 + 5 * Math.sqrt((n ?? 1) / nMax) : base);
}

const proportions = (d: GroupLinesData) => d.groups.some((g) => g.points.some((p) => (p.n ?? 1) > 1));

function legend(svg: Frame['svg'], left: number, top: number, kind: 'panels' | 'highlight' | 'plain', intervalLabel: string, observed: string): void {
  const g = svg.append('g').attr('transform', `translate(${left},${top})`);
  const population: (s: G) => void = kind === 'panels'
    ? (s) => { s.append('line').attr('x1', 0).attr('x2', 16).attr('y1', -4).attr('y2', -4).attr('stroke', POP).attr('stroke-width', 1.4).attr('stroke-dasharray', '4,3'); }
    : (s) => { s.append('rect').attr('x', 0).attr('y', -9).attr('width', 16).attr('height', 10).attr('fill', POP).attr('fill-opacity', 0.15); s.append('line').attr('x1', 0).attr('x2', 16).attr('y1', -4).attr('y2', -4).attr('stroke', POP).attr('stroke-width', 3); };
  const items: [string, (s: G) => void][] = [
    [kind === 'panels' ? 'Population (posterior mean)' : `Population (${intervalLabel} interval)`, population],
    [kind === 'highlight' ? 'Picked groups (others grey)' : kind === 'panels' ? 'The group (posterior mean)' : 'Each group', (s) => { s.append('line').attr('x1', 0).attr('x2', 16).attr('y1', -4).attr('y2', -4).attr('stroke', kind === 'highlight' ? chainColor(1) : GROUP).attr('stroke-width', 1.5); }],
    [observed, (s) => { s.append('circle').attr('cx', 8).attr('cy', -4).attr('r', 2.5).attr('fill', '#666'); }],
  ];
  let x = 0;
  for (const [label, mark] of items) {
    const item = g.append('g').attr('transform', `translate(${x},0)`);
    mark(item);
    item.append('text').attr('x', 22).attr('y', 0).text(label);
    x += 22 + label.length * 7 + 18;
  }
}

function axes(svg: Frame['svg'], x: Scale, y: Scale, left: number, top: number, pw: number, ph: number): void {
  const ax = svg.append('g').attr('transform', `translate(0,${top + ph})`).call(axisBottom(x).ticks(tickCount(pw, 80)));
  styleAxis(ax);
  const ay = svg.append('g').attr('transform', `translate(${left},0)`).call(axisLeft(y).ticks(tickCount(ph, 40)));
  styleAxis(ay);
}

function drawOverlay(frame: Frame, d: GroupLinesData, options: GroupLinesOptions): void {
  const left = 70;
  const svg = frame.svg;
  const top = options.title ? 56 : 36;
  if (options.title) fitText(svg.append('text').attr('x', left).attr('y', 18).attr('font-weight', 600), options.title, frame.width - left - 10);
  const hasHighlight = d.groups.some((g) => g.highlight);
  legend(svg, left, top - 14, hasHighlight ? 'highlight' : 'plain', options.intervalLabel, proportions(d) ? 'Observed proportion (area: rows)' : 'Observed');
  const pw = Math.max(60, frame.width - left - (hasHighlight ? 90 : 20));
  const ph = Math.max(200, (options.height ?? 420) - top - 50);
  frame.setSize(frame.width, top + ph + 50);
  const x = scaleLinear().domain(xExtent(d)).range([left, left + pw]);
  const y = scaleLinear().domain(yExtent(d, options)).range([top + ph, top]);
  if (!options.yDomain) y.nice(tickCount(ph, 40));
  const ctx = frame.ctx!;
  ctx.clearRect(0, 0, frame.width, frame.height);
  // many groups in one colour (the population line stands out); a few in the palette's colours
  const few = d.groups.length <= 8;
  const colorOf = (g: GroupLineSeries, k: number) => (hasHighlight ? (g.highlight ? chainColor(k + 1) : '#9aa') : few ? chainColor(k + 1) : GROUP);
  const radius = radiusOf(d, 2.2);
  const picked = d.groups.filter((g) => g.highlight);
  ctx.globalAlpha = 0.45;
  d.groups.forEach((g, k) => {
    ctx.fillStyle = colorOf(g, hasHighlight ? picked.indexOf(g) : k);
    for (const p of g.points) { ctx.beginPath(); ctx.arc(x(p.x), y(p.y), g.highlight || !hasHighlight ? radius(p.n) : 0.7 * radius(p.n), 0, 2 * Math.PI); ctx.fill(); }
  });
  ctx.globalAlpha = 1;
  // the groups, then the population line, then the picked groups on top of both
  const under = svg.append('g');
  const p = d.population;
  const band = `${path(d.x, p.upper, x, y)}L${d.x.map((_, i) => d.x.length - 1 - i).map((i) => `${x(d.x[i]).toFixed(1)},${y(p.lower[i]).toFixed(1)}`).join('L')}Z`;
  svg.append('path').attr('data-population-band', '').attr('d', band).attr('fill', POP).attr('fill-opacity', 0.13);
  svg.append('path').attr('data-population', '').attr('d', path(d.x, p.estimate, x, y)).attr('fill', 'none').attr('stroke', '#fff').attr('stroke-width', 6);
  svg.append('path').attr('d', path(d.x, p.estimate, x, y)).attr('fill', 'none').attr('stroke', POP).attr('stroke-width', 3.5);
  const over = svg.append('g');
  d.groups.forEach((g, k) => {
    const c = colorOf(g, hasHighlight ? picked.indexOf(g) : k);
    const layer = g.highlight ? over : under;
    layer.append('path').attr('data-group-line', g.label).attr('d', path(d.x, g.estimate, x, y)).attr('fill', 'none').attr('stroke', c)
      .attr('stroke-width', g.highlight ? 2.4 : 1.1).attr('stroke-opacity', g.highlight ? 1 : hasHighlight || !few ? 0.45 : 0.85);
    if (g.highlight) fitText(over.append('text').attr('x', left + pw + 4).attr('y', y(g.estimate[g.estimate.length - 1])).attr('dy', '0.35em').attr('fill', c), g.label, 84);
  });
  axes(svg, x, y, left, top, pw, ph);
  svg.append('text').attr('x', left + pw / 2).attr('y', top + ph + 40).attr('text-anchor', 'middle').text(options.xLabel);
  fitText(svg.append('text').attr('text-anchor', 'middle').attr('transform', `translate(16,${top + ph / 2}) rotate(-90)`), options.yLabel, ph);
}

function drawPanels(frame: Frame, d: GroupLinesData, options: GroupLinesOptions): void {
  const left = 64;
  const svg = frame.svg;
  const top = options.title ? 56 : 36;
  if (options.title) fitText(svg.append('text').attr('x', left).attr('y', 18).attr('font-weight', 600), options.title, frame.width - left - 10);
  legend(svg, left, top - 14, 'panels', options.intervalLabel, proportions(d) ? 'Observed proportion (area: rows)' : 'Observed');
  const radius = radiusOf(d, 2);
  // panels about 120 px wide, fewer columns for few groups, so the whole grid fits a slide
  const cols = Math.max(1, Math.min(d.groups.length, Math.floor((frame.width - left - 10) / 120)));
  const rows = Math.ceil(d.groups.length / cols);
  const cw = (frame.width - left - 10) / cols;
  const ch = Math.round(Math.min(cw * 0.8, Math.max(90, 560 / rows)));
  const strip = 16;
  frame.setSize(frame.width, top + rows * ch + 50);
  const ctx = frame.ctx!;
  ctx.clearRect(0, 0, frame.width, frame.height);
  // wider margins in panels: the end ticks of neighbouring panels must not touch
  const xd = xExtent(d, 0.1);
  const yd = yExtent(d, options);
  d.groups.forEach((g, k) => {
    const c = k % cols;
    const r = Math.floor(k / cols);
    const x0 = left + c * cw;
    const y0 = top + r * ch;
    const x = scaleLinear().domain(xd).range([x0 + 3, x0 + cw - 3]);
    const y = scaleLinear().domain(yd).range([y0 + ch - 3, y0 + strip + 3]);
    const panel = svg.append('g').attr('data-panel', g.label);
    panel.append('rect').attr('x', x0).attr('y', y0).attr('width', cw - 2).attr('height', ch - 2).attr('fill', 'none').attr('stroke', '#bbb');
    panel.append('rect').attr('x', x0).attr('y', y0).attr('width', cw - 2).attr('height', strip).attr('fill', g.highlight ? '#fde9c9' : '#eef2f6');
    fitText(panel.append('text').attr('x', x0 + (cw - 2) / 2).attr('y', y0 + 12).attr('text-anchor', 'middle').attr('font-size', 11), g.label, cw - 8);
    ctx.fillStyle = '#444';
    ctx.globalAlpha = 0.65;
    for (const p of g.points) { ctx.beginPath(); ctx.arc(x(p.x), y(p.y), radius(p.n), 0, 2 * Math.PI); ctx.fill(); }
    ctx.globalAlpha = 1;
    panel.append('path').attr('d', path(d.x, g.population ?? d.population.estimate, x, y)).attr('fill', 'none').attr('stroke', POP).attr('stroke-width', 1.4).attr('stroke-dasharray', '4,3');
    panel.append('path').attr('data-group-line', g.label).attr('d', path(d.x, g.estimate, x, y)).attr('fill', 'none').attr('stroke', GROUP).attr('stroke-width', 2);
  });
  // shared axes on the left column and the bottom row
  const x = scaleLinear().domain(xd).range([left + 3, left + cw - 3]);
  const y = scaleLinear().domain(yd).range([top + ch - 3, top + strip + 3]);
  for (let r = 0; r < rows; r++) {
    const ay = svg.append('g').attr('transform', `translate(${left},${r * ch})`).call(axisLeft(y).ticks(3));
    styleAxis(ay).attr('font-size', 10);
  }
  const lastRow = rows - 1;
  for (let c = 0; c < Math.min(cols, d.groups.length); c++) {
    const bottomRow = c + lastRow * cols < d.groups.length ? lastRow : lastRow - 1;
    const ax = svg.append('g').attr('transform', `translate(${c * cw},${top + (bottomRow + 1) * ch - 2})`).call(axisBottom(x).ticks(Math.max(3, Math.floor(cw / 45))));
    styleAxis(ax).attr('font-size', 10);
  }
  svg.append('text').attr('x', left + (frame.width - left) / 2).attr('y', top + rows * ch + 40).attr('text-anchor', 'middle').text(options.xLabel);
  fitText(svg.append('text').attr('text-anchor', 'middle').attr('transform', `translate(14,${top + (rows * ch) / 2}) rotate(-90)`), options.yLabel, rows * ch);
}
