// Live trace plots: one canvas chart per chosen parameter, one colour per chain, warmup shaded.
// Each parameter keeps its own per-chain column buffers, filled from the DrawStore with only the
// rows that arrived since the last frame; charts update on requestAnimationFrame.
import { memo, useEffect, useRef, useState } from 'react';
import { tracePlot, toPngBlob, toSvgString, type ParameterDraws, type PlotHandle } from '../../plots';
import type { DrawStore } from '../../client/drawStore';
import { download } from './exports';

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

export const TracePlots = memo(function TracePlots({ store, params, totalIterations, warmup, live, fileStem }: {
  store: DrawStore | null;
  params: string[];
  totalIterations: number;
  warmup: number;
  live: boolean;
  fileStem: string;
}) {
  const root = useRef<HTMLDivElement>(null);
  const handles = useRef<{ name: string; handle: PlotHandle<ParameterDraws>; col: Column }[]>([]);
  const [showWarmup, setShowWarmup] = useState(true);
  const [extra, setExtra] = useState<string[]>([]);
  const shown = [...params, ...extra.filter((e) => !params.includes(e))];
  const paramsKey = shown.join('\n');

  useEffect(() => {
    const el = root.current;
    if (!el || !store) return;
    const width = Math.max(300, Math.min(el.clientWidth - 20, 900));
    const names = shown.filter((p) => store.names.includes(p));
    // Charts are created one per animation frame (creating several at once is a long task).
    const create = (name: string) => {
      const box = el.querySelector<HTMLElement>(`[data-trace="${CSS.escape(name)}"] .ws-chart-box`);
      const col: Column = {
        index: store.names.indexOf(name),
        data: { warmup, chains: Array.from({ length: store.nChains }, () => ({ values: new Float64Array(Math.max(16, totalIterations)), count: 0 })) },
      };
      fill(store, col);
      const handle = tracePlot(box!, col.data, { width, height: 180, title: name, totalIterations, showWarmup, warmupScale: 'exclude' });
      return { name, handle, col };
    };
    const list: { name: string; handle: PlotHandle<ParameterDraws>; col: Column }[] = [];
    handles.current = list;
    // Each animation frame updates charts round-robin within a small time budget, so a frame
    // never redraws every chart at once (a full redraw, when a chart's y range grows, re-renders
    // its axes: several of those in one frame would make a long task).
    let frame = 0;
    let seen = -1;
    let next = 0;
    let pending = 0;
    const loop = () => {
      if (list.length < names.length) {
        list.push(create(names[list.length]));
        frame = requestAnimationFrame(loop);
        return;
      }
      if (store.version !== seen) {
        seen = store.version;
        pending = list.length;
      }
      const t0 = performance.now();
      while (pending > 0 && list.length > 0) {
        const h = list[next % list.length];
        next = (next + 1) % list.length;
        pending--;
        if (fill(store, h.col)) h.handle.update(h.col.data);
        if (performance.now() - t0 > 8) break;
      }
      frame = requestAnimationFrame(loop);
    };
    frame = requestAnimationFrame(loop);
    return () => {
      cancelAnimationFrame(frame);
      for (const h of list) h.handle.destroy();
      handles.current = [];
    };
  }, [store, paramsKey, totalIterations, warmup, showWarmup]); // eslint-disable-line react-hooks/exhaustive-deps

  const exportOne = async (name: string, kind: 'svg' | 'png') => {
    const h = handles.current.find((x) => x.name === name);
    if (!h) return;
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
            <div className="ws-chart-box" />
          </figure>
        )) : null}
      </div>
    </section>
  );
});
