import { axisBottom, axisLeft, scaleLinear, type ScaleLinear } from 'd3';
import type { BaseOptions, ParameterDraws, PlotHandle } from './types';
import { createChartFrame } from './chartFrame';
import { defaultWidth } from './defaultWidth';
import { styleAxis } from './axes';
import { drawLegend } from './legend';
import { fitText } from './fitText';
import { chainColor } from './palette';
import { checkRange } from './compute/checkRange';
import { paddedDomain } from './compute/paddedDomain';
import { tickCount } from './compute/tickCount';
import { traceEnvelope } from './compute/traceEnvelope';
import { countTick } from './tickFormats';

export interface TraceOptions extends BaseOptions {
  /** Show the warmup draws in a grey band (default true); false starts the x axis after warmup. */
  showWarmup?: boolean;
  /**
   * Total iterations per chain when known (warmup + iter): fixes the x axis so streaming draws
   * extend the lines without rescaling. Otherwise the axis grows in nice steps.
   */
  totalIterations?: number;
  /**
   * 'include' (default): the y axis spans every drawn draw. 'exclude': once 10 post-warmup draws
   * exist, the y axis spans the post-warmup draws only (wild early warmup excursions are clipped),
   * so the sampling phase stays readable.
   */
  warmupScale?: 'include' | 'exclude';
}

const MARGIN = { top: 26, right: 14, bottom: 40, left: 60 };
const WARMUP_FILL = '#e9e9e9';

/**
 * Trace plot of one parameter: one canvas line per chain (Okabe-Ito colours), warmup shaded,
 * axes and labels in SVG. `update` with the same arrays and larger counts only draws the new
 * segments unless the y range grows, so it is cheap to call on every animation frame.
 */
