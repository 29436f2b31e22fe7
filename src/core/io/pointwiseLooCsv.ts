// The CLI's --pointwise-loo file (issue 20): one row per observation the model used, with its
// original 1-based data row (rows dropped for missing values do not appear), and loo's pointwise
// elpd_loo, p_loo and Pareto k (loo 2.5.1's pointwise[, c("elpd_loo", "p_loo")] and
// diagnostics$pareto_k). Numbers as in the draws CSV (shortest round trip; Inf when no tail was fitted).
import type { LooPointwise } from '../loo/pointwise';
import { formatCsvNumber } from './drawsCsv';

/** Writes the CSV in pieces; `rows` are the model frame's 0-based data rows (Design.rows). */
export function writePointwiseLooCsv(rows: Int32Array, pw: LooPointwise, write: (chunk: string) => void): void {
  if (rows.length !== pw.elpdLoo.length) {
    throw new Error(`pointwise LOO: ${pw.elpdLoo.length} observations but ${rows.length} data rows`);
  }
  write('row,elpd_loo,p_loo,pareto_k\n');
  const lines: string[] = [];
  for (let i = 0; i < rows.length; i++) {
    lines.push(`${rows[i] + 1},${formatCsvNumber(pw.elpdLoo[i])},${formatCsvNumber(pw.pLoo[i])},${formatCsvNumber(pw.paretoK[i])}\n`);
    if (lines.length === 4096) write(lines.splice(0).join(''));
  }
  if (lines.length) write(lines.join(''));
}
