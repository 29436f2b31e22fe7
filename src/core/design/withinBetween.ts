// The within/between split of a numeric column x by a grouping column g: x_between is the mean
// of x over each group's rows (rows where x is missing left out) and x_within = x - x_between.
// With both as predictors, y ~ x_within + x_between + (1 | g) separates the within-group slope
// from the between-group one (the "within-between" or Mundlak model: Mundlak 1978,
// Econometrica 46:69-85; Bell & Jones 2015, Political Science Research and Methods 3:133-153;
// Gelman & Hill 2007 §12.6 on group-level means of individual predictors). When the two slopes
// differ in sign, y ~ x alone shows neither: the ecological fallacy of the lecture's Kansas example.
//
// The columns are what R's
//   ave(d$x, d$g, FUN = function(v) mean(v, na.rm = TRUE))
// gives (model/derivedR.ts writes that code): groups are the levels of factor(g) (numbers by the
// label R prints for them, text by its cells), and the mean is R's mean.default: the sum over n,
// then corrected by the mean of the residuals (R's summary.c), the sum taken with Neumaier's
// compensation in place of R's long double. A row whose group cell is missing gets no mean.
import type { DataColumn, DataTable, DerivedFrom } from '../types';
import { numericLabel } from './evaluate';
import { rawCellAt, RawCellsBuilder } from '../io/rawCells';

export class DerivedColumnError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DerivedColumnError';
  }
}

/** Rows between two yields of the step generators below (a few hundred microseconds of work). */
export const ROWS_PER_STEP = 1024;

/** Per-row group key (null where the group cell is missing): R's factor(g) labels. */
export function groupKeys(group: DataColumn): (string | null)[] {
  const n = group.raw.length;
  const keys = new Array<string | null>(n);
  for (let i = 0; i < n; i++) keys[i] = keyAt(group, i);
  return keys;
}

const keyAt = (group: DataColumn, i: number): string | null =>
  group.missing[i] ? null : group.numeric ? numericLabel(group.numeric[i]) : rawCellAt(group.raw, i);

/** Group codes 0..G-1 per row (-1 where the group is missing) and the rows per group. */
function* groupCodes(group: DataColumn): Generator<void, { codes: Int32Array; sizes: number[] }> {
  const n = group.raw.length;
  const codes = new Int32Array(n);
  const index = new Map<string, number>();
  const sizes: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i % ROWS_PER_STEP === ROWS_PER_STEP - 1) yield;
    const k = keyAt(group, i);
    if (k === null) { codes[i] = -1; continue; }
    let c = index.get(k);
    if (c === undefined) { c = sizes.length; index.set(k, c); sizes.push(0); }
    codes[i] = c;
    sizes[c]++;
  }
  return { codes, sizes };
}

/** Adds x to the running Neumaier sum (Neumaier 1974, ZAMM 54:39-51): acc[0] sum, acc[1] compensation. */
function neumaierAdd(acc: Float64Array, x: number): void {
  const s = acc[0];
  const t = s + x;
  acc[1] += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
  acc[0] = t;
}

/**
 * sum(x - shift) with each difference split exactly into its rounded value and rounding error
 * (Knuth's TwoSum), so the residual sum of the second pass is as exact as the first pass's sum
 * (R keeps those residuals in long double).
 */
function compensatedSum(xs: ArrayLike<number>, shift: number): number {
  const acc = new Float64Array(2);
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    const t = x - shift;
    const bb = t - x;
    neumaierAdd(acc, t);
    neumaierAdd(acc, x - (t - bb) + (-shift - bb));
  }
  return acc[0] + acc[1];
}

/** R's mean.default of a non-empty vector: sum / n, then + mean(x - that) (summary.c, rmean). */
export function meanR(xs: ArrayLike<number>): number {
  const n = xs.length;
  const m = compensatedSum(xs, 0) / n;
  return Number.isFinite(m) ? m + compensatedSum(xs, m) / n : m;
}

/**
 * Group means of x by group code: NaN for a row without a group or whose group has no present x
 * (R gives NaN there, the mean of nothing; the app reads both as missing). The present values
 * are gathered group by group (a counting sort), then each group's mean is R's.
 */
