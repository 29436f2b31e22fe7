// Messages produced while reading a CSV into a DataTable. Every problem names what is wrong,
// where (line, row, column) and how to fix it; the app shows them, the CLI prints them.
import type { DataTable } from '../types';
import { excerpt } from '../formula/excerpt';

export type ImportLevel = 'error' | 'warning' | 'info';

export type ImportCode =
  | 'empty-file'
  | 'binary-file'
  | 'too-large'
  | 'no-data-rows'
  | 'ragged-rows'
  | 'empty-header'
  | 'duplicate-header'
  | 'unclosed-quote'
  | 'malformed-quote'
  | 'delimiter'
  | 'encoding'
  | 'decimal-comma'
  | 'row-names-dropped'
  | 'non-numeric-cells'
  | 'mostly-numeric-categorical'
  | 'all-missing'
  | 'read-failed'
  | 'example-factors';

export interface ImportMessage {
  level: ImportLevel;
  code: ImportCode;
  /** One or two sentences: what, where, how to fix. */
  text: string;
  /** Column the message is about, when there is one. */
  column?: string;
}

/** Result of reading one file: a table (null when an error stops the import) and the messages. */
export interface CsvReadResult {
  table: DataTable | null;
  messages: ImportMessage[];
}

export function importError(code: ImportCode, text: string, column?: string): ImportMessage {
  return column === undefined ? { level: 'error', code, text } : { level: 'error', code, text, column };
}

export function importWarning(code: ImportCode, text: string, column?: string): ImportMessage {
  return column === undefined ? { level: 'warning', code, text } : { level: 'warning', code, text, column };
}

export function importInfo(code: ImportCode, text: string, column?: string): ImportMessage {
  return column === undefined ? { level: 'info', code, text } : { level: 'info', code, text, column };
}

export function hasImportError(messages: readonly ImportMessage[]): boolean {
  return messages.some((m) => m.level === 'error');
}

/** 'abc' -> "'abc'", long cells shortened so a message stays one line. */
export function quoteCell(text: string, max = 24): string {
  return `'${shortName(text, max)}'`;
}

/** A column name (or other user text) for a message: at most `max` characters, then '…'. */
export function shortName(text: string, max = 40): string {
  // Code points, so an emoji is never cut in half (formula/excerpt.ts, the one excerpt helper).
  return excerpt(text, max, '').length < text.length ? excerpt(text, max - 1, '…') : text;
}

/** 'a, b, c and 9,997 more' (at most `max` items shown, each shortened). */
export function listNames(names: readonly string[], max = 5, more = 'more'): string {
  const shown = names.slice(0, max).map((n) => shortName(n)).join(', ');
  return names.length > max ? `${shown} and ${formatCount(names.length - max)} ${more}` : shown;
}

/** 1234567 -> '1,234,567' (fixed, locale-independent so messages and tests agree). */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
