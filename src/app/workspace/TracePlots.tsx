// Live trace plots: one canvas chart per chosen parameter, one colour per chain, warmup shaded.
// Each parameter keeps its own per-chain column buffers, filled from the DrawStore with only the
// rows that arrived since it last drew; visible charts refresh on requestAnimationFrame, a few
// times a second while draws stream (see the effect below).
import { memo, useEffect, useRef, useState } from 'react';
import { tracePlot, toPngBlob, toSvgString, type ParameterDraws, type PlotHandle } from '../../plots';
import type { DrawStore } from '../../client/drawStore';
import { download } from './exports';

const CHART_HEIGHT = 180;

interface Column {
  index: number;
  data: ParameterDraws;
}

function fill(store: DrawStore, col: Column): boolean {
  let changed = false;
  const P = store.nParams;
  for (let c = 0; c < store.nChains; c++) {
    const ch = store.chain(c + 1);
    const slot = col.data.chains[c];
    if (ch.nIterations <= slot.count) continue;
    if (ch.nIterations > slot.values.length) {
      const grown = new Float64Array(Math.max(ch.nIterations, slot.values.length * 2));
      grown.set(slot.values.subarray(0, slot.count));
      slot.values = grown;
    }
    const v = slot.values;
    const d = ch.draws;
    for (let i = slot.count; i < ch.nIterations; i++) v[i] = d[i * P + col.index];
    slot.count = ch.nIterations;
    changed = true;
  }
  return changed;
}

/** While draws stream, visible charts are redrawn at most this often (ms). */
const LIVE_INTERVAL_MS = 200;
/** Main-thread budget of one refresh (ms); the rest continues in the next frame. */
const FRAME_BUDGET_MS = 6;

interface Entry {
  name: string;
  figure: HTMLElement;
  box: HTMLElement;
  visible: boolean;
  /** Created lazily: visible charts first, the others one per refresh. */
  chart: { handle: PlotHandle<ParameterDraws>; col: Column } | null;
  /** Store version the chart last drew. */
  seen: number;
}

type IdleFn = (cb: () => void, o?: { timeout: number }) => number;
const requestIdle = (cb: () => void): number => {
  const ric = (globalThis as { requestIdleCallback?: IdleFn }).requestIdleCallback;
  return ric ? ric(cb, { timeout: 1000 }) : (setTimeout(cb, 50) as unknown as number);
};
const cancelIdle = (id: number): void => {
  const cic = (globalThis as { cancelIdleCallback?: (id: number) => void }).cancelIdleCallback;
  if (cic) cic(id); else clearTimeout(id);
};

let warmed = false;

/**
 * Runs the trace chart code once on a detached element while the page is idle (before a run), so
 * the first live chart does not pay for compiling d3's axis and selection code (the first chart of
 * a page costs several times the next ones; bench/NOTES.md).
 */
export function prewarmTracePlot(): void {
  if (warmed || typeof document === 'undefined') return;
  warmed = true;
  const run = () => {
    const box = document.createElement('div');
    const chains = Array.from({ length: 4 }, (_, c) => {
      const values = new Float64Array(64);
      for (let i = 0; i < values.length; i++) values[i] = Math.sin(i * 0.3 + c);
      return { values, count: 32 };
    });
    const data: ParameterDraws = { warmup: 16, chains };
    const h = tracePlot(box, data, { width: 400, height: CHART_HEIGHT, title: 'warm-up', totalIterations: 64, showWarmup: true, warmupScale: 'exclude' });
    for (const c of chains) c.count = 48;
    h.update(data);
    for (const c of chains) { c.values[60] = 10; c.count = 64; }
    h.update(data);
    h.destroy();
  };
  requestIdle(run);
}

