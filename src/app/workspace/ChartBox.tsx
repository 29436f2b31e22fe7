// A chart from src/plots inside React: created once per `deps` change (and whenever the chart
// itself changes: its `kind` or its title), with "SVG" and "PNG" download buttons.
// Why the kind is part of the key: two ChartBoxes rendered at the same place in the tree (the Rank
// and Densities tabs) are one React instance; with `deps` alone the rank chart built first stayed
// under the density title (and in its PNG) until the data changed.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { toPngBlob, toSvgString, type PlotHandle } from '../../plots';
import { download } from './exports';

export function ChartBox<D>({ kind, title, fileName, create, data, deps, note, width: knownWidth }: {
  /** Which chart `create` builds ('rank', 'density', ...): a new kind rebuilds the chart. */
  kind: string;
  title: string;
  fileName: string;
  create: (el: HTMLElement, data: D, width: number) => PlotHandle<D>;
  data: D | null;
  deps: unknown[];
  note?: ReactNode;
  /** The box's width when the caller knows it (a ResizeObserver): no layout is forced to read it. */
  width?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  const handle = useRef<PlotHandle<D> | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const el = box.current;
    if (!el || data === null) return;
    try {
      const width = Math.max(280, Math.min(knownWidth ?? (el.clientWidth || 600), 900));
      handle.current = create(el, data, width);
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
    return () => { handle.current?.destroy(); handle.current = null; };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [kind, title, ...deps]);
  const exportSvg = () => { if (handle.current) download(`${fileName}.svg`, toSvgString(handle.current.svg), 'image/svg+xml'); };
  const exportPng = async () => {
    if (!handle.current) return;
    try {
      download(`${fileName}.png`, await toPngBlob(handle.current.element, 2));
    } catch (err) {
      setError(`PNG export failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  return (
    <figure className="ws-chart" data-chart={kind}>
      <figcaption className="ws-chart-head">
        <span className="ws-chart-title">{title}</span>
        <span className="ws-chart-actions">
          <button type="button" className="ws-small" aria-label={`Download ${title} as SVG`} onClick={exportSvg} disabled={data === null}>SVG</button>
          <button type="button" className="ws-small" aria-label={`Download ${title} as PNG`} onClick={() => void exportPng()} disabled={data === null}>PNG</button>
        </span>
      </figcaption>
      {note}
      {error ? <p className="ws-error-text" role="alert">{error}</p> : null}
      <div ref={box} className="ws-chart-box" />
    </figure>
  );
}
