import { axisBottom, axisLeft, line, scaleBand, scaleLinear } from 'd3';
import type { BaseOptions, PlotHandle, PpcData } from './types';
import { createChartFrame, mountChart } from './chartFrame';
import { defaultWidth } from './defaultWidth';
import { styleAxis } from './axes';
import { drawLegend } from './legend';
import { fitText } from './fitText';
import { finiteSlice } from './compute/finiteSlice';
import { silvermanBandwidth } from './compute/silvermanBandwidth';
import { linearGrid } from './compute/linearGrid';
import { gaussianKde } from './compute/gaussianKde';
import { isDiscreteOutcome } from './compute/isDiscreteOutcome';
import { ppcCounts } from './compute/ppcCounts';
import { quantileSorted } from './compute/quantileSorted';
import { tickCount } from './compute/tickCount';

export interface PpcOptions extends BaseOptions {
  /** Force bars (true) or densities (false); default: bars when y is integer with at most 30 values. */
  discrete?: boolean;
  /** Replicated datasets drawn as densities (default 20). */
  maxReplicates?: number;
  /** Name of the outcome for the x axis (default 'y'). */
  outcome?: string;
  /** Bars: the label of value v on the x axis (an ordinal response's category names); default String(v). */
  valueLabel?: (v: number) => string;
}

const MARGIN = { top: 26, right: 14, bottom: 40, left: 66 }; // room for 5-character density ticks beside the axis title
const Y_COLOR = '#08306b';
const YREP_COLOR = '#6baed6';

/**
 * Posterior predictive check (bayesplot ppc_dens_overlay / ppc_bars): the density of the observed
 * y (thick) over the densities of replicated datasets (thin); for discrete outcomes, observed
 * counts per value as bars with the replicated median and 90% interval on top.
 */
