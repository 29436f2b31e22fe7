// Session files, format 3: every fit and the tables they used, streamed; exact round trip;
// damaged, truncated, newer and edited files refused with a message naming what is wrong; the
// old formats (1: JSON, 2: one fit) still open through session.ts with the messages they had.
import { describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import type { DataTable } from '../../../src/core/types';
import { DEFAULT_SETTINGS } from '../../../src/core/types';
import { rawCellsFromNumbers, rawCellsFromStrings, rawCellsToArray } from '../../../src/core/io/rawCells';
import { splitWithinBetween, withSplit } from '../../../src/core/design/withinBetween';
import { SessionFileError, readSession, sessionParts } from '../../../src/app/workspace/session';
import { openSessionFile, sessionFileBlob, sessionStream, type OpenedSession, type SessionEntry } from '../../../src/app/persist/sessionFile';
import { CHUNK } from '../../../src/app/persist/binary';
import { INTERNAL, gzip, splitSession, tamper } from '../sessionTamper';
import { loadCsv, table as smallTable } from '../../core/design/csvTable';
import { makeFit, sameFit } from './fixtures';

const sleep = loadCsv('sleepstudy.csv');

function derivedTable(): DataTable {
  const t = smallTable({ y: [1, 2, 3, 4, 5, 6], x: [1, 2, 'NA', 10, 20, 60], g: ['a', 'a', 'a', 'b', 'b', ''] });
  return withSplit(t, splitWithinBetween(t, 'x', 'g'));
}

const bytesOf = async (b: Blob) => new Uint8Array(await b.arrayBuffer());
/** The uncompressed bytes, as the stream gives them. */
const plain = async (entries: SessionEntry[]) => bytesOf(await new Response(await sessionStream(entries)).blob());
const blob = (b: Uint8Array) => new Blob([b as BlobPart]);

async function refused(bytes: Uint8Array, pattern: RegExp): Promise<string> {
  const err = await openSessionFile(blob(bytes)).then(() => null, (e: unknown) => e);
  expect(err, 'the file opened').toBeInstanceOf(SessionFileError);
  const message = (err as Error).message;
  expect(message).toMatch(pattern);
  expect(message).not.toMatch(INTERNAL);
  expect(message.length).toBeLessThan(500);
  return message;
}

const fits = (o: OpenedSession) => { if (o.kind !== 'fits') throw new Error('legacy'); return o.fits; };

function expectSameTable(a: DataTable, b: DataTable) {
  expect(a.name).toBe(b.name);
  expect(a.nRows).toBe(b.nRows);
  expect(a.columns.length).toBe(b.columns.length);
  a.columns.forEach((c, j) => {
    const d = b.columns[j];
    expect({ ...c, raw: rawCellsToArray(c.raw), numeric: null, missing: null }).toEqual({ ...d, raw: rawCellsToArray(d.raw), numeric: null, missing: null });
    expect(Array.from(c.missing)).toEqual(Array.from(d.missing));
    if (c.numeric) expect(new Uint8Array(d.numeric!.buffer)).toEqual(new Uint8Array(c.numeric.buffer, c.numeric.byteOffset, c.numeric.byteLength));
    else expect(d.numeric).toBeNull();
  });
}

describe('session file format 3', () => {
  it('round-trips every fit exactly (draws, stats, checkpoints, metadata) and stores a shared table once', async () => {
    const a = makeFit('a');
    const b = makeFit('b', { nParams: 7, chains: 3, nSampling: [30, 12, 0], status: 'stopped', checkpoints: false, seed: 3 });
    const d = derivedTable();
    const c = makeFit('c', { nSampling: [10, 10] });
    c.model = { formula: 'y ~ x_within', family: 'bernoulli', link: 'probit', priors: [] };
    const entries = [{ fit: a, table: sleep }, { fit: b, table: sleep }, { fit: c, table: d }];
    const file = await sessionFileBlob(entries);
    const back = fits(await openSessionFile(file));
    expect(back.map((e) => e.fit)).toEqual([a, b, c]);
    for (const [i, e] of back.entries()) {
      e.fit.chains.forEach((ch, k) => {
        const want = entries[i].fit.chains[k];
        expect(new Uint8Array(ch.draws.buffer, ch.draws.byteOffset, ch.draws.byteLength)).toEqual(new Uint8Array(want.draws.buffer));
        expect(new Uint8Array(ch.stats.buffer, ch.stats.byteOffset, ch.stats.byteLength)).toEqual(new Uint8Array(want.stats.buffer));
      });
    }
    expectSameTable(back[0].table, sleep);
    expectSameTable(back[2].table, d);
    expect(back[2].table.columns[3].derived).toEqual({ kind: 'between', source: 'x', group: 'g', partner: 'x_within' });
    expect(back[0].table).toBe(back[1].table);
    const { header } = splitSession(new Uint8Array(gunzipSync(await bytesOf(file))));
    expect((header.tables as unknown[]).length).toBe(2);
    expect((header.fits as unknown[]).length).toBe(3);
  });

  it('numeric columns keep no texts when they print as their numbers; other texts are kept as written', async () => {
    const t: DataTable = {
      name: 'n.csv', nRows: 3,
      columns: [
        { name: 'a', raw: rawCellsFromStrings(['1', 'NA', '2.5']), missing: Uint8Array.from([0, 1, 0]), numeric: Float64Array.from([1, NaN, 2.5]), type: 'numeric', asFactor: false, nMissing: 1 },
        { name: 'b', raw: rawCellsFromStrings(['1.50', '2', '3']), missing: Uint8Array.from([0, 0, 0]), numeric: Float64Array.from([1.5, 2, 3]), type: 'numeric', asFactor: false, nMissing: 0 },
        { name: 'g', raw: rawCellsFromStrings(['é', 'ü✓', '']), missing: Uint8Array.from([0, 0, 1]), numeric: null, type: 'categorical', asFactor: true, nMissing: 1 },
      ],
    };
    // A text column's level order (DataColumn.levels, issue 19's ordinal responses) is kept.
    Object.assign(t.columns[2], { levels: ['ü✓', 'é'] });
    const bytes = await plain([{ fit: makeFit('x', { nSampling: [3, 3] }), table: t }]);
    const cols = (splitSession(bytes).header.tables as { columns: { raw: Record<string, unknown> }[] }[])[0].columns;
    expect(cols[0].raw).toEqual({ numbers: 'NA', pieceSize: 20_000 });
    expect(cols[1].raw.text).toBeTypeOf('number');
    const back = fits(await openSessionFile(blob(bytes)));
    expectSameTable(back[0].table, t);
    expect(rawCellsToArray(back[0].table.columns[2].raw)).toEqual(['é', 'ü✓', '']);
    expect((back[0].table.columns[2] as { levels?: string[] }).levels).toEqual(['ü✓', 'é']);
    expect('levels' in back[0].table.columns[0]).toBe(false);
    await refused(tamper(bytes, (h: any) => { h.tables[0].columns[2].levels = ['a', 'a']; }), /tables\[0\]\.columns\[2\]\.levels\[1\] must not repeat an earlier name/);
  });

  it('cell texts in many pieces (as big tables keep them) come back piece for piece', async () => {
    const n = 7;
    const nums = Float64Array.from({ length: n }, (_, i) => (i === 3 ? NaN : i / 4));
    const t: DataTable = {
      name: 'p.csv', nRows: n,
      columns: [
        { name: 'x', raw: rawCellsFromNumbers(nums, 'NA', 2), missing: Uint8Array.from(nums, (v) => (Number.isNaN(v) ? 1 : 0)), numeric: nums, type: 'numeric', asFactor: false, nMissing: 1 },
        { name: 'g', raw: rawCellsFromStrings(['a', 'bb', '', 'dddd', 'é', 'ff', 'g'], 3), missing: Uint8Array.from([0, 0, 1, 0, 0, 0, 0]), numeric: null, type: 'categorical', asFactor: true, nMissing: 1 },
      ],
    };
    const back = fits(await openSessionFile(await sessionFileBlob([{ fit: makeFit('p', { nSampling: [2, 2] }), table: t }])))[0].table;
    expectSameTable(back, t);
    expect(back.columns[0].raw.texts).toEqual(t.columns[0].raw.texts);
    expect(back.columns[1].raw.texts).toEqual(['abb', 'ddddéff', 'g']);
    expect(back.columns[1].raw.ends.map((e) => Array.from(e))).toEqual([[1, 3, 3], [4, 5, 7], [1]]);
  });

  it('arrays over one chunk are written and read a chunk at a time, and the reader never reads the whole file', async () => {
    const big = makeFit('big', { nParams: 100, nWarmup: 0, nSampling: [Math.ceil(CHUNK / 100) + 7, 3] });
    const file = await sessionFileBlob([{ fit: big, table: sleep }]);
    // Only slice(0, 4) and stream() are allowed: reading the whole file at once would throw.
    const streamed = ({
      size: file.size, type: file.type,
      slice: (a?: number, b?: number) => file.slice(a, b),
      stream: () => file.stream(),
      arrayBuffer: () => { throw new Error('read whole'); },
      text: () => { throw new Error('read whole'); },
    }) as unknown as Blob;
    const seen: number[] = [];
    const back = fits(await openSessionFile(streamed, { onProgress: (done) => seen.push(done) }));
    expect(sameFit(back[0].fit, big)).toBe(true);
    expect(seen.length).toBeGreaterThan(2);
    // Uncompressed files open as well.
    expect(sameFit(fits(await openSessionFile(blob(await plain([{ fit: big, table: sleep }]))))[0].fit, big)).toBe(true);
  });

  it('a session with no fits opens empty', async () => {
    expect(fits(await openSessionFile(await sessionFileBlob([])))).toEqual([]);
  });

  it('a truncated file says it is cut short; a damaged gzip says it could not be decompressed', async () => {
    const bytes = await plain([{ fit: makeFit('a'), table: sleep }, { fit: makeFit('b'), table: sleep }]);
    await refused(gzip(bytes.subarray(0, bytes.length - 100)), /ends inside the arrays of fit 2 \("model b"\) \(the file is cut short\)/);
    await refused(bytes.subarray(0, bytes.length - 100), /arrays do not match its header/);
    await refused(gzip(bytes.subarray(0, 40)), /ends inside its header/);
    const gz = gzip(bytes);
    await refused(gz.subarray(0, gz.length - 30), /damaged/);
    const extra = new Uint8Array(bytes.length + 8);
    extra.set(bytes);
    await refused(gzip(extra), /there is more after them/);
  });

  it('a newer version is refused saying so; a header that contradicts its frame is refused', async () => {
    const bytes = await plain([{ fit: makeFit('a'), table: sleep }]);
    const newer = bytes.slice();
    new DataView(newer.buffer).setUint32(4, 4, true);
    await refused(gzip(newer), /saved by a newer version \(format 4\); this page reads formats up to 3/);
    await refused(tamper(bytes, (h) => { h.version = 2; }), /version must be a whole number from 3 to 3 \(the file has 2\)/);
    await refused(tamper(bytes, (h) => { h.format = 'other'; }), /not a Multilevel Studio session/);
    await refused(tamper(bytes, (h) => { h.chunk = 3; }), /chunk must be a whole number from 1,024/);
  });

  it('edited fields are refused naming the field, in which fit or table', async () => {
    const good = await plain([{ fit: makeFit('a'), table: sleep }, { fit: makeFit('b'), table: sleep }]);
    const edits: [(h: any) => void, RegExp][] = [
      [(h) => { h.fits[1].settings.chains = 1000000; }, /fits\[1\]\.settings\.chains must be a whole number from 1 to 16 \(the file has 1000000\)/],
      [(h) => { h.fits[0].settings.chains = 3; }, /fits\[0\]\.run\.chains must have one entry per chain \(fits\[0\]\.settings\.chains is 3\)/],
      [(h) => { h.fits[0].model.formula = 123; }, /fits\[0\]\.model\.formula must be text \(the file has 123\)/],
      [(h) => { h.fits[0].model.family = 'nope'; }, /fits\[0\]\.model\.family must be one of "gaussian"/],
      [(h) => { h.fits[0].model.link = 'probit'; }, /fits\[0\]\.model\.link must be one of "identity" \(the file has "probit"\)/],
      [(h) => { h.fits[0].run.chains[1].draws = 1; }, /fits\[0\]\.run\.chains\[1\]\.draws must hold 300 values \(the file has 420 values\)/],
      [(h) => { h.fits[0].run.chains[0].nWarmup = 1000; }, /fits\[0\]\.run\.chains\[0\]\.nWarmup must be a whole number from 0 to 60/],
      [(h) => { h.fits[0].run.chains[0].draws = 99; }, /fits\[0\]\.run\.chains\[0\]\.draws must be a whole number from 0 to/],
      [(h) => { h.fits[0].run.statNames = ['lp__']; }, /fits\[0\]\.run\.statNames must be lp__, accept_stat__/],
      [(h) => { h.fits[0].run.names = []; }, /fits\[0\]\.run\.names must name at least one parameter/],
      [(h) => { h.fits[0].run.status = 'exploded'; }, /fits\[0\]\.run\.status must be one of/],
      [(h) => { h.fits[0].run.nObs = 1e6; }, /fits\[0\]\.run\.nObs must be a whole number from 0 to 180/],
      [(h) => { h.fits[0].run.wallSeconds = -1; }, /fits\[0\]\.run\.wallSeconds must be a number from 0/],
      [(h) => { h.fits[0].data.table = 't-0'; }, /fits\[0\]\.data\.table must name one of the data tables saved with it/],
      [(h) => { h.fits[0].data.dropped = [3]; }, /fits\[0\]\.data\.dropped\[0\] must be text/],
      [(h) => { h.fits[0].data.nRows = 17; }, /fits\[0\]\.data\.nRows must be the rows of its data table \(180\)/],
      [(h) => { h.fits[1].id = h.fits[0].id; }, /fits\[1\]\.id must not repeat another fit's id/],
      [(h) => { h.fits[0].run.chains[0].checkpoint.metric = 'full'; }, /fits\[0\]\.run\.chains\[0\]\.checkpoint\.metric must be one of "diag", "dense"/],
      [(h) => { h.fits[0].run.chains[1].checkpoint.chainId = 1; }, /fits\[0\]\.run\.chains\[1\]\.checkpoint\.chainId must be a whole number from 2 to 2/],
      [(h) => { h.fits[0].blobs[0].type = 'f32'; }, /fits\[0\]\.blobs\[0\]\.type must be one of "f64", "u8", "u32"/],
      [(h) => { h.fits = {}; }, /fits must be a list/],
      [(h) => { h.tables[0].nRows = 'many'; }, /tables\[0\]\.nRows must be a whole number/],
      [(h) => { h.tables[0].columns[0].missing = h.tables[0].columns[0].numeric; }, /tables\[0\]\.columns\[0\]\.missing must point to an array of type u8/],
      [(h) => { h.tables[0].columns[2].raw = { numbers: 'NA' }; }, /tables\[0\]\.columns\[2\]\.raw\.pieceSize must be a whole number/],
      [(h) => { delete h.tables[0].columns[0].raw; }, /tables\[0\]\.columns\[0\]\.raw must be an object \(the file has nothing\)/],
    ];
    for (const [edit, pattern] of edits) await refused(gzip(tamper(good, edit)), pattern);
  });

  it('decoded values are checked too: texts, missing flags, checkpoints', async () => {
    const t = smallTable({ g: ['ab', 'c', 'def'], y: [1, 2, 3] });
    const good = await plain([{ fit: makeFit('a'), table: t }]);
    const { header, arrays } = splitSession(good);
    const tables = header.tables as any[];
    expect(tables[0].columns[0].raw.text).toBeTypeOf('number');
    // Pieces of one cell: the file then needs 3 piece lengths, and has 1.
    await refused(tamper(good, (h: any) => { h.tables[0].columns[0].raw.pieceSize = 1; }), /tables\[0\]\.columns\[0\]\.raw\.pieceBytes must hold 3 values \(one per piece\)/);
    // A checkpoint whose RNG state is not one (values checked after reading).
    const cpBad = good.slice();
    const fitBlobs = (header.fits as any[])[0].blobs as { type: string; length: number }[];
    const tableBytes = tables.flatMap((x) => x.blobs).reduce((s: number, b: any) => s + b.length * ({ f64: 8, u8: 1, u32: 4 } as any)[b.type], 0);
    const rngIndex = (header.fits as any[])[0].run.chains[0].checkpoint.rngState;
    let at = good.length - arrays.length + tableBytes;
    for (let i = 0; i < rngIndex; i++) at += fitBlobs[i].length * 8;
    cpBad.fill(0xff, at, at + 8 * fitBlobs[rngIndex].length);
    await refused(cpBad, /fits\[0\]\.run\.chains\[0\]\.checkpoint\.rngState\[0\] must be a whole number from 0 to 4,294,967,295/);
  });
});

describe('older session files still open through the new reader', () => {
  const v2 = async () => new Uint8Array(await new Blob((await sessionParts({
    table: sleep, model: { formula: 'Reaction ~ Days', family: 'gaussian', priors: [] }, settings: { ...DEFAULT_SETTINGS, chains: 2 },
    store: null, progress: [], nObs: 0, wallSeconds: 0, status: 'done',
  })) as BlobPart[]).arrayBuffer());

  it('format 2 (gzipped or not) opens as a legacy session, with the messages it had', async () => {
    const bytes = await v2();
    for (const b of [bytes, gzip(bytes)]) {
      const o = await openSessionFile(blob(b));
      expect(o.kind).toBe('legacy');
      if (o.kind === 'legacy') expect(o.session.model.formula).toBe('Reaction ~ Days');
    }
    const bad = gzip(tamper(bytes, (h: any) => { h.settings.chains = 1000000; }));
    const viaOld = await readSession(bad).then(() => '', (e: Error) => e.message);
    expect(await refused(bad, /settings\.chains must be a whole number from 1 to 16/)).toBe(viaOld);
  });

  it('format 1 (JSON) and files that are not sessions get the messages they had', async () => {
    await refused(new TextEncoder().encode('hello'), /not a Multilevel Studio session \(it is not JSON\)/);
    await refused(new TextEncoder().encode('{"a":1}'), /no "format": "multilevel-studio-session"/);
    await refused(gzip(new TextEncoder().encode('hello')), /not a Multilevel Studio session/);
  });
});
