// Number and label formatting shared by the data views.
import type { ColumnType, DataColumn } from '../../core/types';

const sig = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4, useGrouping: false });
const count = new Intl.NumberFormat('en-US');

/** A summary number with 4 significant digits ('NA' when not finite). */
export function formatStat(x: number): string {
  if (!Number.isFinite(x)) return 'NA';
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e7 || a < 1e-4)) return x.toExponential(2);
  return sig.format(x);
}

export function formatCount(n: number): string {
  return count.format(n);
}

export const TYPE_LABEL: Record<ColumnType, string> = {
  numeric: 'numeric',
  integer: 'integer',
  binary: 'binary',
  categorical: 'categorical',
};

/** Short tag for the preview header: what the column is and how models will use it. */
export function roleTag(column: DataColumn): string {
  if (column.derived) return `${column.type} · derived`;
  if (column.numeric === null) return column.type === 'binary' ? 'binary · factor' : 'factor';
  if (column.asFactor) return `${column.type} · factor`;
  return column.type;
}

/** What a derived column was made from, e.g. 'mean of income by state' (null for file columns). */
export function derivedLabel(column: DataColumn): string | null {
  const d = column.derived;
  if (!d) return null;
  return d.kind === 'between' ? `mean of ${d.source} by ${d.group}` : `${d.source} minus its mean by ${d.group}`;
}
