// Decimal mark and thousands separator: '1.5' and '1,250.5' (English), or '1,5' and '1.250,5'
// (most of continental Europe; R's read.csv2 reads dec = ","). Decided per file, from the cells
// that can only be read one way: '1,5', '0,25' and '1.250,5' need a decimal comma; '1.5', '2.75'
// and '1,250.5' need a decimal point. A column whose own cells say otherwise follows its cells.
// Cells that read either way ('1.250', '1,250': 1.25 or 1250) follow their column's convention,
// which is the file's unless the column has its own evidence; when nothing in the file decides,
// semicolon files use the decimal comma (read.csv2) and all others the decimal point. Every
// assumption that changes a value is reported.
import { formatCount, importInfo, quoteCell, shortName, type ImportMessage } from './csvMessages';

export interface NumberFormat {
  /** The decimal mark; the other of '.' and ',' is the thousands separator when `grouping`. */
  decimal: '.' | ',';
  /** Accept thousands separators between groups of three digits ('1,250' or '1.250'). */
  grouping: boolean;
}

/** Plain numbers: decimal point, no thousands separators (R's read.csv). */
export const PLAIN: NumberFormat = { decimal: '.', grouping: false };

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const COMMA_NUMBER = /^[+-]?(?:\d+,?\d*|,\d+)(?:[eE][+-]?\d+)?$/;
/** Thousands groups: 1-3 digits (not starting with 0), then groups of exactly three. */
const GROUPED_POINT = /^[+-]?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?$/;
const GROUPED_COMMA = /^[+-]?[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?$/;

/** The number a trimmed cell holds in `format`, or NaN when it is not one. */
export function parseNumber(text: string, format: NumberFormat = PLAIN): number {
  if (format.decimal === '.') {
    if (NUMBER.test(text)) return Number(text);
    if (format.grouping && GROUPED_POINT.test(text)) return Number(text.replace(/,/g, ''));
    return NaN;
  }
  if (COMMA_NUMBER.test(text)) return Number(text.replace(',', '.'));
  if (format.grouping && GROUPED_COMMA.test(text)) return Number(text.replace(/\./g, '').replace(',', '.'));
  // A plain '1.5' in a decimal-comma file still reads as 1.5 (it cannot be a thousands group).
  if (NUMBER.test(text) && !GROUPED_COMMA.test(text)) return Number(text);
  return NaN;
}

/** What one cell says: needs a decimal point, needs a decimal comma, reads either way, or nothing. */
export type Evidence = 'point' | 'comma' | 'either' | 'none';

export function cellEvidence(text: string): Evidence {
  const hasDot = text.includes('.');
  const hasComma = text.includes(',');
  if (!hasDot && !hasComma) return 'none';
  // The common case, '0.8329': a decimal point that cannot be a thousands separator.
  if (!hasComma && !GROUPED_COMMA.test(text)) return NUMBER.test(text) ? 'point' : 'none';
  const point = parseNumber(text, { decimal: '.', grouping: true });
  const comma = parseNumber(text, { decimal: ',', grouping: true });
  const pointOk = point === point && !(hasComma && !hasDot && !GROUPED_POINT.test(text));
  // Under the comma convention a dot-only cell counts only as a thousands group ('1.250').
  const commaOk = comma === comma && (hasComma || GROUPED_COMMA.test(text));
  if (pointOk && commaOk) return point === comma ? 'none' : 'either';
  return pointOk ? 'point' : commaOk ? 'comma' : 'none';
}

interface ColumnEvidence {
  point: number;
  comma: number;
  /** Cells that need the decimal point and have a ',' between thousands ('1,250.5'). */
  groupedPoint: number;
  /** First cell that reads either way, for the message. */
  either: string | null;
  /** First cell that needs the column's decimal mark or a thousands separator. */
  example: { point: string | null; comma: string | null };
}

function columnEvidence(cells: readonly string[]): ColumnEvidence {
  const ev: ColumnEvidence = { point: 0, comma: 0, groupedPoint: 0, either: null, example: { point: null, comma: null } };
  for (const cell of cells) {
    const t = cell.trim();
    const e = cellEvidence(t);
    if (e === 'point' || e === 'comma') {
      ev[e]++;
      if (e === 'point' && t.includes(',')) ev.groupedPoint++;
      if (ev.example[e] === null) ev.example[e] = t;
    } else if (e === 'either' && ev.either === null) ev.either = t;
  }
  return ev;
}

export interface FileNumberFormats {
  /** One format per column. */
  formats: NumberFormat[];
  messages: ImportMessage[];
}

const COMMA: NumberFormat = { decimal: ',', grouping: true };
const POINT: NumberFormat = { decimal: '.', grouping: true };
const MAX_LISTED = 3;

/** Chooses the decimal mark of every column of a file (see the note at the top). */
export function detectNumberFormats(names: readonly string[], columns: readonly (readonly string[])[], delimiter: string): FileNumberFormats {
  const evidence = columns.map(columnEvidence);
  const point = evidence.reduce((s, e) => s + e.point, 0);
  const comma = evidence.reduce((s, e) => s + e.comma, 0);
  const fileDecimal: '.' | ',' = comma > point ? ',' : point > comma ? '.' : delimiter === ';' ? ',' : '.';
  const kind = fileDecimal === ',' ? 'comma' : 'point';
  const example = evidence.find((e) => e.example[kind] !== null)?.example[kind];
  const why = comma !== point && example
    ? `cells such as ${quoteCell(example)} read only that way`
    : delimiter === ';' ? 'the file is semicolon-separated (read.csv2\'s convention)' : 'nothing in the file needs a decimal comma';
  const grouped = evidence.some((e) => e.groupedPoint > 0);
  const formats: NumberFormat[] = [];
  const own: string[] = [];
  const ambiguous: string[] = [];
  evidence.forEach((e, j) => {
    let decimal = fileDecimal;
    if (e.comma > 0 && e.point === 0 && fileDecimal === '.') decimal = ',';
    if (e.point > 0 && e.comma === 0 && fileDecimal === ',') decimal = '.';
    const name = shortName(names[j]);
    if (decimal !== fileDecimal) own.push(`${name} (${quoteCell(e.example[decimal === ',' ? 'comma' : 'point']!)})`);
    else if (e.either !== null && e[decimal === ',' ? 'comma' : 'point'] === 0) ambiguous.push(`${name} (${quoteCell(e.either)} = ${parseNumber(e.either, decimal === ',' ? COMMA : POINT)})`);
    formats.push(decimal === ',' ? COMMA : POINT);
  });
  const mention = ambiguous.length > 0 || own.length > 0 || (fileDecimal === ',' ? comma > 0 : grouped);
  return { formats, messages: formatMessages(fileDecimal, why, mention, own, ambiguous) };
}

function listed(items: readonly string[]): string {
  const shown = items.slice(0, MAX_LISTED).join(', ');
  return items.length > MAX_LISTED ? `${shown} and ${formatCount(items.length - MAX_LISTED)} more` : shown;
}

function formatMessages(decimal: '.' | ',', why: string, mention: boolean, own: string[], ambiguous: string[]): ImportMessage[] {
  const messages: ImportMessage[] = [];
  const convention = decimal === ','
    ? "a decimal comma and '.' between thousands (1.250,5 = 1250.5), as R's read.csv2 reads them"
    : "a decimal point and ',' between thousands (1,250.5 = 1250.5)";
  if (mention) messages.push(importInfo('decimal-comma', `Numbers were read with ${convention}, because ${why}.`));
  if (own.length > 0) {
    messages.push(importInfo('decimal-comma', `Column${own.length > 1 ? 's' : ''} ${listed(own)} ${own.length > 1 ? 'use' : 'uses'} a decimal ${decimal === ',' ? 'point' : 'comma'}, unlike the rest of the file, and ${own.length > 1 ? 'were' : 'was'} read that way.`));
  }
  if (ambiguous.length > 0) {
    messages.push(importInfo('decimal-comma', `Some numbers read either way (1.250 is 1.25 or 1250); read with the file's ${decimal === ',' ? 'decimal comma' : 'decimal point'}: ${listed(ambiguous)}. If that is wrong, write the numbers without thousands separators.`));
  }
  return messages;
}
