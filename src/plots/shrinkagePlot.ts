import { axisBottom, axisLeft, scaleLinear, type Selection } from 'd3';
import type { BaseOptions, PlotHandle } from './types';
import { createChartFrame, mountChart } from './chartFrame';
import { defaultWidth } from './defaultWidth';
import { styleAxis } from './axes';
import { fitText } from './fitText';
import { paddedDomain } from './compute/paddedDomain';
import { tickCount } from './compute/tickCount';
import { arrowBetween, covarianceEllipse, finiteExtent, radiusForN } from './compute/shrinkage';

/** One group in one dimension: its no-pooling estimate (null: none) and its partial-pooling estimate. */
export interface ShrinkageGroup1D { label: string; n: number; from: number | null; to: number }
export interface ShrinkageGroup2D { label: string; n: number; from: [number, number] | null; to: [number, number] }

export type ShrinkageData =
  | { dims: 1; groups: ShrinkageGroup1D[]; population: number; complete: number | null }
  | { dims: 2; groups: ShrinkageGroup2D[]; mean: [number, number]; cov: [number, number, number]; complete: [number, number] | null };

export interface ShrinkageOptions extends BaseOptions {
  /** Axis label of the coefficient (1-D) or the intercept (2-D x axis). */
  xLabel: string;
  /** 2-D: the slope's axis label. */
  yLabel?: string;
  /** What a group is ('Subject', 'county'), for the labels. */
  groupNoun?: string;
}

const NO_POOL = '#D55E00';
const PARTIAL = '#0072B2';
const POP = '#222';
const COMPLETE = '#009E73';
type G = Selection<SVGGElement, unknown, null, undefined>;

interface LegendEntry { label: string; draw: (g: G) => void }

function legendEntries(dims: 1 | 2, hasComplete: boolean): LegendEntry[] {
  const out: LegendEntry[] = [
    { label: 'No pooling (size: rows)', draw: (g) => { g.append('circle').attr('cx', 6).attr('cy', -4).attr('r', 5).attr('fill', '#fff').attr('stroke', NO_POOL).attr('stroke-width', 1.5); } },
    { label: 'Partial pooling (posterior mean)', draw: (g) => { g.append('circle').attr('cx', 6).attr('cy', -4).attr('r', 3.5).attr('fill', PARTIAL); } },
    { label: dims === 1 ? 'Population mean' : 'Population mean, 50% and 95% ellipses', draw: (g) => { g.append('line').attr('x1', 0).attr('x2', 14).attr('y1', -4).attr('y2', -4).attr('stroke', POP).attr('stroke-width', 1.5); } },
  ];
  if (hasComplete) out.push({ label: 'Complete pooling', draw: (g) => { g.append('line').attr('x1', 0).attr('x2', 14).attr('y1', -4).attr('y2', -4).attr('stroke', COMPLETE).attr('stroke-width', 1.5).attr('stroke-dasharray', '5,3'); } });
  return out;
}

/** Legend in rows under the title, wrapping at `width`; returns its height. */
function drawLegendRows(g: G, entries: LegendEntry[], left: number, width: number): number {
  g.selectAll('*').remove();
  let x = left;
  let y = 0;
  for (const e of entries) {
    const w = 22 + e.label.length * 6.8 + 16;
    if (x > left && x + w > left + width) { x = left; y += 18; }
    const item = g.append('g').attr('transform', `translate(${x},${y})`);
    e.draw(item);
    item.append('text').attr('x', 20).attr('y', 0).text(e.label);
    x += w;
  }
  return y + 18;
}

/** One group's arrow (data-arrow, data-visible="false" when the two estimates are too close to draw one). */
function drawArrow(g: G, x0: number, y0: number, x1: number, y1: number, r0: number, label: string): void {
  const a = arrowBetween(x0, y0, x1, y1, r0, 3.5, 7);
  const arrow = g.append('g').attr('data-arrow', label).attr('data-visible', String(a !== null));
  if (!a) return;
  arrow.append('line').attr('x1', a.x1).attr('y1', a.y1).attr('x2', a.x2).attr('y2', a.y2).attr('stroke', '#666').attr('stroke-width', 1.1);
  arrow.append('path').attr('d', `M${a.head.map((p) => p.join(',')).join('L')}Z`).attr('fill', '#666');
}

