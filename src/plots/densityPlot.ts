import { axisBottom, axisLeft, line, scaleLinear } from 'd3';
import type { BaseOptions, ParameterDraws, PlotHandle } from './types';
import { createChartFrame, mountChart } from './chartFrame';
import { defaultWidth } from './defaultWidth';
import { styleAxis } from './axes';
import { drawLegend } from './legend';
import { fitText } from './fitText';
import { chainColor } from './palette';
import { checkRange } from './compute/checkRange';
import { finiteSlice } from './compute/finiteSlice';
import { silvermanBandwidth } from './compute/silvermanBandwidth';
import { linearGrid } from './compute/linearGrid';
import { gaussianKde } from './compute/gaussianKde';
import { tickCount } from './compute/tickCount';

export interface DensityOptions extends BaseOptions {
  /** Grid points per density curve (default 256). */
  gridSize?: number;
}

const MARGIN = { top: 26, right: 14, bottom: 40, left: 66 }; // room for 5-character density ticks beside the axis title

/**
 * Per-chain Gaussian kernel density of the post-warmup draws (Silverman bandwidth per chain),
 * overlaid in the chain colours. Chains that agree have curves on top of each other.
 */
export function densityPlot(container: HTMLElement, data: ParameterDraws, options: DensityOptions = {}): PlotHandle<ParameterDraws> {
  const frame = createChartFrame(container, 'density', defaultWidth(container, options.width), options.height ?? 240, false);
  const svg = frame.svg;
  const gridSize = options.gridSize ?? 256;
  const titleText = svg.append('text').attr('x', MARGIN.left).attr('y', 16).attr('font-weight', 600);
  const legend = svg.append('g');
  const xAxisG = svg.append('g');
  const yAxisG = svg.append('g');
  const curves = svg.append('g').attr('fill', 'none');
  const xLabel = svg.append('text').attr('text-anchor', 'middle');
  const yLabel = svg.append('text').attr('text-anchor', 'middle').text('Density');
  const empty = svg.append('text').attr('text-anchor', 'middle').attr('fill', '#666');
  let current = data;

  function render(): void {
    const { chains, warmup } = current;
    chains.forEach((c, i) => checkRange(c.values, 0, c.count, `densityPlot: chain ${i + 1}`));
    const w = frame.width;
    const h = frame.height;
    const pw = Math.max(10, w - MARGIN.left - MARGIN.right);
    const ph = Math.max(10, h - MARGIN.top - MARGIN.bottom);
    let dropped = 0;
    const samples = chains.map((c) => {
      const s = finiteSlice(c.values, Math.min(warmup, c.count), c.count);
      dropped += s.dropped;
      return s.values;
    });
    const usable = samples.map((s, i) => ({ s, i })).filter(({ s }) => s.length >= 2);

    xLabel.attr('x', MARGIN.left + pw / 2).attr('y', h - 6).text(options.title ?? 'Value');
    yLabel.attr('transform', `translate(14,${MARGIN.top + ph / 2}) rotate(-90)`);
    const lw = drawLegend(legend, chains.map((_, i) => ({ label: `Chain ${i + 1}`, short: `${i + 1}`, color: chainColor(i) })), w - MARGIN.right, 16, pw * 0.6, 'Chain');
    fitText(titleText, options.title ?? '', pw - lw - 12);

    if (usable.length === 0) {
      curves.selectAll('*').remove();
      xAxisG.selectAll('*').remove();
      yAxisG.selectAll('*').remove();
      empty.attr('x', MARGIN.left + pw / 2).attr('y', MARGIN.top + ph / 2).text('Waiting for post-warmup draws');
      frame.setLabel(`Density plot${options.title ? ` of ${options.title}` : ''}: no post-warmup draws yet`);
      return;
    }
    empty.text('');
    const bws = usable.map(({ s }) => silvermanBandwidth(s));
    let lo = Infinity;
    let hi = -Infinity;
    usable.forEach(({ s }, k) => {
      for (let i = 0; i < s.length; i++) {
        if (s[i] - 3 * bws[k] < lo) lo = s[i] - 3 * bws[k];
        if (s[i] + 3 * bws[k] > hi) hi = s[i] + 3 * bws[k];
      }
    });
    const grid = linearGrid(lo, hi, gridSize);
    const dens = usable.map(({ s }, k) => gaussianKde(s, grid, bws[k]));
    let top = 0;
    for (const d of dens) for (let j = 0; j < d.length; j++) if (d[j] > top) top = d[j];
    const x = scaleLinear().domain([lo, hi]).range([MARGIN.left, MARGIN.left + pw]);
    const y = scaleLinear().domain([0, top * 1.05]).range([MARGIN.top + ph, MARGIN.top]);
    xAxisG.attr('transform', `translate(0,${MARGIN.top + ph})`).call(axisBottom(x).ticks(tickCount(pw, 80)));
    styleAxis(xAxisG);
    yAxisG.attr('transform', `translate(${MARGIN.left},0)`).call(axisLeft(y).ticks(tickCount(ph, 36)));
    styleAxis(yAxisG);
    const path = line<number>().x((_, j) => x(grid[j])).y((v) => y(v));
    curves.selectAll('path').data(dens).join('path')
      .attr('d', (d) => path(Array.from(d)))
      .attr('stroke', (_, k) => chainColor(usable[k].i))
      .attr('stroke-width', 1.8)
      .attr('data-chain', (_, k) => usable[k].i + 1);
    const n = usable.reduce((a, { s }) => a + s.length, 0);
    frame.setLabel(
      `Density plot${options.title ? ` of ${options.title}` : ''}: kernel densities of ${usable.length} chain${usable.length === 1 ? '' : 's'}, ` +
        `${n} post-warmup draws` + (dropped ? `, ${dropped} non-finite draws omitted` : ''),
    );
  }

  return mountChart(frame, render, (next) => { current = next; });
}
