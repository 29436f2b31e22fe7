import { axisBottom, axisLeft, line, scaleLinear, type ScaleLinear } from 'd3';
import type { BaseOptions, PairsData, PlotHandle } from './types';
import { createChartFrame, mountChart } from './chartFrame';
import { styleAxis } from './axes';
import { checkRange } from './compute/checkRange';
import { paddedDomain } from './compute/paddedDomain';
import { finiteSlice } from './compute/finiteSlice';
import { silvermanBandwidth } from './compute/silvermanBandwidth';
import { linearGrid } from './compute/linearGrid';
import { gaussianKde } from './compute/gaussianKde';
import { pearsonCorrelation } from './compute/pearsonCorrelation';
import { fitText } from './fitText';
import { tickCountAtLeast } from './compute/tickCountAtLeast';

export interface PairsOptions extends BaseOptions {
  /** Most non-divergent points drawn per panel (evenly thinned beyond; default 8000). Divergent draws are always all drawn. */
  maxPoints?: number;
}

const MARGIN = { top: 26, right: 10, bottom: 52, left: 66 };
const GAP = 8;
const POINT = '#2b4f72';
const DIVERGENT_COLOR = '#e41a1c';

/**
 * Scatter-matrix of 2-5 parameters: lower panels plot post-warmup draws (canvas) with divergent
 * transitions in red on top, the diagonal shows each parameter's pooled density, the upper
 * panels its correlation.
 */
