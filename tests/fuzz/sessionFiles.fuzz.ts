// Fuzz tier: tampered session files through the session reader (src/app/workspace/session.ts,
// which runs in Node). A seeded generator changes valid files field by field (wrong types, huge
// numbers, NaN strings, negatives, missing and extra fields, wrong lengths) and byte by byte
// (truncated gzip, flipped array bytes, wrong header length or version). Every case must either
// open into a session the app can use, or fail with the app's own SessionFileError, in under 1 s,
// with a message under 500 characters that shows no internals.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type DataTable } from '../../src/core/types';
import { DrawStore } from '../../src/client/drawStore';
import { createChainRng } from '../../src/core/sampler/rng';
import { SessionFileError, readSession, sessionParts, type RestoredSession, type SessionInput } from '../../src/app/workspace/session';
import { formOf, parseSettings } from '../../src/app/workspace/settings';
import { commonDraws, diagnosticsCopy } from '../../src/app/workspace/fit';
import { INTERNAL, gzip, joinSession as join, splitSession } from '../app/sessionTamper';
import { openSessionFile, sessionStream, type OpenedSession } from '../../src/app/persist/sessionFile';
import type { PersistedFit } from '../../src/app/persist/fitCodec';
import { drawStoreOf } from '../../src/app/persist/drawStores';
import { rawCellsFromNumbers, rawCellsFromStrings, rawCellsToArray } from '../../src/core/io/rawCells';

const CASES = Number(process.env.FUZZ_SESSION_CASES ?? 2400);
const SEED = Number(process.env.FUZZ_SEED ?? 20261204);

/** mulberry32: a small seeded generator, so a failing case can be replayed from its number. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] };
}
type Rng = ReturnType<typeof rng>;

function table(nRows: number): DataTable {
  const y = Float64Array.from({ length: nRows }, (_, i) => (i === 1 ? NaN : i * 0.5));
  const missing = Uint8Array.from({ length: nRows }, (_, i) => (i === 1 ? 1 : 0));
  return {
    name: 'd.csv', nRows,
    columns: [
      { name: 'y', raw: rawCellsFromNumbers(y, ''), missing, numeric: y, type: 'numeric', asFactor: false, nMissing: 1 },
      { name: 'g', raw: rawCellsFromStrings(Array.from({ length: nRows }, (_, i) => `level ${i % 3}`)), missing: new Uint8Array(nRows), numeric: null, type: 'categorical', asFactor: true, nMissing: 0 },
    ],
  };
}

function store(nParams: number, nWarm: number, nSamp: number, nChains: number): DrawStore {
  const s = new DrawStore(Array.from({ length: nParams }, (_, p) => `b_x${p}`), nChains);
  for (let c = 1; c <= nChains; c++) {
    const rows = nWarm + nSamp;
    const draws = Float64Array.from({ length: rows * nParams }, (_, i) => Math.sin(i * c) * 3);
    const stats = Float64Array.from({ length: rows * 7 }, (_, i) => (i % 7 === 5 ? 0 : i % 7));
    s.append(c, { phase: 'warmup', count: nWarm, draws, stats });
    s.append(c, { phase: 'sampling', count: nSamp, draws: draws.subarray(nWarm * nParams), stats: stats.subarray(nWarm * 7) });
  }
  return s;
}

const checkpoint = (chainId: number, d: number) => ({
  position: Array.from({ length: d }, (_, k) => k / 3), stepSize: 0.4, inverseMetric: Array.from({ length: d }, () => 1.5),
  metric: 'diag' as const, rngState: createChainRng(3, chainId).getState(), chainId, iterationsDone: 9,
});

/** Valid session files to start from: uncompressed format 2 (with and without a fit), and its header. */
async function baseFiles(): Promise<Uint8Array[]> {
  const model = { formula: 'y ~ 1 + (1 | g)', family: 'gaussian' as const, priors: [{ prior: 'normal(0, 1)', class: 'sd', group: 'g' }] };
  const inputs: SessionInput[] = [
    { table: table(6), model, settings: { ...DEFAULT_SETTINGS, chains: 2 }, store: store(3, 2, 4, 2), progress: [], nObs: 5, wallSeconds: 1, status: 'stopped' },
    { table: table(5), model, settings: { ...DEFAULT_SETTINGS, chains: 3 }, store: store(2, 3, 3, 3), progress: [], nObs: 4, wallSeconds: 2, status: 'done', checkpoints: [1, 2, 3].map((c) => checkpoint(c, 2)) },
    { table: table(4), model, settings: DEFAULT_SETTINGS, store: null, progress: [], nObs: 0, wallSeconds: 0, status: 'done' },
  ];
  const out: Uint8Array[] = [];
  for (const i of inputs) out.push(new Uint8Array(await new Blob((await sessionParts(i)) as BlobPart[]).arrayBuffer()));
  return out;
}

