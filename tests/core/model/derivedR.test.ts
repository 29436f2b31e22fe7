// The brms call writes the R code that makes the derived (within/between) columns. Text tests
// always; when Rscript is installed, the generated script runs on the CSV (everything but
// library(brms), brm() and summary()) and R's columns must equal ours.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsvText } from '../../../src/core/io/csvRead';
import { splitWithinBetween, withSplit } from '../../../src/core/design/withinBetween';
import { prepareModel } from '../../../src/core/model/spec';
import { derivedColumnsR } from '../../../src/core/model/derivedR';
import type { DataTable } from '../../../src/core/types';

const hasR = (() => { try { execFileSync('Rscript', ['--version'], { stdio: 'ignore' }); return true; } catch { return false; } })();

function read(text: string, name: string): DataTable {
  const r = readCsvText(text, name);
  if (!r.table) throw new Error(r.messages.map((m) => m.text).join('; '));
  return r.table;
}

function split(t: DataTable, source: string, group: string): DataTable {
  return withSplit(t, splitWithinBetween(t, source, group));
}

// Missing x (NA, empty, NaN), a group with one row, a group whose x is all missing, rows without a
// group (empty text cell, NA), numeric ids written 2 and 2.0, a name that needs backticks, and
// values whose plain left-to-right sum is not exact.
const EDGE_CSV = [
  'y,income ($),state,id',
  '1,0.1,KS,1', '2,0.2,KS,1', '3,0.3,KS,1', '4,,KS,2',
  '5,1e-3,NY,2.0', '6,NA,NY,2', '7,12345.6789,NY,3',
  '8,NaN,CA,3', '9,NA,CA,NA',
  '10,7.5,WY,4',
  '11,3.25,,5', '12,2.5,NA,5',
].join('\n') + '\n';

function edgeTable(): DataTable {
  let t = read(EDGE_CSV, 'edge.csv');
  t = split(t, 'income ($)', 'state');
  return split(t, 'income ($)', 'id');
}

describe('derived columns in the brms call (text)', () => {
  it('writes ave() for the group mean and the difference for the deviation, names quoted', () => {
    const t = split(read('y,income,state\n1,1,a\n2,2,a\n3,5,b\n', 'v.csv'), 'income', 'state');
    const p = prepareModel({ formula: 'y ~ income_within + income_between', family: 'gaussian' }, t);
    const lines = p.brmsCall.split('\n');
    const read1 = lines.indexOf('data <- read.csv("v.csv", check.names = FALSE)');
    expect(read1).toBeGreaterThan(0);
    expect(lines.slice(read1 + 1, read1 + 4)).toEqual([
      '# income_between: mean of income in each state group; income_within: the deviation from it',
      'data$income_between <- ave(data$income, data$state, FUN = function(v) mean(v, na.rm = TRUE))',
      'data$income_within <- data$income - data$income_between',
    ]);
    expect(p.brmsCall).toContain('  y ~ income_within + income_between,');
  });

  it('makes the group mean missing where the group is, and backticks names R cannot read bare', () => {
    const lines = derivedColumnsR(edgeTable());
    expect(lines).toContain('data$income_between <- ave(data$`income ($)`, data$state, FUN = function(v) mean(v, na.rm = TRUE))');
    expect(lines).toContain('data$income_between[is.na(data$state) | data$state %in% c("", ".", "NaN")] <- NA');
    expect(lines).toContain('data$income_within_2 <- data$`income ($)` - data$income_between_2');
    expect(lines.filter((l) => l.startsWith('#'))).toHaveLength(2);
  });

  it('writes nothing for a table without derived columns', () => {
    expect(derivedColumnsR(read('a,b\n1,2\n', 'p.csv'))).toEqual([]);
  });

  it('a hostile column name stays a name: no code, comment on one line', () => {
    const name = 'x`); system("boom"); #\nnext';
    const csv = `y,"${name.replace(/"/g, '""')}",g\n1,1,a\n2,2,a\n3,4,b\n`;
    const t = split(read(csv, 'h.csv'), name, 'g');
    const lines = derivedColumnsR(t);
    expect(lines).toHaveLength(3);
    expect(lines[0]).not.toContain('\n');
    expect(lines[1]).toBe('data$x_system_boom_next_between <- ave(data$`x\\`); system("boom"); #\\nnext`, data$g, FUN = function(v) mean(v, na.rm = TRUE))');
  });
});

