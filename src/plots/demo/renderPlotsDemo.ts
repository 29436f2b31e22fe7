import { tracePlot } from '../tracePlot';
import { rankPlot } from '../rankPlot';
import { densityPlot } from '../densityPlot';
import { pairsPlot } from '../pairsPlot';
import { caterpillarPlot } from '../caterpillarPlot';
import { intervalsPlot } from '../intervalsPlot';
import { ppcPlot } from '../ppcPlot';
import type { ParameterDraws, PlotHandle } from '../types';
import { demoCaterpillarRows, demoChains, demoPairs, demoPpc } from './demoData';

export interface PlotsDemo {
  handles: Record<string, PlotHandle<never>>;
  /** Streams `n` more iterations into every chain of the live trace plot (as a DrawStore would). */
  streamTrace(n: number): number;
}

const WARMUP = 500;
const ITER = 1000;

/**
 * Renders every chart with synthetic data into `root`, for visual checks and the Playwright test.
 * The first trace plot starts part-way through warmup and can be streamed with `streamTrace`.
 */
export function renderPlotsDemo(root: HTMLElement): PlotsDemo {
  root.style.fontFamily = 'system-ui, sans-serif';
  root.style.maxWidth = '760px';
  const section = (id: string, heading: string): HTMLElement => {
    const s = document.createElement('section');
    s.id = id;
    s.style.margin = '0 0 24px';
    const h = document.createElement('h2');
    h.textContent = heading;
    h.style.font = '600 15px system-ui, sans-serif';
    s.appendChild(h);
    root.appendChild(s);
    const box = document.createElement('div');
    box.dataset.chartBox = id;
    box.style.display = 'inline-block';
    s.appendChild(box);
    return box;
  };

  const full = demoChains(4, WARMUP, ITER, 7, 1.5, 0.4);
  const live: ParameterDraws = { chains: full.map((values) => ({ values, count: 300 })), warmup: WARMUP };
  const post: ParameterDraws = { chains: full.map((values) => ({ values, count: values.length })), warmup: WARMUP };
  const handles: Record<string, PlotHandle<never>> = {};
  const keep = <D>(name: string, h: PlotHandle<D>) => { handles[name] = h as unknown as PlotHandle<never>; };

  keep('trace', tracePlot(section('trace', 'Trace (live)'), live, { width: 720, title: 'b_Intercept', totalIterations: WARMUP + ITER }));
  keep('traceLong', tracePlot(section('trace-long', 'Trace (200,000 draws per chain, thinned)'),
    { chains: demoChains(2, 0, 200_000, 11, 0, 1).map((values) => ({ values, count: values.length })), warmup: 0 },
    { width: 720, title: 'sd_Subject__Intercept' }));
  keep('rank', rankPlot(section('rank', 'Rank histogram (overlay)'), post, { width: 720, title: 'b_Intercept' }));
  keep('rankPanels', rankPlot(section('rank-panels', 'Rank histogram (panels)'), post, { width: 720, title: 'b_Intercept', layout: 'panels' }));
  keep('density', densityPlot(section('density', 'Density per chain'), post, { width: 720, title: 'b_Intercept' }));
  keep('pairs', pairsPlot(section('pairs', 'Pairs'), { names: ['b_Intercept', 'log_sd_county__Intercept', 'r_county[LAKEOFTHEWOODS,Intercept]'], chains: demoPairs(4, 600, 5) }, { width: 560 }));
  keep('caterpillar', caterpillarPlot(section('caterpillar', 'Caterpillar (85 counties)'), demoCaterpillarRows(3), { width: 720, labelWidth: 100, title: 'r_county[,Intercept]' }));
  keep('intervals', intervalsPlot(section('intervals', 'Population-level effects'), [
    { label: 'b_Intercept', mean: 1.46, lo90: 1.33, lo50: 1.41, hi50: 1.51, hi90: 1.59 },
    { label: 'b_floor', mean: -0.69, lo90: -0.80, lo50: -0.74, hi50: -0.65, hi90: -0.58 },
    { label: 'b_log_uranium', mean: 0.72, lo90: 0.58, lo50: 0.67, hi50: 0.77, hi90: 0.86 },
  ], { width: 720, title: 'Population-level effects' }));
  keep('ppc', ppcPlot(section('ppc', 'Posterior predictive check (continuous)'), demoPpc(9, false), { width: 720, outcome: 'log_radon' }));
  keep('ppcBars', ppcPlot(section('ppc-bars', 'Posterior predictive check (counts)'), demoPpc(10, true), { width: 720, outcome: 'ticks' }));

  // Phone-width versions: legends go compact, titles and labels truncate, panel ticks stay apart.
  const narrow = section('narrow', 'Narrow (340 px)');
  keep('traceNarrow', tracePlot(narrow, post, { width: 340, title: 'sd_county__Intercept' }));
  keep('rankNarrow', rankPlot(narrow, post, { width: 340, title: 'b_Intercept', layout: 'panels' }));

  return {
    handles,
    streamTrace(n: number) {
      for (const c of live.chains) c.count = Math.min(c.values.length, c.count + n);
      handles.trace.update(live as never);
      return live.chains[0].count;
    },
  };
}
