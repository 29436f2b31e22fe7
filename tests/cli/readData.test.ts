import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatImportMessages, readDataFile } from '../../src/cli/readData';
import { freshDir } from './helpers';
import { distinctRawCells, rawCellsToArray } from '../../src/core/io/rawCells';

function file(name: string, bytes: Uint8Array | string): string {
  const path = join(freshDir(), name);
  writeFileSync(path, bytes);
  return path;
}
const cp1252 = (s: string) => Uint8Array.from([...s].map((c) => c.charCodeAt(0)));

describe('readDataFile decodes as the browser does (core/io readCsvBytes)', () => {
  it('reads a Windows-1252 file with café and cafè as two levels, with a note', () => {
    const { table, messages } = readDataFile(file('w.csv', cp1252('place,y\ncaf\u00e9,1\ncaf\u00e8,2\ncaf\u00e9,3\n')));
    expect(distinctRawCells(table.columns[0].raw)).toEqual(['caf\u00e9', 'caf\u00e8']);
    expect(formatImportMessages(messages)).toMatch(/^note: The file is not valid UTF-8; it was read as Windows-1252/m);
  });
  it('reads a UTF-16LE file with a byte-order mark (Excel "Unicode text")', () => {
    const text = '\ufeffregion\tscore\nNord\t1.5\nS\u00fcd\t2\n';
    const { table } = readDataFile(file('u.txt', Buffer.from(text, 'utf16le')));
    expect(table.columns.map((c) => c.name)).toEqual(['region', 'score']);
    expect(rawCellsToArray(table.columns[0].raw)).toEqual(['Nord', 'S\u00fcd']);
  });
  it('refuses a file with a NUL byte after the first 64 KB, naming the byte and line', () => {
    const rows = Array.from({ length: 12000 }, (_, i) => `${i},g${i % 5}`).join('\n');
    const text = `x,g\n${rows.slice(0, 70000)}\u0000${rows.slice(70000)}\n`;
    expect(() => readDataFile(file('n.csv', text))).toThrow(/--data 'n\.csv': This is not a CSV file: it contains binary data \(a NUL byte at byte 70,005 \(line \d/);
  });
});
