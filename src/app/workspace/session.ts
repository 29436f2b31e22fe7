// Session files: the data, the model, the settings, every draw (warmup included) and each finished
// chain's checkpoint, so reopening restores the whole analysis and "Sample more" continues it.
//
// Format 2 (written since insteval-size runs - 73k rows, ~4,100 parameters, 4 x 2,000 draws - made
// format 1 a 350 MB JSON string): gzip (CompressionStream) of
//   "MLSS" | u32 format version | u32 header byte length | header JSON (UTF-8) | binary arrays
// The header is format 1's document with every numeric array replaced by the index of a binary
// array (`blobs`). Arrays are little-endian, stored in chunks of CHUNK values whose bytes are
// transposed (byte 0 of every value, then byte 1, ...), which lets gzip squeeze the sign and
// exponent bytes. Draws are Float64 (exact) unless they would take more than `float32Above` bytes
// (64 MB by default): then Float32, 7 significant digits, more than CmdStan's CSV output keeps.
// Sampler stats, data columns and checkpoints are always exact.
//
// Format 1 (JSON with base64 Float64 arrays) is still read.
//
// Reading checks every field against sessionSchema.ts before building anything: a damaged or
// edited file is refused with a SessionFileError naming the field, and the current session stays.
import { rawCellsToArray } from '../../core/io/rawCells';
import type { DataColumn, DataTable, DerivedFrom, FamilyName, SamplerSettings } from '../../core/types';
import { SAMPLER_STAT_NAMES } from '../../core/types';
import { DrawStore } from '../../client/drawStore';
import type { ChainProgress, RunStatus } from '../../client/runController';
import type { ChainCheckpoint } from '../../../workers/protocol';
import {
  Described, SessionFileError, checkCheckpointValues, checkColumnValues, checkData, checkFit, checkModel, checkSettings,
  checkDerivedValues, choice, damaged, fieldError, list, record, whole, type RefCheck,
} from './sessionSchema';

export { SessionFileError };

export const SESSION_FORMAT = 'multilevel-studio-session';
export const SESSION_VERSION = 2;
export const SESSION_EXTENSION = '.mlstudio';
const MAGIC = 'MLSS';
/** Values per transposed chunk (the writer and reader yield to the page between chunks). */
const CHUNK = 1 << 18;
const N_STATS = SAMPLER_STAT_NAMES.length;

export interface SessionModel {
  formula: string;
  family: FamilyName;
  /** The family's link; absent in sessions saved before links (the family's default). */
  link?: string;
  priors: { prior: string; class: string; coef?: string; group?: string }[];
}

type Status = 'done' | 'stopped';

/** Format 1: one JSON document, arrays as base64 of Float64 bytes. */
export interface SessionFileV1 {
  format: typeof SESSION_FORMAT;
  version: 1;
  savedAt: string;
  data: { name: string; nRows: number; columns: { name: string; raw: string[]; missing: string; numeric: string | null; type: DataColumn['type']; asFactor: boolean; nMissing: number; derived?: DerivedFrom; levels?: string[] }[] };
  model: SessionModel;
  settings: SamplerSettings;
  fit: null | {
    names: string[];
    nObs: number;
    wallSeconds: number;
    status: Status;
    checkpoints?: ChainCheckpoint[];
    chains: { nWarmup: number; nIterations: number; draws: string; stats: string; warmupSeconds: number; samplingSeconds: number; gradientEvaluations: number }[];
  };
}

type BlobType = 'f64' | 'f32' | 'u8';
const WIDTH: Record<BlobType, number> = { f64: 8, f32: 4, u8: 1 };

/** A checkpoint with its numeric arrays as blob indices. */
type CheckpointRef = Omit<ChainCheckpoint, 'position' | 'inverseMetric' | 'rngState'> & { position: number; inverseMetric: number; rngState: number };

/** Format 2's header: format 1 with blob indices instead of arrays. */
export interface SessionHeader {
  format: typeof SESSION_FORMAT;
  version: 2;
  savedAt: string;
  chunk: number;
  blobs: { type: BlobType; length: number }[];
  data: { name: string; nRows: number; columns: { name: string; raw: string[]; missing: number; numeric: number | null; type: DataColumn['type']; asFactor: boolean; nMissing: number; derived?: DerivedFrom; levels?: string[] }[] };
  model: SessionModel;
  settings: SamplerSettings;
  fit: null | {
    names: string[];
    nObs: number;
    wallSeconds: number;
    status: Status;
    drawsPrecision: 'float64' | 'float32';
    checkpoints?: CheckpointRef[];
    chains: { nWarmup: number; nIterations: number; draws: number; stats: number; warmupSeconds: number; samplingSeconds: number; gradientEvaluations: number }[];
  };
}

