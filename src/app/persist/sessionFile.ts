// Session files, format 3: every fit of the session and the data tables they used, streamed both
// ways so an InstEval-size session (about 100 MB of draws per fit) never becomes one string or
// one long task on the page.
//
//   gzip( "MLSS" | u32 3 | u32 header byte length | header JSON (UTF-8, space-padded to 8 bytes)
//         | every record's arrays, in order )
//
// The header is { format, version: 3, savedAt, chunk, tables: [table record...], fits: [fit
// record...] }; a record is its metadata (tableCodec.ts, fitCodec.ts) plus `blobs`, the type and
// length of each of its arrays. Arrays follow in the order tables then fits, each record's in
// its own order, cut into chunks of `chunk` values whose bytes are transposed (binary.ts).
// Writing is a ReadableStream pulled one chunk at a time and compressed on a worker
// (gzip.worker.ts; on the page where there is none) into a Blob, or through a file's
// createWritable; reading pulls Blob.stream() through DecompressionStream and fills each array a
// chunk at a time, yielding to the page between reads.
//
// Formats 1 (JSON) and 2 (one fit, session.ts) are still read by session.ts, with their messages.
import type { DataTable } from '../../core/types';
import { SESSION_FORMAT, SessionFileError, readSession, type RestoredSession } from '../workspace/session';
import { choice, damaged, fieldError, list, record, whole } from '../workspace/sessionSchema';
import { CHUNK, Pacer, WIDTH, allocate, bytesOf, littleEndian, transpose, untranspose, type BlobArray, type BlobSpec, type EncodedRecord } from './binary';
import { checkFitRecord, decodeFit, encodeFit, type CheckedFitRecord, type PersistedFit } from './fitCodec';
import { checkTable, decodeTable, encodeTable, type CheckedTable } from './tableCodec';

export const SESSION_VERSION_3 = 3;
const MAGIC = [0x4d, 0x4c, 0x53, 0x53]; // "MLSS"
const MIN_CHUNK = 1024;
const MAX_CHUNK = 2 ** 26;
/** Longest header a file may declare (names of thousands of parameters per fit fit easily). */
const MAX_HEADER = 256 * 2 ** 20;

export interface SessionEntry { fit: PersistedFit; table: DataTable }

const KEPT = 'The current session is kept.';

/** The header and the records whose arrays follow it. */
async function layout(entries: readonly SessionEntry[]): Promise<{ header: Uint8Array<ArrayBuffer>; records: EncodedRecord[] }> {
  const tables = new Map<string, EncodedRecord>();
  const fits: EncodedRecord[] = [];
  const seen = new Map<DataTable, string>();
  for (const e of entries) {
    let id = seen.get(e.table);
    if (id === undefined) {
      const t = await encodeTable(e.table);
      id = t.id;
      seen.set(e.table, id);
      if (!tables.has(id)) tables.set(id, t);
    }
    fits.push(encodeFit(e.fit, { table: id, name: e.table.name, nRows: e.table.nRows }));
  }
  const records = [...tables.values(), ...fits];
  const withBlobs = (r: EncodedRecord) => ({ ...r.meta, blobs: r.blobs });
  const json = new TextEncoder().encode(JSON.stringify({
    format: SESSION_FORMAT, version: SESSION_VERSION_3, savedAt: new Date().toISOString(), chunk: CHUNK,
    tables: [...tables.values()].map(withBlobs), fits: fits.map(withBlobs),
  }));
  const pad = (8 - ((12 + json.length) % 8)) % 8;
  const header = new Uint8Array(12 + json.length + pad);
  header.set(MAGIC, 0);
  const dv = new DataView(header.buffer);
  dv.setUint32(4, SESSION_VERSION_3, true);
  dv.setUint32(8, json.length + pad, true);
  header.set(json, 12);
  header.fill(0x20, 12 + json.length);
  return { header, records };
}

/** The uncompressed bytes of a format-3 session, one chunk per pull. */
type Bytes = Uint8Array<ArrayBuffer>;

