// Per-column summary for the Columns view: missing count, and either levels with counts (factors)
// or min / mean / sd / max (numbers), plus a small histogram.
import type { DataColumn } from '../types';
import { compareR } from '../design/collate';
import { rawCellAt } from './rawCells';

export interface LevelCount {
  label: string;
  count: number;
}

export interface ColumnSummary {
  name: string;
  /** Present (non-missing) cells. */
  nPresent: number;
  nMissing: number;
  /** Distinct non-missing values. */
  nDistinct: number;
  /** True when the column enters models as a factor (labels, or the user's choice). */
  isFactor: boolean;
  /** Factor levels in R's order (by value when the labels are numbers), with counts; [] for numbers. */
  levels: LevelCount[];
  /** Number summaries (NaN for factors or when nothing is present). */
  min: number;
  max: number;
  mean: number;
  /** Sample sd with the n - 1 divisor, as R's sd(). */
  sd: number;
  /** Counts in equal-width bins from min to max (numbers only; [] for factors). */
  histogram: number[];
}

const HISTOGRAM_BINS = 20;

/** Numbers by value; labels in the order the model (and R's factor()) gives them. */
function compareLevels(numeric: boolean) {
  return (a: LevelCount, b: LevelCount) => (numeric ? Number(a.label) - Number(b.label) : compareR(a.label, b.label));
}

export function summarizeColumn(column: DataColumn): ColumnSummary {
  const n = column.raw.length;
  const isFactor = column.numeric === null || column.asFactor;
  const summary: ColumnSummary = {
    name: column.name, nPresent: n - column.nMissing, nMissing: column.nMissing, nDistinct: 0, isFactor,
    levels: [], min: NaN, max: NaN, mean: NaN, sd: NaN, histogram: [],
  };
  if (isFactor) {
    const counts = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      if (column.missing[i]) continue;
      const label = rawCellAt(column.raw, i);
      counts.set(label, (counts.get(label) ?? 0) + 1);
    }
    summary.levels = [...counts].map(([label, count]) => ({ label, count })).sort(compareLevels(column.numeric !== null));
    summary.nDistinct = summary.levels.length;
    return summary;
  }
  const x = column.numeric!;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let m = 0;
  const distinct = new Set<number>();
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (column.missing[i] || v !== v) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    m++;
    if (distinct.size <= 1000) distinct.add(v);
  }
  if (m === 0) return summary;
  const mean = sum / m;
  let ss = 0;
  const bins = new Array<number>(HISTOGRAM_BINS).fill(0);
  const width = (max - min) / HISTOGRAM_BINS;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (column.missing[i] || v !== v) continue;
    ss += (v - mean) * (v - mean);
    const b = width > 0 ? Math.min(HISTOGRAM_BINS - 1, Math.floor((v - min) / width)) : 0;
    bins[b]++;
  }
  Object.assign(summary, { min, max, mean, sd: m > 1 ? Math.sqrt(ss / (m - 1)) : NaN, nDistinct: distinct.size, histogram: bins });
  return summary;
}