export interface SessionInput {
  table: DataTable; model: SessionModel; settings: SamplerSettings;
  store: DrawStore | null; progress: ChainProgress[]; nObs: number; wallSeconds: number;
  /** The run's status; anything but 'done' (running, failed) is saved as 'stopped': nothing runs after opening. */
  status: RunStatus;
  checkpoints?: (ChainCheckpoint | null)[];
}

export interface RestoredSession {
  table: DataTable;
  model: SessionModel;
  settings: SamplerSettings;
  fit: null | { store: DrawStore; progress: ChainProgress[]; nObs: number; wallSeconds: number; status: Status; checkpoints: ChainCheckpoint[] | null; drawsPrecision: 'float64' | 'float32' };
}

const pause = () => new Promise<void>((r) => setTimeout(r, 0));

function littleEndian(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}

/** Bytes of `n` values of width `w`, transposed: byte k of value i goes to k * n + i. */
function transpose(bytes: Uint8Array, w: number): Uint8Array {
  if (w === 1) return bytes;
  const n = bytes.length / w;
  const out = new Uint8Array(bytes.length);
  for (let k = 0; k < w; k++) {
    const base = k * n;
    for (let i = 0, j = k; i < n; i++, j += w) out[base + i] = bytes[j];
  }
  return out;
}

function untranspose(src: Uint8Array, w: number, out: Uint8Array): void {
  if (w === 1) { out.set(src); return; }
  const n = src.length / w;
  for (let k = 0; k < w; k++) {
    const base = k * n;
    for (let i = 0, j = k; i < n; i++, j += w) out[j] = src[base + i];
  }
}

