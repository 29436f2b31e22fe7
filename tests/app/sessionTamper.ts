// Test helpers for tampered session files: rewrite the JSON header of an uncompressed format-2
// or format-3 session (the version is kept) (keeping its binary arrays), or gzip bytes as the app's files are.
import { gzipSync } from 'node:zlib';

export interface SessionParts { header: Record<string, unknown>; arrays: Uint8Array }

/** Splits an uncompressed format-2 session into its header (parsed) and its binary arrays. */
export function splitSession(bytes: Uint8Array): SessionParts {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = dv.getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + n))) as Record<string, unknown>;
  return { header, arrays: bytes.slice(12 + n) };
}

/** Joins a header (any JSON value, or raw header text) and arrays back into format-2 bytes. */
export function joinSession(header: unknown, arrays: Uint8Array, version = 2): Uint8Array {
  const text = typeof header === 'string' ? header : JSON.stringify(header);
  const json = new TextEncoder().encode(text);
  const pad = (8 - ((12 + json.length) % 8)) % 8;
  const out = new Uint8Array(12 + json.length + pad + arrays.length);
  out.set(new TextEncoder().encode('MLSS'), 0);
  const dv = new DataView(out.buffer);
  dv.setUint32(4, version, true);
  dv.setUint32(8, json.length + pad, true);
  out.set(json, 12);
  out.fill(0x20, 12 + json.length, 12 + json.length + pad);
  out.set(arrays, 12 + json.length + pad);
  return out;
}

/** The session with its header changed by `edit` (which may mutate it or return a new value). */
export function tamper(bytes: Uint8Array, edit: (h: Record<string, unknown>) => unknown): Uint8Array {
  const { header, arrays } = splitSession(bytes);
  const out = edit(header);
  const version = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  return joinSession(out === undefined ? header : out, arrays, version);
}

export const gzip = (bytes: Uint8Array): Uint8Array => new Uint8Array(gzipSync(bytes));

/** Messages that are internals, never for the user. */
export const INTERNAL = /Cannot read prop|is not a function|Invalid typed array|is not iterable|undefined|out of range|Maximum call stack|DrawStore|Unexpected token|\bat [A-Za-z_$][\w$]*\s*\(/;
