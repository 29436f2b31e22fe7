// Binary arrays as fits are kept: little-endian typed arrays cut into chunks of CHUNK values. In
// IndexedDB a chunk is stored as its raw bytes; in a session file its bytes are transposed (byte 0
// of every value, then byte 1, ...), which lets gzip squeeze the sign and exponent bytes of MCMC
// draws. Either way no step ever handles more than one chunk at a time.

export type BlobType = 'f64' | 'u8' | 'u32';
export const WIDTH: Record<BlobType, number> = { f64: 8, u8: 1, u32: 4 };
/** What a record says about one of its arrays. */
export interface BlobSpec { type: BlobType; length: number }
export type BlobArray = Float64Array | Uint8Array | Uint32Array;

/**
 * Values per chunk (512 KB of Float64): one stored IndexedDB value, one transposed block of a
 * file, one slice of a DrawStore fill. Small enough that reading or writing one is a short step
 * (larger chunks made IndexedDB deliver several in one task).
 */
export const CHUNK = 1 << 16;

/** A record: JSON metadata that refers to its arrays by index, and the arrays. */
export interface EncodedRecord {
  meta: Record<string, unknown>;
  blobs: BlobSpec[];
  arrays: BlobArray[];
}

/** Yields to the page (a new task), so input and rendering run: scheduler.yield() where there is one. */
export const pause = (): Promise<void> => {
  const s = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return s?.yield ? s.yield() : new Promise<void>((r) => setTimeout(r, 0));
};

/**
 * Long work in steps: `step()` yields when `budgetMs` have passed since the last yield. Streams
 * alone do not yield: when their data is already there, reads and writes resolve as microtasks
 * of one task, so a whole session file would be read or compressed in one long task.
 */
export class Pacer {
  private last = performance.now();
  constructor(private readonly budgetMs = 8) {}
  async step(): Promise<void> {
    if (performance.now() - this.last < this.budgetMs) return;
    await pause();
    this.last = performance.now();
  }
}

export function littleEndian(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}

export const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

export const blobBytes = (b: BlobSpec) => b.length * WIDTH[b.type];

/** Bytes of a record: its arrays plus its metadata as JSON. */
export function recordBytes(r: { meta: unknown; blobs: BlobSpec[] }): number {
  let n = new TextEncoder().encode(JSON.stringify(r.meta)).length;
  for (const b of r.blobs) n += blobBytes(b);
  return n;
}

/** A typed array of `type` with `length` values. */
export function allocate(type: BlobType, length: number): BlobArray {
  return type === 'f64' ? new Float64Array(length) : type === 'u32' ? new Uint32Array(length) : new Uint8Array(length);
}

export function typeOf(a: BlobArray): BlobType {
  return a instanceof Float64Array ? 'f64' : a instanceof Uint32Array ? 'u32' : 'u8';
}

/** Bytes of `n` values of width `w`, transposed: byte k of value i goes to k * n + i. */
export function transpose(bytes: Uint8Array, w: number): Uint8Array {
  if (w === 1) return bytes.slice();
  const n = bytes.length / w;
  const out = new Uint8Array(bytes.length);
  for (let k = 0; k < w; k++) {
    const base = k * n;
    for (let i = 0, j = k; i < n; i++, j += w) out[base + i] = bytes[j];
  }
  return out;
}

export function untranspose(src: Uint8Array, w: number, out: Uint8Array): void {
  if (w === 1) { out.set(src); return; }
  const n = src.length / w;
  for (let k = 0; k < w; k++) {
    const base = k * n;
    for (let i = 0, j = k; i < n; i++, j += w) out[j] = src[base + i];
  }
}

/** Chunk `k` of an array as a fresh buffer of raw bytes (never a view: structured clone copies a view's whole buffer). */
export function chunkBytes(a: BlobArray, k: number): Uint8Array<ArrayBuffer> {
  const from = k * CHUNK;
  return bytesOf(a.subarray(from, Math.min(a.length, from + CHUNK))).slice() as Uint8Array<ArrayBuffer>;
}

export const chunkCount = (length: number) => Math.ceil(length / CHUNK);

/**
 * FNV-1a (32-bit) over 32-bit words, two seeds for 64 bits: the identity of a data table's
 * content, so fits of the same data share one stored copy. Not cryptographic; a collision
 * needs two tables equal in size and column names as well (they are hashed with the metadata).
 */
export class Fingerprint {
  private a = 0x811c9dc5;
  private b = 0x01000193 ^ 0x5bd1e995;

  add(bytes: Uint8Array): void {
    const words = Math.floor(bytes.length / 4);
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let a = this.a, b = this.b;
    for (let i = 0; i < words; i++) {
      const w = dv.getUint32(i * 4, true);
      a = Math.imul(a ^ w, 0x01000193);
      b = Math.imul(b ^ w, 0x0100019d);
    }
    for (let i = words * 4; i < bytes.length; i++) {
      a = Math.imul(a ^ bytes[i], 0x01000193);
      b = Math.imul(b ^ bytes[i], 0x0100019d);
    }
    a = Math.imul(a ^ bytes.length, 0x01000193);
    this.a = a; this.b = b;
  }

  hex(): string {
    return (this.a >>> 0).toString(16).padStart(8, '0') + (this.b >>> 0).toString(16).padStart(8, '0');
  }
}
