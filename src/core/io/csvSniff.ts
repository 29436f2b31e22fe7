// Checks on the raw bytes of an uploaded file before any decoding: is it empty, too large, or
// not text at all (a spreadsheet, a PDF, an image)? Which text encoding does its BOM announce?
import { importError, formatCount, type ImportMessage } from './csvMessages';

/**
 * Largest file the browser import accepts. Measured: a 28 MB CSV (1M rows x 5 columns) parses in
 * about 2 s and needs about 440 MB of heap for its cell strings, so 100 MB stays within a tab's
 * memory while leaving room for the sampler.
 */
export const CSV_SIZE_LIMIT_BYTES = 100 * 1024 * 1024;

export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

export type ByteSniff =
  | { kind: 'text'; encoding: CsvEncoding; bom: boolean }
  | { kind: 'rejected'; message: ImportMessage };

/** Bytes inspected for binary content; enough to see a header and many rows. */
const SNIFF_BYTES = 64 * 1024;
/** Share of control characters (other than tab, CR, LF, FF) above which a file is not text. */
const MAX_CONTROL_SHARE = 0.05;

export function formatMegabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 10 ? `${Math.round(mb)} MB` : `${mb.toFixed(1)} MB`;
}

/** An error message when a file of `size` bytes is over the limit, else null. */
export function checkCsvFileSize(size: number, limit = CSV_SIZE_LIMIT_BYTES): ImportMessage | null {
  if (size <= limit) return null;
  return importError(
    'too-large',
    `The file is ${formatMegabytes(size)}; the limit is ${formatMegabytes(limit)}. ` +
      'Drop unused columns or rows (or fit it on the command line with npm run fit).',
  );
}

/** 1-based line of position `index` in bytes or a string: 1 + the line feeds before it. */
export function lineAt(source: Uint8Array | string, index: number): number {
  let line = 1;
  if (typeof source === 'string') {
    for (let i = source.indexOf('\n'); i >= 0 && i < index; i = source.indexOf('\n', i + 1)) line++;
  } else {
    for (let i = source.indexOf(0x0a); i >= 0 && i < index; i = source.indexOf(0x0a, i + 1)) line++;
  }
  return line;
}

/**
 * The message for a NUL byte (at 1-based `byte`, on `line`), or a NUL character in decoded text
 * (byte null): text files never contain one, so the file is binary.
 */
export function nulMessage(byte: number | null, line: number): ImportMessage {
  const where = byte === null ? `a NUL character on line ${formatCount(line)}` : `a NUL byte at byte ${formatCount(byte)} (line ${formatCount(line)})`;
  return importError('binary-file', `This is not a CSV file: it contains binary data (${where}). ${SAVE_AS_CSV}`);
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  if (bytes.length < magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (bytes[i] !== magic[i]) return false;
  return true;
}

const KNOWN_BINARY: readonly { magic: readonly number[]; what: string }[] = [
  { magic: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive (an Excel .xlsx or LibreOffice .ods workbook?)' },
  { magic: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old Excel .xls workbook' },
  { magic: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { magic: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { magic: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { magic: [0x1f, 0x8b], what: 'a gzip-compressed file' },
  { magic: [0x52, 0x44, 0x58], what: 'an R data file (.rds/.RData)' },
];

export const SAVE_AS_CSV = 'Save the data as CSV (in Excel: File > Save As > CSV UTF-8; in R: write.csv(df, "data.csv", row.names = FALSE)) and use that file.';

/** Bytes looked at to recognise UTF-16 without a byte-order mark. */
const UTF16_SNIFF_BYTES = 4096;

/**
 * 'utf-16le' or 'utf-16be' when the first bytes look like UTF-16 text without a byte-order mark:
 * text in Latin script has a NUL in (nearly) every high byte of a code unit, odd positions in
 * little-endian and even ones in big-endian, and none in the low bytes. Binary data has NULs
 * in both.
 */
function utf16WithoutBom(bytes: Uint8Array): CsvEncoding | null {
  const n = Math.min(bytes.length, UTF16_SNIFF_BYTES) & ~1;
  if (n < 4) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const half = n / 2;
  if (odd >= 0.9 * half && even === 0) return 'utf-16le';
  if (even >= 0.9 * half && odd === 0) return 'utf-16be';
  return null;
}

/**
 * Classifies the first bytes of a file: empty, a known binary format, binary content (NUL bytes
 * or mostly control characters), or text in the encoding its byte-order mark announces
 * (UTF-8 when there is none).
 */
export function sniffCsvBytes(bytes: Uint8Array): ByteSniff {
  if (bytes.length === 0) {
    return { kind: 'rejected', message: importError('empty-file', 'The file is empty (0 bytes). Choose a CSV file with a header row and data rows.') };
  }
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return { kind: 'text', encoding: 'utf-8', bom: true };
  // UTF-16 text (Excel's "Unicode text") is full of NUL bytes, so look for its BOM first.
  if (startsWith(bytes, [0xff, 0xfe])) return { kind: 'text', encoding: 'utf-16le', bom: true };
  if (startsWith(bytes, [0xfe, 0xff])) return { kind: 'text', encoding: 'utf-16be', bom: true };
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) return { kind: 'text', encoding: utf16, bom: false };
  for (const { magic, what } of KNOWN_BINARY) {
    if (startsWith(bytes, magic)) {
      return { kind: 'rejected', message: importError('binary-file', `This is not a CSV file: it looks like ${what}. ${SAVE_AS_CSV}`) };
    }
  }
  const n = Math.min(bytes.length, SNIFF_BYTES);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) return { kind: 'rejected', message: nulMessage(i + 1, lineAt(bytes, i)) };
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) || b === 0x7f) control++;
  }
  if (control > MAX_CONTROL_SHARE * n) {
    return {
      kind: 'rejected',
      message: importError('binary-file', `This is not a CSV file: ${Math.round((100 * control) / n)}% of its first bytes are not text. ${SAVE_AS_CSV}`),
    };
  }
  return { kind: 'text', encoding: 'utf-8', bom: false };
}
