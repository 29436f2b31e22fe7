import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCsvText } from '../../../src/core/io/csvRead';
import type { CsvReadResult } from '../../../src/core/io/csvMessages';
import { rawCellAt, rawCellsToArray } from '../../../src/core/io/rawCells';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/csv/${name}`, import.meta.url), 'utf8');
const example = (name: string) => readFileSync(new URL(`../../../public/examples/${name}`, import.meta.url), 'utf8');
const read = (text: string, name = 'test.csv') => readCsvText(text, name);
const col = (r: CsvReadResult, name: string) => r.table!.columns.find((c) => c.name === name)!;
const codes = (r: CsvReadResult) => r.messages.map((m) => `${m.level}:${m.code}`);

describe('readCsvText: good files', () => {
  it('reads sleepstudy with 180 rows and its three columns typed', () => {
    const r = read(example('sleepstudy.csv'), 'sleepstudy.csv');
    expect(r.messages).toEqual([]);
    expect(r.table!.name).toBe('sleepstudy.csv');
    expect(r.table!.nRows).toBe(180);
    expect(r.table!.columns.map((c) => [c.name, c.type])).toEqual([
      ['Reaction', 'numeric'], ['Days', 'integer'], ['Subject', 'integer'],
    ]);
    expect(col(r, 'Reaction').numeric![0]).toBe(249.56);
  });

  it('reads insteval (73,421 rows) with service as binary and dept as integer', () => {
    const r = read(example('insteval.csv'));
    expect(r.table!.nRows).toBe(73421);
    expect(col(r, 'service').type).toBe('binary');
    expect(col(r, 'dept').type).toBe('integer');
  });

  it('types a mixed file: integer ids, labels, decimals, binary numbers and binary labels', () => {
    const r = read(fixture('good_types.csv'));
    expect(r.table!.columns.map((c) => c.type)).toEqual(['integer', 'categorical', 'numeric', 'binary', 'binary']);
    expect(col(r, 'sex').numeric).toBeNull();
    expect(col(r, 'treated').numeric).not.toBeNull();
  });

  it('detects semicolons, says so, and reads decimal commas', () => {
    const r = read(fixture('good_semicolon.csv'));
    expect(codes(r)).toEqual(['info:delimiter', 'info:decimal-comma']);
    expect(r.messages[0].text).toMatch(/semicolon/);
    expect(Array.from(col(r, 'weight').numeric!)).toEqual([61.5, 62.25, 70, 71.75, 55.5, 56]);
  });

  it('detects tabs and says so', () => {
    const r = read(fixture('good_tab.tsv'));
    expect(codes(r)).toEqual(['info:delimiter']);
    expect(r.messages[0].text).toMatch(/tab-separated/);
    expect(r.table!.columns.map((c) => c.name)).toEqual(['pupil', 'class', 'math']);
  });

  it('strips a UTF-8 byte-order mark silently and reads CRLF line endings', () => {
    const r = read(fixture('good_bom_crlf.csv'));
    expect(r.messages).toEqual([]);
    expect(r.table!.columns[0].name).toBe('Reaction');
    expect(rawCellsToArray(col(r, 'Subject').raw)).toEqual(['308', '308', '308']);
  });

  it('keeps newlines, separators and doubled quotes inside quoted fields', () => {
    const r = read(fixture('good_multiline.csv'));
    expect(r.messages).toEqual([]);
    expect(r.table!.nRows).toBe(5);
    expect(rawCellAt(col(r, 'comment').raw, 1)).toBe('Too fast.\nSlides were "dense"');
    expect(rawCellAt(col(r, 'comment').raw, 0)).toBe('Clear, well paced');
    expect(Array.from(col(r, 'rating').numeric!)).toEqual([5, 2, 4, 3, 4]);
  });

  it('counts missing cells per column', () => {
    const r = read(fixture('good_missing.csv'));
    expect(r.table!.columns.map((c) => c.nMissing)).toEqual([2, 2, 2]);
  });

  it('lists non-numeric cells of a numeric column with their rows and counts them as missing', () => {
    const r = read(fixture('good_nonnumeric.csv'));
    const score = col(r, 'score');
    expect(score.numeric).not.toBeNull();
    expect(score.nMissing).toBe(3);
    expect(r.messages).toHaveLength(1);
    expect(r.messages[0]).toMatchObject({ level: 'warning', code: 'non-numeric-cells', column: 'score' });
    expect(r.messages[0].text).toBe("Column score: 3 non-numeric cells treated as missing: row 12 'abc', row 20 'n/a', row 33 '?'.");
  });

  it("drops R's unnamed row-names column and says so", () => {
    const r = read(fixture('good_rownames.csv'));
    expect(codes(r)).toEqual(['info:row-names-dropped']);
    expect(r.table!.columns.map((c) => c.name)).toEqual(['height', 'group']);
  });

  it('uses and skips the "sep=;" line Excel writes first', () => {
    const r = read('sep=;\r\na;b\r\n1;2\r\n');
    expect(r.table!.columns.map((c) => c.name)).toEqual(['a', 'b']);
    expect(r.table!.nRows).toBe(1);
    expect(codes(r)).toEqual(['info:delimiter']);
  });

  it('skips blank lines as read.csv does', () => {
    const r = read('a,b\n1,2\n\n3,4\n\n');
    expect(r.table!.nRows).toBe(2);
  });

  it('reports progress up to 1', () => {
    const seen: number[] = [];
    readCsvText(example('sleepstudy.csv'), 's.csv', { onProgress: (f) => seen.push(f) });
    expect(seen.at(-1)).toBe(1);
  });
});

describe('readCsvText: bad files stop with a specific error', () => {
  const errorOf = (text: string) => {
    const r = read(text);
    expect(r.table).toBeNull();
    return r.messages.find((m) => m.level === 'error')!;
  };

  it('rejects an empty file and a file of blank lines', () => {
    expect(errorOf('').code).toBe('empty-file');
    expect(errorOf('\n \r\n').text).toMatch(/only blank lines/);
  });

  it('rejects a header without data rows and names the header', () => {
    const e = errorOf(fixture('bad_header_only.csv'));
    expect(e.code).toBe('no-data-rows');
    expect(e.text).toMatch(/y, x, group/);
  });

  it('names the line of a ragged row and the field counts', () => {
    const e = errorOf(fixture('bad_ragged.csv'));
    expect(e.code).toBe('ragged-rows');
    expect(e.text).toMatch(/header \(line 1\) has 3, but line 4 has 4 fields/);
    expect(e.text).toMatch(/must be quoted/);
  });

  it('counts lines inside quoted multi-line fields when naming a ragged row', () => {
    const e = errorOf('id,text\n1,"a\nb\nc"\n2\n');
    expect(e.text).toMatch(/line 5 has 1 field\b/);
  });

  it('rejects duplicate column names and says which columns', () => {
    const e = errorOf(fixture('bad_duplicate_header.csv'));
    expect(e.code).toBe('duplicate-header');
    expect(e.text).toMatch(/'score' is the name of columns 1 and 3/);
  });

  it('rejects an empty column name and says which column', () => {
    const e = errorOf(fixture('bad_empty_header.csv'));
    expect(e.code).toBe('empty-header');
    expect(e.text).toMatch(/Column 2 has no name/);
  });

  it('suggests removing a trailing separator when only the last header name is empty', () => {
    expect(errorOf('a,b,\n1,2,\n3,4,\n').text).toMatch(/Column 3 has no name.*trailing/);
  });

  it('rejects an unclosed quote and names the line it opens on', () => {
    const e = errorOf(fixture('bad_unclosed_quote.csv'));
    expect(e.code).toBe('unclosed-quote');
    expect(e.text).toMatch(/line 3/);
  });
});
