/**
 * The PSIS-LOO result as R prints it (loo 2.5.1: `print.psis_loo`, `print.loo`, `print_dims`,
 * `print_mcse_summary`, `print.pareto_k_table`, `.k_help`), digits = 1:
 *
 *   Computed from 4000 by 180 log-likelihood matrix
 *
 *            Estimate   SE
 *   elpd_loo   -860.0 22.3
 *   ...
 *   ------
 *   Monte Carlo SE of elpd_loo is 0.1.
 *
 *   All Pareto k estimates are good (k < 0.5).
 *   See help('pareto-k-diagnostic') for details.
 *
 * R's `.fr(x, digits)` is format(round(x, digits), nsmall = digits): per column one common
 * width, right-aligned; a data frame prints right-aligned under its headers, a character matrix
 * (the Pareto k table) left-aligned.
 */
import type { LooResult } from './loo';
import { PARETO_K_CLASSES } from './paretoK';

/**
 * R (>= 4.0.0)'s round(x, digits) (src/nmath/fround.c): of the two neighbouring candidates with
 * `digits` decimals, the one nearer to x in double arithmetic, and on a tie the even one (round(6.25, 1) = 6.2,
 * round(0.15, 1) = 0.1 since 0.15 is stored below 0.15).
 */
export function roundR(x: number, digits: number): number {
  if (x < 0) return -roundR(-x, digits); // R's fround is symmetric
  const p = 10 ** digits;
  const lo = Math.floor(x * p);
  const a = lo / p;
  const b = (lo + 1) / p;
  const da = Math.abs(x - a);
  const db = Math.abs(b - x);
  if (da !== db) return da < db ? a : b;
  return lo % 2 === 0 ? a : b;
}

/** R's round(x, digits) then format(nsmall = digits) of one value; 'NA' for NaN / null. */
export function fixedR(x: number | null, digits: number): string {
  if (x === null || Number.isNaN(x)) return 'NA';
  if (!Number.isFinite(x)) return x > 0 ? 'Inf' : '-Inf';
  const r = roundR(x, digits);
  return (Object.is(r, -0) ? 0 : r).toFixed(digits);
}

/** `.fr` on a vector: common width, right-aligned. */
function fr(values: (number | null)[], digits: number): string[] {
  const text = values.map((v) => fixedR(v, digits));
  const width = Math.max(...text.map((t) => t.length));
  return text.map((t) => t.padStart(width));
}

function estimatesTable(r: LooResult, digits: number): string[] {
  const rowNames = ['elpd_loo', 'p_loo', 'looic'];
  const columns: [string, string[]][] = [
    ['Estimate', fr([r.elpdLoo.estimate, r.pLoo.estimate, r.looic.estimate], digits)],
    ['SE', fr([r.elpdLoo.se, r.pLoo.se, r.looic.se], digits)],
  ];
  const nameWidth = Math.max(...rowNames.map((n) => n.length));
  const widths = columns.map(([h, c]) => Math.max(h.length, ...c.map((x) => x.length)));
  const line = (first: string, cells: string[]): string =>
    [first.padEnd(nameWidth), ...cells.map((c, j) => c.padStart(widths[j]))].join(' ');
  return [line('', columns.map(([h]) => h)), ...rowNames.map((n, i) => line(n, columns.map(([, c]) => c[i])))];
}

const K_ROW_NAMES = ['(-Inf, 0.5]', ' (0.5, 0.7]', '   (0.7, 1]', '   (1, Inf)'];
const K_LABELS = ['(good)', '(ok)', '(bad)', '(very bad)'];

/** `print.pareto_k_table`, without the leading and trailing summary sentences. */
function paretoKLines(r: LooResult, digits: number): string[] {
  const rows = PARETO_K_CLASSES.map((c) => r.paretoK[c]);
  const columns: [string, string[]][] = [
    [' ', rows.map(() => '')],
    [' ', K_LABELS],
    ['Count', fr(rows.map((x) => x.count), 0)],
    ['Pct.   ', fr(rows.map((x) => 100 * x.proportion), digits).map((t) => `${t}%`)],
    ['Min. n_eff', rows.map((x) => (x.minNEff === null || Number.isNaN(x.minNEff) ? '<NA>' : String(roundR(x.minNEff, 0))))],
  ];
  const nameWidth = K_ROW_NAMES[0].length;
  const widths = columns.map(([h, c]) => Math.max(h.length, ...c.map((x) => x.length)));
  const line = (first: string, cells: string[]): string =>
    [first.padEnd(nameWidth), ...cells.map((c, j) => c.padEnd(widths[j]))].join(' ');
  return ['Pareto k diagnostic values:', line('', columns.map(([h]) => h)),
    ...K_ROW_NAMES.map((n, i) => line(n, columns.map(([, c]) => c[i])))];
}

/** print(loo(...)) for a PSIS-LOO result, as loo 2.5.1 prints it (one string, ending in a newline). */
export function formatLoo(r: LooResult, digits = 1): string {
  const t = r.paretoK;
  const out = ['', `Computed from ${r.nDraws} by ${r.nObs} log-likelihood matrix`, '', ...estimatesTable(r, digits), '------',
    `Monte Carlo SE of elpd_loo is ${fixedR(r.mcseElpdLoo, digits)}.`];
  if (t.ok.count + t.bad.count + t.very_bad.count === 0) {
    out.push('', 'All Pareto k estimates are good (k < 0.5).');
  } else {
    out.push('', ...paretoKLines(r, digits));
    if (t.bad.count + t.very_bad.count === 0) out.push('', 'All Pareto k estimates are ok (k < 0.7).');
  }
  out.push("See help('pareto-k-diagnostic') for details.");
  return out.join('\n') + '\n';
}
