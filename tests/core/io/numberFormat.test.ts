import { describe, expect, it } from 'vitest';
import { readCsvText } from '../../../src/core/io/csvRead';
import { cellEvidence, parseNumber } from '../../../src/core/io/numberFormat';

const read = (text: string) => readCsvText(text, 'x.csv');
const values = (text: string, column: string) => {
  const r = read(text);
  const c = r.table!.columns.find((k) => k.name === column)!;
  expect(c.numeric, `column ${column} is numeric`).not.toBeNull();
  return Array.from(c.numeric!);
};
const notes = (text: string) => read(text).messages.filter((m) => m.code === 'decimal-comma').map((m) => m.text);

describe('decimal marks and thousands separators are detected per file, and said', () => {
  it("semicolon files use decimal commas, as read.csv2 does ('1,5' = 1.5)", () => {
    const t = 'a;b\n1,5;2\n2,25;3\n';
    expect(values(t, 'a')).toEqual([1.5, 2.25]);
    expect(notes(t)[0]).toMatch(/a decimal comma .* read\.csv2 .*because cells such as '1,5' read only that way/);
  });
  it('tab-separated files with decimal commas are numeric', () => {
    const t = 'a\tb\n1,5\t2,25\n3,75\t4\n-0,5\t6\n';
    expect(values(t, 'a')).toEqual([1.5, 3.75, -0.5]);
    expect(values(t, 'b')).toEqual([2.25, 4, 6]);
    expect(notes(t)[0]).toMatch(/a decimal comma/);
  });
  it('a quoted "1,5" in a comma-separated file is 1.5', () => {
    const t = 'a,b\n"1,5",x\n"2,25",y\n"10",z\n';
    expect(values(t, 'a')).toEqual([1.5, 2.25, 10]);
    expect(notes(t).join(' ')).toMatch(/a decimal comma/);
  });
  it('"1.250,5" in a semicolon file is 1250.5', () => {
    const t = 'a;b\n"1.250,5";1\n2,5;2\n"12.000.000";3\n';
    expect(values(t, 'a')).toEqual([1250.5, 2.5, 12e6]);
  });
  it("'950;1 / 1.250;2' reads 1.250 as 1250 in a semicolon file, and says it could be 1.25", () => {
    const t = 'x;y\n950;1\n1.250;2\n';
    expect(values(t, 'x')).toEqual([950, 1250]);
    const text = notes(t).join(' ');
    expect(text).toMatch(/semicolon-separated/);
    expect(text).toMatch(/read either way .* x \('1\.250' = 1250\)/);
  });
  it("reads '1,250' as 1250 in a comma file whose numbers use decimal points, and '1,250.5' as 1250.5", () => {
    const t = 'x,y\n"1,250",1.5\n"2,500.5",2.5\n';
    expect(values(t, 'x')).toEqual([1250, 2500.5]);
    expect(notes(t)[0]).toMatch(/a decimal point and ',' between thousands/);
  });
  it('an ambiguous column follows its own cells: 1,250 next to 1,5 in the same column is 1.25', () => {
    const t = 'x\ty\n1,250\t1.5\n1,5\t2.5\n3\t3.5\n';
    expect(values(t, 'x')).toEqual([1.25, 1.5, 3]);
    expect(values(t, 'y')).toEqual([1.5, 2.5, 3.5]);
    expect(notes(t).join(' ')).toMatch(/Column x \('1,5'\) uses a decimal comma, unlike the rest of the file/);
  });
  it('keeps its messages short with many columns and long names', () => {
    const names = Array.from({ length: 50 }, (_, j) => `${'long'.repeat(100)}${j}`);
    const t = `${names.join(';')}\n${names.map(() => '1.250').join(';')}\n${names.map(() => '2').join(';')}\n`;
    const texts = notes(t);
    expect(texts.length).toBeGreaterThan(0);
    for (const m of texts) expect(m.length).toBeLessThan(500);
    expect(texts.join(' ')).toMatch(/and 47 more/);
  });
  it('says nothing for ordinary files (decimal points, no thousands separators)', () => {
    expect(notes('a,b\n1.5,2\n2.75,3\n')).toEqual([]);
    expect(notes('a;b\n1;2\n3;4\n')).toEqual([]);
  });
  it('keeps labels that only look like numbers with separators as labels', () => {
    const r = read('v,y\n1.2.3,1\n2.0.1,2\n');
    expect(r.table!.columns[0].numeric).toBeNull();
  });
});

describe('cellEvidence and parseNumber', () => {
  it('tells which cells need which decimal mark', () => {
    expect(['1,5', '0,250', '1.250,5', '1.250.000', ',5'].map(cellEvidence)).toEqual(['comma', 'comma', 'comma', 'comma', 'comma']);
    expect(['1.5', '0.250', '1,250.5', '12,345,678', '7.', '1.5e3'].map(cellEvidence)).toEqual(['point', 'point', 'point', 'point', 'point', 'point']);
    expect(['1.250', '1,250', '-12.500'].map(cellEvidence)).toEqual(['either', 'either', 'either']);
    expect(['12', 'abc', 'a,b', '1e5'].map(cellEvidence)).toEqual(['none', 'none', 'none', 'none']);
  });
  it('parses with thousands separators only between groups of three digits', () => {
    const point = { decimal: '.' as const, grouping: true };
    const comma = { decimal: ',' as const, grouping: true };
    expect(parseNumber('1,250.5', point)).toBe(1250.5);
    expect(parseNumber('1,25', point)).toBeNaN();
    expect(parseNumber('1.250,5', comma)).toBe(1250.5);
    expect(parseNumber('1.25,5', comma)).toBeNaN();
    expect(parseNumber('1,250')).toBeNaN();
  });
});