/**
 * Shrinkage plot: for each group an open circle at its no-pooling estimate (area by its rows), a
 * filled dot at its partial-pooling estimate and an arrow from one to the other; the population
 * mean (a line; in 2-D a cross with the 50% and 95% ellipses of the population distribution) and
 * the complete-pooling estimate (dashed). 1-D: one row per group, sorted by the no-pooling
 * estimate, groups without one at the bottom. 2-D: intercept (x) against slope (y).
 */
export function shrinkagePlot(container: HTMLElement, data: ShrinkageData, options: ShrinkageOptions): PlotHandle<ShrinkageData> {
  const width = defaultWidth(container, options.width);
  const frame = createChartFrame(container, 'shrinkage', width, 400, false);
  let current = data;
  const render = () => {
    frame.svg.selectAll(':scope > g, :scope > text, :scope > rect').remove();
    if (current.dims === 1) render1d(frame, current, options); else render2d(frame, current, options);
  };
  return mountChart(frame, render, (next) => { current = next; });
}

type Frame = ReturnType<typeof createChartFrame>;

function header(frame: Frame, options: ShrinkageOptions, dims: 1 | 2, hasComplete: boolean, left: number): number {
  const svg = frame.svg;
  let top = 8;
  if (options.title) {
    fitText(svg.append('text').attr('x', left).attr('y', 18).attr('font-weight', 600), options.title, frame.width - left - 10);
    top = 28;
  }
  const legend = svg.append('g').attr('transform', `translate(0,${top + 14})`);
  return top + drawLegendRows(legend, legendEntries(dims, hasComplete), left, frame.width - left - 10) + 8;
}

