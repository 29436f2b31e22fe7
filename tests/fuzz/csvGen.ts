// Random CSV files as bytes: random delimiters, quoting, line endings, encodings (UTF-8 with and
// without BOM, UTF-16 LE/BE, Windows-1252), NUL bytes, ragged rows, wide files, decimal commas,
// thousands separators and hostile column names.
import type { Random } from './random';

const NAMES = ['y', 'x', 'group', 'my var', 'constructor', '__proto__', 'toString', 'größe', 'café', '\u{1F600}', '', 'a"b', 'a,b', ' padded ', 'x', 'NA', '1st', 'ü;ö', 'tab\there'];
const TEXT = ['a', 'b', 'c', 'a', 'b', 'c', 'a', 'b', 'c', 'New York', 'Newark', 'St Louis', 'café', 'cafè', '\u{1F600}', 'Y', 'N', 'TRUE', 'NA', '', '.', 'x,y', 'line\nbreak', 'say "hi"', '__proto__', 'constructor', ' lead', '\u0000'];

function number(r: Random, decimalComma: boolean): string {
  const v = r.weighted<() => string>([
    [6, () => String(r.int(-50, 500))],
    [6, () => (r.float() * 100 - 20).toFixed(r.int(0, 4))],
    [1, () => `${r.int(1, 9)}e${r.int(-320, 320)}`],
    [1, () => `${r.int(1, 999)}${r.pick([',', '.', ' '])}${String(r.int(0, 999)).padStart(3, '0')}${r.chance(0.5) ? `,${r.int(0, 9)}` : ''}`],
    [1, () => r.pick(['NA', '', 'NaN', 'Inf', '-Inf', '1e309', '-0', '0x1F', '1_000'])],
  ])();
  return decimalComma ? v.replace('.', ',') : v;
}

function quote(r: Random, cell: string, delimiter: string): string {
  const needs = cell.includes(delimiter) || cell.includes('"') || cell.includes('\n');
  if (needs || r.chance(0.05)) return `"${cell.replace(/"/g, r.chance(0.95) ? '""' : '"')}"`;
  return cell;
}

export interface CsvCase { bytes: Uint8Array; describe: string }

function encode(r: Random, text: string): { bytes: Uint8Array; encoding: string } {
  return r.weighted<() => { bytes: Uint8Array; encoding: string }>([
    [10, () => ({ bytes: new TextEncoder().encode(text), encoding: 'utf-8' })],
    [2, () => ({ bytes: new TextEncoder().encode(`\uFEFF${text}`), encoding: 'utf-8 bom' })],
    [2, () => ({ bytes: utf16(`\uFEFF${text}`, true), encoding: 'utf-16le' })],
    [1, () => ({ bytes: utf16(`\uFEFF${text}`, false), encoding: 'utf-16be' })],
    [1, () => ({ bytes: utf16(text, true), encoding: 'utf-16le no bom' })],
    [2, () => ({ bytes: Uint8Array.from(text, (c) => (c.charCodeAt(0) < 256 ? c.charCodeAt(0) : 0x3f)), encoding: 'latin-1' })],
  ])();
}

function utf16(text: string, little: boolean): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 * i + (little ? 0 : 1)] = c & 0xff;
    out[2 * i + (little ? 1 : 0)] = c >> 8;
  }
  return out;
}

/** Flips, inserts NULs or binary magic into the bytes now and then. */
function corrupt(r: Random, bytes: Uint8Array): Uint8Array {
  if (r.chance(0.9) || bytes.length === 0) return bytes;
  const out = Uint8Array.from(bytes);
  return r.weighted<() => Uint8Array>([
    [2, () => { for (let k = 0; k < r.int(1, 5); k++) out[r.int(0, out.length - 1)] = r.int(0, 255); return out; }],
    [2, () => { out[r.int(0, out.length - 1)] = 0; return out; }],
    [1, () => Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...bytes])],
    [1, () => Uint8Array.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, ...bytes])],
    [1, () => bytes.subarray(0, r.int(0, bytes.length))],
  ])();
}

export function randomCsv(r: Random): CsvCase {
  const delimiter = r.weighted([[6, ','], [3, ';'], [2, '\t'], [1, '|']]);
  const decimalComma = delimiter !== ',' && r.chance(0.5);
  const wide = r.chance(0.03);
  const nCol = wide ? r.int(500, 3000) : r.int(1, 8);
  // Wide files are short (10,000 x 50 is the issue's case); long ones are narrow.
  const nRow = r.weighted([[1, 0], [8, r.int(1, 60)], [wide ? 0 : 1, r.int(200, 1500)]]);
  const kinds = Array.from({ length: nCol }, () => r.weighted([[5, 'num'], [2, 'text'], [1, 'mixed']]));
  const header = Array.from({ length: nCol }, (_, j) => (r.chance(0.7) ? `c${j}` : r.pick(NAMES)) + (r.chance(0.01) ? 'n'.repeat(r.int(1000, 20_000)) : '') + (r.chance(0.01) ? '\u{1F600}'.repeat(r.int(15, 40)) : ''));
  const eol = r.weighted([[6, '\n'], [3, '\r\n'], [1, '\r']]);
  const lines = [header.map((h) => quote(r, h, delimiter)).join(delimiter)];
  const raggedRow = r.chance(0.08) ? r.int(0, nRow) : -1;
  for (let i = 0; i < nRow; i++) {
    let cells = kinds.map((k) => (k === 'num' || (k === 'mixed' && r.chance(0.7)) ? number(r, decimalComma) : r.pick(TEXT)));
    if (i === raggedRow) cells = r.chance(0.5) ? cells.slice(0, r.int(0, cells.length)) : [...cells, 'extra'];
    lines.push(cells.map((c) => quote(r, c, delimiter)).join(delimiter));
    if (r.chance(0.01)) lines.push('');
  }
  if (r.chance(0.05)) lines.unshift(`sep=${delimiter}`);
  if (r.chance(0.01)) lines.push('"unclosed');
  const text = lines.join(eol) + (r.chance(0.5) ? eol : '');
  const { bytes, encoding } = encode(r, text);
  return { bytes: corrupt(r, bytes), describe: `${encoding}, '${delimiter === '\t' ? 'tab' : delimiter}', ${nCol} columns x ${nRow} rows` };
}
