// Fuzz tier: 5,000 random CSV files as bytes through the core reader both shells use
// (readCsvBytes: byte checks, decoding, readCsvText), then a model on the columns that were read.
import { describe, expect, it } from 'vitest';
import { readCsvBytes } from '../../src/core/io/csvDecode';
import type { DataTable } from '../../src/core/types';
import { deparseName } from '../../src/core/formula/deparse';
import { prepareModel } from '../../src/core/model/spec';
import { kinds, runCase, report, type Failure } from './harness';
import { randomCsv } from './csvGen';
import { Random } from './random';

const CASES = 5000;
const SEED0 = 2_000_000;

/** A model on the table's first columns: numeric response ~ the next column + (1 | a text column). */
function modelFor(table: DataTable): string | null {
  const num = table.columns.find((c) => c.numeric !== null);
  if (!num) return null;
  const other = table.columns.find((c) => c !== num);
  const group = table.columns.find((c) => c.numeric === null && c !== other);
  const rhs = [other ? deparseName(other.name) : '1', ...(group ? [`(1 | ${deparseName(group.name)})`] : [])];
  return `${deparseName(num.name)} ~ ${rhs.join(' + ')}`;
}

describe('fuzz: CSV files', () => {
  it(`${CASES} random CSV files read to a table or to messages, each within 1 s`, () => {
    const failures: Failure[] = [];
    let tables = 0;
    let models = 0;
    const t0 = performance.now();
    for (let k = 0; k < CASES; k++) {
      const seed = SEED0 + k;
      const c = randomCsv(new Random(seed));
      let table: DataTable | null = null;
      const read = runCase(seed, `read: ${c.describe}`, () => {
        const result = readCsvBytes(c.bytes, 'fuzz.csv');
        table = result.table;
        return result.messages.map((m) => m.text);
      }, '');
      if (read) failures.push(read);
      const formula = table ? modelFor(table) : null;
      if (!table || !formula) continue;
      tables++;
      const data: DataTable = table;
      const f = runCase(seed, `model ${formula}: ${c.describe}`, () => {
        const messages = prepareModel({ formula, family: 'gaussian' }, data).messages;
        models++;
        return messages;
      }, '');
      if (f) failures.push(f);
    }
    console.log(`csv: ${CASES} cases, ${tables} tables, ${models} models, ${failures.length} failures, ${Math.round(performance.now() - t0)} ms`);
    if (failures.length) console.log(kinds(failures));
    expect(failures, report(failures)).toEqual([]);
  });
});