export function tracePlot(container: HTMLElement, data: ParameterDraws, options: TraceOptions = {}): PlotHandle<ParameterDraws> {
  const frame = createChartFrame(container, 'trace', defaultWidth(container, options.width), options.height ?? 240, true);
  const ctx = frame.ctx!;
  const svg = frame.svg;
  const showWarmup = options.showWarmup ?? true;
  const titleText = svg.append('text').attr('x', MARGIN.left).attr('y', 16).attr('font-weight', 600);
  const legend = svg.append('g');
  const xAxisG = svg.append('g');
  const yAxisG = svg.append('g');
  const warmupLabel = svg.append('text').attr('fill', '#666').attr('font-size', 12);
  const xLabel = svg.append('text').attr('text-anchor', 'middle').text('Iteration');

  let current = data;
  let x: ScaleLinear<number, number> = scaleLinear();
  let y: ScaleLinear<number, number> = scaleLinear();
  let drawn: number[] = []; // per chain: entries already on the canvas
  let scanned: number[] = []; // per chain: entries folded into lo/hi
  // Running extents of the warmup and the post-warmup draws, folded in as draws arrive.
  let warmLo = Infinity;
  let warmHi = -Infinity;
  let postLo = Infinity;
  let postHi = -Infinity;
  let postCount = 0;
  let postOnly = false;
  let drawnPostOnly = false; // the y scale on the canvas was set from post-warmup draws only
  let lo = Infinity;
  let hi = -Infinity;
  let nonFinite = 0;
  let arrays: Float64Array[] = [];

  function firstIndex(): number {
    return showWarmup ? 0 : current.warmup;
  }

  function validate(d: ParameterDraws): void {
    if (!Number.isInteger(d.warmup) || d.warmup < 0) {
      throw new Error(`tracePlot: warmup must be a non-negative integer count of draws, got ${d.warmup}`);
    }
    d.chains.forEach((c, i) => checkRange(c.values, 0, c.count, `tracePlot: chain ${i + 1}`));
  }

  /** Folds new draws into the running extent; returns true when the arrays were replaced or shrank. */
  function scan(): boolean {
    const reset = current.chains.length !== arrays.length ||
      current.chains.some((c, i) => c.values !== arrays[i] || c.count < drawn[i]);
    if (reset) {
      arrays = current.chains.map((c) => c.values);
      drawn = current.chains.map(() => 0);
      scanned = current.chains.map(() => 0);
      warmLo = postLo = Infinity;
      warmHi = postHi = -Infinity;
      postCount = 0;
      nonFinite = 0;
    }
    const start = firstIndex();
    const warmup = current.warmup;
    current.chains.forEach((c, k) => {
      for (let i = Math.max(start, scanned[k]); i < c.count; i++) {
        const v = c.values[i];
        if (!Number.isFinite(v)) nonFinite++;
        else if (i < warmup) {
          if (v < warmLo) warmLo = v;
          if (v > warmHi) warmHi = v;
        } else {
          postCount++;
          if (v < postLo) postLo = v;
          if (v > postHi) postHi = v;
        }
      }
      scanned[k] = Math.max(scanned[k], c.count);
    });
    postOnly = options.warmupScale === 'exclude' && postCount >= 10;
    lo = postOnly ? postLo : Math.min(warmLo, postLo);
    hi = postOnly ? postHi : Math.max(warmHi, postHi);
    return reset;
  }

  function xMax(): number {
    const maxCount = Math.max(1, ...current.chains.map((c) => c.count));
    if (options.totalIterations && options.totalIterations >= maxCount) return options.totalIterations;
    // Grow in steps of a fifth of the leading power of ten (300 -> 320 -> 340, 200000 stays),
    // so streaming draws redraw everything only now and then.
    const step = Math.max(2, Math.pow(10, Math.floor(Math.log10(maxCount))) / 5);
    return Math.max(10, Math.ceil(maxCount / step) * step);
  }

  function plotWidth(): number {
    return Math.max(10, frame.width - MARGIN.left - MARGIN.right);
  }
  function plotHeight(): number {
    return Math.max(10, frame.height - MARGIN.top - MARGIN.bottom);
  }

  function xDomain(): [number, number] {
    const first = firstIndex() + 1;
    return [first, Math.max(first + 1, xMax())];
  }

  function layoutScales(): void {
    x = scaleLinear().domain(xDomain()).range([MARGIN.left, MARGIN.left + plotWidth()]);
    const [d0, d1] = lo <= hi ? paddedDomain(lo, hi, 0.08) : [0, 1];
    drawnPostOnly = postOnly;
    y = scaleLinear().domain([d0, d1]).range([MARGIN.top + plotHeight(), MARGIN.top]);
  }

  function drawAxes(): void {
    const h = frame.height;
    xAxisG.attr('transform', `translate(0,${MARGIN.top + plotHeight()})`)
      .call(axisBottom(x).ticks(tickCount(plotWidth(), 80)).tickFormat(countTick));
    styleAxis(xAxisG);
    yAxisG.attr('transform', `translate(${MARGIN.left},0)`).call(axisLeft(y).ticks(tickCount(plotHeight(), 36)));
    styleAxis(yAxisG);
    xLabel.attr('x', MARGIN.left + plotWidth() / 2).attr('y', h - 6);
    const lw = drawLegend(legend, current.chains.map((_, i) => ({ label: `Chain ${i + 1}`, short: `${i + 1}`, color: chainColor(i) })),
      frame.width - MARGIN.right, 16, plotWidth() * 0.6, 'Chain');
    fitText(titleText, options.title ?? '', plotWidth() - lw - 12);
    if (showWarmup && current.warmup > 0) {
      warmupLabel.attr('x', x(0.5) + 4).attr('y', MARGIN.top + 14).text('warmup').attr('display', null);
    } else warmupLabel.attr('display', 'none');
  }

  function strokeRange(values: Float64Array, from: number, to: number, color: string): void {
    // Draws segments from index `from` to `to - 1`; a non-finite draw breaks the line.
    ctx.strokeStyle = color;
    ctx.beginPath();
    let pen = false;
    for (let i = from; i < to; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) {
        pen = false;
        continue;
      }
      const px = x(i + 1);
      const py = y(v);
      if (pen) ctx.lineTo(px, py);
      else ctx.moveTo(px, py);
      pen = true;
    }
    ctx.stroke();
  }

  function clipToPlot(): void {
    ctx.beginPath();
    ctx.rect(MARGIN.left, MARGIN.top, plotWidth(), plotHeight());
    ctx.clip();
  }

  function fullRedraw(): void {
    layoutScales();
    drawAxes();
    ctx.save();
    ctx.clearRect(0, 0, frame.width, frame.height);
    clipToPlot();
    if (showWarmup && current.warmup > 0) {
      ctx.fillStyle = WARMUP_FILL;
      const x0 = x(0.5);
      ctx.fillRect(x0, MARGIN.top, Math.max(0, x(current.warmup + 0.5) - x0), plotHeight());
    }
    ctx.lineWidth = 1;
    ctx.globalAlpha = 0.85;
    ctx.lineJoin = 'round';
    const start = firstIndex();
    const buckets = Math.max(1, Math.round(plotWidth()));
    current.chains.forEach((c, k) => {
      if (c.count - start > 4 * buckets) {
        // Huge trace: draw only the M4 envelope (same pixels, a fraction of the segments).
        const idx = traceEnvelope(c.values, start, c.count, buckets);
        ctx.strokeStyle = chainColor(k);
        ctx.beginPath();
        let pen = false;
        for (let t = 0; t < idx.length; t++) {
          const v = c.values[idx[t]];
          if (!Number.isFinite(v)) { pen = false; continue; }
          if (pen) ctx.lineTo(x(idx[t] + 1), y(v));
          else ctx.moveTo(x(idx[t] + 1), y(v));
          pen = true;
        }
        ctx.stroke();
      } else if (c.count > start) strokeRange(c.values, start, c.count, chainColor(k));
      drawn[k] = c.count;
    });
    ctx.restore();
  }

  function incrementalDraw(): void {
    ctx.save();
    clipToPlot();
    ctx.lineWidth = 1;
    ctx.globalAlpha = 0.85;
    ctx.lineJoin = 'round';
    const start = firstIndex();
    current.chains.forEach((c, k) => {
      const from = Math.max(start, drawn[k] - 1); // overlap one point to join the segments
      if (c.count - from >= 2) strokeRange(c.values, from, c.count, chainColor(k));
      drawn[k] = c.count;
    });
    ctx.restore();
  }

  function describe(): void {
    const n = current.chains.map((c) => c.count);
    const maxN = Math.max(0, ...n);
    const parts = [
      `Trace plot${options.title ? ` of ${options.title}` : ''}: ${current.chains.length} chain${current.chains.length === 1 ? '' : 's'}`,
      `${maxN} iteration${maxN === 1 ? '' : 's'} drawn`,
    ];
    if (current.warmup > 0) parts.push(showWarmup ? `warmup iterations 1 to ${current.warmup} shaded` : 'warmup hidden');
    if (nonFinite > 0) parts.push(`${nonFinite} non-finite draw${nonFinite === 1 ? '' : 's'} left as gaps`);
    frame.setLabel(parts.join(', '));
  }

  function render(force: boolean): void {
    const reset = scan();
    const [x0, x1] = xDomain();
    const needsFull = force || reset || x.domain()[0] !== x0 || x.domain()[1] !== x1 || postOnly !== drawnPostOnly ||
      (lo <= hi && (lo < y.domain()[0] || hi > y.domain()[1]));
    if (needsFull) fullRedraw();
    else incrementalDraw();
    describe();
  }

  try {
    validate(data);
    render(true);
  } catch (err) {
    frame.destroy(); // bad input leaves nothing half-drawn behind
    throw err;
  }

  return {
    element: frame.root,
    svg: frame.svg.node()!,
    update(next) {
      validate(next);
      current = next;
      render(false);
    },
    resize(width, height) {
      frame.setSize(width, height ?? frame.height);
      render(true);
    },
    destroy() {
      frame.destroy();
    },
  };
}