const bytesOf = (a: Float64Array | Float32Array | Uint8Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

class BlobWriter {
  readonly blobs: SessionHeader['blobs'] = [];
  readonly parts: Uint8Array[] = [];

  /** Adds an array (converted to `type`); returns its index. Yields between chunks. */
  async add(values: Float64Array | Uint8Array | number[], type: BlobType): Promise<number> {
    const n = values.length;
    this.blobs.push({ type, length: n });
    for (let from = 0; from < n; from += CHUNK) {
      const to = Math.min(n, from + CHUNK);
      const part = Array.isArray(values) ? values.slice(from, to) : values.subarray(from, to);
      const chunk = type === 'f64' ? Float64Array.from(part) : type === 'f32' ? Float32Array.from(part) : Uint8Array.from(part);
      this.parts.push(transpose(bytesOf(chunk), WIDTH[type]));
      if (n > CHUNK) await pause();
    }
    return this.blobs.length - 1;
  }
}

/** The uncompressed bytes of a format-2 session, as parts (`sessionBlob` gzips them). */
export async function sessionParts(args: SessionInput, options: { float32Above?: number } = {}): Promise<Uint8Array[]> {
  if (!littleEndian()) throw new Error('Sessions can only be saved on little-endian machines.');
  const { table, store } = args;
  const status: Status = args.status === 'done' ? 'done' : 'stopped';
  const w = new BlobWriter();
  const columns: SessionHeader['data']['columns'] = [];
  for (const c of table.columns) {
    columns.push({
      name: c.name, raw: rawCellsToArray(c.raw), missing: await w.add(c.missing, 'u8'), numeric: c.numeric ? await w.add(c.numeric, 'f64') : null,
      type: c.type, asFactor: c.asFactor, nMissing: c.nMissing, ...(c.derived ? { derived: c.derived } : {}),
      ...(c.levels ? { levels: c.levels } : {}), // an ordinal response's level order (DataColumn.levels)
    });
  }
  let fit: SessionHeader['fit'] = null;
  if (store) {
    let drawBytes = 0;
    for (let c = 1; c <= store.nChains; c++) drawBytes += store.nIterations(c) * store.nParams * 8;
    const precision = drawBytes > (options.float32Above ?? 64 * 2 ** 20) ? 'float32' : 'float64';
    const cps = args.checkpoints;
    let checkpoints: CheckpointRef[] | undefined;
    if (status === 'done' && cps && cps.length === store.nChains && cps.every((c) => c !== null)) {
      checkpoints = [];
      for (const cp of cps as ChainCheckpoint[]) {
        checkpoints.push({ ...cp, position: await w.add(cp.position, 'f64'), inverseMetric: await w.add(cp.inverseMetric, 'f64'), rngState: await w.add(cp.rngState, 'f64') });
      }
    }
    const chains: NonNullable<SessionHeader['fit']>['chains'] = [];
    for (let i = 0; i < store.nChains; i++) {
      const ch = store.chain(i + 1);
      const p = args.progress[i];
      chains.push({
        nWarmup: ch.nWarmup, nIterations: ch.nIterations,
        draws: await w.add(ch.draws, precision === 'float32' ? 'f32' : 'f64'), stats: await w.add(ch.stats, 'f64'),
        warmupSeconds: p?.warmupSeconds ?? 0, samplingSeconds: p?.samplingSeconds ?? 0, gradientEvaluations: p?.gradientEvaluations ?? 0,
      });
    }
    fit = {
      names: store.names, nObs: args.nObs, wallSeconds: args.wallSeconds, status, drawsPrecision: precision,
      ...(checkpoints ? { checkpoints } : {}), chains,
    };
  }
  const header: SessionHeader = {
    format: SESSION_FORMAT, version: 2, savedAt: new Date().toISOString(), chunk: CHUNK, blobs: w.blobs,
    data: { name: table.name, nRows: table.nRows, columns }, model: args.model, settings: args.settings, fit,
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const pad = (8 - ((12 + json.length) % 8)) % 8;
  const head = new Uint8Array(12 + json.length + pad);
  head.set(new TextEncoder().encode(MAGIC), 0);
  const dv = new DataView(head.buffer);
  dv.setUint32(4, SESSION_VERSION, true);
  dv.setUint32(8, json.length + pad, true);
  head.set(json, 12);
  head.fill(0x20, 12 + json.length); // spaces: still valid JSON
  return [head, ...w.parts];
}

/** The session file: gzip of `sessionParts`. */
export async function sessionBlob(args: SessionInput, options: { float32Above?: number } = {}): Promise<Blob> {
  const parts = await sessionParts(args, options);
  const gz = new Blob(parts as BlobPart[]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Blob([await new Response(gz).arrayBuffer()], { type: 'application/octet-stream' });
}

const notASession = 'This file is not a Multilevel Studio session. Use a file saved with "Save session".';

/**
 * Reads a session file (format 2, gzipped or not, or format 1 JSON). Every field is checked
 * (sessionSchema.ts) before anything is built; any failure is a SessionFileError whose message
 * names the field or says what is damaged, never an internal error.
 */
export async function readSession(bytes: Uint8Array): Promise<RestoredSession> {
  const stage = { at: 'its start' };
  try {
    if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
      stage.at = 'decompression';
      let raw: Uint8Array;
      try {
        const s = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
        raw = new Uint8Array(await new Response(s).arrayBuffer());
      } catch {
        throw new SessionFileError('The session file is damaged (it could not be decompressed). The current session is kept.');
      }
      return await readBinary(raw, stage);
    }
    if (bytes.length >= 4 && new TextDecoder().decode(bytes.subarray(0, 4)) === MAGIC) return await readBinary(bytes, stage);
    return readJson(new TextDecoder().decode(bytes), stage);
  } catch (err) {
    if (err instanceof SessionFileError) throw err;
    throw new SessionFileError(`The session file could not be opened: it is damaged or was not saved by this app (reading failed at ${stage.at}). The current session is kept.`);
  }
}

/** Format 2, uncompressed. */
export async function parseSessionBytes(bytes: Uint8Array): Promise<RestoredSession> {
  return readSession(bytes);
}

/** Reads a format-1 session (JSON text); throws a SessionFileError that says what is wrong with it. */
export function parseSession(text: string): RestoredSession {
  const stage = { at: 'its start' };
  try {
    return readJson(text, stage);
  } catch (err) {
    if (err instanceof SessionFileError) throw err;
    throw new SessionFileError(`The session file could not be opened: it is damaged or was not saved by this app (reading failed at ${stage.at}). The current session is kept.`);
  }
}

/** Values per chunk a file may declare: a tiny chunk would make the reader yield millions of times. */
const MIN_CHUNK = 1024;
const MAX_CHUNK = 2 ** 26;

/** The binary frame of format 2: magic, version, header JSON and where each array starts. */
function readFrame(bytes: Uint8Array): { h: Record<string, unknown>; chunk: number; blobs: { type: BlobType; length: number }[]; starts: number[] } {
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC) throw new SessionFileError(notASession);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = dv.getUint32(4, true);
  if (version > SESSION_VERSION) throw new SessionFileError(`This session was saved by a newer version (format ${version}); this page reads format ${SESSION_VERSION}. The current session is kept.`);
  if (version !== SESSION_VERSION) throw new SessionFileError(`This session file says it is binary format ${version}; binary sessions are format ${SESSION_VERSION}. The file is damaged. The current session is kept.`);
  const headerLength = dv.getUint32(8, true);
  if (12 + headerLength > bytes.length) damaged('it ends inside its header');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength)));
  } catch {
    damaged('its header is not readable');
  }
  const h = record(json, 'header');
  if (h.format !== SESSION_FORMAT) throw new SessionFileError(notASession);
  whole(h.version, 'version', 2, 2);
  const chunk = whole(h.chunk, 'chunk', MIN_CHUNK, MAX_CHUNK);
  if (!littleEndian()) throw new SessionFileError('Sessions can only be opened on little-endian machines.');
  const blobs = list(h.blobs, 'blobs').map((bv, i) => {
    const b = record(bv, `blobs[${i}]`);
    return { type: choice(b.type, `blobs[${i}].type`, ['f64', 'f32', 'u8'] as const), length: whole(b.length, `blobs[${i}].length`, 0, 2 ** 31 - 1) };
  });
  const starts: number[] = [];
  let at = 12 + headerLength;
  for (const b of blobs) { starts.push(at); at += b.length * WIDTH[b.type]; }
  if (at !== bytes.length) damaged('its arrays do not match its header');
  return { h, chunk, blobs, starts };
}