export async function sessionStream(entries: readonly SessionEntry[]): Promise<ReadableStream<Bytes>> {
  if (!littleEndian()) throw new Error('Sessions can only be saved on little-endian machines.');
  const { header, records } = await layout(entries);
  function* pieces(): Generator<Bytes> {
    yield header;
    for (const r of records) {
      for (const [k, a] of r.arrays.entries()) {
        const w = WIDTH[r.blobs[k].type];
        // Each chunk a fresh buffer of its own (a view would post or clone its whole buffer).
        for (let from = 0; from < a.length; from += CHUNK) yield transpose(bytesOf(a.subarray(from, Math.min(a.length, from + CHUNK))), w) as Bytes;
      }
    }
  }
  const it = pieces();
  const pacer = new Pacer();
  return new ReadableStream<Bytes>({
    async pull(controller) {
      await pacer.step();
      const next = it.next();
      if (next.done) controller.close(); else controller.enqueue(next.value);
    },
  }, { highWaterMark: 2 });
}

/** The page's compression worker (gzip.worker.ts), or null where there are no workers (Node). */
function defaultWorker(): Worker | null {
  if (typeof Worker === 'undefined') return null;
  try {
    return new Worker(new URL('./gzip.worker.ts', import.meta.url), { type: 'module', name: 'session-gzip' });
  } catch {
    return null;
  }
}

/** Compresses the stream on a worker, a few chunks in flight (each posted as a copy, never transferred). */
async function gzipOnWorker(stream: ReadableStream<Bytes>, w: Worker): Promise<Blob> {
  const IN_FLIGHT = 4;
  let inFlight = 0;
  let failed: Error | null = null;
  let wake: (() => void) | null = null;
  const settle = () => { const f = wake; wake = null; f?.(); };
  const blob = new Promise<Blob>((resolve, reject) => {
    w.onmessage = (e: MessageEvent<{ ack?: true; blob?: Blob; error?: string }>) => {
      if (e.data.ack) { inFlight--; settle(); } else if (e.data.blob) resolve(e.data.blob);
      else { failed = new Error(e.data.error ?? 'compression failed'); reject(failed); settle(); }
    };
    w.onerror = (e) => { failed = new Error(e.message || 'the compression worker could not start'); reject(failed); settle(); };
  });
  blob.catch(() => {});
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      w.postMessage({ bytes: value });
      inFlight++;
      while (inFlight >= IN_FLIGHT && !failed) await new Promise<void>((r) => { wake = r; });
      if (failed) throw failed;
    }
    w.postMessage({ end: true });
    return await blob;
  } finally {
    void reader.cancel().catch(() => {});
    w.terminate();
  }
}

/**
 * The session file as a Blob, collected by the browser (never one JS buffer or string). The
 * compression runs on a worker where there is one (`worker`: a factory, for a bundle that serves
 * it elsewhere), else here, paced.
 */
export async function sessionFileBlob(entries: readonly SessionEntry[], options: { worker?: () => Worker | null } = {}): Promise<Blob> {
  const stream = await sessionStream(entries);
  const w = (options.worker ?? defaultWorker)();
  const blob = w ? await gzipOnWorker(stream, w) : await new Response(stream.pipeThrough(new CompressionStream('gzip'))).blob();
  return new Blob([blob], { type: 'application/octet-stream' });
}

/** Writes the session file into a writable stream (File System Access API's createWritable). */
export async function writeSessionFile(entries: readonly SessionEntry[], out: WritableStream<BufferSource>): Promise<void> {
  await (await sessionStream(entries)).pipeThrough(new CompressionStream('gzip')).pipeTo(out);
}

/** Reads exact byte counts from a stream of chunks. */
export class ByteReader {
  private chunks: Uint8Array[] = [];
  private have = 0;
  private ended = false;
  /** Bytes handed out so far. */
  consumed = 0;

  constructor(private readonly reader: ReadableStreamDefaultReader<Uint8Array>) {}

  private async fill(n: number): Promise<boolean> {
    while (this.have < n && !this.ended) {
      const { done, value } = await this.reader.read();
      if (done) this.ended = true;
      else if (value.length) { this.chunks.push(value); this.have += value.length; }
    }
    return this.have >= n;
  }

  /** The next n bytes, or null when the stream ends before them. */
  async read(n: number): Promise<Uint8Array | null> {
    if (!(await this.fill(n))) return null;
    const out = this.chunks[0].length >= n ? null : new Uint8Array(n);
    if (!out) {
      const first = this.chunks[0];
      const view = first.subarray(0, n);
      if (first.length === n) this.chunks.shift(); else this.chunks[0] = first.subarray(n);
      this.have -= n;
      this.consumed += n;
      return view;
    }
    let at = 0;
    while (at < n) {
      const c = this.chunks[0];
      const take = Math.min(c.length, n - at);
      out.set(c.subarray(0, take), at);
      at += take;
      if (take === c.length) this.chunks.shift(); else this.chunks[0] = c.subarray(take);
    }
    this.have -= n;
    this.consumed += n;
    return out;
  }

