// Session files: format 2 (gzip of a JSON header + transposed binary arrays) round-trips the data,
// model, settings, draws and checkpoints; big draws go Float32; format 1 JSON files still open.
import { describe, expect, it } from 'vitest';
import { twoRowTable } from './fixtures';
import type { DataTable } from '../../src/core/types';
import { DEFAULT_SETTINGS } from '../../src/core/types';
import { DrawStore } from '../../src/client/drawStore';
import { createChainRng } from '../../src/core/sampler/rng';
import { SessionFileError, parseSession, readSession, sessionBlob, sessionParts, type SessionInput } from '../../src/app/workspace/session';
import { INTERNAL, gzip, tamper } from './sessionTamper';
import { rawCellsToArray } from '../../src/core/io/rawCells';

const table = twoRowTable;

/** A store of MCMC-like draws: per parameter an AR(1) series around its own location and scale. */
function mcmcStore(nParams: number, nWarm: number, nSamp: number[], seed = 1): DrawStore {
  const names = Array.from({ length: nParams }, (_, p) => (p < 3 ? `b_x${p}` : `r_g[${p},Intercept]`));
  const s = new DrawStore(names, nSamp.length);
  let u = seed;
  const rand = () => { u = (u * 1103515245 + 12345) % 2147483648; return u / 2147483648; };
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  nSamp.forEach((n, c) => {
    const rows = nWarm + n;
    const draws = new Float64Array(rows * nParams);
    const stats = new Float64Array(rows * 7);
    const prev = new Float64Array(nParams);
    for (let i = 0; i < rows; i++) {
      for (let p = 0; p < nParams; p++) {
        prev[p] = 0.6 * prev[p] + 0.8 * normal();
        draws[i * nParams + p] = (p - 50) * 0.37 + (0.05 + (p % 7)) * prev[p];
      }
      stats.set([-120 - rand(), rand(), 0.31, 4, 15, rand() < 0.01 ? 1 : 0, 125 + rand()], i * 7);
    }
    if (nWarm) s.append(c + 1, { phase: 'warmup', count: nWarm, draws, stats });
    if (n) s.append(c + 1, { phase: 'sampling', count: n, draws: draws.subarray(nWarm * nParams), stats: stats.subarray(nWarm * 7) });
  });
  return s;
}

const input = (store: DrawStore | null, over: Partial<SessionInput> = {}): SessionInput => ({
  table: table(), model: { formula: 'y ~ 1 + (1 | g)', family: 'gaussian', priors: [{ prior: 'normal(0, 1)', class: 'sd' }] },
  settings: { ...DEFAULT_SETTINGS, chains: store?.nChains ?? 4 }, store, progress: [], nObs: 2, wallSeconds: 2, status: 'stopped', ...over,
});

const bytesOf = async (b: Blob) => new Uint8Array(await b.arrayBuffer());

