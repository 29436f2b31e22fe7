// CmdStan's sampler output CSV, read as a stream of text chunks. The layout (CmdStan guide,
// "Stan CSV File Format"; the same rules as cmdstanpy's utils/stancsv.py and cmdstanr's
// read_cmdstan_csv):
//   `#` lines with the configuration, one `key = value` per line, `(Default)` appended when
//     the value was not given (method, num_samples, num_warmup, save_warmup, thin, id, seed, ...);
//   one line of column names: lp__, accept_stat__, stepsize__, treedepth__, n_leapfrog__,
//     divergent__, energy__, then the parameters, transformed parameters and generated
//     quantities with indices after dots (`theta.1`, `L_1.2.1`);
//   the warmup rows when save_warmup is on;
//   `# Adaptation terminated`, `# Step size = x`, then `# Diagonal elements of inverse mass
//     matrix:` and one `#` line of numbers, or `# Elements of inverse mass matrix:` and one `#`
//     line per row of the dense matrix;
//   the post-warmup rows, then `#  Elapsed Time: x seconds (Warm-up)` / `(Sampling)` / `(Total)`.
import { SAMPLER_STAT_NAMES } from '../types';
import {
  FitFileError, LineSplitter, N_STATS, RowBuffer, badCellMessage, clip, countMessage, parseCell,
  stanName, type CmdStanMeta, type ImportedChain, type ImportedFit,
} from './fitImport';

const STAT_INDEX = new Map<string, number>(SAMPLER_STAT_NAMES.map((n, i) => [n, i]));

const INT_KEYS = new Map<string, keyof CmdStanMeta>([
  ['num_samples', 'numSamples'], ['num_warmup', 'numWarmup'], ['thin', 'thin'], ['seed', 'seed'],
  ['id', 'chainId'], ['max_depth', 'maxDepth'],
]);

/** One file read: its chain, its metadata and its column names as written. */
export interface CmdStanChainRead {
  chain: ImportedChain;
  meta: CmdStanMeta;
  /** Parameter names after stanName, in file order. */
  names: string[];
  statsPresent: boolean[];
}

function numbersOf(text: string): number[] | null {
  const out: number[] = [];
  for (const part of text.split(',')) {
    const v = parseCell(part.trim());
    if (v === null) return null;
    out.push(v);
  }
  return out;
}

/** Streaming reader for one CmdStan CSV file: push chunks, then finish(). */
export class CmdStanCsvReader {
  private readonly lines: LineSplitter;
  private readonly meta: CmdStanMeta = {};
  private header: string[] | null = null;
  private headerLine = 0;
  /** For each CSV column: >= 0 a parameter index, < 0 a stat index as -1 - s. */
  private slots: Int32Array = new Int32Array(0);
  private names: string[] = [];
  private statsPresent: boolean[] = SAMPLER_STAT_NAMES.map(() => false);
  private draws: RowBuffer | null = null;
  private stats: RowBuffer | null = null;
  private warmupRowsAtAdaptation: number | null = null;
  /** 'diag' or 'dense' while the metric's `#` lines are expected. */
  private metricPending: 'diag' | 'dense' | null = null;
  private denseRows: number[][] = [];

  constructor(readonly file: string) {
    this.lines = new LineSplitter((t, n) => this.line(t, n));
  }

  push(chunk: string): void { this.lines.push(chunk); }

  private line(text: string, lineNo: number): void {
    if (text.startsWith('#')) { this.comment(text.slice(1).trim()); return; }
    if (text.trim() === '') return;
    this.endMetric();
    if (!this.header) this.readHeader(text, lineNo);
    else this.readRow(text, lineNo);
  }