function* groupMeansSteps(x: Float64Array, xMissing: Uint8Array, codes: Int32Array, nGroups: number): Generator<void, Float64Array> {
  const n = codes.length;
  const start = new Int32Array(nGroups + 1);
  const present = (i: number) => codes[i] >= 0 && !xMissing[i] && Number.isFinite(x[i]);
  for (let i = 0; i < n; i++) {
    if (i % ROWS_PER_STEP === ROWS_PER_STEP - 1) yield;
    if (present(i)) start[codes[i] + 1]++;
  }
  for (let c = 0; c < nGroups; c++) start[c + 1] += start[c];
  const fill = start.slice(0, nGroups);
  const sorted = new Float64Array(start[nGroups]);
  for (let i = 0; i < n; i++) {
    if (i % ROWS_PER_STEP === ROWS_PER_STEP - 1) yield;
    if (present(i)) sorted[fill[codes[i]]++] = x[i];
  }
  const means = new Float64Array(nGroups);
  for (let c = 0; c < nGroups; c++) {
    means[c] = start[c + 1] > start[c] ? meanR(sorted.subarray(start[c], start[c + 1])) : NaN;
    if (c % ROWS_PER_STEP === ROWS_PER_STEP - 1) yield;
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = codes[i] < 0 ? NaN : means[codes[i]];
  return out;
}

/** Runs a step generator to its end. */
function run<T>(g: Generator<void, T>): T {
  for (;;) {
    const r = g.next();
    if (r.done) return r.value;
  }
}

/** Group means of x by key (null = no group): see groupMeansSteps. */
export function groupMeans(x: Float64Array, xMissing: Uint8Array, keys: readonly (string | null)[]): Float64Array {
  const index = new Map<string, number>();
  const codes = Int32Array.from(keys, (k) => {
    if (k === null) return -1;
    let c = index.get(k);
    if (c === undefined) index.set(k, (c = index.size));
    return c;
  });
  return run(groupMeansSteps(x, xMissing, codes, index.size));
}

/**
 * A brms-friendly stem from a column name: letters, digits, '.' and '_' only (others become '_'),
 * no double underscore (brms reserves '__'), starting with a letter (R's make.names prefixes 'X').
 */
export function nameStem(name: string): string {
  let s = name.replace(/[^A-Za-z0-9._]+/g, '_').replace(/_{2,}/g, '_').replace(/^[_.]+|_+$/g, '');
  if (!/^[A-Za-z]/.test(s)) s = `X${s}`;
  return s;
}

/** Names for the pair: `<stem>_between` / `<stem>_within`, or with `_2`, `_3`, ... when taken. */
export function derivedNames(table: DataTable, source: string): { between: string; within: string; suffixed: boolean } {
  const taken = new Set(table.columns.map((c) => c.name));
  const stem = nameStem(source);
  for (let k = 1; ; k++) {
    const tail = k === 1 ? '' : `_${k}`;
    const between = `${stem}_between${tail}`;
    const within = `${stem}_within${tail}`;
    if (!taken.has(between) && !taken.has(within)) return { between, within, suffixed: k > 1 };
  }
}

/** A numeric column from values (NaN = missing), typed as tableTyping.ts types numbers. */
function* numericColumn(name: string, values: Float64Array, derived: DerivedFrom): Generator<void, DataColumn> {
  const n = values.length;
  const missing = new Uint8Array(n);
  const raw = new RawCellsBuilder();
  let nMissing = 0;
  let allInteger = true;
  const distinct = new Set<number>();
  for (let i = 0; i < n; i++) {
    // Formatting the cell text is the slow part (R's 15 significant digits, as the preview shows).
    if (i % ROWS_PER_STEP === ROWS_PER_STEP - 1) yield;
    const v = values[i];
    if (!Number.isFinite(v)) {
      values[i] = NaN;
      missing[i] = 1;
      raw.push('');
      nMissing++;
      continue;
    }
    raw.push(numericLabel(v));
    if (allInteger && !Number.isInteger(v)) allInteger = false;
    if (distinct.size < 3) distinct.add(v);
  }
  const type = distinct.size === 2 ? 'binary' : allInteger ? 'integer' : 'numeric';
  return { name, raw: raw.finish(), missing, numeric: values, type, asFactor: false, nMissing, derived };
}

const quote = (s: string) => (s.length > 40 ? `'${s.slice(0, 40)}...'` : `'${s}'`);

function column(table: DataTable, name: string, role: string): DataColumn {
  const c = table.columns.find((col) => col.name === name);
  if (!c) throw new DerivedColumnError(`There is no column ${quote(name)} to use as the ${role}. Pick one from the list of columns.`);
  return c;
}

export interface WithinBetweenSplit {
  between: DataColumn;
  within: DataColumn;
  /** Short notes for the user: renamed columns, rows without a group, one-row groups. */
  notes: string[];
}

/** Checks the choice of columns; throws a DerivedColumnError saying what to pick instead. */
function checkSplit(table: DataTable, source: string, group: string): { x: DataColumn; g: DataColumn } {
  const x = column(table, source, 'numeric column');
  const g = column(table, group, 'grouping column');
  if (x.derived) throw new DerivedColumnError(`${quote(source)} is itself a derived column; split a column from the file.`);
  if (x.numeric === null || x.asFactor) throw new DerivedColumnError(`${quote(source)} is ${x.numeric === null ? 'a text column' : 'used as a factor'}: only a numeric column can be split into a group mean and a deviation from it. Pick a numeric column (or set this one to number in the Columns view).`);
  if (source === group) throw new DerivedColumnError(`Pick a grouping column other than ${quote(source)} itself.`);
  if (g.derived) throw new DerivedColumnError(`${quote(group)} is a derived column; group by a column from the file.`);
  if (x.nMissing === x.raw.length) throw new DerivedColumnError(`${quote(source)} has no values to average.`);
  if (g.nMissing === g.raw.length) throw new DerivedColumnError(`${quote(group)} has no values: every row would be without a group.`);
  return { x, g };
}

/** Group means b of numeric column x by group, and w = x - b (NaN where missing). */
function* splitValues(x: DataColumn, codes: Int32Array, nGroups: number): Generator<void, { b: Float64Array; w: Float64Array }> {
  const b = yield* groupMeansSteps(x.numeric!, x.missing, codes, nGroups);
  const w = new Float64Array(b.length);
  for (let i = 0; i < b.length; i++) w[i] = x.missing[i] ? NaN : x.numeric![i] - b[i];
  return { b, w };
}

function* splitSteps(table: DataTable, source: string, group: string): Generator<void, WithinBetweenSplit> {
  const { x, g } = checkSplit(table, source, group);
  const { codes, sizes } = yield* groupCodes(g);
  const { b, w } = yield* splitValues(x, codes, sizes.length);
  const names = derivedNames(table, source);
  const notes: string[] = [];
  if (names.suffixed) notes.push(`${nameStem(source)}_between or ${nameStem(source)}_within already exists, so the new columns are ${names.between} and ${names.within}.`);
  const single = sizes.filter((c) => c === 1).length;
  if (single > 0) notes.push(`${single} of ${sizes.length} groups of ${group} have one row: ${names.within} is 0 there.`);
  if (g.nMissing > 0) notes.push(`${g.nMissing} rows have no ${group}: both columns are missing there.`);
  return {
    between: yield* numericColumn(names.between, b, { kind: 'between', source, group, partner: names.within }),
    within: yield* numericColumn(names.within, w, { kind: 'within', source, group, partner: names.between }),
    notes,
  };
}

/** The two derived columns of x split by g, with notes; throws DerivedColumnError for a bad choice. */
export function splitWithinBetween(table: DataTable, source: string, group: string): WithinBetweenSplit {
  return run(splitSteps(table, source, group));
}

export interface StepOptions {
  /** Gives the page a turn (the app: a macrotask, so it can paint and handle input). */
  pause: () => Promise<void>;
  /** Clock in ms (performance.now in the app); without one, every step pauses. */
  now?: () => number;
  /** Work between two pauses, in ms of `now` (default 4): far under a 50 ms long task, even on a busy CPU. */
  budgetMs?: number;
}

/** The same split, run in slices of about `budgetMs` with `pause()` between them. */
export async function splitWithinBetweenAsync(table: DataTable, source: string, group: string, options: StepOptions): Promise<WithinBetweenSplit> {
  const { pause, now, budgetMs = 4 } = options;
  const steps = splitSteps(table, source, group);
  let sliceStart = now ? now() : 0;
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (!now || now() - sliceStart >= budgetMs) {
      await pause();
      if (now) sliceStart = now();
    }
  }
}