function render1d(frame: Frame, d: Extract<ShrinkageData, { dims: 1 }>, options: ShrinkageOptions): void {
  const n = d.groups.length;
  const rowH = n <= 30 ? 16 : n <= 60 ? 11 : 7;
  const showLabels = rowH >= 11;
  const left = showLabels ? 110 : 56;
  const top = header(frame, options, 1, d.complete !== null, left);
  const bodyH = Math.max(rowH, n * rowH);
  frame.setSize(frame.width, top + bodyH + 52);
  const svg = frame.svg;
  svg.insert('rect', ':first-child').attr('width', frame.width).attr('height', frame.height).attr('fill', '#fff');
  const pw = Math.max(40, frame.width - left - 16);
  const order = d.groups.map((_, i) => i).sort((a, b) => {
    const fa = d.groups[a].from;
    const fb = d.groups[b].from;
    if (fa === null || fb === null) return fa === null ? (fb === null ? d.groups[a].to - d.groups[b].to : 1) : -1;
    return fa - fb;
  });
  const [lo, hi] = finiteExtent(d.groups.map((g) => g.to), d.groups.map((g) => g.from ?? NaN), [d.population, d.complete ?? NaN]);
  const x = scaleLinear().domain(paddedDomain(lo, hi, 0.04)).range([left, left + pw]).nice(tickCount(pw, 80));
  const nMin = Math.min(...d.groups.map((g) => g.n));
  const nMax = Math.max(...d.groups.map((g) => g.n));
  const body = svg.append('g').attr('transform', `translate(0,${top})`);
  for (const t of x.ticks(tickCount(pw, 80))) body.append('line').attr('x1', x(t)).attr('x2', x(t)).attr('y1', 0).attr('y2', bodyH).attr('stroke', '#eee');
  body.append('line').attr('data-population', '').attr('x1', x(d.population)).attr('x2', x(d.population)).attr('y1', 0).attr('y2', bodyH).attr('stroke', POP).attr('stroke-width', 1.5);
  if (d.complete !== null) body.append('line').attr('data-complete', '').attr('x1', x(d.complete)).attr('x2', x(d.complete)).attr('y1', 0).attr('y2', bodyH).attr('stroke', COMPLETE).attr('stroke-width', 1.5).attr('stroke-dasharray', '5,3');
  order.forEach((idx, i) => {
    const g = d.groups[idx];
    const y = i * rowH + rowH / 2;
    const row = body.append('g').attr('data-group', g.label);
    if (showLabels) fitText(row.append('text').attr('x', left - 8).attr('y', y).attr('dy', '0.35em').attr('text-anchor', 'end'), g.label, left - 12);
    const r = Math.min(radiusForN(g.n, nMin, nMax), rowH * 0.8);
    if (g.from !== null) {
      drawArrow(row, x(g.from), y, x(g.to), y, r, g.label);
      row.append('circle').attr('cx', x(g.from)).attr('cy', y).attr('r', r).attr('fill', 'none').attr('stroke', NO_POOL).attr('stroke-width', 1.3);
    }
    row.append('circle').attr('cx', x(g.to)).attr('cy', y).attr('r', Math.min(3.2, rowH / 2)).attr('fill', PARTIAL);
  });
  const missing = d.groups.length - d.groups.filter((g) => g.from !== null).length;
  if (missing > 0 && missing < n) {
    // groups without a no-pooling estimate are the last rows: a rule and a note above them
    const yRule = (n - missing) * rowH;
    body.append('line').attr('x1', left).attr('x2', left + pw).attr('y1', yRule).attr('y2', yRule).attr('stroke', '#999').attr('stroke-dasharray', '2,3');
    body.append('text').attr('x', left + 4).attr('y', yRule + 13).attr('fill', '#555')
      .attr('stroke', '#fff').attr('stroke-width', 3).attr('paint-order', 'stroke')
      .text(`Below: ${missing} without a no-pooling estimate (partial pooling only)`);
  }
  const axis = svg.append('g').attr('transform', `translate(0,${top + bodyH})`).call(axisBottom(x).ticks(tickCount(pw, 80)));
  styleAxis(axis);
  svg.append('text').attr('x', left + pw / 2).attr('y', top + bodyH + 40).attr('text-anchor', 'middle').text(options.xLabel);
  const noun = options.groupNoun ?? 'group';
  if (!showLabels) {
    svg.append('text').attr('text-anchor', 'middle').attr('transform', `translate(20,${top + bodyH / 2}) rotate(-90)`)
      .text(`${n} ${noun} levels, sorted by the no-pooling estimate`);
  }
  const estimable = d.groups.filter((g) => g.from !== null).length;
  frame.setLabel(`Shrinkage plot of ${options.xLabel}: ${n} ${noun} levels, arrows from the no-pooling estimate (${estimable} estimable) to the partial-pooling estimate; population mean ${fmt(d.population)}`);
}

