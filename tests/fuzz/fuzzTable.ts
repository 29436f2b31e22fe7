// The small table the formula and prior fuzzers fit against, read through the real CSV reader.
import { readCsvText } from '../../src/core/io/csvRead';
import type { DataTable } from '../../src/core/types';
import { Random } from './random';

export function fuzzTable(): DataTable {
  const r = new Random(20261204);
  const header = ['y', 'x', 'z', 'cnt', 'b', 'g', 'h', 'my var', 'constructor', 'größe', '\u{1F600}'];
  const rows = Array.from({ length: 40 }, (_, i) => [
    (r.float() * 10 - 2).toFixed(3), (r.float() * 4).toFixed(2), (r.float() * 2 - 1).toFixed(2),
    String(r.int(0, 9)), String(r.int(0, 1)), r.pick(['a', 'b', 'c']), r.pick(['__proto__', 'toString', 'u', 'v']),
    (r.float() * 3).toFixed(2), String(r.int(1, 5)), (r.float() + 1).toFixed(2), r.pick(['\u{1F600}', 'é', 'e']),
  ].join(','));
  const { table } = readCsvText([header.join(','), ...rows].join('\n'), 'fuzz.csv');
  if (!table) throw new Error('fuzzTable: the fixed table did not read');
  return table;
}
