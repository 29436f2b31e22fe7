// Virtualised preview of the table: only the rows and the columns in view (plus a margin) are in
// the DOM, so 73,421 rows scroll as smoothly as 30, and 10,000 columns as smoothly as 3.
// Cells are rendered as text, never as HTML.
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { isMissingCell } from '../../core/io/tableTyping';
import type { DataColumn, DataTable } from '../../core/types';
import { derivedLabel, roleTag } from '../components/format';
import { rawCellAt, rawCellLength } from '../../core/io/rawCells';

const ROW_HEIGHT = 24;
/** Browsers cap element heights (~33 M px in Chrome); beyond this the scrollbar is scaled. */
const MAX_SCROLL_PX = 8_000_000;
/** Height of the sticky header row: two lines of 40 px plus a 1 px border (see .head in styles.css). */
const HEADER_PX = 41;
const OVERSCAN = 8;
/** Columns rendered beyond each side of the view. */
const COL_OVERSCAN = 3;
const WIDTH_SAMPLE = 500;
const MIN_CH = 6;
const MAX_CH = 26;
/** Horizontal padding of a cell in ch (see .cell in styles.css). */
const PAD_CH = 2;

function columnWidth(col: DataColumn, decimals: number | null): number {
  let w = Math.max(col.name.length + 1, roleTag(col).length * 0.8);
  const n = Math.min(col.raw.length, WIDTH_SAMPLE);
  for (let i = 0; i < n; i++) {
    const len = decimals === null || col.missing[i] ? rawCellLength(col.raw, i) : col.numeric![i].toFixed(decimals).length;
    if (len > w) w = len;
  }
  return Math.min(MAX_CH, Math.max(MIN_CH, Math.ceil(w))) + PAD_CH;
}

/** Decimals shown for a non-integer number column (aligned like R's print), at most 6. */
const MAX_DECIMALS = 6;

/**
 * Number of decimals to print a numeric column with, as R prints a data frame column: the most
 * any (sampled) cell has, capped; null to show cells as written (integers, exponents, factors).
 */
function displayDecimals(col: DataColumn): number | null {
  if (col.numeric === null || col.asFactor || col.type === 'integer') return null;
  let decimals = 0;
  const n = Math.min(col.raw.length, 2000);
  for (let i = 0; i < n; i++) {
    if (col.missing[i]) continue;
    const t = rawCellAt(col.raw, i);
    if (t.includes('e') || t.includes('E')) return null;
    const dot = t.search(/[.,]/);
    if (dot >= 0) decimals = Math.max(decimals, t.length - dot - 1);
  }
  return Math.min(decimals, MAX_DECIMALS);
}

function Cell({ col, row, decimals, colIndex }: { col: DataColumn; row: number; decimals: number | null; colIndex: number }) {
  const raw = rawCellAt(col.raw, row);
  const rightAlign = col.numeric !== null && !col.asFactor;
  const text = decimals === null || col.missing[row] ? raw : col.numeric![row].toFixed(decimals);
  if (col.missing[row]) {
    if (isMissingCell(raw)) return <div role="cell" aria-colindex={colIndex} className="cell cell-na">NA</div>;
    // A non-numeric cell in a numeric column: shown as written, flagged, counted as missing.
    return (
      <div role="cell" aria-colindex={colIndex} className={`cell cell-bad${rightAlign ? ' cell-num' : ''}`} title={`Not a number: "${text}" is treated as missing`}>
        {text}
      </div>
    );
  }
  return (
    <div role="cell" aria-colindex={colIndex} className={`cell${rightAlign ? ' cell-num' : ''}`} title={text !== raw || raw.length > 20 || raw.includes('\n') ? raw : undefined}>
      {text}
    </div>
  );
}

/** First index i with offsets[i + 1] > x (offsets ascending, offsets[0] = 0). */
function columnAt(offsets: Float64Array, x: number): number {
  let lo = 0;
  let hi = offsets.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid] <= x) lo = mid; else hi = mid - 1;
  }
  return Math.max(0, lo);
}

