/**
 * Benchmark: the core CSV reader on the 90 MB file of issue 22 item 13 (4.4 M rows of y,x,g, as
 * in the e2e test "item 13"): read time, the V8 heap held by the table after a full collection,
 * the bytes of its typed arrays (missing flags, numbers, cell ends), and the time of one full
 * collection with the table alive (what a garbage-collection pause costs while it is held).
 *
 * Run directly (the GC flag is needed):
 *   npx esbuild bench/bigTable.ts --bundle --platform=node --format=cjs --outfile=/tmp/bench-bigtable.cjs && node --expose-gc /tmp/bench-bigtable.cjs [rows]
 */
import { readCsvBytes } from '../src/core/io/csvDecode';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('Run with node --expose-gc (see the header).');

function bigCsv(n: number): Uint8Array {
  const parts: string[] = ['y,x,g\n'];
  let chunk: string[] = [];
  for (let i = 0; i < n; i++) {
    chunk.push(`${(100 + ((i * 7919) % 100000) / 1000).toFixed(3)},${((i * 104729) % 10000) / 100},grp${i % 500}\n`);
    if (chunk.length === 100_000) { parts.push(chunk.join('')); chunk = []; }
  }
  parts.push(chunk.join(''));
  return Buffer.from(parts.join(''), 'latin1');
}

const mb = (b: number) => Math.round(b / 1e6);
const rows = Number(process.argv[2] ?? 4_400_000);
let bytes: Uint8Array | null = bigCsv(rows);
const size = bytes.length;
gc();
const before = process.memoryUsage();
const t0 = performance.now();
const result = readCsvBytes(bytes, 'big.csv');
const readMs = performance.now() - t0;
bytes = null;
gc();
const after = process.memoryUsage();
const g0 = performance.now();
gc();
const gcMs = performance.now() - g0;
const cols = result.table?.columns ?? [];
const typedBytes = cols.reduce((a, c) => a + c.missing.byteLength + (c.numeric?.byteLength ?? 0), 0);
// The packed cell texts' end offsets (RawCells.ends); absent when raw is a string[] (older code).
const endsBytes = cols.reduce((a, c) => a + ((c.raw as { ends?: readonly ArrayBufferView[] }).ends ?? []).reduce((b, e) => b + e.byteLength, 0), 0);
console.log(JSON.stringify({
  megabytes: mb(size), rows: result.table?.nRows, readMs: Math.round(readMs),
  heapMB: mb(after.heapUsed - before.heapUsed),
  typedArraysMB: mb(typedBytes), cellEndsMB: mb(endsBytes), fullGcMs: Math.round(gcMs),
}));
