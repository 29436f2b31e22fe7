import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkCsvFileSize, CSV_SIZE_LIMIT_BYTES, sniffCsvBytes } from '../../../src/core/io/csvSniff';

const bytes = (name: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/csv/${name}`, import.meta.url)));
const enc = (s: string) => new TextEncoder().encode(s);

describe('sniffCsvBytes', () => {
  it('accepts plain text as UTF-8 without BOM', () => {
    expect(sniffCsvBytes(enc('a,b\n1,2\n'))).toEqual({ kind: 'text', encoding: 'utf-8', bom: false });
  });
  it('recognises UTF-8 and UTF-16 byte-order marks', () => {
    expect(sniffCsvBytes(bytes('good_bom_crlf.csv'))).toEqual({ kind: 'text', encoding: 'utf-8', bom: true });
    expect(sniffCsvBytes(new Uint8Array([0xff, 0xfe, 0x61, 0x00]))).toMatchObject({ encoding: 'utf-16le' });
    expect(sniffCsvBytes(new Uint8Array([0xfe, 0xff, 0x00, 0x61]))).toMatchObject({ encoding: 'utf-16be' });
  });
  it('accepts non-ASCII UTF-8 text (umlauts, accents)', () => {
    expect(sniffCsvBytes(enc('Ort,Wert\nZürich,1\nGenève,2\n')).kind).toBe('text');
  });
  it('rejects an empty file', () => {
    const s = sniffCsvBytes(new Uint8Array(0));
    expect(s.kind === 'rejected' && s.message.code).toBe('empty-file');
  });
  it('rejects binary content and names the first NUL byte', () => {
    const s = sniffCsvBytes(bytes('bad_binary.csv'));
    expect(s.kind).toBe('rejected');
    if (s.kind === 'rejected') expect(s.message.text).toMatch(/NUL byte at byte 2/);
  });
  it('recognises a spreadsheet workbook and says how to save CSV', () => {
    const s = sniffCsvBytes(bytes('bad_workbook.xlsx'));
    expect(s.kind === 'rejected' && s.message.text).toMatch(/Excel \.xlsx.*Save As > CSV/);
  });
  it('rejects text that is mostly control characters', () => {
    const b = new Uint8Array(1000).fill(0x01);
    b.set(enc('a,b\n'), 0);
    const s = sniffCsvBytes(b);
    expect(s.kind === 'rejected' && s.message.text).toMatch(/% of its first bytes are not text/);
  });
});

describe('checkCsvFileSize', () => {
  it('accepts files up to the limit', () => {
    expect(checkCsvFileSize(CSV_SIZE_LIMIT_BYTES)).toBeNull();
  });
  it('rejects larger files and states both sizes', () => {
    expect(checkCsvFileSize(CSV_SIZE_LIMIT_BYTES + 50 * 1024 * 1024)!.text).toMatch(/The file is 150 MB; the limit is 100 MB/);
  });
});