  private comment(body: string): void {
    if (!this.header) { this.config(body); return; }
    if (this.metricPending) {
      const nums = body === '' ? null : numbersOf(body);
      if (nums) {
        if (this.metricPending === 'diag') { this.meta.inverseMetric = nums; this.metricPending = null; } else this.denseRows.push(nums);
        return;
      }
      this.endMetric();
    }
    if (body === 'Adaptation terminated') this.warmupRowsAtAdaptation = this.draws?.rows ?? 0;
    let m = /^Step size = (\S+)/.exec(body);
    if (m) { this.meta.stepSize = Number(m[1]); return; }
    if (/^Diagonal elements of inverse mass matrix:?$/.test(body)) { this.metricPending = 'diag'; return; }
    if (/^Elements of inverse mass matrix:?$/.test(body)) { this.metricPending = 'dense'; this.denseRows = []; return; }
    m = /^(?:Elapsed Time:)?\s*([0-9.eE+-]+) seconds \((Warm-up|Sampling|Total)\)/.exec(body);
    if (m) {
      const t = (this.meta.timing ??= {});
      const v = Number(m[1]);
      if (m[2] === 'Warm-up') t.warmup = v; else if (m[2] === 'Sampling') t.sampling = v; else t.total = v;
    }
  }

  private endMetric(): void {
    if (this.metricPending === 'dense' && this.denseRows.length > 0) this.meta.inverseMetric = this.denseRows;
    this.metricPending = null;
  }

  private config(body: string): void {
    const m = /^(\w+) = (.*?)(?: \(Default\))?$/.exec(body);
    if (!m) return;
    const [, key, raw] = m;
    const value = raw.trim();
    const intKey = INT_KEYS.get(key);
    if (intKey) {
      const v = Number(value);
      if (Number.isFinite(v)) (this.meta as Record<string, unknown>)[intKey] = v;
    } else if (key === 'save_warmup') this.meta.saveWarmup = value === '1' || value === 'true';
    else if (key === 'delta') this.meta.adaptDelta = Number(value);
    else if (key === 'metric') this.meta.metric = value;
    else if (key === 'model') this.meta.model = value;
    else if (key === 'method') this.meta.method = value.split(/\s/)[0];
    else if (key.startsWith('stan_version_')) {
      const part = key.slice('stan_version_'.length);
      const v = (this.meta.stanVersion ?? '..').split('.');
      v[part === 'major' ? 0 : part === 'minor' ? 1 : 2] = value;
      this.meta.stanVersion = v.join('.');
    }
  }

  private readHeader(text: string, lineNo: number): void {
    const cells = text.split(',').map((c) => c.trim());
    if (!cells.includes('lp__')) {
      const what = cells.every((c) => parseCell(c) !== null) ? 'numbers' : `'${clip(text)}'`;
      throw new FitFileError(`${this.file}, line ${lineNo}: expected the column names (lp__, accept_stat__, ..., then the parameters) but found ${what}. `
        + 'Open the CSV files CmdStan wrote for the sample method, unedited.');
    }
    const seen = new Set<string>();
    this.slots = new Int32Array(cells.length);
    cells.forEach((c, j) => {
      if (c === '' || seen.has(c)) {
        throw new FitFileError(`${this.file}, line ${lineNo}: column ${j + 1} has ${c === '' ? 'no name' : `the same name as an earlier one ('${clip(c)}')`}; every column needs its own name.`);
      }
      seen.add(c);
      const s = STAT_INDEX.get(c);
      if (s !== undefined) { this.slots[j] = -1 - s; this.statsPresent[s] = true; } else { this.slots[j] = this.names.length; this.names.push(stanName(c)); }
    });
    this.header = cells;
    this.headerLine = lineNo;
    // Sized from the header when it says how many rows follow, so the buffers never grow or get copied.
    const m = this.meta;
    const thin = m.thin && m.thin > 0 ? m.thin : 1;
    const rows = m.numSamples !== undefined ? Math.ceil(m.numSamples / thin) + (m.saveWarmup ? Math.ceil((m.numWarmup ?? 0) / thin) : 0) : 64;
    // At most 2^25 doubles (256 MB) up front, whatever the header claims; beyond that they grow.
    this.draws = new RowBuffer(this.names.length, Math.min(rows, Math.floor(2 ** 25 / Math.max(1, this.names.length))));
    this.stats = new RowBuffer(N_STATS, Math.min(rows, 1 << 16));
  }

