// Shared pieces of the fit readers (CmdStan CSV, our draws CSV): the result type, a line
// splitter that takes text in chunks of any size (so a large file is never one string), a
// growing row buffer, the numeric cell parser and the error type whose message names the file
// and line.
import { SAMPLER_STAT_NAMES } from '../types';

export const N_STATS = SAMPLER_STAT_NAMES.length;

/** A problem in one file: the message says which file, which line and what was expected. */
export class FitFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FitFileError';
  }
}

/** One chain as read: every saved iteration, warmup rows first. */
export interface ImportedChain {
  /** nIterations x names.length, row-major. */
  draws: Float64Array;
  /** nIterations x 7 in SAMPLER_STAT_NAMES order; NaN where the file has no such column. */
  stats: Float64Array;
  nIterations: number;
  nWarmup: number;
  /** The file it came from. */
  file: string;
}

/** What the CmdStan comment header and trailer say (absent fields were not in the file). */
export interface CmdStanMeta {
  stanVersion?: string;
  model?: string;
  method?: string;
  numSamples?: number;
  numWarmup?: number;
  saveWarmup?: boolean;
  thin?: number;
  seed?: number;
  chainId?: number;
  maxDepth?: number;
  adaptDelta?: number;
  metric?: string;
  stepSize?: number;
  /** The diagonal of the inverse metric, or the rows of the dense one. */
  inverseMetric?: number[] | number[][];
  /** Seconds, from the "Elapsed Time" block. */
  timing?: { warmup?: number; sampling?: number; total?: number };
}

export interface ImportedFit {
  format: 'cmdstan' | 'draws-csv';
  /** Parameter names (sampler columns excluded), in file order; Stan's `a.1.2` shown as `a[1,2]`. */
  names: string[];
  chains: ImportedChain[];
  /** Which of SAMPLER_STAT_NAMES the files have (missing ones are NaN). */
  statsPresent: boolean[];
  /** Per chain, for CmdStan files. */
  meta: CmdStanMeta[];
}

/** At most 40 characters of user text, for messages. */
export function clip(s: string, n = 40): string {
  return s.length > n ? `${s.slice(0, n)}...` : s;
}

/**
 * Splits streamed text into lines (LF or CRLF); a line may span chunks. `onLine` gets the line
 * without its terminator and its 1-based number.
 */
export class LineSplitter {
  private rest = '';
  line = 0;

  constructor(private readonly onLine: (text: string, lineNo: number) => void) {}

  push(chunk: string): void {
    let text = this.rest + chunk;
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      this.onLine(text.slice(start, end), ++this.line);
      start = nl + 1;
    }
    text = text.slice(start);
    this.rest = text;
  }

  end(): void {
    const last = this.rest.endsWith('\r') ? this.rest.slice(0, -1) : this.rest;
    this.rest = '';
    if (last.length > 0) this.onLine(last, ++this.line);
  }
}

/** Rows of `width` doubles in one buffer that grows by doubling (amortised O(1) per row). */
export class RowBuffer {
  data: Float64Array;
  rows = 0;

  constructor(readonly width: number, initialRows = 64) {
    this.data = new Float64Array(Math.max(1, initialRows) * Math.max(1, width));
  }

  /** Index of the first cell of a new row (filled with NaN). */
  addRow(): number {
    const need = (this.rows + 1) * this.width;
    if (need > this.data.length) {
      const next = new Float64Array(Math.max(need, this.data.length * 2));
      next.set(this.data.subarray(0, this.rows * this.width));
      this.data = next;
    }
    const at = this.rows * this.width;
    this.data.fill(NaN, at, at + this.width);
    this.rows++;
    return at;
  }

  /** The filled rows as an exact-size array (a copy only when the buffer is larger). */
  take(): Float64Array {
    const n = this.rows * this.width;
    return n === this.data.length ? this.data : this.data.slice(0, n);
  }
}

const SPECIAL = new Map<string, number>([
  ['nan', NaN], ['na', NaN], ['inf', Infinity], ['+inf', Infinity], ['-inf', -Infinity],
  ['infinity', Infinity], ['-infinity', -Infinity],
]);

/** A numeric cell (CmdStan writes nan/inf, R writes NaN/Inf/NA); null when it is not a number. */
export function parseCell(cell: string): number | null {
  if (cell.length === 0) return null;
  const v = +cell;
  if (v === v && cell.charCodeAt(0) > 32) return v;
  const t = cell.trim();
  if (t.length > 0 && +t === +t) return +t;
  const s = SPECIAL.get(t.toLowerCase());
  return s === undefined ? null : s;
}

/** The message for a cell that is not a number. */
export function badCellMessage(file: string, lineNo: number, column: string, cell: string): string {
  return `${file}, line ${lineNo}: the value '${clip(cell)}' in column ${clip(column)} is not a number. `
    + 'Draws files hold only numbers (nan, inf and NA are accepted); check that the file was not edited or cut short.';
}

export function countMessage(file: string, lineNo: number, got: number, expected: number, headerLine: number): string {
  return `${file}, line ${lineNo}: ${got} values, expected ${expected} (the column names on line ${headerLine} have ${expected}). `
    + 'The file may be cut short or edited; export it again.';
}

/**
 * Stan's CSV names index with dots (`theta.1`, `L_1.2.1`); posterior and cmdstanr show them as
 * `theta[1]`, `L_1[2,1]`. Only an all-integer dotted suffix is rewritten, so other dots stay.
 */
export function stanName(name: string): string {
  const m = /^([^.[\]]+?)((?:\.\d+)+)$/.exec(name);
  if (!m) return name;
  return `${m[1]}[${m[2].slice(1).split('.').join(',')}]`;
}
