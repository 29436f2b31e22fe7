import { axisBottom, axisLeft, scaleBand, scaleLinear, type Selection } from 'd3';
import type { BaseOptions, PlotHandle } from './types';
import { createChartFrame, mountChart } from './chartFrame';
import { defaultWidth } from './defaultWidth';
import { styleAxis } from './axes';
import { fitText } from './fitText';
import { chainColor } from './palette';
import { paddedDomain } from './compute/paddedDomain';
import { tickCount } from './compute/tickCount';

/** One line (numeric x) or one set of dodged points (factor x): a level of the second variable, or the only one. */
export interface EffectSeries {
  /** effect2__ label, or null for a one-variable effect. */
  label: string | null;
  x: (number | string)[];
  estimate: number[];
  lower: number[];
  upper: number[];
}

export interface EffectsPlotData {
  /** 'numeric': lines with ribbons over a continuous x; 'factor': a point and error bar per level. */
  xKind: 'numeric' | 'factor';
  /** Factor x: the levels in order. */
  levels?: string[];
  series: EffectSeries[];
  /** Observed data: x, y and the series it belongs to (index into series, or null: grey); n > 1: a proportion of n (area by n). */
  points?: { x: number | string; y: number; series: number | null; n?: number }[];
}

export interface EffectsOptions extends BaseOptions {
  xLabel: string;
  yLabel: string;
  /** Title of the legend of the series (the second variable's name). */
  legendTitle?: string;
  /** Fixed y domain, e.g. [0, 1] for probabilities. */
  yDomain?: [number, number];
  /** Interval label for the legend and the aria-label, e.g. '95%'. */
  intervalLabel: string;
}

type G = Selection<SVGGElement, unknown, null, undefined>;
const ONE = '#0072B2';
const color = (k: number, n: number) => (n === 1 ? ONE : chainColor(k));

/** Legend of the series (in rows); returns its height. */
function drawSeriesLegend(g: G, data: EffectsPlotData, options: EffectsOptions, left: number, width: number): number {
  const n = data.series.length;
  if (n < 2) return 0;
  let x = left;
  let y = 0;
  if (options.legendTitle) {
    g.append('text').attr('x', x).attr('y', y).attr('font-weight', 600).text(`${options.legendTitle}:`);
    x += options.legendTitle.length * 7 + 14;
  }
  data.series.forEach((s, k) => {
    const w = 22 + (s.label ?? '').length * 7 + 14;
    if (x > left && x + w > left + width) { x = left; y += 18; }
    const item = g.append('g').attr('transform', `translate(${x},${y})`).attr('data-series', s.label ?? '');
    item.append('rect').attr('x', 0).attr('y', -9).attr('width', 14).attr('height', 10).attr('fill', color(k, n)).attr('fill-opacity', 0.35).attr('stroke', color(k, n));
    item.append('text').attr('x', 20).attr('y', 0).text(s.label ?? '');
    x += w;
  });
  return y + 20;
}

function yExtent(data: EffectsPlotData, options: EffectsOptions): [number, number] {
  if (options.yDomain) return options.yDomain;
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of data.series) for (let i = 0; i < s.lower.length; i++) { lo = Math.min(lo, s.lower[i], s.estimate[i]); hi = Math.max(hi, s.upper[i], s.estimate[i]); }
  for (const p of data.points ?? []) { if (Number.isFinite(p.y)) { lo = Math.min(lo, p.y); hi = Math.max(hi, p.y); } }
  if (!Number.isFinite(lo)) throw new Error('effectsPlot: no finite estimate to draw');
  return paddedDomain(lo, hi, 0.05);
}

/**
 * Conditional effects (brms plot.brms_conditional_effects): for a numeric x, the expected
 * response (line) and its interval (ribbon) per series; for a factor x, a point and an error bar
 * per level, dodged by series; optionally the observed points (canvas, under the marks).
 */
export function effectsPlot(container: HTMLElement, data: EffectsPlotData, options: EffectsOptions): PlotHandle<EffectsPlotData> {
  const width = defaultWidth(container, options.width);
  const frame = createChartFrame(container, 'effects', width, options.height ?? 380, true);
  let current = data;
  const render = () => {
    frame.svg.selectAll(':scope > g, :scope > text, :scope > rect').remove();
    draw(frame, current, options);
  };
  return mountChart(frame, render, (next) => { current = next; });
}

type Frame = ReturnType<typeof createChartFrame>;

