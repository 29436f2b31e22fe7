// CSV file -> DataTable for the CLI, through the same reader the app uses (core/io readCsvText).
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { DataTable } from '../core/types';
import { readCsvText } from '../core/io/csvRead';

export function readDataFile(path: string): DataTable {
  let text: string;
  try {
    if (statSync(path).isDirectory()) throw new Error(`--data '${path}' is a directory, not a CSV file`);
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`--data: file not found: '${path}'`);
    if (code === 'EACCES') throw new Error(`--data: permission denied reading '${path}'`);
    throw err;
  }
  const { table, messages } = readCsvText(text, basename(path));
  const errors = messages.filter((m) => m.level === 'error');
  if (!table || errors.length > 0) {
    const first = errors[0]?.text ?? 'the file could not be read as a table';
    throw new Error(`--data '${basename(path)}': ${first}`);
  }
  return table;
}
