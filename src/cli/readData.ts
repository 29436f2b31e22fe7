// CSV file -> DataTable for the CLI, through the same decoder and reader the app uses
// (core/io readCsvBytes: BOMs, Windows-1252 fallback, NUL check, typing).
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { DataTable } from '../core/types';
import type { ImportMessage } from '../core/io/csvMessages';
import { readCsvBytes } from '../core/io/csvDecode';

export interface DataFile {
  table: DataTable;
  /** The import's warnings and notes (the browser shows the same ones); never errors. */
  messages: ImportMessage[];
}

export function readDataFile(path: string): DataFile {
  let bytes: Uint8Array;
  try {
    if (statSync(path).isDirectory()) throw new Error(`--data '${path}' is a directory, not a CSV file`);
    bytes = readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`--data: file not found: '${path}'`);
    if (code === 'EACCES') throw new Error(`--data: permission denied reading '${path}'`);
    throw err;
  }
  const { table, messages } = readCsvBytes(bytes, basename(path));
  const errors = messages.filter((m) => m.level === 'error');
  if (!table || errors.length > 0) {
    const first = errors[0]?.text ?? 'the file could not be read as a table';
    throw new Error(`--data '${basename(path)}': ${first}`);
  }
  return { table, messages };
}

/** The import messages as the CLI prints them on stderr: "warning: ..." / "note: ...". */
export function formatImportMessages(messages: readonly ImportMessage[]): string {
  return messages.map((m) => `${m.level === 'warning' ? 'warning' : 'note'}: ${m.text.replace(/\s*\n\s*/g, ' ')}\n`).join('');
}
