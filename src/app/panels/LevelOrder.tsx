// The order of a text column's levels, lowest first (R's factor(x, levels = ..., ordered = TRUE)):
// an ordinal response (the cumulative family) is coded 1..K in this order. A small dialog with one
// line per level and buttons to move it up or down; keyboard: Tab between buttons, Escape cancels.
import { useEffect, useRef, useState } from 'react';

export function LevelOrder({ column, levels, ordered, onApply, onClose }: {
  column: string;
  /** The levels in the current order (the user's, or R's sort order). */
  levels: string[];
  /** True when the column already has a user order (Reset is offered). */
  ordered: boolean;
  onApply: (levels: string[] | null) => void;
  onClose: () => void;
}) {
  const [order, setOrder] = useState(levels);
  const box = useRef<HTMLDivElement>(null);
  // Focus moves into the dialog and back to where it was (the column's "order..." button) on close.
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    box.current?.focus();
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') onClose(); };
    window.addEventListener('keydown', onKey);
    return () => { window.removeEventListener('keydown', onKey); before?.focus(); };
  }, [onClose]);
  const move = (i: number, by: number) => {
    const j = i + by;
    if (j < 0 || j >= order.length) return;
    const next = [...order];
    [next[i], next[j]] = [next[j], next[i]];
    setOrder(next);
  };
  const titleId = `level-order-${column.replace(/\W/g, '_')}`;
  return (
    <div className="level-order-backdrop" onMouseDown={(e) => { if (e.target === e.currentTarget) onClose(); }}>
      <div className="level-order" role="dialog" aria-modal="true" aria-labelledby={titleId} tabIndex={-1} ref={box}>
        <h3 id={titleId}>Order of the levels of {column}</h3>
        <p className="level-order-hint">Lowest first. An ordinal model (family cumulative) codes them 1, 2, …, {order.length} in this order.</p>
        <ol className="level-order-list" aria-label={`Levels of ${column}, lowest first`}>
          {order.map((l, i) => (
            <li key={l}>
              <span className="level-order-rank">{i + 1}</span>
              <span className="level-order-label">{l}</span>
              <button type="button" aria-label={`Move ${l} up`} disabled={i === 0} onClick={() => move(i, -1)}>↑</button>
              <button type="button" aria-label={`Move ${l} down`} disabled={i === order.length - 1} onClick={() => move(i, 1)}>↓</button>
            </li>
          ))}
        </ol>
        <div className="level-order-actions">
          <button type="button" className="primary" onClick={() => { onApply(order); onClose(); }}>Use this order</button>
          {ordered ? <button type="button" onClick={() => { onApply(null); onClose(); }}>Reset to sorted</button> : null}
          <button type="button" onClick={onClose}>Cancel</button>
        </div>
      </div>
    </div>
  );
}