/** Format 1 as the app wrote it before format 2 (base64 of Float64 bytes in one JSON document). */
function formatOne(t: DataTable, store: DrawStore): string {
  const b64 = (a: Float64Array | Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
  return JSON.stringify({
    format: 'multilevel-studio-session', version: 1, savedAt: '2026-01-01T00:00:00Z',
    data: { name: t.name, nRows: t.nRows, columns: t.columns.map((c) => ({ name: c.name, raw: rawCellsToArray(c.raw), missing: b64(c.missing), numeric: c.numeric ? b64(c.numeric) : null, type: c.type, asFactor: c.asFactor, nMissing: c.nMissing })) },
    model: { formula: 'y ~ 1', family: 'gaussian', priors: [] }, settings: { ...DEFAULT_SETTINGS, chains: store.nChains },
    fit: {
      names: store.names, nObs: 2, wallSeconds: 1, status: 'done',
      chains: Array.from({ length: store.nChains }, (_, i) => {
        const ch = store.chain(i + 1);
        return { nWarmup: ch.nWarmup, nIterations: ch.nIterations, draws: b64(ch.draws), stats: b64(ch.stats), warmupSeconds: 1, samplingSeconds: 2, gradientEvaluations: 3 };
      }),
    },
  });
}

describe('sessions', () => {
  it('a saved session reopens with the same data, model, settings and draws (bit for bit)', async () => {
    const store = mcmcStore(5, 3, [5, 4]);
    const back = await readSession(await bytesOf(await sessionBlob(input(store))));
    expect(rawCellsToArray(back.table.columns[0].raw)).toEqual(['1.5', '']);
    expect(Array.from(back.table.columns[0].numeric!)).toEqual([1.5, NaN]);
    expect(Array.from(back.table.columns[0].missing)).toEqual([0, 1]);
    expect(back.table.columns[1].asFactor).toBe(true);
    expect(back.model.priors[0].prior).toBe('normal(0, 1)');
    expect(back.settings.chains).toBe(2);
    const s2 = back.fit!.store;
    expect(s2.names).toEqual(store.names);
    expect(s2.nWarmup(1)).toBe(3);
    expect(s2.nSampling(2)).toBe(4);
    for (const c of [1, 2]) {
      expect(s2.chain(c).draws).toEqual(store.chain(c).draws);
      expect(s2.chain(c).stats).toEqual(store.chain(c).stats);
    }
    expect(back.fit!.status).toBe('stopped');
    expect(back.fit!.drawsPrecision).toBe('float64');
    expect(back.fit!.checkpoints).toBeNull();
  });

  it('a finished run keeps each chain\'s checkpoint exactly, so Sample more can continue', async () => {
    const cp = (chainId: number) => ({ position: [0.5, -1 / 3], stepSize: 0.3, inverseMetric: [1, 2.000000001], metric: 'diag' as const, rngState: createChainRng(7, chainId).getState(), chainId, iterationsDone: 8 });
    const store = mcmcStore(2, 3, [5, 5]);
    const done = await readSession(await bytesOf(await sessionBlob(input(store, { status: 'done', checkpoints: [cp(1), cp(2)] }))));
    expect(done.fit!.checkpoints).toEqual([cp(1), cp(2)]);
    const partial = await readSession(await bytesOf(await sessionBlob(input(store, { status: 'done', checkpoints: [cp(1), null] }))));
    expect(partial.fit!.checkpoints).toBeNull();
    const stopped = await readSession(await bytesOf(await sessionBlob(input(store, { status: 'stopped', checkpoints: [cp(1), cp(2)] }))));
    expect(stopped.fit!.checkpoints).toBeNull();
  });

  it('a session without a fit keeps the data and the model', async () => {
    const back = await readSession(await bytesOf(await sessionBlob(input(null))));
    expect(back.fit).toBeNull();
    expect(back.table.nRows).toBe(2);
  });

  it('big draws go Float32 (7 digits), chunked over several transposed blocks; stats stay exact', async () => {
    // 2 chains x 700 rows x 400 parameters: 280,000 values per chain, more than one 262,144-value chunk
    const store = mcmcStore(400, 200, [500, 500]);
    const back = await readSession(await bytesOf(await sessionBlob(input(store), { float32Above: 0 })));
    expect(back.fit!.drawsPrecision).toBe('float32');
    for (const c of [1, 2]) {
      const a = store.chain(c).draws;
      const b = back.fit!.store.chain(c).draws;
      expect(b.length).toBe(a.length);
      let same = true;
      for (let i = 0; i < a.length; i++) if (b[i] !== Math.fround(a[i])) { same = false; break; }
      expect(same, `chain ${c}: every draw is its Float32 rounding`).toBe(true);
      expect(back.fit!.store.chain(c).stats).toEqual(store.chain(c).stats);
    }
    expect(back.fit!.store.nWarmup(2)).toBe(200);
  });

  it('is compact: gzip of transposed arrays against format 1 (base64 Float64 in JSON)', async () => {
    const store = mcmcStore(400, 250, [250, 250, 250, 250]);
    const v1 = formatOne(table(), store).length;
    const exact = (await sessionBlob(input(store))).size;
    const small = (await sessionBlob(input(store), { float32Above: 0 })).size;
    const raw = 4 * 500 * 400 * 8;
    // measured on these draws: exact 0.84 of the raw Float64 bytes (0.62 of format 1), Float32
    // 0.39 (0.29); insteval (4 x 2,000 x ~4,100 draws, 262 MB raw) comes to about 100 MB
    expect(exact / v1).toBeLessThan(0.7);
    expect(small / v1).toBeLessThan(0.33);
    expect(small / raw).toBeLessThan(0.45);
  });

  it('uncompressed format 2 and format 1 JSON files still open', async () => {
    const store = mcmcStore(3, 2, [4, 4, 4]);
    const parts = await sessionParts(input(store));
    const plain = await bytesOf(new Blob(parts as BlobPart[]));
    expect((await readSession(plain)).fit!.store.chain(3).draws).toEqual(store.chain(3).draws);
    const old = await readSession(new TextEncoder().encode(formatOne(table(), store)));
    expect(old.fit!.store.chain(2).draws).toEqual(store.chain(2).draws);
    expect(old.fit!.progress[0].samplingSeconds).toBe(2);
    expect(old.fit!.drawsPrecision).toBe('float64');
  });

  it('rejects files that are not sessions, or damaged ones, with a message that says so', async () => {
    expect(() => parseSession('hello')).toThrow(/not a Multilevel Studio session \(it is not JSON\)/);
    await expect(readSession(new TextEncoder().encode('{"a":1}'))).rejects.toThrow(/not a Multilevel Studio session/);
    await expect(readSession(new TextEncoder().encode('hello'))).rejects.toThrow(/not a Multilevel Studio session/);
    const good = await bytesOf(await sessionBlob(input(mcmcStore(3, 2, [4, 4]))));
    await expect(readSession(good.subarray(0, good.length - 20))).rejects.toThrow(/damaged/);
    const parts = await sessionParts(input(mcmcStore(3, 2, [4, 4])));
    const plain = await bytesOf(new Blob(parts as BlobPart[]));
    await expect(readSession(plain.subarray(0, plain.length - 8))).rejects.toThrow(/damaged/);
  });
});

/** An uncompressed format-2 session of a small fit (2 chains, 3 parameters). */
async function plainSession(over: Partial<SessionInput> = {}): Promise<Uint8Array> {
  return bytesOf(new Blob((await sessionParts(input(mcmcStore(3, 2, [4, 4]), over))) as BlobPart[]));
}

/** Opening `bytes` fails with a SessionFileError whose message matches `pattern` (and no internals). */
async function refused(bytes: Uint8Array, pattern: RegExp): Promise<string> {
  const err = await readSession(bytes).then(() => null, (e: unknown) => e);
  expect(err, 'the file opened').toBeInstanceOf(SessionFileError);
  const message = (err as Error).message;
  expect(message).toMatch(pattern);
  expect(message).not.toMatch(INTERNAL);
  expect(message.length).toBeLessThan(500);
  return message;
}

describe('the model\'s link', () => {
  it('round-trips a probit model; a session saved before links opens with the default link', async () => {
    const probit = { formula: 'y ~ 1 + (1 | g)', family: 'bernoulli', link: 'probit', priors: [] };
    const back = await readSession(await bytesOf(await sessionBlob(input(null, { model: probit }))));
    expect(back.model).toEqual(probit);
    const old = await readSession(await bytesOf(await sessionBlob(input(null))));
    expect(old.model.link).toBeUndefined();
  });
});

describe('tampered session files are refused with a message naming the field (issue 22 items 6, 11)', () => {
  it('settings.chains = 1000000 and model.formula = 123 name their field', async () => {
    const good = await plainSession();
    await refused(tamper(good, (h) => { (h.settings as Record<string, unknown>).chains = 1000000; }), /settings\.chains must be a whole number from 1 to 16 \(the file has 1000000\)/);
    await refused(gzip(tamper(good, (h) => { (h.model as Record<string, unknown>).formula = 123; })), /model\.formula must be text \(the file has 123\)/);
  });
  it('settings.chains that differs from the fit\'s chains is refused (the views count chains from it)', async () => {
    await refused(tamper(await plainSession(), (h) => { (h.settings as Record<string, unknown>).chains = 4; }), /fit\.chains must have one entry per chain \(settings\.chains is 4\)/);
  });
  it.each([0, -1, 1e-300, 2.5, '262144', null])('a header with "chunk": %s is refused at once, not read forever', async (chunk) => {
    await refused(tamper(await plainSession(), (h) => { h.chunk = chunk; }), /chunk must be a whole number from 1,024/);
  }, 5000);
  it('internal errors never reach the message: missing fields, wrong types, wrong lengths', async () => {
    const good = await plainSession();
    const edits: [(h: any) => unknown, RegExp][] = [
      [(h) => { h.fit.chains = null; }, /fit\.chains must be a list/],
      [(h) => { h.fit.chains = {}; }, /fit\.chains must be a list/],
      [(h) => { delete h.data; }, /data must be an object/],
      [(h) => { h.data.columns[0].missing = 99; }, /data\.columns\[0\]\.missing must be a whole number/],
      [(h) => { h.data.columns[0].missing = h.data.columns[0].numeric; }, /data\.columns\[0\]\.missing must point to an array of type u8/],
      [(h) => { h.data.nRows = 3; }, /data\.columns\[0\]\.raw must have 3 entries/],
      [(h) => { h.blobs[0].length = -5; }, /blobs\[0\]\.length must be a whole number/],
      [(h) => { h.blobs[1].length += 1; }, /its arrays do not match its header/],
      [(h) => { h.fit.names = h.fit.names.slice(1); }, /fit\.chains\[0\]\.draws must hold 12 values \(the file has 18 values\)/],
      [(h) => { h.fit.chains[1].nWarmup = 99; }, /fit\.chains\[1\]\.nWarmup must be a whole number from 0 to 6/],
      [(h) => { h.fit.status = 'bogus'; }, /fit\.status must be one of/],
      [(h) => { h.model.family = 'constructor'; }, /model\.family must be one of/],
      [(h) => { h.model.link = 'cloglog'; }, /model\.link must be one of "identity" \(the file has "cloglog"\)/],
      [(h) => { h.model.priors = [{ prior: 1 }]; }, /model\.priors\[0\]\.prior must be text/],
      [(h) => { h.settings.adaptDelta = 'NaN'; }, /settings\.adaptDelta must be a number between 0 and 1/],
      [(h) => { h.data.columns[1].name = h.data.columns[0].name; }, /data\.columns\[1\]\.name must not repeat/],
      [() => 'null', /header must be an object/],
      [() => '[1,2', /its header is not readable/],
    ];
    for (const [edit, pattern] of edits) await refused(tamper(good, edit), pattern);
  });
  it('decoded values are checked too: missing flags, counts, finite numbers', async () => {
    const good = await plainSession();
    const { splitSession, joinSession } = await import('./sessionTamper');
    const { header, arrays } = splitSession(good);
    const h = header as any;
    // the first blob is column y's missing flags (u8, 2 values): make one of them 7
    const bad = arrays.slice();
    bad[0] = 7;
    await refused(joinSession(h, bad), /data\.columns\[0\]\.missing\[0\] must be 0 or 1/);
    await refused(tamper(good, (x: any) => { x.data.columns[0].nMissing = 0; }), /data\.columns\[0\]\.nMissing must count the missing cells \(1\)/);
  });
  it('a format-1 JSON file is checked the same way', async () => {
    const text = formatOne(table(), mcmcStore(3, 2, [4, 4]));
    const edit = (fn: (j: any) => void) => { const j = JSON.parse(text); fn(j); return new TextEncoder().encode(JSON.stringify(j)); };
    await refused(edit((j) => { j.settings.chains = 1000000; }), /settings\.chains must be a whole number from 1 to 16/);
    await refused(edit((j) => { j.settings.chains = 2; j.fit.chains[0].draws = '!!notbase64'; }), /fit\.chains\[0\]\.draws must be base64 text/);
    await refused(edit((j) => { j.settings.chains = 2; j.fit.chains.map = 1; j.fit.chains = 'x'; }), /fit\.chains must be a list/);
  });
});

describe('a session saved while running opens as stopped (issue 22 item 20)', () => {
  it('status "running" in the file (or given to the writer) opens as stopped with its draws', async () => {
    const store = mcmcStore(3, 2, [4, 4]);
    const written = await readSession(await bytesOf(await sessionBlob(input(store, { status: 'running' }))));
    expect(written.fit!.status).toBe('stopped');
    const edited = await readSession(tamper(await plainSession({ status: 'done' }), (h: any) => { h.fit.status = 'running'; }));
    expect(edited.fit!.status).toBe('stopped');
    expect(edited.fit!.checkpoints).toBeNull();
    expect(edited.fit!.store.chain(2).draws).toEqual(store.chain(2).draws);
  });
});