export function pairsPlot(container: HTMLElement, data: PairsData, options: PairsOptions = {}): PlotHandle<PairsData> {
  const side = options.width ?? Math.min(container.clientWidth > 0 ? container.clientWidth : 600, 720);
  const frame = createChartFrame(container, 'pairs', side, options.height ?? side, true);
  const ctx = frame.ctx!;
  const svg = frame.svg;
  const layer = svg.append('g');
  let current = data;

  function validate(d: PairsData): void {
    const k = d.names.length;
    if (k < 2 || k > 5) throw new Error(`pairsPlot: choose 2 to 5 parameters, got ${k} (${d.names.join(', ')})`);
    d.chains.forEach((c, i) => {
      if (c.params.length !== k) {
        throw new Error(`pairsPlot: chain ${i + 1} has ${c.params.length} parameter arrays but names lists ${k}; pass one array per name`);
      }
      c.params.forEach((p, j) => checkRange(p, 0, c.count, `pairsPlot: chain ${i + 1}, ${d.names[j]}`));
      checkRange(c.divergent, 0, c.count, `pairsPlot: chain ${i + 1}, divergent flags`);
    });
  }

  function render(): void {
    validate(current);
    const { names, chains } = current;
    const warmup = current.warmup ?? 0;
    const k = names.length;
    const w = frame.width;
    const h = frame.height;
    const cellW = (w - MARGIN.left - MARGIN.right - GAP * (k - 1)) / k;
    const cellH = (h - MARGIN.top - MARGIN.bottom - GAP * (k - 1)) / k;
    const left = (j: number) => MARGIN.left + j * (cellW + GAP);
    const top = (i: number) => MARGIN.top + i * (cellH + GAP);
    layer.selectAll('*').remove();
    ctx.clearRect(0, 0, w, h);
    if (options.title) layer.append('text').attr('x', MARGIN.left).attr('y', 16).attr('font-weight', 600).text(options.title);

    // Pooled finite post-warmup draws per parameter (a draw is dropped if any coordinate is non-finite).
    let n = 0;
    for (const c of chains) n += Math.max(0, c.count - warmup);
    const cols = names.map(() => new Float64Array(n));
    const div = new Uint8Array(n);
    let m = 0;
    let dropped = 0;
    for (const c of chains) {
      for (let t = warmup; t < c.count; t++) {
        let ok = true;
        for (let j = 0; j < k; j++) if (!Number.isFinite(c.params[j][t])) ok = false;
        if (!ok) { dropped++; continue; }
        for (let j = 0; j < k; j++) cols[j][m] = c.params[j][t];
        div[m] = c.divergent[t] === 1 ? 1 : 0;
        m++;
      }
    }
    const draws = cols.map((col) => col.subarray(0, m));
    let nDiv = 0;
    for (let t = 0; t < m; t++) nDiv += div[t];
    if (m < 2) {
      layer.append('text').attr('x', w / 2).attr('y', h / 2).attr('text-anchor', 'middle').attr('fill', '#666').text('Waiting for post-warmup draws');
      frame.setLabel(`Pairs plot of ${names.join(', ')}: no post-warmup draws yet`);
      return;
    }
    const domains = draws.map((col) => {
      let lo = Infinity;
      let hi = -Infinity;
      for (let t = 0; t < col.length; t++) {
        if (col[t] < lo) lo = col[t];
        if (col[t] > hi) hi = col[t];
      }
      return paddedDomain(lo, hi, 0.04);
    });
    const xs: ScaleLinear<number, number>[] = domains.map((d, j) => scaleLinear().domain(d).range([left(j), left(j) + cellW]));
    const ys: ScaleLinear<number, number>[] = domains.map((d, i) => scaleLinear().domain(d).range([top(i) + cellH, top(i)]));
    const maxPoints = options.maxPoints ?? 8000;
    const stride = Math.max(1, Math.ceil(m / maxPoints));

    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) {
        const frameRect = layer.append('rect').attr('x', left(j)).attr('y', top(i)).attr('width', cellW).attr('height', cellH)
          .attr('fill', 'none').attr('stroke', '#bbb');
        if (i > j) {
          frameRect.attr('data-panel', `${names[j]}|${names[i]}`);
          const x = xs[j];
          const y = ys[i];
          ctx.fillStyle = POINT;
          ctx.globalAlpha = 0.3;
          for (let t = 0; t < m; t += stride) if (!div[t]) ctx.fillRect(x(draws[j][t]) - 1, y(draws[i][t]) - 1, 2, 2);
          ctx.globalAlpha = 1;
          ctx.fillStyle = DIVERGENT_COLOR;
          ctx.strokeStyle = '#7a0000';
          ctx.lineWidth = 0.6;
          for (let t = 0; t < m; t++) {
            if (!div[t]) continue;
            ctx.beginPath();
            ctx.arc(x(draws[j][t]), y(draws[i][t]), 2.6, 0, 2 * Math.PI);
            ctx.fill();
            ctx.stroke();
          }
        } else if (i === j) {
          const s = finiteSlice(draws[i]).values;
          const grid = linearGrid(domains[i][0], domains[i][1], 128);
          const dens = gaussianKde(s, grid, silvermanBandwidth(s));
          let peak = 0;
          for (const v of dens) if (v > peak) peak = v;
          const dy = scaleLinear().domain([0, peak * 1.1 || 1]).range([top(i) + cellH, top(i)]);
          layer.append('path').attr('d', line<number>().x((_, g) => xs[i](grid[g])).y((v) => dy(v))(Array.from(dens)))
            .attr('fill', '#c6dbef').attr('fill-opacity', 0.6).attr('stroke', POINT).attr('stroke-width', 1.5).attr('data-diagonal', names[i]);
          fitText(layer.append('text').attr('x', left(j) + 4).attr('y', top(i) + 14).attr('font-weight', 600), names[i], cellW - 8);
        } else {
          const r = pearsonCorrelation(draws[j], draws[i]);
          layer.append('text').attr('x', left(j) + cellW / 2).attr('y', top(i) + cellH / 2).attr('dy', '0.35em')
            .attr('text-anchor', 'middle').attr('font-size', Math.max(12, Math.min(22, cellW / 7)))
            .attr('fill', Math.abs(r) > 0.5 ? '#111' : '#555')
            .text(Number.isNaN(r) ? 'r n/a' : cellW < 90 ? r.toFixed(2) : `r = ${r.toFixed(2)}`);
        }
      }
      // Axes: x along the bottom row, y along the left column (row 0's left cell is a density).
      // At least two labelled ticks per axis: d3's nice steps can leave one for a small hint.
      const xAxis = layer.append('g').attr('transform', `translate(0,${top(k - 1) + cellH})`)
        .call(axisBottom(xs[i]).ticks(tickCountAtLeast(domains[i][0], domains[i][1], Math.max(2, Math.floor(cellW / 70)))));
      styleAxis(xAxis);
      fitText(layer.append('text').attr('x', left(i) + cellW / 2).attr('y', h - 8).attr('text-anchor', 'middle'), names[i], cellW);
      if (i > 0) {
        const yAxis = layer.append('g').attr('transform', `translate(${MARGIN.left},0)`)
          .call(axisLeft(ys[i]).ticks(tickCountAtLeast(domains[i][0], domains[i][1], Math.max(2, Math.floor(cellH / 40)))));
        styleAxis(yAxis);
        fitText(layer.append('text').attr('transform', `translate(14,${top(i) + cellH / 2}) rotate(-90)`).attr('text-anchor', 'middle'), names[i], cellH);
      }
    }
    if (nDiv > 0) {
      layer.append('text').attr('x', w - MARGIN.right).attr('y', 16).attr('text-anchor', 'end').attr('fill', '#b00000')
        .text(`${nDiv} divergent transition${nDiv === 1 ? '' : 's'} (red)`);
    }
    frame.setLabel(
      `Pairs plot of ${names.join(', ')}: ${m} post-warmup draws from ${chains.length} chains` +
        (stride > 1 ? ` (every ${stride}th non-divergent draw shown)` : '') +
        `, ${nDiv} divergent transition${nDiv === 1 ? '' : 's'} in red` +
        (dropped ? `, ${dropped} draws with non-finite values omitted` : '') +
        '; densities on the diagonal, correlations above it',
    );
  }

  return mountChart(frame, render, (next) => { current = next; }, (width) => width);
}
