import { axisBottom, axisLeft, scaleLinear } from 'd3';
import type { BaseOptions, ParameterDraws, PlotHandle } from './types';
import { createChartFrame, mountChart } from './chartFrame';
import { defaultWidth } from './defaultWidth';
import { styleAxis } from './axes';
import { drawLegend } from './legend';
import { fitText } from './fitText';
import { chainColor } from './palette';
import { checkRange } from './compute/checkRange';
import { pooledRanks } from './compute/pooledRanks';
import { rankHistogram } from './compute/rankHistogram';
import { tickCount } from './compute/tickCount';
import { compactCountTick, countTick } from './tickFormats';
import { tickCountAtLeast } from './compute/tickCountAtLeast';

export interface RankOptions extends BaseOptions {
  /** Histogram bins over the pooled ranks (default 20). */
  bins?: number;
  /** 'overlay': one step line per chain (default); 'panels': one bar histogram per chain. */
  layout?: 'overlay' | 'panels';
}

const MARGIN = { top: 26, right: 14, bottom: 40, left: 52 };

/**
 * Rank plot (Vehtari et al. 2021): post-warmup draws are ranked over all chains pooled and each
 * chain's ranks are histogrammed. Well-mixed chains give flat histograms around the dashed
 * expected count; a chain stuck high or low shows as a slope.
 */
export function rankPlot(container: HTMLElement, data: ParameterDraws, options: RankOptions = {}): PlotHandle<ParameterDraws> {
  const frame = createChartFrame(container, 'rank', defaultWidth(container, options.width), options.height ?? 240, false);
  const svg = frame.svg;
  const titleText = svg.append('text').attr('x', MARGIN.left).attr('y', 16).attr('font-weight', 600);
  const legend = svg.append('g');
  const body = svg.append('g');
  const xLabel = svg.append('text').attr('text-anchor', 'middle').text('Rank (all chains pooled)');
  const yLabel = svg.append('text').attr('text-anchor', 'middle').text('Count');
  let current = data;

  function render(): void {
    const { chains, warmup } = current;
    chains.forEach((c, i) => checkRange(c.values, 0, c.count, `rankPlot: chain ${i + 1}`));
    const bins = options.bins ?? 20;
    const layout = options.layout ?? 'overlay';
    const w = frame.width;
    const h = frame.height;
    // Panels carry their chain name above them, so they start lower.
    const mTop = layout === 'panels' ? MARGIN.top + 18 : MARGIN.top;
    const pw = Math.max(10, w - MARGIN.left - MARGIN.right);
    const ph = Math.max(10, h - mTop - MARGIN.bottom);
    body.selectAll('*').remove();

    xLabel.attr('x', MARGIN.left + pw / 2).attr('y', h - 6);
    yLabel.attr('transform', `translate(14,${mTop + ph / 2}) rotate(-90)`);
    const lw = drawLegend(legend, layout === 'overlay' ? chains.map((_, i) => ({ label: `Chain ${i + 1}`, short: `${i + 1}`, color: chainColor(i) })) : [],
      w - MARGIN.right, 16, pw * 0.6, 'Chain');
    fitText(titleText, options.title ?? '', pw - lw - 12);

    const ranks = pooledRanks(chains, warmup);
    const total = ranks.reduce((a, r) => a + r.length, 0);
    if (total === 0) {
      body.append('text').attr('x', MARGIN.left + pw / 2).attr('y', mTop + ph / 2)
        .attr('text-anchor', 'middle').attr('fill', '#666').text('Waiting for post-warmup draws');
      frame.setLabel(`Rank plot${options.title ? ` of ${options.title}` : ''}: no post-warmup draws yet`);
      return;
    }
    const counts = rankHistogram(ranks, total, bins);
    const expected = ranks.map((r) => r.length / bins);
    let top = 0;
    for (const c of counts) for (let b = 0; b < bins; b++) if (c[b] > top) top = c[b];
    top = Math.max(top, ...expected) * 1.08;
    const edge = (b: number) => 0.5 + (b * total) / bins;

    const panels = layout === 'panels' ? chains.length : 1;
    const gap = layout === 'panels' ? 12 : 0;
    const panelW = (pw - gap * (panels - 1)) / panels;
    const y = scaleLinear().domain([0, top]).range([mTop + ph, mTop]);
    for (let p = 0; p < panels; p++) {
      const left = MARGIN.left + p * (panelW + gap);
      const x = scaleLinear().domain([0.5, total + 0.5]).range([left, left + panelW]);
      // Panels label only their inner ranks (edge labels would meet the next panel's) in the
      // compact form (1k, 2k), and ask d3 for as many ticks as it takes to show at least two:
      // with four panels the hint alone left a single '2,000' under each.
      const inner = (v: number) => v > total * 0.12 && v < total * 0.88;
      const xTicks = layout === 'panels'
        ? x.ticks(tickCountAtLeast(0.5, total + 0.5, tickCount(panelW, 45), 2, inner)).filter(inner)
        : x.ticks(tickCountAtLeast(0.5, total + 0.5, tickCount(panelW, 80)));
      const xAxis = body.append('g').attr('transform', `translate(0,${mTop + ph})`)
        .call(axisBottom(x).tickValues(xTicks).tickFormat(layout === 'panels' ? compactCountTick : countTick));
      styleAxis(xAxis);
      if (p === 0) styleAxis(body.append('g').attr('transform', `translate(${left},0)`).call(axisLeft(y).ticks(tickCount(ph, 36))));
      const shown = layout === 'panels' ? [p] : chains.map((_, i) => i);
      for (const c of shown) {
        const g = body.append('g').attr('data-chain', c + 1);
        if (layout === 'panels') {
          g.append('text').attr('x', left).attr('y', mTop - 6).attr('fill', chainColor(c)).attr('font-weight', 600).text(`Chain ${c + 1}`);
          g.selectAll('rect').data(Array.from(counts[c])).join('rect')
            .attr('x', (_, b) => x(edge(b)) + 0.5).attr('width', (_, b) => Math.max(0.5, x(edge(b + 1)) - x(edge(b)) - 1))
            .attr('y', (v) => y(v)).attr('height', (v) => y(0) - y(v)).attr('fill', chainColor(c)).attr('fill-opacity', 0.85);
        } else {
          let d = `M${x(edge(0))},${y(counts[c][0])}`;
          for (let b = 0; b < bins; b++) {
            d += `H${x(edge(b + 1))}`;
            if (b + 1 < bins) d += `V${y(counts[c][b + 1])}`;
          }
          g.append('path').attr('d', d).attr('fill', 'none').attr('stroke', chainColor(c)).attr('stroke-width', 1.8);
        }
        g.append('line').attr('x1', x(0.5)).attr('x2', x(total + 0.5)).attr('y1', y(expected[c])).attr('y2', y(expected[c]))
          .attr('stroke', '#555').attr('stroke-dasharray', '4,3').attr('stroke-width', 1).attr('data-expected', '');
      }
    }
    frame.setLabel(
      `Rank plot${options.title ? ` of ${options.title}` : ''}: histograms of pooled ranks for ${chains.length} chains, ` +
        `${bins} bins, ${total} post-warmup draws; flat histograms indicate good mixing`,
    );
  }

  return mountChart(frame, render, (next) => { current = next; });
}
