/**
 * `loo::loo_compare` (loo 2.5.1, R/loo_compare.R): models ordered by elpd_loo, best first
 * (`loo_compare_order`: R's order(decreasing = TRUE), stable for ties); for each model the paired
 * differences of the pointwise elpd_loo against the best model, elpd_diff = sum(diff) and
 * se_diff = sqrt(N) sd(diff) (`elpd_diffs`, `se_elpd_diff`); the best model's row is 0, 0.
 * `loo_compare_checks`: at least two models, and the same number of observations.
 */
import type { LooResult } from './loo';
import { fixedR } from './print';

export interface LooCompareInput {
  name: string;
  loo: LooResult;
  /**
   * Optional fingerprint of the response values (loo's `yhash`); models with different keys are
   * compared with loo's warning that the y variables differ.
   */
  responseKey?: string;
}

export interface LooCompareRow {
  name: string;
  elpdDiff: number;
  seDiff: number;
  elpdLoo: number;
  seElpdLoo: number;
  pLoo: number;
  sePLoo: number;
  looic: number;
  seLooic: number;
}

export interface LooCompareTable {
  /** Best model first. */
  rows: LooCompareRow[];
  warnings: string[];
}

function checkModels(models: LooCompareInput[]): string[] {
  if (models.length <= 1) throw new Error("'loo_compare' requires at least two models.");
  const n0 = models[0].loo.nObs;
  if (models.some((m) => m.loo.nObs !== n0)) {
    const list = models.map((m) => `${m.name.length > 40 ? `${m.name.slice(0, 40)}...` : m.name}: ${m.loo.nObs}`).join(', ');
    throw new Error(
      `Not all models have the same number of data points (${list}). LOO can only compare models `
        + 'fitted to the same observations: refit them on the same rows (e.g. drop the rows with missing values in any model\'s variables first).',
    );
  }
  const keys = models.map((m) => m.responseKey);
  const warnings: string[] = [];
  if (keys.some((k) => k !== keys[0])) {
    warnings.push("Not all models have the same y variable. ('yhash' attributes do not match)");
  }
  return warnings;
}

/** sum and sqrt(N) sd of pointwise b - a (R's sd: divisor N - 1). */
function pairedDifference(a: Float64Array, b: Float64Array): { sum: number; se: number } {
  const n = a.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += b[i] - a[i];
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = b[i] - a[i] - mean;
    ss += d * d;
  }
  return { sum, se: Math.sqrt(n) * Math.sqrt(ss / (n - 1)) };
}

/** The loo_compare table, best model first. */
export function looCompare(models: LooCompareInput[]): LooCompareTable {
  const warnings = checkModels(models);
  const order = models.map((_, j) => j).sort((a, b) => {
    const d = models[b].loo.elpdLoo.estimate - models[a].loo.elpdLoo.estimate;
    return d !== 0 ? d : a - b;
  });
  const best = models[order[0]].loo.pointwise.elpdLoo;
  const rows = order.map((j): LooCompareRow => {
    const m = models[j];
    const diff = j === order[0] ? { sum: 0, se: 0 } : pairedDifference(best, m.loo.pointwise.elpdLoo);
    return {
      name: m.name,
      elpdDiff: diff.sum,
      seDiff: diff.se,
      elpdLoo: m.loo.elpdLoo.estimate,
      seElpdLoo: m.loo.elpdLoo.se,
      pLoo: m.loo.pLoo.estimate,
      sePLoo: m.loo.pLoo.se,
      looic: m.loo.looic.estimate,
      seLooic: m.loo.looic.se,
    };
  });
  return { rows, warnings };
}

/** R's format(round(x, digits), nsmall = digits) on a whole matrix: one common width, right-aligned. */
function formatCells(values: number[], digits: number): string[] {
  const text = values.map((v) => fixedR(v, digits));
  const width = Math.max(...text.map((t) => t.length));
  return text.map((t) => t.padStart(width));
}

/**
 * The table as `print(loo_compare(...))` shows it (digits = 1, columns elpd_diff and se_diff):
 * R formats the two columns together (`loo:::.fr`) and prints the character matrix left-aligned
 * under left-aligned headers.
 */
export function formatLooCompare(table: LooCompareTable, digits = 1): string {
  const names = table.rows.map((r) => r.name);
  const n = names.length;
  const cells = formatCells([...table.rows.map((r) => r.elpdDiff), ...table.rows.map((r) => r.seDiff)], digits);
  const cols: [string, string[]][] = [['elpd_diff', cells.slice(0, n)], ['se_diff', cells.slice(n)]];
  const nameWidth = Math.max(0, ...names.map((m) => m.length));
  const widths = cols.map(([h, c]) => Math.max(h.length, ...c.map((x) => x.length)));
  const line = (first: string, row: string[]): string =>
    [first.padEnd(nameWidth), ...row.map((c, j) => c.padEnd(widths[j]))].join(' ');
  return [line('', cols.map(([h]) => h)), ...names.map((m, i) => line(m, cols.map(([, c]) => c[i])))].join('\n');
}