  /** True when nothing follows. */
  async atEnd(): Promise<boolean> {
    return !(await this.fill(1));
  }

  /** Everything left, as one array. */
  async rest(): Promise<Uint8Array> {
    while (await this.fill(this.have + 1)) { /* read on */ }
    const out = new Uint8Array(this.have);
    let at = 0;
    for (const c of this.chunks) { out.set(c, at); at += c.length; }
    this.chunks = [];
    this.have = 0;
    return out;
  }

  cancel(): void { void this.reader.cancel().catch(() => {}); }
}

export type OpenedSession =
  | { kind: 'fits'; savedAt: string; fits: SessionEntry[] }
  | { kind: 'legacy'; session: RestoredSession };

export interface OpenOptions {
  /** Called as the arrays are read: bytes so far and in all. */
  onProgress?: (done: number, total: number) => void;
}

const isGzip = (b: Uint8Array) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
const isMagic = (b: Uint8Array) => b.length >= 4 && MAGIC.every((m, i) => b[i] === m);

/**
 * Opens a session file: format 3 streamed, formats 1 and 2 as session.ts reads them. Any
 * failure is a SessionFileError saying what is wrong (a field, a damaged or truncated file);
 * nothing is returned half-read.
 */
export async function openSessionFile(file: Blob, options: OpenOptions = {}): Promise<OpenedSession> {
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  const gz = isGzip(head);
  if (!gz && !isMagic(head)) return { kind: 'legacy', session: await readSession(new Uint8Array(await file.arrayBuffer())) };
  const stage = { at: 'its start' };
  let reader: ByteReader | null = null;
  try {
    const source = gz ? file.stream().pipeThrough(new DecompressionStream('gzip')) : file.stream();
    reader = new ByteReader(source.getReader());
    const frame = await reader.read(12).catch(() => null);
    if (!frame || !isMagic(frame) || new DataView(frame.buffer, frame.byteOffset, 12).getUint32(4, true) < SESSION_VERSION_3) {
      reader.cancel();
      return { kind: 'legacy', session: await readSession(new Uint8Array(await file.arrayBuffer())) };
    }
    return await readFormat3(reader, frame, gz ? null : file.size, stage, options);
  } catch (err) {
    reader?.cancel();
    if (err instanceof SessionFileError) throw err;
    if (gz && stage.at !== 'its start' && err instanceof TypeError) {
      throw new SessionFileError(`The session file is damaged (it could not be decompressed at ${stage.at}). ${KEPT}`);
    }
    throw new SessionFileError(`The session file could not be opened: it is damaged or was not saved by this app (reading failed at ${stage.at}). ${KEPT}`);
  }
}

function checkBlobs(v: unknown, path: string): BlobSpec[] {
  return list(v, path).map((bv, i) => {
    const b = record(bv, `${path}[${i}]`);
    return { type: choice(b.type, `${path}[${i}].type`, ['f64', 'u8', 'u32'] as const), length: whole(b.length, `${path}[${i}].length`, 0, 2 ** 31 - 1) };
  });
}

interface Header { savedAt: string; chunk: number; tables: { at: string; label: string; blobs: BlobSpec[]; checked: CheckedTable }[]; fits: { at: string; label: string; blobs: BlobSpec[]; checked: CheckedFitRecord }[] }