/** Every header field checked against the schema, in the order a message names them. */
function checkHeader<R>(h: Record<string, unknown>, refs: RefCheck<R>, stage: { at: string }) {
  stage.at = 'the data table';
  const data = checkData(h.data, refs);
  stage.at = 'the model';
  const model = checkModel(h.model);
  const settings = checkSettings(h.settings);
  stage.at = 'the fit';
  const fit = checkFit(h.fit, settings, data.nRows, refs);
  return { data, model, settings, fit };
}

async function readBinary(bytes: Uint8Array, stage: { at: string }): Promise<RestoredSession> {
  stage.at = 'the header';
  const { h, chunk, blobs, starts } = readFrame(bytes);
  const precision = h.fit && typeof h.fit === 'object' && (h.fit as Record<string, unknown>).drawsPrecision === 'float32' ? 'f32' : 'f64';
  const refs: RefCheck<number> = (v, path, kind) => {
    const i = whole(v, path, 0, blobs.length - 1);
    const want = kind === 'u8' ? 'u8' : kind === 'draws' ? precision : 'f64';
    if (blobs[i].type !== want) fieldError(path, `must point to an array of type ${want}`, new Described(`array ${i} of type ${blobs[i].type}`));
    return { ref: i, length: blobs[i].length };
  };
  const { data, model, settings, fit } = checkHeader(h, refs, stage);
  const blob = async (i: number): Promise<Float64Array | Uint8Array> => {
    const b = blobs[i];
    const w = WIDTH[b.type];
    const out = new Uint8Array(b.length * w);
    for (let from = 0; from < b.length; from += chunk) {
      const n = Math.min(chunk, b.length - from);
      untranspose(bytes.subarray(starts[i] + from * w, starts[i] + (from + n) * w), w, out.subarray(from * w, (from + n) * w));
      if (b.length > chunk) await pause();
    }
    if (b.type === 'u8') return out;
    if (b.type === 'f64') return new Float64Array(out.buffer);
    return new Float64Array(new Float32Array(out.buffer));
  };
  const f64 = async (i: number) => (await blob(i)) as Float64Array;
  stage.at = 'the data table';
  const columns: DataColumn[] = [];
  for (const [j, c] of data.columns.entries()) {
    const col = { ...c, missing: (await blob(c.missing)) as Uint8Array, numeric: c.numeric === null ? null : await f64(c.numeric) };
    checkColumnValues(j, col);
    columns.push(col);
  }
  const table: DataTable = { name: data.name, nRows: data.nRows, columns };
  checkDerivedValues(table);
  if (!fit) return { table, model, settings, fit: null };
  stage.at = 'the draws';
  const arrays: { draws: Float64Array; stats: Float64Array }[] = [];
  for (const ch of fit.chains) arrays.push({ draws: await f64(ch.draws), stats: await f64(ch.stats) });
  let checkpoints: ChainCheckpoint[] | null = null;
  if (fit.checkpoints) {
    stage.at = 'the checkpoints';
    checkpoints = [];
    for (const [i, cp] of fit.checkpoints.entries()) {
      const full = { ...cp, position: Array.from(await f64(cp.position)), inverseMetric: Array.from(await f64(cp.inverseMetric)), rngState: Array.from(await f64(cp.rngState)) };
      checkCheckpointValues(i, full);
      checkpoints.push(full);
    }
  }
  stage.at = 'the fit';
  return { table, model, settings, fit: { ...restoreFit(fit, arrays), checkpoints, drawsPrecision: fit.drawsPrecision } };
}

