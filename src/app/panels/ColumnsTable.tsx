// One line per column: detected type, how models use it (number or factor: the user may switch
// numeric columns to factors), missing cells, and a summary (levels, or min/mean/sd/max).
// Virtualised: only the rows in view (plus a margin) are built, and a column's summary is
// computed when its row first comes into view, so 10,000 columns open as fast as 10.
import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import type { ColumnSummary } from '../../core/io/tableSummary';
import type { DataTable } from '../../core/types';
import { summaryOf } from '../data/columnSummaries';
import { derivedLabel, formatCount, formatStat, TYPE_LABEL } from '../components/format';
import { MiniHistogram } from '../components/MiniHistogram';
import { distinctRawCells } from '../../core/io/rawCells';
import { compareR } from '../../core/design/collate';
import { LevelOrder } from './LevelOrder';

/** Text columns with at most this many levels can be ordered (an ordinal response's categories). */
const MAX_ORDERED_LEVELS = 50;

/** Level labels shown inline, up to about this many characters. */
const LEVEL_CHARS = 26;

function levelsThatFit(levels: ColumnSummary['levels']): ColumnSummary['levels'] {
  const out: ColumnSummary['levels'] = [];
  let used = 0;
  for (const l of levels) {
    const cost = l.label.length + String(l.count).length + 2;
    if (out.length > 0 && used + cost > LEVEL_CHARS) break;
    out.push(l);
    used += cost;
  }
  return out;
}


function SummaryText({ s, order }: { s: ColumnSummary; order?: string[] }) {
  if (s.isFactor) {
    // a user order (DataColumn.levels) replaces R's order, shown as a < b < c
    const levels = order ? [...s.levels].sort((a, b) => order.indexOf(a.label) - order.indexOf(b.label)) : s.levels;
    const shown = levelsThatFit(levels);
    return (
      <span className="summary-levels">
        <span className="summary-count">{formatCount(s.nDistinct)} {s.nDistinct === 1 ? 'level' : 'levels'}</span>
        {shown.map((l) => (
          <span key={l.label} className={`level${order ? ' level-ordered' : ''}`}>
            {l.label}<span className="level-n"> {formatCount(l.count)}</span>
          </span>
        ))}
        {levels.length > shown.length ? <span className="level-more">…</span> : null}
      </span>
    );
  }
  if (s.nPresent === 0) return <span className="muted">no values</span>;
  return (
    <span className="summary-stats">
      <span><span className="stat-label">min</span> {formatStat(s.min)}</span>
      <span><span className="stat-label">mean</span> {formatStat(s.mean)}</span>
      <span><span className="stat-label">sd</span> {formatStat(s.sd)}</span>
      <span><span className="stat-label">max</span> {formatStat(s.max)}</span>
    </span>
  );
}

/** Row height in px (fixed in styles.css: .columns-table tbody tr) and rows beyond the view. */
const ROW_H = 34;
const OVERSCAN = 10;

