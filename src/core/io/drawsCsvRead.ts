// Reads a draws CSV in posterior's draws_df layout (design.md §6, what "Export draws" writes and
// what R's write.csv(as_draws_df(fit)) gives): parameter columns, optionally the 7 sampler
// columns, and .chain (required), .iteration and .draw. Streamed: text arrives in chunks.
// Rows are post-warmup draws; chains are numbered by their .chain values in increasing order.
import { SAMPLER_STAT_NAMES } from '../types';
import {
  FitFileError, LineSplitter, N_STATS, RowBuffer, badCellMessage, clip, countMessage, parseCell,
  type ImportedChain, type ImportedFit,
} from './fitImport';

const STAT_INDEX = new Map<string, number>(SAMPLER_STAT_NAMES.map((n, i) => [n, i]));
const INDEX_COLUMNS = new Set(['.chain', '.iteration', '.draw']);

/** One header line as RFC 4180 cells; our writer's `'` before =+-@ (formula defence) is removed. */
export function headerCells(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    let cell = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) { cell += line.slice(i); i = line.length; break; }
        cell += line.slice(i, q);
        if (line[q + 1] === '"') { cell += '"'; i = q + 2; } else { i = q + 1; break; }
      }
      if (/^'[=+\-@\t\r]/.test(cell)) cell = cell.slice(1);
      const comma = line.indexOf(',', i);
      i = comma < 0 ? line.length + 1 : comma + 1;
    } else {
      const comma = line.indexOf(',', i);
      cell = line.slice(i, comma < 0 ? line.length : comma);
      i = comma < 0 ? line.length + 1 : comma + 1;
    }
    out.push(cell.trim());
  }
  return out;
}

interface ChainRows { draws: RowBuffer; stats: RowBuffer; iterations: number[] }

export class DrawsCsvReader {
  private readonly lines: LineSplitter;
  private header: string[] | null = null;
  private headerLine = 0;
  private slots: Int32Array = new Int32Array(0);
  private names: string[] = [];
  private statsPresent: boolean[] = SAMPLER_STAT_NAMES.map(() => false);
  private chainCol = -1;
  private iterCol = -1;
  private readonly chains = new Map<number, ChainRows>();

  constructor(readonly file: string) {
    this.lines = new LineSplitter((t, n) => this.line(t, n));
  }

  push(chunk: string): void { this.lines.push(chunk); }

  private line(text: string, lineNo: number): void {
    if (text.trim() === '') return;
    if (!this.header) this.readHeader(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, lineNo);
    else this.readRow(text, lineNo);
  }

  private readHeader(text: string, lineNo: number): void {
    const cells = headerCells(text);
    if (cells.every((c) => parseCell(c) !== null)) {
      throw new FitFileError(`${this.file}, line ${lineNo}: expected the column names (the parameters, then .chain, .iteration, .draw) but found numbers. The first line of a draws CSV names its columns.`);
    }
    this.slots = new Int32Array(cells.length);
    const seen = new Set<string>();
    cells.forEach((c, j) => {
      // R's write.csv() puts the row names first under an empty name: skipped.
      if (j === 0 && c === '') { this.slots[j] = -100; return; }
      if (seen.has(c) || c === '') {
        throw new FitFileError(`${this.file}, line ${lineNo}: column ${j + 1} has ${c === '' ? 'no name' : `the same name as an earlier one ('${clip(c)}')`}; every column needs its own name.`);
      }
      seen.add(c);
      const s = STAT_INDEX.get(c);
      if (c === '.chain') this.chainCol = j;
      if (c === '.iteration') this.iterCol = j;
      if (INDEX_COLUMNS.has(c)) this.slots[j] = -100;
      else if (s !== undefined) { this.slots[j] = -1 - s; this.statsPresent[s] = true; } else { this.slots[j] = this.names.length; this.names.push(c); }
    });
    if (this.chainCol < 0) {
      throw new FitFileError(`${this.file}, line ${lineNo}: there is no .chain column, so the chains cannot be told apart (R-hat and ESS need them). `
        + 'Export with posterior::as_draws_df(), which adds .chain, .iteration and .draw, or add a .chain column.');
    }
    if (this.names.length === 0) throw new FitFileError(`${this.file}, line ${lineNo}: no parameter columns, only ${cells.map((c) => clip(c, 20)).join(', ')}.`);
    this.header = cells;
    this.headerLine = lineNo;
  }

  private chainRows(id: number): ChainRows {
    let c = this.chains.get(id);
    if (!c) {
      c = { draws: new RowBuffer(this.names.length), stats: new RowBuffer(N_STATS), iterations: [] };
      this.chains.set(id, c);
    }
    return c;
  }

  private readRow(text: string, lineNo: number): void {
    const header = this.header!;
    const cells = text.split(',');
    if (cells.length !== header.length) throw new FitFileError(countMessage(this.file, lineNo, cells.length, header.length, this.headerLine));
    const chainValue = parseCell(cells[this.chainCol]);
    if (chainValue === null || !Number.isInteger(chainValue) || chainValue < 1) {
      throw new FitFileError(`${this.file}, line ${lineNo}: .chain is '${clip(cells[this.chainCol])}'; it must be a whole number from 1 (the chain the draw belongs to).`);
    }
    const c = this.chainRows(chainValue);
    const di = c.draws.addRow();
    const si = c.stats.addRow();
    for (let j = 0; j < cells.length; j++) {
      const v = parseCell(cells[j]);
      const slot = this.slots[j];
      if (v === null) {
        if (j === 0 && header[0] === '') continue;
        throw new FitFileError(badCellMessage(this.file, lineNo, header[j], cells[j]));
      }
      if (slot >= 0) c.draws.data[di + slot] = v;
      else if (slot > -100) c.stats.data[si - 1 - slot] = v;
    }
    c.iterations.push(this.iterCol >= 0 ? parseCell(cells[this.iterCol])! : c.iterations.length + 1);
  }

  finish(): ImportedFit {
    this.lines.end();
    if (!this.header) throw new FitFileError(`${this.file} is empty: expected a line of column names, then one line per draw.`);
    if (this.chains.size === 0) throw new FitFileError(`${this.file}: the column names on line ${this.headerLine} are followed by no draws.`);
    const ids = [...this.chains.keys()].sort((a, b) => a - b);
    const chains: ImportedChain[] = ids.map((id) => this.ordered(this.chains.get(id)!));
    return { format: 'draws-csv', names: this.names, chains, statsPresent: this.statsPresent, meta: [] };
  }

  /** A chain's rows in .iteration order (they are written in order; R may have reordered them). */
  private ordered(c: ChainRows): ImportedChain {
    const n = c.draws.rows;
    const draws = c.draws.take();
    const stats = c.stats.take();
    const sorted = c.iterations.every((v, i) => i === 0 || c.iterations[i - 1] <= v);
    const chain = { draws, stats, nIterations: n, nWarmup: 0, file: this.file };
    if (sorted) return chain;
    const order = c.iterations.map((_, i) => i).sort((a, b) => c.iterations[a] - c.iterations[b]);
    const P = this.names.length;
    const d = new Float64Array(draws.length);
    const s = new Float64Array(stats.length);
    order.forEach((from, to) => {
      d.set(draws.subarray(from * P, (from + 1) * P), to * P);
      s.set(stats.subarray(from * N_STATS, (from + 1) * N_STATS), to * N_STATS);
    });
    return { ...chain, draws: d, stats: s };
  }
}

export function readDrawsCsv(file: string, chunks: Iterable<string>): ImportedFit {
  const r = new DrawsCsvReader(file);
  for (const c of chunks) r.push(c);
  return r.finish();
}