function draw(frame: Frame, data: EffectsPlotData, options: EffectsOptions): void {
  const left = 70;
  const svg = frame.svg;
  let top = 10;
  if (options.title) { fitText(svg.append('text').attr('x', left).attr('y', 18).attr('font-weight', 600), options.title, frame.width - left - 10); top = 30; }
  top += drawSeriesLegend(svg.append('g').attr('transform', `translate(0,${top + 12})`), data, options, left, frame.width - left - 10) + 8;
  const pw = Math.max(60, frame.width - left - 20);
  const ph = Math.max(160, (options.height ?? 380) - top - 50);
  frame.setSize(frame.width, top + ph + 50);
  svg.insert('rect', ':first-child').attr('width', frame.width).attr('height', frame.height).attr('fill', 'none');
  const y = scaleLinear().domain(yExtent(data, options)).range([top + ph, top]);
  if (!options.yDomain) y.nice(tickCount(ph, 40));
  const grid = svg.append('g');
  for (const t of y.ticks(tickCount(ph, 40))) grid.append('line').attr('x1', left).attr('x2', left + pw).attr('y1', y(t)).attr('y2', y(t)).attr('stroke', '#eee');
  const ctx = frame.ctx!;
  ctx.clearRect(0, 0, frame.width, frame.height);
  const n = data.series.length;
  let xPos: (v: number | string, k: number) => number;
  let xAxis: G;
  if (data.xKind === 'numeric') {
    const xs = data.series.flatMap((s) => s.x as number[]);
    const x = scaleLinear().domain([Math.min(...xs), Math.max(...xs)]).range([left, left + pw]);
    if (x.domain()[0] === x.domain()[1]) x.domain(paddedDomain(x.domain()[0], x.domain()[1]));
    xPos = (v) => x(v as number);
    xAxis = svg.append('g').attr('transform', `translate(0,${top + ph})`).call(axisBottom(x).ticks(tickCount(pw, 80)));
  } else {
    const band = scaleBand<string>().domain(data.levels ?? []).range([left, left + pw]).padding(0.3);
    const dodge = (k: number) => (n === 1 ? 0 : (k - (n - 1) / 2) * Math.min(18, band.bandwidth() / n));
    xPos = (v, k) => band(String(v))! + band.bandwidth() / 2 + dodge(k);
    xAxis = svg.append('g').attr('transform', `translate(0,${top + ph})`).call(axisBottom(band));
  }
  styleAxis(xAxis);
  drawPoints(ctx, data, xPos, y, n);
  const marks = svg.append('g');
  data.series.forEach((s, k) => {
    const c = color(k, n);
    const g = marks.append('g').attr('data-line', s.label ?? '');
    const X = s.x.map((v) => xPos(v, k));
    if (data.xKind === 'numeric') {
      const band = `M${X.map((xi, i) => `${xi.toFixed(1)},${y(s.upper[i]).toFixed(1)}`).join('L')}L${X.map((_, i) => X.length - 1 - i).map((i) => `${X[i].toFixed(1)},${y(s.lower[i]).toFixed(1)}`).join('L')}Z`;
      g.append('path').attr('data-ribbon', '').attr('d', band).attr('fill', c).attr('fill-opacity', n === 1 ? 0.22 : 0.16).attr('stroke', 'none');
      g.append('path').attr('d', `M${X.map((xi, i) => `${xi.toFixed(1)},${y(s.estimate[i]).toFixed(1)}`).join('L')}`).attr('fill', 'none').attr('stroke', c).attr('stroke-width', 2.2);
    } else {
      X.forEach((xi, i) => {
        g.append('line').attr('x1', xi).attr('x2', xi).attr('y1', y(s.lower[i])).attr('y2', y(s.upper[i])).attr('stroke', c).attr('stroke-width', 1.8);
        for (const v of [s.lower[i], s.upper[i]]) g.append('line').attr('x1', xi - 5).attr('x2', xi + 5).attr('y1', y(v)).attr('y2', y(v)).attr('stroke', c).attr('stroke-width', 1.8);
        g.append('circle').attr('data-estimate', String(s.x[i])).attr('cx', xi).attr('cy', y(s.estimate[i])).attr('r', 4.5).attr('fill', c);
      });
    }
  });
  const ay = svg.append('g').attr('transform', `translate(${left},0)`).call(axisLeft(y).ticks(tickCount(ph, 40)));
  styleAxis(ay);
  svg.append('text').attr('x', left + pw / 2).attr('y', top + ph + 40).attr('text-anchor', 'middle').text(options.xLabel);
  fitText(svg.append('text').attr('text-anchor', 'middle').attr('transform', `translate(16,${top + ph / 2}) rotate(-90)`), options.yLabel, ph);
  const what = data.xKind === 'numeric' ? 'line with its' : 'point with its';
  const pts = data.points ?? [];
  const observed = pts.length === 0 ? '' : pts.some((p) => (p.n ?? 1) > 1) ? `, with ${pts.length} observed proportions` : `, with ${pts.length} observed points`;
  frame.setLabel(`Conditional effect of ${options.xLabel} on ${options.yLabel}: ${n > 1 ? `${n} series by ${options.legendTitle ?? 'level'}, each a ` : 'a '}${what} ${options.intervalLabel} interval${observed}`);
}

function drawPoints(ctx: CanvasRenderingContext2D, data: EffectsPlotData, xPos: (v: number | string, k: number) => number, y: (v: number) => number, n: number): void {
  const pts = data.points ?? [];
  if (pts.length === 0) return;
  const nMax = Math.max(...pts.map((p) => p.n ?? 1));
  const radius = (k: number) => (nMax > 1 ? 2.5 + 7 * Math.sqrt(k / nMax) : 2.2);
  ctx.globalAlpha = nMax > 1 ? 0.6 : pts.length > 500 ? 0.25 : 0.5;
  // jitter factor levels a little (brms jitter_width), deterministically
  let seed = 1;
  const jitter = () => { seed = (seed * 16807) % 2147483647; return (seed / 2147483647 - 0.5) * 24; };
  for (const p of pts) {
    if (!Number.isFinite(p.y)) continue;
    ctx.fillStyle = p.series === null ? '#555' : color(p.series, n);
    const xi = xPos(p.x, p.series ?? 0) + (data.xKind === 'factor' && nMax === 1 ? jitter() : 0);
    ctx.beginPath();
    ctx.arc(xi, y(p.y), radius(p.n ?? 1), 0, 2 * Math.PI);
    ctx.fill();
  }
  ctx.globalAlpha = 1;
}
