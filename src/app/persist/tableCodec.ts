// A data table as a record (binary.ts): metadata in JSON, every array binary. Numeric columns are
// their Float64 values plus missing flags; a numeric column whose cell texts are exactly what
// JavaScript prints for its numbers (and one text for every missing cell) keeps no texts at all
// (they are rebuilt with rawCellsFromNumbers); other columns keep their packed texts (RawCells
// pieces) as UTF-8 bytes plus each piece's cell ends, never as millions of JSON strings.
// The table's id is a fingerprint of its content, so fits of the same data share one copy.
import type { DataColumn, DataTable, RawCells } from '../../core/types';
import { rawCellsFromNumbers, rawCellsFromPieces } from '../../core/io/rawCells';
import { Described, checkColumnValues, checkData, checkDerivedValues, fieldError, record, text, whole, type CheckedData, type RefCheck } from '../workspace/sessionSchema';
import { Fingerprint, Pacer, bytesOf, typeOf, type BlobArray, type BlobSpec, type BlobType, type EncodedRecord } from './binary';

type RawMeta = { numbers: string; pieceSize: number } | { pieceSize: number; text: number; pieceBytes: number; ends: number };

/** Collects a record's arrays and hands out their indices. */
export class ArrayList {
  readonly blobs: BlobSpec[] = [];
  readonly arrays: BlobArray[] = [];
  add(a: BlobArray): number {
    this.blobs.push({ type: typeOf(a), length: a.length });
    this.arrays.push(a);
    return this.arrays.length - 1;
  }
}

/** The text every missing cell has, when the column's texts are exactly String(value) elsewhere; else null. */
async function numbersText(c: DataColumn, pacer: Pacer): Promise<string | null> {
  const num = c.numeric;
  if (!num) return null;
  let missingText: string | null = null;
  let i = 0;
  for (let p = 0; p < c.raw.texts.length; p++) {
    const t = c.raw.texts[p];
    const ends = c.raw.ends[p];
    let from = 0;
    for (let k = 0; k < ends.length; k++, i++) {
      const cell = t.slice(from, ends[k]);
      from = ends[k];
      if (c.missing[i]) {
        if (!Number.isNaN(num[i])) return null;
        if (missingText === null) missingText = cell;
        else if (cell !== missingText) return null;
      } else if (cell !== String(num[i])) return null;
    }
    await pacer.step();
  }
  return missingText ?? 'NA';
}

async function encodeRaw(raw: RawCells, list: ArrayList, pacer: Pacer): Promise<RawMeta> {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  for (const t of raw.texts) { parts.push(enc.encode(t)); await pacer.step(); }
  const bytes = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) { bytes.set(p, at); at += p.length; }
  const ends = new Uint32Array(raw.length);
  let i = 0;
  for (const e of raw.ends) { ends.set(e, i); i += e.length; }
  return { pieceSize: raw.pieceSize, text: list.add(bytes), pieceBytes: list.add(Uint32Array.from(parts, (p) => p.length)), ends: list.add(ends) };
}

const ids = new WeakMap<DataTable, string>();
/** Bytes fingerprinted between yields. */
const SLICE = 1 << 20;

/** The table as a record; `meta.id` is its content fingerprint. Yields between columns. */
export async function encodeTable(t: DataTable): Promise<EncodedRecord & { id: string }> {
  const list = new ArrayList();
  const columns: Record<string, unknown>[] = [];
  const pacer = new Pacer();
  for (const c of t.columns) {
    const m = await numbersText(c, pacer);
    columns.push({
      name: c.name, type: c.type, asFactor: c.asFactor, nMissing: c.nMissing, ...(c.derived ? { derived: c.derived } : {}),
      // A text column's level order (issue 19's ordinal responses), where the table has one.
      ...((c as { levels?: string[] }).levels ? { levels: (c as { levels?: string[] }).levels } : {}),
      missing: list.add(c.missing), numeric: c.numeric ? list.add(c.numeric) : null,
      raw: m !== null ? { numbers: m, pieceSize: c.raw.pieceSize } : await encodeRaw(c.raw, list, pacer),
    });
  }
  const body = { name: t.name, nRows: t.nRows, columns };
  const fp = new Fingerprint();
  fp.add(new TextEncoder().encode(JSON.stringify([body, list.blobs])));
  for (const a of list.arrays) {
    const b = bytesOf(a);
    for (let at = 0; at < b.length; at += SLICE) { fp.add(b.subarray(at, Math.min(b.length, at + SLICE))); await pacer.step(); }
  }
  const id = `t-${fp.hex()}`;
  ids.set(t, id);
  return { id, meta: { id, ...body }, blobs: list.blobs, arrays: list.arrays };
}

/** The table's id (its content fingerprint), computed once per table object. */
export async function tableIdOf(t: DataTable): Promise<string> {
  return ids.get(t) ?? (await encodeTable(t)).id;
}

/** A reference to array `v` of `blobs`, which must be of `type`. */
export function blobRef(blobs: readonly BlobSpec[], v: unknown, path: string, type: BlobType): { ref: number; length: number } {
  const i = whole(v, path, 0, Math.max(0, blobs.length - 1));
  if (i >= blobs.length) fieldError(path, 'must point to one of the record\'s arrays', v);
  if (blobs[i].type !== type) fieldError(path, `must point to an array of type ${type}`, new Described(`array ${i} of type ${blobs[i].type}`));
  return { ref: i, length: blobs[i].length };
}

