// Bytes -> text -> DataTable: the one decoder for both shells (the browser's parse worker and the
// CLI), so a file reads the same everywhere. The encoding comes from the byte-order mark (UTF-8,
// UTF-16LE, UTF-16BE); without one the file is UTF-8 if it is valid UTF-8, else Windows-1252
// (what Excel's plain "CSV" writes in Western European locales), with a note saying so; UTF-16
// without a mark is recognised by its NUL pattern (csvSniff.ts). A NUL anywhere else means a
// binary file: text never contains U+0000, and reading on would give levels with NULs in them or
// silently broken rows.
import { readCsvText, type CsvReadOptions } from './csvRead';
import { importError, importInfo, type CsvReadResult, type ImportMessage } from './csvMessages';
import { lineAt, nulMessage, sniffCsvBytes, type CsvEncoding } from './csvSniff';

/** The WHATWG TextDecoder (browsers, workers, Node); declared here as the core has no DOM lib. */
interface TextDecoderLike {
  decode(bytes: Uint8Array): string;
}
declare const TextDecoder: new (label: string, options?: { fatal?: boolean; ignoreBOM?: boolean }) => TextDecoderLike;

export type DecodeResult =
  | { kind: 'text'; text: string; encoding: CsvEncoding | 'windows-1252'; messages: ImportMessage[] }
  | { kind: 'rejected'; message: ImportMessage };

const WINDOWS_1252_NOTE = 'The file is not valid UTF-8; it was read as Windows-1252 (Western European). If accented letters look wrong, save it as "CSV UTF-8".';

/**
 * Windows-1252 0x80-0x9f (the rest is ISO-8859-1: byte = code point). The five undefined bytes
 * (0x81, 0x8d, 0x8f, 0x90, 0x9d) map to the C1 controls of the same value, as the WHATWG
 * Encoding Standard does. Decoded here, not with TextDecoder('windows-1252'): Node 20 decodes
 * that label as ISO-8859-1 (0x80 -> U+0080, not the euro sign), browsers do not.
 */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];

export function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 1 << 15;
  const codes = new Uint16Array(Math.min(CHUNK, bytes.length));
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(bytes.length, start + CHUNK);
    for (let i = start; i < end; i++) {
      const b = bytes[i];
      codes[i - start] = b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80] : b;
    }
    parts.push(String.fromCharCode.apply(null, codes.subarray(0, end - start) as unknown as number[]));
  }
  return parts.join('');
}

/** Decodes the bytes of a CSV file (see the note above), or says why it is not text. */
export function decodeCsvBytes(bytes: Uint8Array): DecodeResult {
  const sniff = sniffCsvBytes(bytes);
  if (sniff.kind === 'rejected') return sniff;
  if (sniff.encoding !== 'utf-8') {
    // UTF-16: NUL bytes are half of every ASCII character; a NUL character is the binary sign.
    let text: string;
    try {
      text = new TextDecoder(sniff.encoding, { fatal: true }).decode(bytes);
    } catch {
      return { kind: 'rejected', message: importError('encoding', `The file starts with a ${sniff.encoding.toUpperCase()} byte-order mark but is not valid ${sniff.encoding.toUpperCase()} text. Save it again as "CSV UTF-8".`) };
    }
    const nul = text.indexOf('\u0000');
    if (nul >= 0) return { kind: 'rejected', message: nulMessage(null, lineAt(text, nul)) };
    const name = sniff.encoding === 'utf-16le' ? 'UTF-16LE' : 'UTF-16BE';
    const messages = sniff.bom ? [] : [importInfo('encoding', `The file has no byte-order mark but its bytes are ${name} text; it was read as ${name}. If the text looks wrong, save it as "CSV UTF-8".`)];
    return { kind: 'text', text, encoding: sniff.encoding, messages };
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) return { kind: 'rejected', message: nulMessage(nul + 1, lineAt(bytes, nul)) };
  try {
    // The BOM, if any, is removed by the decoder (ignoreBOM false).
    return { kind: 'text', text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8', messages: [] };
  } catch {
    return { kind: 'text', text: decodeWindows1252(bytes), encoding: 'windows-1252', messages: [importInfo('encoding', WINDOWS_1252_NOTE)] };
  }
}

/** Reads the bytes of a CSV file into a DataTable: decodeCsvBytes, then readCsvText. */
export function readCsvBytes(bytes: Uint8Array, name: string, options: CsvReadOptions = {}): CsvReadResult {
  const decoded = decodeCsvBytes(bytes);
  if (decoded.kind === 'rejected') return { table: null, messages: [decoded.message] };
  const result = readCsvText(decoded.text, name, options);
  return { table: result.table, messages: [...result.messages, ...decoded.messages] };
}
