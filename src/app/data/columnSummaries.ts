// Column summaries for the Columns view, cached per column object (switching one column to a
// factor recomputes only that one). A parsed file's summaries are computed in the parse worker
// and primed here, so opening the Columns tab of a 4.4 M-row file does no O(rows) work on the
// main thread.
import { summarizeColumn, type ColumnSummary } from '../../core/io/tableSummary';
import type { DataColumn } from '../../core/types';

/** Levels kept in a summary sent between threads: the view shows a handful and '…'. */
export const SUMMARY_LEVELS = 20;

const cache = new WeakMap<DataColumn, ColumnSummary>();

export function summaryOf(col: DataColumn): ColumnSummary {
  let s = cache.get(col);
  if (!s) {
    s = summarizeColumn(col);
    cache.set(col, s);
  }
  return s;
}

/** A summary with at most SUMMARY_LEVELS levels (nDistinct still counts them all). */
export function trimmedSummary(col: DataColumn): ColumnSummary {
  const s = summarizeColumn(col);
  return s.levels.length > SUMMARY_LEVELS ? { ...s, levels: s.levels.slice(0, SUMMARY_LEVELS) } : s;
}

/** Uses a summary computed elsewhere (the parse worker) for this column object. */
export function primeSummary(col: DataColumn, s: ColumnSummary): void {
  if (s.name === col.name) cache.set(col, s);
}