/** The table with the split's two columns appended. */
export function withSplit(table: DataTable, split: WithinBetweenSplit): DataTable {
  return { ...table, columns: [...table.columns, split.between, split.within] };
}

/** The table without a derived column and its partner (they are made and removed together). */
export function withoutDerived(table: DataTable, name: string): DataTable {
  const c = table.columns.find((col) => col.name === name);
  if (!c?.derived) return table;
  const partner = c.derived.partner;
  return { ...table, columns: table.columns.filter((col) => col.name !== name && col.name !== partner) };
}

/**
 * Why a table's derived columns are not what their recipe makes (a session file that was edited),
 * or null when they all are: the source and group exist, the pair is complete, and the values
 * agree (within a relative 1e-12 of the recomputed ones; missing exactly where they are missing).
 */
export function derivedMismatch(table: DataTable): string | null {
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  for (const c of table.columns) {
    const d = c.derived;
    if (!d) continue;
    const partner = byName.get(d.partner);
    if (!partner?.derived || partner.derived.partner !== c.name || partner.derived.kind === d.kind) return `${quote(c.name)} names ${quote(d.partner)} as its partner, which is not the other column of its split`;
    // Recomputed from the recipe (the source may have been set to a factor since: its numbers count).
    const x = byName.get(d.source);
    const g = byName.get(d.group);
    if (!x || !g || x.derived || g.derived || x.numeric === null) return `${quote(c.name)} cannot be made again: ${quote(d.source)} and ${quote(d.group)} must be a numeric column and a grouping column of the file`;
    const { codes, sizes } = run(groupCodes(g));
    const { b, w } = run(splitValues(x, codes, sizes.length));
    const want = d.kind === 'between' ? b : w;
    for (let i = 0; i < table.nRows; i++) {
      const a = c.numeric ? c.numeric[i] : NaN;
      const e = want[i];
      const gone = Number.isNaN(e) ? 1 : 0;
      const bad = c.missing[i] !== gone || (!gone && !(Math.abs(a - e) <= 1e-12 * Math.max(1, Math.abs(e))));
      if (bad) return `${quote(c.name)} row ${i + 1} is not the ${d.kind === 'between' ? 'group mean' : 'deviation from the group mean'} of ${quote(d.source)} by ${quote(d.group)}`;
    }
  }
  return null;
}