/** Format 3 references: an array index; 'draws' are Float64 like every other number. */
export const refsOf = (blobs: readonly BlobSpec[]): RefCheck<number> => (v, path, kind) => blobRef(blobs, v, path, kind === 'u8' ? 'u8' : 'f64');

export type CheckedTable = CheckedData<number, RawMeta> & { id: string };

/** Every field of a table record, before any array is read; `at` names it in messages ("tables[0]"). */
export function checkTable(v: unknown, blobs: readonly BlobSpec[], at: string): CheckedTable {
  const t = record(v, at);
  const id = text(t.id, `${at}.id`);
  const rawOf = (rv: unknown, path: string, nRows: number): RawMeta => {
    const r = record(rv, path);
    const pieceSize = whole(r.pieceSize, `${path}.pieceSize`, 1, 2 ** 31 - 1);
    if (r.numbers !== undefined) return { numbers: text(r.numbers, `${path}.numbers`), pieceSize };
    const pieces = Math.ceil(nRows / pieceSize);
    const pb = blobRef(blobs, r.pieceBytes, `${path}.pieceBytes`, 'u32');
    if (pb.length !== pieces) fieldError(`${path}.pieceBytes`, `must hold ${pieces} values (one per piece)`, new Described(`${pb.length} values`));
    const ends = blobRef(blobs, r.ends, `${path}.ends`, 'u32');
    if (ends.length !== nRows) fieldError(`${path}.ends`, `must hold ${nRows} values`, new Described(`${ends.length} values`));
    return { pieceSize, text: blobRef(blobs, r.text, `${path}.text`, 'u8').ref, pieceBytes: pb.ref, ends: ends.ref };
  };
  return { id, ...checkData(t, refsOf(blobs), at, rawOf) };
}

async function decodeRaw(r: RawMeta, arrays: readonly BlobArray[], numeric: Float64Array | null, nRows: number, path: string, pacer: Pacer): Promise<RawCells> {
  if ('numbers' in r) {
    if (!numeric) fieldError(`${path}.numbers`, 'may only be used by a numeric column', r.numbers);
    // Built a piece at a time (a piece's texts are those rawCellsFromNumbers makes of its values).
    const pieces: { text: string; ends: Uint16Array | Uint32Array }[] = [];
    for (let from = 0; from < nRows; from += r.pieceSize) {
      const cells = rawCellsFromNumbers(numeric.subarray(from, Math.min(nRows, from + r.pieceSize)), r.numbers, r.pieceSize);
      pieces.push({ text: cells.texts[0], ends: cells.ends[0] });
      await pacer.step();
    }
    return rawCellsFromPieces(pieces);
  }
  const bytes = arrays[r.text] as Uint8Array;
  const pieceBytes = arrays[r.pieceBytes] as Uint32Array;
  const ends = arrays[r.ends] as Uint32Array;
  const dec = new TextDecoder();
  const pieces: { text: string; ends: Uint16Array | Uint32Array }[] = [];
  let at = 0;
  for (let p = 0; p < pieceBytes.length; p++) {
    if (at + pieceBytes[p] > bytes.length) fieldError(`${path}.pieceBytes`, 'must add up to the bytes of the texts', new Described(`more than ${bytes.length} bytes`));
    const t = dec.decode(bytes.subarray(at, at + pieceBytes[p]));
    at += pieceBytes[p];
    const e = ends.slice(p * r.pieceSize, Math.min(nRows, (p + 1) * r.pieceSize));
    for (let k = 0; k < e.length; k++) {
      if (e[k] < (k ? e[k - 1] : 0) || e[k] > t.length) fieldError(`${path}.ends`, 'must be the cell ends of the texts, in order', new Described(`${e[k]} at cell ${p * r.pieceSize + k}`));
    }
    if (e[e.length - 1] !== t.length) fieldError(`${path}.ends`, 'must end each piece at its text\'s end', new Described(`${e[e.length - 1]} for a text of ${t.length}`));
    pieces.push({ text: t, ends: t.length <= 0xffff ? Uint16Array.from(e) : e });
    await pacer.step();
  }
  if (at !== bytes.length) fieldError(`${path}.pieceBytes`, 'must add up to the bytes of the texts', new Described(`${at} of ${bytes.length} bytes`));
  return rawCellsFromPieces(pieces);
}

/**
 * The table from its checked record and arrays; every value checked (missing flags, counts,
 * finite numbers, derived columns). `ownId`: the record is this app's own (IndexedDB), so its id
 * is taken as the content's; a file's id is not trusted (it is recomputed when needed).
 */
export async function decodeTable(c: CheckedTable, arrays: readonly BlobArray[], at: string, ownId = false): Promise<DataTable> {
  const pacer = new Pacer();
  const columns: DataColumn[] = [];
  for (const [j, col] of c.columns.entries()) {
    const numeric = col.numeric === null ? null : (arrays[col.numeric] as Float64Array);
    const out: DataColumn = {
      name: col.name, missing: arrays[col.missing] as Uint8Array, numeric, type: col.type, asFactor: col.asFactor, nMissing: col.nMissing,
      raw: await decodeRaw(col.raw, arrays, numeric, c.nRows, `${at}.columns[${j}].raw`, pacer),
      ...(col.derived ? { derived: col.derived } : {}),
      ...(col.levels ? { levels: col.levels } : {}),
    };
    checkColumnValues(j, out, at);
    columns.push(out);
  }
  const table: DataTable = { name: c.name, nRows: c.nRows, columns };
  checkDerivedValues(table, at);
  if (ownId) ids.set(table, c.id);
  return table;
}
