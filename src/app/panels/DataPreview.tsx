// Virtualised preview of the table: only the rows in view (plus a margin) are in the DOM, so
// 73,421 rows scroll as smoothly as 30. Cells are rendered as text, never as HTML.
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { isMissingCell } from '../../core/io/tableTyping';
import type { DataColumn, DataTable } from '../../core/types';
import { roleTag } from '../components/format';

const ROW_HEIGHT = 24;
/** Browsers cap element heights (~33 M px in Chrome); beyond this the scrollbar is scaled. */
const MAX_SCROLL_PX = 8_000_000;
/** Height of the sticky header row: two lines of 40 px plus a 1 px border (see .head in styles.css). */
const HEADER_PX = 41;
const OVERSCAN = 8;
const WIDTH_SAMPLE = 500;
const MIN_CH = 6;
const MAX_CH = 26;
/** Horizontal padding of a cell in ch (see .cell in styles.css). */
const PAD_CH = 2;

function columnWidth(col: DataColumn, decimals: number | null): number {
  let w = Math.max(col.name.length + 1, roleTag(col).length * 0.8);
  const n = Math.min(col.raw.length, WIDTH_SAMPLE);
  for (let i = 0; i < n; i++) {
    const len = decimals === null || col.missing[i] ? col.raw[i].length : col.numeric![i].toFixed(decimals).length;
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
    const t = col.raw[i];
    if (t.includes('e') || t.includes('E')) return null;
    const dot = t.search(/[.,]/);
    if (dot >= 0) decimals = Math.max(decimals, t.length - dot - 1);
  }
  return Math.min(decimals, MAX_DECIMALS);
}

function Cell({ col, row, decimals }: { col: DataColumn; row: number; decimals: number | null }) {
  const raw = col.raw[row];
  const rightAlign = col.numeric !== null && !col.asFactor;
  const text = decimals === null || col.missing[row] ? raw : col.numeric![row].toFixed(decimals);
  if (col.missing[row]) {
    if (isMissingCell(raw)) return <div role="cell" className="cell cell-na">NA</div>;
    // A non-numeric cell in a numeric column: shown as written, flagged, counted as missing.
    return (
      <div role="cell" className={`cell cell-bad${rightAlign ? ' cell-num' : ''}`} title={`Not a number: "${text}" is treated as missing`}>
        {text}
      </div>
    );
  }
  return (
    <div role="cell" className={`cell${rightAlign ? ' cell-num' : ''}`} title={text !== raw || raw.length > 20 || raw.includes('\n') ? raw : undefined}>
      {text}
    </div>
  );
}

export function DataPreview({ table }: { table: DataTable }) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewHeight, setViewHeight] = useState(600);

  const decimals = useMemo(() => table.columns.map(displayDecimals), [table.columns]);
  const widths = useMemo(() => table.columns.map((c, j) => columnWidth(c, decimals[j])), [table.columns, decimals]);
  const rowNumberWidth = Math.max(4, String(table.nRows).length + 1) + PAD_CH;
  const template = [rowNumberWidth, ...widths].map((w) => `${w}ch`).join(' ');
  const totalWidth = `${rowNumberWidth + widths.reduce((a, b) => a + b, 0)}ch`;

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setViewHeight(el.clientHeight));
    observer.observe(el);
    setViewHeight(el.clientHeight);
    return () => observer.disconnect();
  }, []);

  // A new table starts at the top.
  useLayoutEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
    setScrollTop(0);
  }, [table.name, table.nRows]);

  // Past MAX_SCROLL_PX (about 330,000 rows) one scroll pixel moves more than one pixel of rows:
  // the row at the top of the view is scrollTop * ratio / ROW_HEIGHT, rows are placed around it.
  const bodyView = Math.max(ROW_HEIGHT, viewHeight - HEADER_PX);
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
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      role="table"
      aria-label="Data preview"
      aria-rowcount={table.nRows + 1}
      aria-colcount={table.columns.length + 1}
      tabIndex={0}
    >
      <div className="preview-header" role="row" aria-rowindex={1} style={{ gridTemplateColumns: template, width: totalWidth }}>
        <div role="columnheader" className="cell cell-rownum">
          <span className="visually-hidden">Row</span>
        </div>
        {table.columns.map((c) => (
          <div role="columnheader" key={c.name} className={`cell head${c.numeric !== null && !c.asFactor ? ' cell-num' : ''}`} title={c.name}>
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
            <div role="rowheader" className="cell cell-rownum">{i + 1}</div>
            {table.columns.map((c, j) => <Cell key={c.name} col={c} row={i} decimals={decimals[j]} />)}
          </div>
        ))}
      </div>
    </div>
  );
}