function restoreFit(
  f: { names: string[]; nObs: number; wallSeconds: number; status: Status; chains: { nWarmup: number; nIterations: number; warmupSeconds: number; samplingSeconds: number; gradientEvaluations: number }[] },
  arrays: { draws: Float64Array; stats: Float64Array }[],
): { store: DrawStore; progress: ChainProgress[]; nObs: number; wallSeconds: number; status: Status } {
  const store = new DrawStore(f.names, f.chains.length, Math.max(0, ...f.chains.map((c) => c.nIterations)));
  const P = f.names.length;
  const progress: ChainProgress[] = [];
  f.chains.forEach((ch, i) => {
    const { draws, stats } = arrays[i];
    if (ch.nWarmup > 0) store.append(i + 1, { phase: 'warmup', count: ch.nWarmup, draws, stats });
    const ns = ch.nIterations - ch.nWarmup;
    if (ns > 0) store.append(i + 1, { phase: 'sampling', count: ns, draws: draws.subarray(ch.nWarmup * P), stats: stats.subarray(ch.nWarmup * N_STATS) });
    progress.push({ phase: 'done', iterationsDone: ch.nIterations, totalIterations: ch.nIterations, warmupSeconds: ch.warmupSeconds, samplingSeconds: ch.samplingSeconds, gradientEvaluations: ch.gradientEvaluations });
  });
  return { store, progress, nObs: f.nObs, wallSeconds: f.wallSeconds, status: f.status };
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Bytes a base64 string decodes to (the string already matched BASE64). */
const base64Bytes = (s: string) => (s.length / 4) * 3 - (s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0);

function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function readJson(text: string, stage: { at: string }): RestoredSession {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SessionFileError('This file is not a Multilevel Studio session (it is not JSON). Use a file saved with "Save session".');
  }
  if (typeof json !== 'object' || json === null || (json as Record<string, unknown>).format !== SESSION_FORMAT) {
    throw new SessionFileError('This JSON file is not a Multilevel Studio session (no "format": "multilevel-studio-session"). Use a file saved with "Save session".');
  }
  const h = json as Record<string, unknown>;
  if (h.version !== 1) fieldError('version', 'must be 1 in a JSON session', h.version);
  // Format 1 refs: base64 of the bytes (Float64 or u8), or for checkpoints a JSON list of numbers.
  const refs: RefCheck<string | number[]> = (v, path, kind) => {
    if (Array.isArray(v) && kind === 'f64' && path.startsWith('fit.checkpoints')) {
      if (!v.every((x) => typeof x === 'number')) fieldError(path, 'must be a list of numbers', v);
      return { ref: v as number[], length: v.length };
    }
    if (typeof v !== 'string' || !BASE64.test(v)) fieldError(path, 'must be base64 text', v);
    const bytes = base64Bytes(v);
    const width = kind === 'u8' ? 1 : 8;
    if (bytes % width !== 0) fieldError(path, 'must hold whole 8-byte numbers', new Described(`${bytes} bytes`));
    return { ref: v, length: bytes / width };
  };
  const { data, model, settings, fit } = checkHeader(h, refs, stage);
  const f64 = (r: string | number[]) => {
    if (Array.isArray(r)) return Float64Array.from(r);
    const b = fromBase64(r);
    return new Float64Array(b.buffer, b.byteOffset, b.length / 8);
  };
  stage.at = 'the data table';
  const columns = data.columns.map((c, j) => {
    const col = { ...c, missing: fromBase64(c.missing as string), numeric: c.numeric === null ? null : f64(c.numeric) };
    checkColumnValues(j, col);
    return col;
  });
  const table: DataTable = { name: data.name, nRows: data.nRows, columns };
  checkDerivedValues(table);
  if (!fit) return { table, model, settings, fit: null };
  stage.at = 'the draws';
  const arrays = fit.chains.map((ch) => ({ draws: f64(ch.draws), stats: f64(ch.stats) }));
  const checkpoints = fit.checkpoints?.map((cp, i) => {
    const full = { ...cp, position: Array.from(f64(cp.position)), inverseMetric: Array.from(f64(cp.inverseMetric)), rngState: Array.from(f64(cp.rngState)) };
    checkCheckpointValues(i, full);
    return full;
  }) ?? null;
  stage.at = 'the fit';
  return { table, model, settings, fit: { ...restoreFit(fit, arrays), checkpoints, drawsPrecision: 'float64' } };
}