/** Runs the brms call's data lines on `csv` in R; returns each derived column as R holds it. */
function runInR(t: DataTable, csv: string, formula: string): Map<string, (number | null)[]> {
  const dir = mkdtempSync(join(tmpdir(), 'mls-derived-'));
  writeFileSync(join(dir, t.name), csv);
  const script = prepareModel({ formula, family: 'gaussian' }, t).brmsCall;
  writeFileSync(join(dir, 'call.R'), script);
  const names = t.columns.filter((c) => c.derived).map((c) => c.name);
  const run = join(dir, 'run.R');
  writeFileSync(run, [
    'for (e in parse(file = "call.R", keep.source = FALSE)) {',
    '  head <- if (is.call(e)) deparse(e[[1]]) else ""',
    '  rhs <- if (head == "<-" && is.call(e[[3]])) deparse(e[[3]][[1]]) else ""',
    '  if (!(head %in% c("library", "summary")) && rhs != "brm") eval(e)',
    '}',
    `for (n in c(${names.map((n) => JSON.stringify(n)).join(', ')})) {`,
    '  v <- data[[n]]',
    '  cat(n, "\\t", paste(ifelse(is.na(v), "NA", sprintf("%.17g", v)), collapse = " "), "\\n", sep = "")',
    '}',
  ].join('\n'));
  const out = execFileSync('Rscript', [run], { encoding: 'utf8', cwd: dir }).trim().split('\n');
  return new Map(out.map((line) => {
    const [n, vals] = line.split('\t');
    return [n, vals.trim().split(' ').map((v) => (v === 'NA' ? null : Number(v)))];
  }));
}

/** Largest |ours - R's| over the derived columns; missing must match exactly. */
function compare(t: DataTable, fromR: Map<string, (number | null)[]>): number {
  let worst = 0;
  for (const c of t.columns.filter((col) => col.derived)) {
    const r = fromR.get(c.name)!;
    expect(r, c.name).toHaveLength(t.nRows);
    const ours = Array.from(c.numeric!, (v, i) => (c.missing[i] ? null : v));
    expect(r.map((v) => v === null), `missing cells of ${c.name}`).toEqual(ours.map((v) => v === null));
    ours.forEach((v, i) => { if (v !== null) worst = Math.max(worst, Math.abs(v - r[i]!)); });
  }
  return worst;
}

describe.skipIf(!hasR)('derived columns in the brms call (R runs them)', () => {
  it('R makes the same columns as the app on the edge cases', () => {
    const t = edgeTable();
    const worst = compare(t, runInR(t, EDGE_CSV, 'y ~ income_within + income_between'));
    console.log(`edge cases: largest |app - R| = ${worst}`);
    expect(worst).toBe(0);
  });

  it('R makes the same columns from columns with hostile names (quotes, backticks, a newline, a comment)', () => {
    const x = 'x`); system("boom"); #\nnext';
    const g = 'g "q" \\ `t`';
    const cell = (s: string) => `"${s.replace(/"/g, '""')}"`;
    const csv = `y,${cell(x)},${cell(g)}\n1,1.5,a\n2,2.25,a\n3,4,b\n4,,b\n5,7,\n`;
    const t = split(read(csv, 'hostile.csv'), x, g);
    expect(t.columns.map((c) => c.name).slice(3)).toEqual(['x_system_boom_next_between', 'x_system_boom_next_within']);
    const worst = compare(t, runInR(t, csv, 'y ~ x_system_boom_next_within + x_system_boom_next_between'));
    expect(worst).toBe(0);
  });

  it('R makes the same columns as the app on the bundled within_between example', () => {
    const csv = readFileSync(new URL('../../../public/examples/within_between.csv', import.meta.url), 'utf8');
    const t = split(read(csv, 'within_between.csv'), 'x', 'g');
    const worst = compare(t, runInR(t, csv, 'y ~ x_within + x_between + (1 | g)'));
    console.log(`within_between.csv: largest |app - R| = ${worst}`);
    expect(worst).toBe(0);
  });
});