/** Format 1 (JSON, arrays as base64 of Float64 bytes), as the app wrote it before format 2. */
function formatOne(): Record<string, unknown> {
  const t = table(4);
  const st = store(2, 1, 3, 2);
  const b64 = (a: Float64Array | Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
  return {
    format: 'multilevel-studio-session', version: 1, savedAt: '2026-01-01T00:00:00Z',
    data: { name: t.name, nRows: t.nRows, columns: t.columns.map((c) => ({ name: c.name, raw: rawCellsToArray(c.raw), missing: b64(c.missing), numeric: c.numeric ? b64(c.numeric) : null, type: c.type, asFactor: c.asFactor, nMissing: c.nMissing })) },
    model: { formula: 'y ~ 1', family: 'gaussian', priors: [] }, settings: { ...DEFAULT_SETTINGS, chains: 2 },
    fit: {
      names: st.names, nObs: 3, wallSeconds: 1, status: 'done',
      checkpoints: [1, 2].map((c) => checkpoint(c, 2)),
      chains: [1, 2].map((c) => ({ nWarmup: 1, nIterations: 4, draws: b64(st.chain(c).draws), stats: b64(st.chain(c).stats), warmupSeconds: 1, samplingSeconds: 2, gradientEvaluations: 3 })),
    },
  };
}

/** A tampered format-1 file: field edits, sometimes truncated text. */
function tamperJson(r: Rng): { bytes: Uint8Array; what: string } {
  const { text, edits } = editHeader(r, formatOne());
  const cut = r.next() < 0.15 ? text.slice(0, r.int(text.length)) : text;
  return { bytes: new TextEncoder().encode(cut), what: `format 1${cut.length < text.length ? ' truncated' : ''}: ${edits}` };
}

/** Every path into a JSON value (objects and lists), the root excluded. */
function paths(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (Array.isArray(v)) v.forEach((x, i) => { out.push([...at, i]); paths(x, [...at, i], out); });
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { out.push([...at, k]); paths(x, [...at, k], out); }
  return out;
}

const HUGE = [1e308, -1e308, 2 ** 53, 2 ** 31, 2 ** 32, 1e6, 1e9, 1000000, -1, -0.5, 0, 0.5, 1e-300, 1.5];
const WEIRD = ['NaN', 'Infinity', '-Infinity', '', '1e309', '0x10', 'constructor', '__proto__', 'x'.repeat(100_000), '\u0000', '[]'];

/** A replacement value for a field: wrong type, extreme number, NaN text, ... */
function badValue(r: Rng, old: unknown): unknown {
  switch (r.int(8)) {
    case 0: return r.pick(HUGE);
    case 1: return r.pick(WEIRD);
    case 2: return r.pick([null, true, false, {}, [], [1, 2, 3], { length: 5 }]);
    case 3: return typeof old === 'number' ? -old : typeof old === 'string' ? old.split('').reverse().join('') : 7;
    case 4: return typeof old === 'number' ? old + r.pick([1, -1, 1000, 0.25]) : r.pick(HUGE);
    case 5: return Array.isArray(old) ? old.slice(0, r.int(old.length + 1)) : [old];
    case 6: return Array.isArray(old) ? [...old, ...old] : String(old);
    default: return typeof old === 'number' ? old * r.pick([2, 1e6, 0.5]) : r.pick(WEIRD);
  }
}

/** Applies 1-3 field edits to the header (change, delete, or add an extra field). */
function editHeader(r: Rng, h: Record<string, unknown>): { text: string; edits: string } {
  const edits: string[] = [];
  const n = 1 + r.int(3);
  for (let k = 0; k < n; k++) {
    const all = paths(h);
    const path = r.pick(all);
    let parent: any = h;
    for (const key of path.slice(0, -1)) parent = parent[key];
    const key = path[path.length - 1];
    const what = r.int(10);
    const at = path.join('.');
    if (what === 0) { edits.push(`delete ${at}`); if (Array.isArray(parent)) parent.splice(Number(key), 1); else delete parent[key]; }
    else if (what === 1 && parent && typeof parent === 'object' && !Array.isArray(parent)) { parent[`extra${k}`] = badValue(r, 1); edits.push(`add extra${k} next to ${at}`); }
    else { parent[key] = badValue(r, parent[key]); edits.push(`${at} = ${String(JSON.stringify(parent[key])).slice(0, 40)}`); }
  }
  return { text: JSON.stringify(h), edits: edits.join('; ') };
}

/** One tampered file from a base: header edits, byte edits, truncation, compression. */
function tamperCase(r: Rng, base: Uint8Array): { bytes: Uint8Array; what: string } {
  const { header, arrays } = splitSession(base);
  const version = new DataView(base.buffer, base.byteOffset, base.byteLength).getUint32(4, true);
  const joinSession = (h: unknown, a: Uint8Array) => join(h, a, version);
  const kind = r.int(10);
  let bytes: Uint8Array;
  let what: string;
  if (kind < 6) {
    const { text, edits } = editHeader(r, structuredClone(header));
    bytes = joinSession(text, arrays);
    what = `header: ${edits}`;
  } else if (kind === 6) {
    const a = arrays.slice();
    for (let k = 0; k < 1 + r.int(8); k++) if (a.length) a[r.int(a.length)] = r.int(256);
    bytes = joinSession(header, a);
    what = 'array bytes flipped';
  } else if (kind === 7) {
    bytes = base.slice(0, r.int(base.length));
    what = `truncated to ${bytes.length} of ${base.length}`;
  } else if (kind === 8) {
    bytes = base.slice();
    const dv = new DataView(bytes.buffer);
    if (r.next() < 0.5) dv.setUint32(8, r.pick([0, 1, 7, 0xffffffff, dv.getUint32(8, true) + 8, dv.getUint32(8, true) - 8]), true);
    else dv.setUint32(4, r.pick([0, 1, 3, 0xffffffff]), true);
    what = 'binary header fields changed';
  } else {
    const { text, edits } = editHeader(r, structuredClone(header));
    const gz = gzip(joinSession(text, arrays));
    bytes = r.next() < 0.5 ? gz.slice(0, 2 + r.int(gz.length - 2)) : gz;
    what = `gzip${bytes.length < gz.length ? ' truncated' : ''}, header: ${edits}`;
  }
  return { bytes, what };
}

/** A session that opened must be usable: settings the form accepts, chains as many as settings.chains, draws readable. */
function checkUsable(s: RestoredSession): void {
  const { errors } = parseSettings(formOf(s.settings));
  expect(errors).toEqual({});
  expect(typeof s.model.formula).toBe('string');
  expect(s.table.columns.every((c) => c.raw.length === s.table.nRows && c.missing.length === s.table.nRows)).toBe(true);
  if (s.fit) {
    expect(s.fit.store.nChains).toBe(s.settings.chains);
    expect(['done', 'stopped']).toContain(s.fit.status);
    commonDraws(s.fit.store);
    diagnosticsCopy(s.fit.store);
  }
}

/** Valid format-3 files: two fits sharing a table (one with checkpoints), and a session with no fits. */
async function baseFiles3(): Promise<Uint8Array[]> {
  const fitOf = (id: string, st: DrawStore, status: 'done' | 'stopped', cps: boolean, nObs: number): PersistedFit => ({
    id, name: `model ${id}`, createdAt: '2026-12-04T00:00:00Z', model: { formula: 'y ~ 1 + (1 | g)', family: 'gaussian', priors: [{ prior: 'normal(0, 1)', class: 'sd', group: 'g' }] },
    settings: { ...DEFAULT_SETTINGS, chains: st.nChains }, status, stopReason: null, wallSeconds: 1, nObs, dropped: ['Dropped 1 row'], names: st.names,
    chains: Array.from({ length: st.nChains }, (_, i) => ({ ...st.chain(i + 1), warmupSeconds: 1, samplingSeconds: 1, gradientEvaluations: 5, checkpoint: cps ? checkpoint(i + 1, 2) : null })),
  });
  const t = table(6);
  const sets = [
    [{ fit: fitOf('a', store(3, 2, 4, 2), 'stopped', false, 5), table: t }, { fit: fitOf('b', store(2, 3, 3, 3), 'done', true, 5), table: t }],
    [{ fit: fitOf('c', store(2, 1, 2, 1), 'done', true, 3), table: table(4) }],
    [],
  ];
  const out: Uint8Array[] = [];
  for (const entries of sets) out.push(new Uint8Array(await new Response(await sessionStream(entries)).arrayBuffer()));
  return out;
}

/** A format-3 session that opened must be usable: settings the form accepts, a DrawStore per fit. */
async function checkUsable3(o: OpenedSession): Promise<void> {
  if (o.kind !== 'fits') { checkUsable(o.session); return; }
  for (const { fit, table: t } of o.fits) {
    expect(parseSettings(formOf(fit.settings)).errors).toEqual({});
    expect(t.columns.every((c) => c.raw.length === t.nRows && c.missing.length === t.nRows)).toBe(true);
    rawCellsToArray(t.columns[0].raw);
    const st = await drawStoreOf(fit);
    expect(st.nChains).toBe(fit.settings.chains);
    commonDraws(st);
    diagnosticsCopy(st);
  }
}

describe('tampered session files, format 3 (every fit)', () => {
  it(`${CASES / 2} seeded cases: each opens usable or fails with a SessionFileError, fast, with a short plain message`, async () => {
    const bases = await baseFiles3();
    const r = rng(SEED + 3);
    const failures: string[] = [];
    let refused = 0;
    let slowest = 0;
    for (let i = 0; i < CASES / 2; i++) {
      const { bytes, what } = tamperCase(r, bases[i % bases.length]);
      const t0 = performance.now();
      let outcome: string | null = null;
      try {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const o = await Promise.race([
          openSessionFile(new Blob([bytes as BlobPart])),
          new Promise<'hung'>((resolve) => { timer = setTimeout(() => resolve('hung'), 5000); }),
        ]).finally(() => clearTimeout(timer));
        if (o === 'hung') { failures.push(`case ${i} (${what.slice(0, 200)}): did not finish in 5 s`); break; }
        await checkUsable3(o);
      } catch (err) {
        refused++;
        const message = err instanceof Error ? err.message : String(err);
        if (!(err instanceof SessionFileError)) outcome = `not a SessionFileError (${(err as Error)?.name}): ${message.slice(0, 300)}`;
        else if (message.length > 500) outcome = `message of ${message.length} characters`;
        else if (INTERNAL.test(message)) outcome = `internal detail in: ${message}`;
      }
      const ms = performance.now() - t0;
      slowest = Math.max(slowest, ms);
      if (ms > 1000) outcome = `${outcome ?? ''} took ${ms.toFixed(0)} ms`;
      if (outcome) failures.push(`case ${i} (${what.slice(0, 200)}): ${outcome}`);
    }
    console.log(`session fuzz, format 3: ${CASES / 2} cases, ${refused} refused, slowest ${slowest.toFixed(0)} ms`);
    expect(failures.slice(0, 10)).toEqual([]);
  });
});

describe('tampered session files', () => {
  it(`${CASES} seeded cases: each opens usable or fails with a SessionFileError, fast, with a short plain message`, async () => {
    const bases = await baseFiles();
    const r = rng(SEED);
    const failures: string[] = [];
    let refused = 0;
    let slowest = 0;
    let longest = 0;
    for (let i = 0; i < CASES; i++) {
      const { bytes, what } = i % 4 === 3 ? tamperJson(r) : tamperCase(r, bases[i % bases.length]);
      const t0 = performance.now();
      let outcome: string | null = null;
      try {
        // A reader that never finishes (a tiny chunk size once made it yield forever) is a
        // failure: stop at the first one, its pending reads would slow every later case.
        let timer: ReturnType<typeof setTimeout> | undefined;
        const s = await Promise.race([
          readSession(bytes),
          new Promise<'hung'>((resolve) => { timer = setTimeout(() => resolve('hung'), 5000); }),
        ]).finally(() => clearTimeout(timer));
        if (s === 'hung') { failures.push(`case ${i} (${what.slice(0, 200)}): did not finish in 5 s`); break; }
        checkUsable(s);
      } catch (err) {
        refused++;
        const message = err instanceof Error ? err.message : String(err);
        longest = Math.max(longest, message.length);
        if (!(err instanceof SessionFileError)) outcome = `not a SessionFileError (${(err as Error)?.name}): ${message.slice(0, 300)}`;
        else if (message.length > 500) outcome = `message of ${message.length} characters`;
        else if (INTERNAL.test(message)) outcome = `internal detail in: ${message}`;
      }
      const ms = performance.now() - t0;
      slowest = Math.max(slowest, ms);
      if (ms > 1000) outcome = `${outcome ?? ''} took ${ms.toFixed(0)} ms`;
      if (outcome) failures.push(`case ${i} (${what.slice(0, 200)}): ${outcome}`);
    }
    console.log(`session fuzz: ${CASES} cases, ${refused} refused, slowest ${slowest.toFixed(0)} ms, longest message ${longest} characters`);
    expect(failures.slice(0, 10)).toEqual([]);
  });
});