export function DataPreview({ table }: { table: DataTable }) {
  const scroller = useRef<HTMLDivElement>(null);
  const measure = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [scrollLeft, setScrollLeft] = useState(0);
  const [view, setView] = useState({ height: 600, width: 1200 });
  /** Pixels per ch of the cell font (measured; columns are sized in ch). */
  const [chPx, setChPx] = useState(7.5);

  const decimals = useMemo(() => table.columns.map(displayDecimals), [table.columns]);
  const widths = useMemo(() => table.columns.map((c, j) => columnWidth(c, decimals[j])), [table.columns, decimals]);
  const offsets = useMemo(() => {
    const o = new Float64Array(widths.length + 1);
    for (let j = 0; j < widths.length; j++) o[j + 1] = o[j] + widths[j];
    return o;
  }, [widths]);
  const rowNumberWidth = Math.max(4, String(table.nRows).length + 1) + PAD_CH;
  const dataWidth = offsets[widths.length];
  const totalWidth = `${rowNumberWidth + dataWidth}ch`;

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const update = () => setView({ height: el.clientHeight, width: el.clientWidth });
    const observer = new ResizeObserver(update);
    observer.observe(el);
    update();
    if (measure.current) setChPx(measure.current.getBoundingClientRect().width / 100 || 7.5);
    return () => observer.disconnect();
  }, []);

  // A new table starts at the top left.
  useLayoutEffect(() => {
    if (scroller.current) { scroller.current.scrollTop = 0; scroller.current.scrollLeft = 0; }
    setScrollTop(0);
    setScrollLeft(0);
  }, [table.name, table.nRows, table.columns.length]);

  // Columns in view: from the scroll position in ch, past the row-number column.
  const leftCh = Math.max(0, scrollLeft / chPx - rowNumberWidth);
  const firstCol = widths.length ? Math.max(0, columnAt(offsets, leftCh) - COL_OVERSCAN) : 0;
  const lastCol = widths.length ? Math.min(widths.length, columnAt(offsets, leftCh + view.width / chPx) + 1 + COL_OVERSCAN) : 0;
  const cols: number[] = [];
  for (let j = firstCol; j < lastCol; j++) cols.push(j);
  // Grid tracks: row number, the space of the columns left of the view, the columns in view, the rest.
  const template = [
    `${rowNumberWidth}ch`, `${offsets[firstCol]}ch`, ...cols.map((j) => `${widths[j]}ch`), `${dataWidth - offsets[lastCol]}ch`,
  ].join(' ');

  // Past MAX_SCROLL_PX (about 330,000 rows) one scroll pixel moves more than one pixel of rows:
  // the row at the top of the view is scrollTop * ratio / ROW_HEIGHT, rows are placed around it.
  const bodyView = Math.max(ROW_HEIGHT, view.height - HEADER_PX);
  const fullHeight = table.nRows * ROW_HEIGHT;
  const bodyHeight = Math.min(fullHeight, MAX_SCROLL_PX);
  const ratio = fullHeight > bodyHeight ? (fullHeight - bodyView) / Math.max(1, bodyHeight - bodyView) : 1;
  const topRow = (scrollTop * ratio) / ROW_HEIGHT;
  const rowY = (i: number) => scrollTop + (i - topRow) * ROW_HEIGHT;
  const first = Math.max(0, Math.floor(topRow) - OVERSCAN);
  const last = Math.min(table.nRows, Math.ceil(topRow + bodyView / ROW_HEIGHT) + OVERSCAN);
  const rows: number[] = [];
  for (let i = first; i < last; i++) rows.push(i);

  return (
    <div
      className="preview"
      ref={scroller}
      onScroll={(e) => { setScrollTop(e.currentTarget.scrollTop); setScrollLeft(e.currentTarget.scrollLeft); }}
      role="table"
      aria-label="Data preview"
      aria-rowcount={table.nRows + 1}
      aria-colcount={table.columns.length + 1}
      tabIndex={0}
    >
      <div className="preview-header" role="row" aria-rowindex={1} style={{ gridTemplateColumns: template, width: totalWidth }}>
        <div role="columnheader" className="cell cell-rownum" aria-colindex={1}>
          <span className="visually-hidden">Row</span>
        </div>
        <div aria-hidden="true" />
        {cols.map((j) => table.columns[j]).map((c, k) => (
          <div role="columnheader" key={c.name} aria-colindex={cols[k] + 2} className={`cell head${c.numeric !== null && !c.asFactor ? ' cell-num' : ''}`} title={c.derived ? `${c.name}: ${derivedLabel(c)}` : c.name}>
            <span className="head-name">{c.name}</span>
            <span className="head-type">{roleTag(c)}</span>
          </div>
        ))}
      </div>
      <div className="preview-body" style={{ height: bodyHeight, width: totalWidth }}>
        {rows.map((i) => (
          <div
            key={i}
            role="row"
            aria-rowindex={i + 2}
            className={`preview-row${i % 2 ? ' odd' : ''}`}
            style={{ transform: `translateY(${rowY(i)}px)`, gridTemplateColumns: template, height: ROW_HEIGHT }}
          >
            <div role="rowheader" className="cell cell-rownum" aria-colindex={1}>{i + 1}</div>
            <div aria-hidden="true" />
            {cols.map((j) => <Cell key={table.columns[j].name} col={table.columns[j]} row={i} decimals={decimals[j]} colIndex={j + 2} />)}
          </div>
        ))}
      </div>
      <div ref={measure} className="cell preview-measure" aria-hidden="true" />
    </div>
  );
}
