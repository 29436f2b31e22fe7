import { describe, expect, it } from 'vitest';
import { readCsvBytes } from '../../../src/core/io/csvDecode';
import { readCsvText } from '../../../src/core/io/csvRead';
import { distinctRawCells } from '../../../src/core/io/rawCells';

const utf8 = (s: string) => new TextEncoder().encode(s);
/** Windows-1252 bytes of a Latin-1 string (every char below U+0100). */
const cp1252 = (s: string) => Uint8Array.from([...s].map((c) => c.charCodeAt(0)));
function utf16(s: string, littleEndian: boolean): Uint8Array {
  const out = new Uint8Array(2 + 2 * s.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, 0xfeff, littleEndian);
  for (let i = 0; i < s.length; i++) view.setUint16(2 + 2 * i, s.charCodeAt(i), littleEndian);
  return out;
}
const levelsOf = (bytes: Uint8Array, column: string) => {
  const r = readCsvBytes(bytes, 'x.csv');
  const c = r.table!.columns.find((k) => k.name === column)!;
  return distinctRawCells(c.raw);
};

describe('readCsvBytes decodes every file the same way in both shells', () => {
  it('reads a Windows-1252 file with café and cafè as two levels and says it assumed Windows-1252', () => {
    const bytes = cp1252('place,y\ncaf\u00e9,1\ncaf\u00e8,2\ncaf\u00e9,3\n');
    expect(levelsOf(bytes, 'place')).toEqual(['caf\u00e9', 'caf\u00e8']);
    const r = readCsvBytes(bytes, 'x.csv');
    expect(r.messages.find((m) => m.code === 'encoding')?.text).toMatch(/not valid UTF-8.*Windows-1252/);
  });
  it('maps the Windows-1252 characters 0x80-0x9f (€, curly quotes) as Excel writes them', () => {
    const bytes = Uint8Array.from([...utf8('g,y\n'), 0x80, 0x35, 0x2c, 0x31, 0x0a, 0x93, 0x61, 0x94, 0x2c, 0x32, 0x0a]);
    expect(levelsOf(bytes, 'g')).toEqual(['\u20ac5', '\u201ca\u201d']);
  });
  it('reads UTF-8 with and without a byte-order mark, without the mark in the first name', () => {
    const text = 'Ort,Wert\nZ\u00fcrich,1\nGen\u00e8ve,2\n';
    for (const bytes of [utf8(text), Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8(text)])]) {
      const r = readCsvBytes(bytes, 'x.csv');
      expect(r.table!.columns.map((c) => c.name)).toEqual(['Ort', 'Wert']);
      expect(levelsOf(bytes, 'Ort')).toEqual(['Z\u00fcrich', 'Gen\u00e8ve']);
      expect(r.messages.some((m) => m.code === 'encoding')).toBe(false);
    }
  });
  it('reads UTF-16 little- and big-endian files by their byte-order mark', () => {
    const text = 'Ort\tWert\nZ\u00fcrich\t1\nGen\u00e8ve\t2\n';
    for (const le of [true, false]) {
      const r = readCsvBytes(utf16(text, le), 'x.txt');
      expect(r.table!.columns.map((c) => c.name)).toEqual(['Ort', 'Wert']);
      expect(levelsOf(utf16(text, le), 'Ort')).toEqual(['Z\u00fcrich', 'Gen\u00e8ve']);
    }
  });
});

describe('UTF-16 without a byte-order mark', () => {
  it('is recognised by its NUL byte pattern and read, with a note saying so', () => {
    const text = 'Ort\tWert\nZ\u00fcrich\t1\nGen\u00e8ve\t2\n';
    for (const le of [true, false]) {
      const bytes = utf16(text, le).subarray(2);
      const r = readCsvBytes(bytes, 'x.txt');
      expect(levelsOf(bytes, 'Ort')).toEqual(['Z\u00fcrich', 'Gen\u00e8ve']);
      expect(r.messages.find((m) => m.code === 'encoding')?.text).toMatch(new RegExp(`no byte-order mark .* UTF-16${le ? 'LE' : 'BE'}`));
    }
  });
  it('a binary file with NULs at random places is still binary', () => {
    const bytes = utf8('a,b\n1,2\n3,4\n');
    const b = Uint8Array.from([...bytes, 0, 7, 0, 0, 9, 1]);
    expect(readCsvBytes(b, 'x.csv').messages[0].code).toBe('binary-file');
  });
});

describe('NUL anywhere means a binary file', () => {
  const big = (n: number) => 'x,g\n' + Array.from({ length: n }, (_, i) => `${i},level${i % 7}`).join('\n') + '\n';
  it('rejects a NUL byte after the first 64 KB and says where it is', () => {
    const text = big(10000);
    expect(text.length).toBeGreaterThan(70000);
    const bytes = utf8(text.slice(0, 70000) + '\u0000' + text.slice(70000));
    const r = readCsvBytes(bytes, 'x.csv');
    expect(r.table).toBeNull();
    expect(r.messages[0].code).toBe('binary-file');
    expect(r.messages[0].text).toMatch(/NUL byte at byte 70,001 \(line \d[\d,]*\)/);
  });
  it('rejects a NUL character in UTF-16 text', () => {
    const r = readCsvBytes(utf16('a\tb\n1\t2\u0000\n', true), 'x.txt');
    expect(r.table).toBeNull();
    expect(r.messages[0].code).toBe('binary-file');
  });
  it('rejects NUL in text handed to readCsvText directly (no levels with NULs)', () => {
    const r = readCsvText('g,y\na\u0000b,1\nc,2\n', 'x.csv');
    expect(r.table).toBeNull();
    expect(r.messages[0].code).toBe('binary-file');
    expect(r.messages[0].text).toMatch(/line 2/);
  });
});