function render2d(frame: Frame, d: Extract<ShrinkageData, { dims: 2 }>, options: ShrinkageOptions): void {
  const left = 72;
  const top = header(frame, options, 2, d.complete !== null, left);
  const pw = Math.max(60, frame.width - left - 20);
  const ph = Math.round(Math.min(520, Math.max(260, pw * 0.62)));
  frame.setSize(frame.width, top + ph + 50);
  const svg = frame.svg;
  svg.insert('rect', ':first-child').attr('width', frame.width).attr('height', frame.height).attr('fill', '#fff');
  const e95 = covarianceEllipse(d.mean, d.cov, 0.95);
  const e50 = covarianceEllipse(d.mean, d.cov, 0.5);
  const xs = (k: 0 | 1) => [d.groups.map((g) => g.to[k]), d.groups.map((g) => g.from?.[k] ?? NaN), e95.map((p) => p[k]), [d.mean[k], d.complete?.[k] ?? NaN]];
  const [x0, x1] = finiteExtent(...xs(0));
  const [y0, y1] = finiteExtent(...xs(1));
  const x = scaleLinear().domain(paddedDomain(x0, x1, 0.04)).range([left, left + pw]).nice(tickCount(pw, 80));
  const y = scaleLinear().domain(paddedDomain(y0, y1, 0.04)).range([top + ph, top]).nice(tickCount(ph, 40));
  const grid = svg.append('g');
  for (const t of x.ticks(tickCount(pw, 80))) grid.append('line').attr('x1', x(t)).attr('x2', x(t)).attr('y1', top).attr('y2', top + ph).attr('stroke', '#eee');
  for (const t of y.ticks(tickCount(ph, 40))) grid.append('line').attr('x1', left).attr('x2', left + pw).attr('y1', y(t)).attr('y2', y(t)).attr('stroke', '#eee');
  // the ellipse as a plain path string (d3's line generator cost ~20 ms on its first call, measured in a CPU profile)
  const path = (pts: [number, number][]) => `M${pts.map((p) => `${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join('L')}Z`;
  svg.append('path').attr('data-ellipse', '95').attr('d', path(e95)).attr('fill', 'none').attr('stroke', POP).attr('stroke-width', 1).attr('stroke-dasharray', '4,3');
  svg.append('path').attr('data-ellipse', '50').attr('d', path(e50)).attr('fill', 'rgba(0,0,0,0.04)').attr('stroke', POP).attr('stroke-width', 1.2);
  const marks = svg.append('g');
  const nMin = Math.min(...d.groups.map((g) => g.n));
  const nMax = Math.max(...d.groups.map((g) => g.n));
  for (const g of d.groups) {
    if (!g.from) continue;
    const r = radiusForN(g.n, nMin, nMax);
    drawArrow(marks, x(g.from[0]), y(g.from[1]), x(g.to[0]), y(g.to[1]), r, g.label);
    marks.append('circle').attr('cx', x(g.from[0])).attr('cy', y(g.from[1])).attr('r', r).attr('fill', 'none').attr('stroke', NO_POOL).attr('stroke-width', 1.3);
  }
  for (const g of d.groups) marks.append('circle').attr('data-partial', g.label).attr('cx', x(g.to[0])).attr('cy', y(g.to[1])).attr('r', 3.2).attr('fill', PARTIAL);
  const cross = (cx: number, cy: number, color: string, attr: string) => {
    const c = svg.append('g').attr(attr, '').attr('stroke', color).attr('stroke-width', 2);
    c.append('line').attr('x1', cx - 7).attr('x2', cx + 7).attr('y1', cy).attr('y2', cy);
    c.append('line').attr('x1', cx).attr('x2', cx).attr('y1', cy - 7).attr('y2', cy + 7);
  };
  cross(x(d.mean[0]), y(d.mean[1]), POP, 'data-population');
  if (d.complete) cross(x(d.complete[0]), y(d.complete[1]), COMPLETE, 'data-complete');
  const ax = svg.append('g').attr('transform', `translate(0,${top + ph})`).call(axisBottom(x).ticks(tickCount(pw, 80)));
  styleAxis(ax);
  const ay = svg.append('g').attr('transform', `translate(${left},0)`).call(axisLeft(y).ticks(tickCount(ph, 40)));
  styleAxis(ay);
  svg.append('text').attr('x', left + pw / 2).attr('y', top + ph + 40).attr('text-anchor', 'middle').text(options.xLabel);
  svg.append('text').attr('text-anchor', 'middle').attr('transform', `translate(16,${top + ph / 2}) rotate(-90)`).text(options.yLabel ?? 'Slope');
  const estimable = d.groups.filter((g) => g.from !== null).length;
  frame.setLabel(`Two-dimensional shrinkage plot, ${options.xLabel} against ${options.yLabel ?? 'slope'}: ${d.groups.length} ${options.groupNoun ?? 'group'} levels (${estimable} with a no-pooling estimate), arrows to the partial-pooling estimates, population mean (${fmt(d.mean[0])}, ${fmt(d.mean[1])}) with its 50% and 95% ellipses`);
}

const fmt = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(4)).toString() : 'NA');