/** Every field of the header, before any array is read. */
function checkHeader3(json: unknown): Header {
  const h = record(json, 'header');
  if (h.format !== SESSION_FORMAT) throw new SessionFileError('This file is not a Multilevel Studio session. Use a file saved with "Save session".');
  whole(h.version, 'version', SESSION_VERSION_3, SESSION_VERSION_3);
  const chunk = whole(h.chunk, 'chunk', MIN_CHUNK, MAX_CHUNK);
  const savedAt = typeof h.savedAt === 'string' ? h.savedAt : '';
  const tables = list(h.tables, 'tables').map((tv, i) => {
    const at = `tables[${i}]`;
    const blobs = checkBlobs(record(tv, at).blobs, `${at}.blobs`);
    const checked = checkTable(tv, blobs, at);
    return { at, label: `the data table "${checked.name.slice(0, 40)}"`, blobs, checked };
  });
  const rows = new Map<string, { nRows: number }>();
  tables.forEach((t) => {
    if (rows.has(t.checked.id)) fieldError(`${t.at}.id`, 'must not repeat another table\'s id', t.checked.id);
    rows.set(t.checked.id, t.checked);
  });
  const ids = new Set<string>();
  const fits = list(h.fits, 'fits').map((fv, i) => {
    const at = `fits[${i}]`;
    const blobs = checkBlobs(record(fv, at).blobs, `${at}.blobs`);
    const checked = checkFitRecord(fv, blobs, at, rows);
    if (ids.has(checked.id)) fieldError(`${at}.id`, 'must not repeat another fit\'s id', checked.id);
    ids.add(checked.id);
    return { at, label: `fit ${i + 1} ("${checked.name.slice(0, 40)}")`, blobs, checked };
  });
  return { savedAt, chunk, tables, fits };
}

/** One array, a chunk at a time (each read awaits the stream, so the page stays responsive). */
async function readArray(reader: ByteReader, spec: BlobSpec, chunk: number, label: string, pacer: Pacer): Promise<BlobArray> {
  let out: BlobArray;
  try {
    out = allocate(spec.type, spec.length);
  } catch {
    throw new SessionFileError(`This session file cannot be opened: ${label} declares an array of ${spec.length.toLocaleString('en-US')} values, more than this page can hold. ${KEPT}`);
  }
  const w = WIDTH[spec.type];
  const bytes = bytesOf(out);
  for (let from = 0; from < spec.length; from += chunk) {
    const n = Math.min(chunk, spec.length - from);
    const src = await reader.read(n * w);
    if (!src) damaged(`it ends inside the arrays of ${label} (the file is cut short)`);
    untranspose(src, w, bytes.subarray(from * w, (from + n) * w));
    await pacer.step();
  }
  return out;
}

async function readFormat3(reader: ByteReader, frame: Uint8Array, plainSize: number | null, stage: { at: string }, options: OpenOptions): Promise<OpenedSession> {
  const dv = new DataView(frame.buffer, frame.byteOffset, 12);
  const version = dv.getUint32(4, true);
  if (version > SESSION_VERSION_3) throw new SessionFileError(`This session was saved by a newer version (format ${version}); this page reads formats up to ${SESSION_VERSION_3}. ${KEPT}`);
  if (!littleEndian()) throw new SessionFileError('Sessions can only be opened on little-endian machines.');
  stage.at = 'the header';
  const headerLength = dv.getUint32(8, true);
  if (headerLength > MAX_HEADER) damaged(`its header says it is ${headerLength.toLocaleString('en-US')} bytes long`);
  const headBytes = await reader.read(headerLength);
  if (!headBytes) damaged('it ends inside its header');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(headBytes));
  } catch {
    damaged('its header is not readable');
  }
  const h = checkHeader3(json);
  const records = [...h.tables, ...h.fits];
  let total = 0;
  for (const r of records) for (const b of r.blobs) total += b.length * WIDTH[b.type];
  if (plainSize !== null && 12 + headerLength + total !== plainSize) damaged('its arrays do not match its header');
  const arrays: BlobArray[][] = [];
  const start = reader.consumed;
  const pacer = new Pacer();
  for (const r of records) {
    stage.at = r.label;
    const got: BlobArray[] = [];
    for (const b of r.blobs) {
      got.push(await readArray(reader, b, h.chunk, r.label, pacer));
      options.onProgress?.(reader.consumed - start, total);
    }
    arrays.push(got);
  }
  stage.at = 'its end';
  if (!(await reader.atEnd())) damaged('its arrays do not match its header (there is more after them)');
  const tables = new Map<string, DataTable>();
  for (const [i, t] of h.tables.entries()) { stage.at = t.label; tables.set(t.checked.id, await decodeTable(t.checked, arrays[i], t.at)); }
  const fits = h.fits.map((f, i) => {
    stage.at = f.label;
    return { fit: decodeFit(f.checked, arrays[h.tables.length + i], f.at), table: tables.get(f.checked.data.table)! };
  });
  return { kind: 'fits', savedAt: h.savedAt, fits };
}

