// From parsed cells to a DataTable: check the header (names present and unique), type every
// column, and explain anything the user should know about the result.
import type { DataColumn, DataTable } from '../types';
import { formatCount, importError, importInfo, importWarning, quoteCell, shortName, type CsvReadResult, type ImportMessage } from './csvMessages';
import { isMissingCell, typeColumn, type NonNumericCells } from './tableTyping';
import { detectNumberFormats } from './numberFormat';

export interface BuildOptions {
  /** The field separator; decides the decimal mark when no cell does (numberFormat.ts). */
  delimiter?: string;
}

function listCells(cells: NonNumericCells): string {
  const shown = cells.examples.map((c) => `row ${formatCount(c.row + 1)} ${quoteCell(c.text)}`).join(', ');
  return cells.count > cells.examples.length ? `${shown}, …` : shown;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** True when an unnamed first column looks like R's row names (unique, never missing). */
function looksLikeRowNames(cells: readonly string[]): boolean {
  const seen = new Set<string>();
  for (const c of cells) {
    const t = c.trim();
    if (isMissingCell(t) || seen.has(t)) return false;
    seen.add(t);
  }
  return true;
}

/** Header problems: empty and duplicate names. Returns the error messages (none when fine). */
export function checkHeader(names: readonly string[]): ImportMessage[] {
  const messages: ImportMessage[] = [];
  const empty = names.flatMap((n, i) => (n === '' ? [i + 1] : []));
  if (empty.length > 0) {
    const where = empty.length === 1 ? `Column ${empty[0]} has` : `Columns ${empty.join(', ')} have`;
    const trailing = empty.length === 1 && empty[0] === names.length && names.length > 1
      ? ' (Does every line end with a separator? Then remove the trailing one.)'
      : '';
    messages.push(importError('empty-header', `${where} no name in the header (line 1). Give every column a name in the first row of the file.${trailing}`));
  }
  const positions = new Map<string, number[]>();
  names.forEach((n, i) => {
    if (n !== '') positions.set(n, [...(positions.get(n) ?? []), i + 1]);
  });
  for (const [name, cols] of positions) {
    if (cols.length > 1) {
      messages.push(importError('duplicate-header', `Column names must be unique: ${quoteCell(name)} is the name of columns ${cols.join(' and ')}. Rename all but one of them.`));
    }
  }
  return messages;
}

/**
 * Builds a typed DataTable from a header and the cells of each column (columns[j][i] = row i,
 * column j; all columns of equal length). Returns table null when the header is unusable.
 */
export function buildDataTable(name: string, header: readonly string[], columns: string[][], options: BuildOptions = {}): CsvReadResult {
  const messages: ImportMessage[] = [];
  let names = header.map((h) => h.trim());
  let cells = columns;
  if (names.length > 1 && names[0] === '' && names.slice(1).every((n) => n !== '') && looksLikeRowNames(cells[0])) {
    names = names.slice(1);
    cells = cells.slice(1);
    messages.push(importInfo('row-names-dropped', 'The first column has no name and a different value in every row, like the row names R writes with write.csv(); it was left out.'));
  }
  const headerErrors = checkHeader(names);
  if (headerErrors.length > 0) return { table: null, messages: [...headerErrors, ...messages] };

  const nRows = cells.length > 0 ? cells[0].length : 0;
  const out: DataColumn[] = [];
  const numbers = detectNumberFormats(names, cells, options.delimiter ?? ',');
  messages.push(...numbers.messages);
  for (let j = 0; j < names.length; j++) {
    const typed = typeColumn(names[j], cells[j], { format: numbers.formats[j] });
    const col = typed.column;
    out.push(col);
    if (col.numeric !== null && typed.nonNumeric.count > 0) {
      messages.push(importWarning(
        'non-numeric-cells',
        `Column ${shortName(col.name)}: ${plural(typed.nonNumeric.count, 'non-numeric cell')} treated as missing: ${listCells(typed.nonNumeric)}.`,
        col.name,
      ));
    } else if (col.numeric === null && typed.numericCells > 0 && typed.numericCells >= typed.nonNumeric.count) {
      messages.push(importInfo(
        'mostly-numeric-categorical',
        `Column ${shortName(col.name)} was read as categorical: ${formatCount(typed.nonNumeric.count)} of its ${formatCount(typed.nonNumeric.count + typed.numericCells)} values are not numbers (${listCells(typed.nonNumeric)}). Fix those cells if it should be numeric.`,
        col.name,
      ));
    }
    if (nRows > 0 && col.nMissing === nRows) {
      messages.push(importWarning('all-missing', `Column ${shortName(col.name)} has no values: all ${formatCount(nRows)} cells are missing.`, col.name));
    }
  }
  const table: DataTable = { name, nRows, columns: out };
  return { table, messages };
}