export function ColumnsTable({ table, onSetFactor, onSetLevels, onRemoveDerived }: {
  table: DataTable;
  onSetFactor: (column: string, asFactor: boolean) => void;
  /** Orders a text column's levels (null: R's sort order); absent: no ordering control. */
  onSetLevels?: (column: string, levels: string[] | null) => void;
  /** Removes a derived column and its partner. */
  onRemoveDerived?: (column: string) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const [ordering, setOrdering] = useState<{ column: string; levels: string[]; ordered: boolean } | null>(null);
  const closeOrder = useCallback(() => setOrdering(null), []);
  const openOrder = (name: string) => {
    const col = table.columns.find((c) => c.name === name);
    if (!col) return;
    const present = distinctRawCells(col.raw, (i) => !col.missing[i]).sort(compareR);
    // the user's order first (its levels still present), then any others in R's order
    const kept = (col.levels ?? []).filter((l) => present.includes(l));
    setOrdering({ column: name, levels: [...kept, ...present.filter((l) => !kept.includes(l))], ordered: col.levels !== undefined });
  };
  const [top, setTop] = useState(0);
  const [viewHeight, setViewHeight] = useState(800);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setViewHeight(el.clientHeight));
    observer.observe(el);
    setViewHeight(el.clientHeight);
    return () => observer.disconnect();
  }, []);
  const n = table.columns.length;
  const first = Math.max(0, Math.floor(top / ROW_H) - OVERSCAN);
  const last = Math.min(n, Math.ceil((top + viewHeight) / ROW_H) + OVERSCAN);
  return (
    <div className="columns-scroll" ref={scroller} onScroll={(e) => setTop(e.currentTarget.scrollTop)}>
      <table className="columns-table" aria-label="Columns" aria-rowcount={n + 1}>
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col">Column</th>
            <th scope="col">Type</th>
            <th scope="col">Use as</th>
            <th scope="col" className="num">Missing</th>
            <th scope="col">Summary</th>
            <th scope="col" className="dist">Distribution</th>
          </tr>
        </thead>
        <tbody>
          {first > 0 ? <tr aria-hidden="true" className="columns-spacer" style={{ height: first * ROW_H }} /> : null}
          {table.columns.slice(first, last).map((c, k) => {
            const s = summaryOf(c);
            return (
              <tr key={c.name} data-column={c.name} aria-rowindex={first + k + 2}>
                <th scope="row" className="col-name" title={c.name}>{c.name}</th>
                <td>
                  <span className={`type-badge type-${c.type}`}>{TYPE_LABEL[c.type]}</span>
                  {c.derived ? <span className="derived-tag" title={`Derived: ${derivedLabel(c)}`}>derived</span> : null}
                </td>
                <td>
                  {c.derived ? (
                    <span className="derived-use">
                      <span className="derived-from">{derivedLabel(c)}</span>
                      {onRemoveDerived ? (
                        <button type="button" className="derived-remove" aria-label={`Remove ${c.name} and ${c.derived.partner}`} title={`Remove ${c.name} and ${c.derived.partner}`} onClick={() => onRemoveDerived(c.name)}>×</button>
                      ) : null}
                    </span>
                  ) : c.numeric === null ? (
                    <span className="role-text">
                      <span className="role-fixed" title="Text labels are always factors">{c.levels ? 'ordered' : 'factor'}</span>
                      {onSetLevels && s.nDistinct <= MAX_ORDERED_LEVELS ? (
                        <button type="button" className="order-levels" aria-label={`Order the levels of ${c.name}`} title="Order the levels (an ordinal response's categories, lowest first)" onClick={() => openOrder(c.name)}>order…</button>
                      ) : null}
                    </span>
                  ) : (
                    <select
                      className="role-select"
                      aria-label={`Use ${c.name} as`}
                      value={c.asFactor ? 'factor' : 'number'}
                      onChange={(e) => onSetFactor(c.name, e.target.value === 'factor')}
                    >
                      <option value="number">number</option>
                      <option value="factor">factor</option>
                    </select>
                  )}
                </td>
                <td className={`num${c.nMissing > 0 ? ' has-missing' : ''}`}>
                  {c.nMissing > 0 ? `${formatCount(c.nMissing)} (${formatStat((100 * c.nMissing) / Math.max(1, table.nRows))}%)` : '0'}
                </td>
                <td><SummaryText s={s} order={c.numeric === null ? c.levels : undefined} /></td>
                <td className="dist">{s.isFactor ? null : <MiniHistogram bins={s.histogram} />}</td>
              </tr>
            );
          })}
          {last < n ? <tr aria-hidden="true" className="columns-spacer" style={{ height: (n - last) * ROW_H }} /> : null}
        </tbody>
      </table>
      {ordering && onSetLevels ? (
        <LevelOrder column={ordering.column} levels={ordering.levels} ordered={ordering.ordered}
          onApply={(levels) => onSetLevels(ordering.column, levels)} onClose={closeOrder} />
      ) : null}
      <p className="columns-note">
        Columns after <code>|</code> in a formula are always grouping factors. Set an integer column to <em>factor</em> to use
        it as a categorical predictor (treatment coding, first level as reference).
      </p>
    </div>
  );
}