  private readRow(text: string, lineNo: number): void {
    const cells = text.split(',');
    const header = this.header!;
    if (cells.length !== header.length) throw new FitFileError(countMessage(this.file, lineNo, cells.length, header.length, this.headerLine));
    const d = this.draws!;
    const s = this.stats!;
    const di = d.addRow();
    const si = s.addRow();
    for (let j = 0; j < cells.length; j++) {
      const v = parseCell(cells[j]);
      if (v === null) throw new FitFileError(badCellMessage(this.file, lineNo, header[j], cells[j]));
      const slot = this.slots[j];
      if (slot >= 0) d.data[di + slot] = v; else s.data[si - 1 - slot] = v;
    }
  }

  finish(): CmdStanChainRead {
    this.lines.end();
    this.endMetric();
    const meta = this.meta;
    if (meta.method && meta.method !== 'sample') {
      throw new FitFileError(`${this.file} was written by CmdStan's '${clip(meta.method)}' method; Open fit reads MCMC draws (method = sample).`);
    }
    if (!this.header) {
      throw new FitFileError(`${this.file}, line ${this.lines.line}: the file ended before the column names (lp__, accept_stat__, ...). Is it a CmdStan output CSV, and complete?`);
    }
    const n = this.draws!.rows;
    if (n === 0) throw new FitFileError(`${this.file}: the column names on line ${this.headerLine} are followed by no draws. The run may have failed or been cut short.`);
    let nWarmup = 0;
    if (meta.saveWarmup) {
      nWarmup = this.warmupRowsAtAdaptation ?? Math.ceil((meta.numWarmup ?? 0) / (meta.thin ?? 1));
      nWarmup = Math.min(nWarmup, n);
    }
    return {
      chain: { draws: this.draws!.take(), stats: this.stats!.take(), nIterations: n, nWarmup, file: this.file },
      meta, names: this.names, statsPresent: this.statsPresent,
    };
  }
}

/** Reads one whole file given as chunks (tests, the CLI); the app streams File slices instead. */
export function readCmdStanCsv(file: string, chunks: Iterable<string>): CmdStanChainRead {
  const r = new CmdStanCsvReader(file);
  for (const c of chunks) r.push(c);
  return r.finish();
}

/**
 * Several files (one per chain) as one fit: every file must have the same columns. Chains are
 * ordered by CmdStan's chain id when every file has a distinct one, else as given.
 */
export function combineCmdStanChains(reads: CmdStanChainRead[]): ImportedFit {
  if (reads.length === 0) throw new FitFileError('No files were given: choose one CmdStan CSV per chain.');
  const first = reads[0];
  for (const r of reads.slice(1)) {
    const a = first.names;
    const b = r.names;
    const j = a.findIndex((name, i) => b[i] !== name);
    if (j >= 0 || a.length !== b.length) {
      const k = j >= 0 ? j : Math.min(a.length, b.length);
      throw new FitFileError(`${r.chain.file} has different columns from ${first.chain.file}: parameter ${k + 1} is `
        + `'${clip(b[k] ?? '(none)')}' there and '${clip(a[k] ?? '(none)')}' in ${first.chain.file} (${b.length} and ${a.length} parameters). `
        + 'Open only the chains of one model run together.');
    }
  }
  const ids = reads.map((r) => r.meta.chainId);
  const ordered = ids.every((id) => id !== undefined) && new Set(ids).size === ids.length
    ? reads.slice().sort((x, y) => x.meta.chainId! - y.meta.chainId!) : reads;
  return {
    format: 'cmdstan',
    names: first.names.slice(),
    chains: ordered.map((r) => r.chain),
    statsPresent: SAMPLER_STAT_NAMES.map((_, s) => reads.every((r) => r.statsPresent[s])),
    meta: ordered.map((r) => r.meta),
  };
}