export function ppcPlot(container: HTMLElement, data: PpcData, options: PpcOptions = {}): PlotHandle<PpcData> {
  const frame = createChartFrame(container, 'ppc', defaultWidth(container, options.width), options.height ?? 260, false);
  const svg = frame.svg;
  const layer = svg.append('g');
  let current = data;

  function render(): void {
    const { y, yrep } = current;
    if (y.length < 2) throw new Error(`ppcPlot: needs at least 2 observed values, got ${y.length}`);
    if (yrep.length === 0) throw new Error('ppcPlot: needs at least one replicated dataset in yrep');
    yrep.forEach((r, s) => {
      if (r.length !== y.length) {
        throw new Error(`ppcPlot: yrep[${s}] has ${r.length} values but y has ${y.length}; each replicate must match the observations`);
      }
    });
    const w = frame.width;
    const h = frame.height;
    const pw = Math.max(10, w - MARGIN.left - MARGIN.right);
    const ph = Math.max(10, h - MARGIN.top - MARGIN.bottom);
    layer.selectAll('*').remove();
    const titleText = layer.append('text').attr('x', MARGIN.left).attr('y', 16).attr('font-weight', 600);
    layer.append('text').attr('x', MARGIN.left + pw / 2).attr('y', h - 6).attr('text-anchor', 'middle').text(options.outcome ?? 'y');
    const discrete = options.discrete ?? isDiscreteOutcome(y);
    const reps = yrep.slice(0, options.maxReplicates ?? 20);
    const yLabel = layer.append('text').attr('transform', `translate(14,${MARGIN.top + ph / 2}) rotate(-90)`).attr('text-anchor', 'middle');
    const legend = layer.append('g');

    if (discrete) {
      const c = ppcCounts(y, yrep);
      const x = scaleBand<number>().domain(Array.from(c.values)).range([MARGIN.left, MARGIN.left + pw]).padding(0.2);
      let top = 0;
      for (let v = 0; v < c.values.length; v++) top = Math.max(top, c.observed[v], c.hi[v]);
      const yS = scaleLinear().domain([0, top * 1.08 || 1]).range([MARGIN.top + ph, MARGIN.top]).nice();
      const label = options.valueLabel ?? String;
      // label at most one value per 40px (per 6.5px a character for longer labels)
      const longest = Math.max(...Array.from(c.values, (v) => label(v).length));
      const every = Math.max(1, Math.ceil((c.values.length * Math.max(40, 6.5 * longest)) / pw));
      const xAxis = layer.append('g').attr('transform', `translate(0,${MARGIN.top + ph})`)
        .call(axisBottom(x).tickValues(Array.from(c.values).filter((_, i) => i % every === 0)).tickFormat((v) => label(v)));
      styleAxis(xAxis);
      styleAxis(layer.append('g').attr('transform', `translate(${MARGIN.left},0)`).call(axisLeft(yS).ticks(tickCount(ph, 36))));
      yLabel.text('Count');
      const bw = x.bandwidth();
      const vals = Array.from(c.values.keys());
      layer.append('g').selectAll('rect').data(vals).join('rect').attr('data-observed-bar', '')
        .attr('x', (i) => x(c.values[i])!).attr('width', bw)
        .attr('y', (i) => yS(c.observed[i])).attr('height', (i) => yS(0) - yS(c.observed[i])).attr('fill', '#9ecae1');
      const reps = layer.append('g').attr('stroke', Y_COLOR).attr('fill', Y_COLOR);
      for (const i of vals) {
        const cx = x(c.values[i])! + bw / 2;
        reps.append('line').attr('data-rep-interval', '').attr('x1', cx).attr('x2', cx).attr('y1', yS(c.lo[i])).attr('y2', yS(c.hi[i])).attr('stroke-width', 2);
        reps.append('circle').attr('cx', cx).attr('cy', yS(c.median[i])).attr('r', 3.5);
      }
      const lw = drawLegend(legend, [
        { label: 'observed y', color: '#9ecae1', swatch: 'box' },
        { label: 'y_rep median, 90% interval', color: Y_COLOR },
      ], w - MARGIN.right, 16);
      fitText(titleText, options.title ?? '', pw - lw - 12);
      frame.setLabel(
        `Posterior predictive check${options.title ? ` of ${options.title}` : ''}: observed counts of ${c.values.length} outcome values ` +
          `(bars) against the median and 90% interval of ${yrep.length} replicated datasets`,
      );
      return;
    }

    const obs = finiteSlice(y).values;
    const repVals = reps.map((r) => finiteSlice(r).values);
    // x range: observed extent plus the central 99% of the replicates (heavy-tailed replicates
    // would otherwise squash the plot).
    const pooled = new Float64Array(repVals.reduce((a, r) => a + r.length, 0));
    let o = 0;
    for (const r of repVals) { pooled.set(r, o); o += r.length; }
    pooled.sort();
    let lo = Math.min(obs.reduce((a, b) => Math.min(a, b), Infinity), quantileSorted(pooled, 0.005));
    let hi = Math.max(obs.reduce((a, b) => Math.max(a, b), -Infinity), quantileSorted(pooled, 0.995));
    const span = hi - lo || 1;
    lo -= 0.05 * span;
    hi += 0.05 * span;
    const grid = linearGrid(lo, hi, 256);
    const dy = gaussianKde(obs, grid, silvermanBandwidth(obs));
    const drep = repVals.map((r) => gaussianKde(r, grid, silvermanBandwidth(r)));
    let top = 0;
    for (const d of [dy, ...drep]) for (const v of d) if (v > top) top = v;
    const x = scaleLinear().domain([lo, hi]).range([MARGIN.left, MARGIN.left + pw]);
    const yS = scaleLinear().domain([0, top * 1.05]).range([MARGIN.top + ph, MARGIN.top]);
    styleAxis(layer.append('g').attr('transform', `translate(0,${MARGIN.top + ph})`).call(axisBottom(x).ticks(tickCount(pw, 80))));
    styleAxis(layer.append('g').attr('transform', `translate(${MARGIN.left},0)`).call(axisLeft(yS).ticks(tickCount(ph, 36))));
    yLabel.text('Density');
    const path = line<number>().x((_, j) => x(grid[j])).y((v) => yS(v));
    layer.append('g').attr('fill', 'none').selectAll('path').data(drep).join('path').attr('data-yrep', '')
      .attr('d', (d) => path(Array.from(d))).attr('stroke', YREP_COLOR).attr('stroke-width', 0.9).attr('stroke-opacity', 0.7);
    layer.append('path').attr('data-y', '').attr('d', path(Array.from(dy))).attr('fill', 'none').attr('stroke', Y_COLOR).attr('stroke-width', 2.6);
    const lw = drawLegend(legend, [
      { label: 'y', color: Y_COLOR, lineWidth: 2.6 },
      { label: 'y_rep', color: YREP_COLOR, lineWidth: 1.2 },
    ], w - MARGIN.right, 16);
    fitText(titleText, options.title ?? '', pw - lw - 12);
    frame.setLabel(
      `Posterior predictive check${options.title ? ` of ${options.title}` : ''}: density of the ${y.length} observed values ` +
        `(thick) against densities of ${reps.length} replicated datasets (thin)`,
    );
  }

  return mountChart(frame, render, (next) => { current = next; });
}
