import { describe, expect, it } from 'vitest';
import { readCsvText } from '../../../src/core/io/csvRead';
import { parseFormula } from '../../../src/core/formula';
import { buildModelFrame } from '../../../src/core/design/modelFrame';

const LONG = 'v'.repeat(100_000);

describe('import and model-frame messages stay short (< 500 characters) whatever the input', () => {
  it('a header-only file with 10,000 columns', () => {
    const header = Array.from({ length: 10_000 }, (_, j) => `column_${j}`).join(',');
    const r = readCsvText(`${header}\n`, 'w.csv');
    expect(r.messages[0].code).toBe('no-data-rows');
    expect(r.messages[0].text).toMatch(/^The file has a header \(column_0, column_1, .*and 9,99\d more\) but no data rows\.$/);
    expect(r.messages[0].text.length).toBeLessThan(500);
  });
  it('a 100,000-character column name in the non-numeric, categorical and all-missing messages', () => {
    const rows = Array.from({ length: 30 }, (_, i) => `${i === 3 ? 'abc' : i},${i % 2 ? 'x' : '1'},NA,${i}`);
    const r = readCsvText([`${LONG}a,${LONG}b,${LONG}c,z`, ...rows].join('\n'), 'l.csv');
    expect(r.messages.map((m) => m.code).sort()).toEqual(['all-missing', 'mostly-numeric-categorical', 'non-numeric-cells']);
    for (const m of r.messages) {
      expect(m.text.length).toBeLessThan(500);
      expect(m.text).toContain('vvvv…');
    }
  });
  it('an unknown 100,000-character name in the formula, with 10,000 columns in the data', () => {
    const header = Array.from({ length: 10_000 }, (_, j) => `c${j}`);
    const data = readCsvText(`${header.join(',')}\n${header.map(() => '1').join(',')}\n`, 'w.csv').table!;
    let message = '';
    try { buildModelFrame(parseFormula(`c0 ~ ${LONG}`), data); } catch (e) { message = (e as Error).message; }
    expect(message).toMatch(/^Unknown column 'v{39}…' in the formula/);
    expect(message.length).toBeLessThan(500);
  });
  it('dropped rows in 200 columns are summarised, not listed in full', () => {
    const header = Array.from({ length: 200 }, (_, j) => `c${j}`);
    const rows = Array.from({ length: 300 }, (_, i) => header.map((_, j) => (i === j ? 'NA' : String(i + j))).join(','));
    const data = readCsvText([header.join(','), ...rows].join('\n'), 'w.csv').table!;
    const frame = buildModelFrame(parseFormula(`c0 ~ ${header.slice(1).join(' + ')}`), data);
    expect(frame.nDropped).toBe(200);
    expect(frame.messages[0].length).toBeLessThan(500);
    expect(frame.messages[0]).toMatch(/and 19\d more columns/);
  });
});