export const TracePlots = memo(function TracePlots({ store, params, totalIterations, warmup, live, fileStem }: {
  store: DrawStore | null;
  params: string[];
  totalIterations: number;
  warmup: number;
  live: boolean;
  fileStem: string;
}) {
  const root = useRef<HTMLDivElement>(null);
  const liveRef = useRef(live);
  liveRef.current = live;
  const entries = useRef<Entry[]>([]);
  const ensureRef = useRef<(e: Entry) => void>(() => {});
  const [showWarmup, setShowWarmup] = useState(true);
  const [extra, setExtra] = useState<string[]>([]);
  const shown = [...params, ...extra.filter((e) => !params.includes(e))];
  const paramsKey = shown.join('\n');

  useEffect(() => {
    const el = root.current;
    if (!el || !store) return;
    // Read when the first chart is built (in an animation frame), not here: reading layout in the
    // effect forced a layout of the freshly rendered page inside the React commit's task.
    let width = 0;
    const names = shown.filter((p) => store.names.includes(p));
    const list: Entry[] = [];
    for (const name of names) {
      const figure = el.querySelector<HTMLElement>(`[data-trace="${CSS.escape(name)}"]`);
      const box = figure?.querySelector<HTMLElement>('.ws-chart-box');
      if (figure && box) list.push({ name, figure, box, visible: false, chart: null, seen: -1 });
    }
    entries.current = list;

    const ensure = (e: Entry): void => {
      if (e.chart) return;
      const col: Column = {
        index: store.names.indexOf(e.name),
        data: { warmup, chains: Array.from({ length: store.nChains }, () => ({ values: new Float64Array(Math.max(16, totalIterations)), count: 0 })) },
      };
      fill(store, col);
      e.seen = store.version;
      if (!width) width = Math.max(300, Math.min(el.clientWidth - 20, 900));
      const handle = tracePlot(e.box, col.data, { width, height: CHART_HEIGHT, title: e.name, totalIterations, showWarmup, warmupScale: 'exclude' });
      e.chart = { handle, col };
    };
    ensureRef.current = ensure;

    // The streaming path keeps the main thread free (redrawing on every animation frame and
    // building all 24 charts up front gave long tasks, mostly paint and compositor commits
    // stretched by CPU contention; bench/NOTES.md):
    //  - refreshes are coalesced: at most one every LIVE_INTERVAL_MS while draws arrive, and
    //    none when nothing changed (no idle animation-frame loop);
    //  - only charts in or near the viewport are redrawn; the others catch up when scrolled in;
    //  - charts are created lazily: visible ones at most one per frame, off-screen ones after
    //    the run; every refresh stops after FRAME_BUDGET_MS and continues in the next frame;
    //  - off-screen figures have content-visibility: auto (workspace.css): not painted at all.
    let frame = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last = -Infinity;
    const refresh = (): void => {
      frame = 0;
      last = performance.now();
      const t0 = last;
      let created = false;
      let more = false;
      for (const e of list) {
        if (!e.visible) continue;
        if (!e.chart) {
          if (created) { more = true; continue; }
          ensure(e);
          created = true;
        } else if (e.seen !== store.version) {
          e.seen = store.version;
          if (fill(store, e.chart.col)) e.chart.handle.update(e.chart.col.data);
        }
        if (performance.now() - t0 > FRAME_BUDGET_MS) { more = true; break; }
      }
      if (more || list.some((e) => e.visible && (!e.chart || e.seen !== store.version))) schedule(true);
      else if (!liveRef.current) buildHidden();
    };
    // Off-screen charts are built once the run is over, one per idle period, so every chart
    // exists (and exports) without costing the streaming phase anything.
    let idle = 0;
    const buildHidden = (): void => {
      if (idle) return;
      idle = requestIdle(() => {
        idle = 0;
        const hidden = list.find((e) => !e.chart);
        if (!hidden) return;
        ensure(hidden);
        buildHidden();
      });
    };
    const schedule = (soon = false): void => {
      if (frame || timer) return;
      const wait = soon ? 0 : Math.max(0, last + LIVE_INTERVAL_MS - performance.now());
      if (wait === 0) frame = requestAnimationFrame(refresh);
      else timer = setTimeout(() => { timer = null; frame = requestAnimationFrame(refresh); }, wait);
    };
    const io = new IntersectionObserver((records) => {
      for (const r of records) {
        const e = list.find((x) => x.figure === r.target);
        if (e) e.visible = r.isIntersecting;
      }
      schedule(true);
    }, { rootMargin: '200px 0px' });
    for (const e of list) io.observe(e.figure);
    const off = store.subscribe(() => schedule());
    schedule(true);
    buildHiddenRef.current = buildHidden;
    if (!live) buildHidden();
    return () => {
      off();
      if (idle) cancelIdle(idle);
      io.disconnect();
      if (frame) cancelAnimationFrame(frame);
      if (timer) clearTimeout(timer);
      for (const e of list) e.chart?.handle.destroy();
      entries.current = [];
    };
  }, [store, paramsKey, totalIterations, warmup, showWarmup]); // eslint-disable-line react-hooks/exhaustive-deps

  // When the run ends, the effect above is not re-run (same store): start the background builds.
  const buildHiddenRef = useRef<() => void>(() => {});
  useEffect(() => { if (!live) buildHiddenRef.current(); }, [live]);

  const exportOne = async (name: string, kind: 'svg' | 'png') => {
    const e = entries.current.find((x) => x.name === name);
    if (!e) return;
    ensureRef.current(e);
    if (!e.chart) return;
    const h = e.chart;
    const file = `${fileStem}-trace-${name.replace(/[^A-Za-z0-9_.-]+/g, '_')}`;
    if (kind === 'svg') download(`${file}.svg`, toSvgString(h.handle.svg), 'image/svg+xml');
    else download(`${file}.png`, await toPngBlob(h.handle.element, 2));
  };

  return (
    <section className="ws-card" aria-label="Trace plots">
      <div className="ws-card-head">
        <h3 className="ws-title">Trace plots</h3>
        <span className="ws-row">
          {store ? (
            <label className="ws-inline">
              Add a trace
              <select value="" onChange={(e) => { const v = e.target.value; if (v) setExtra((x) => [...x, v]); }}>
                <option value="">choose a parameter…</option>
                {store.names.filter((n) => !shown.includes(n)).slice(0, 2000).map((n) => <option key={n} value={n}>{n}</option>)}
              </select>
            </label>
          ) : null}
          <label className="ws-check"><input type="checkbox" checked={showWarmup} onChange={(e) => setShowWarmup(e.target.checked)} /> show warmup</label>
        </span>
      </div>
      {!store ? <p className="ws-hint">{live ? 'Compiling the model in the chain workers…' : 'Run the model to see its traces.'}</p> : null}
      <div ref={root} className="ws-traces">
        {store ? shown.filter((p) => store.names.includes(p)).map((name) => (
          <figure key={name} className="ws-chart" data-trace={name}>
            <figcaption className="ws-chart-head">
              <span className="ws-chart-actions">
                <button type="button" className="ws-small" aria-label={`Download trace of ${name} as SVG`} onClick={() => void exportOne(name, 'svg')}>SVG</button>
                <button type="button" className="ws-small" aria-label={`Download trace of ${name} as PNG`} onClick={() => void exportOne(name, 'png')}>PNG</button>
              </span>
            </figcaption>
            <div className="ws-chart-box" style={{ minHeight: CHART_HEIGHT }} />
          </figure>
        )) : null}
      </div>
    </section>
  );
});
