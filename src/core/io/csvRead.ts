// Reading a CSV text into a DataTable: the one entry point for the app's parse worker, the CLI
// and tests. Papa Parse does the tokenising (quotes, embedded newlines, CRLF); this module
// checks the shape (ragged rows, header) and types the columns.
import Papa from 'papaparse';
import { buildDataTable } from './tableBuild';
import { DELIMITER_NAMES, detectDelimiter, type CsvDelimiter } from './csvDelimiter';
import { findUnclosedQuote, linesOfRecords } from './csvLocate';
import { lineAt, nulMessage } from './csvSniff';
import { formatCount, importError, importInfo, importWarning, listNames, type CsvReadResult, type ImportMessage } from './csvMessages';

export interface CsvReadOptions {
  /** Called during parsing with the share of the text parsed so far (0..1). */
  onProgress?: (fraction: number) => void;
  /** Force a delimiter instead of detecting it. */
  delimiter?: CsvDelimiter;
}

/** Characters handed to the parser at a time; progress is reported after each chunk. */
const CHUNK_CHARS = 1 << 20;
/** Ragged rows listed by line in the message. */
const MAX_RAGGED_LISTED = 3;

interface Shape {
  header: string[];
  columns: string[][];
  /** Record index (0 = header) and field count of the first ragged records. */
  ragged: { record: number; fields: number }[];
  nRagged: number;
  malformedQuote: number | null;
}

/**
 * Papa Parse streams a string in chunks too (its StringStreamer), but @types/papaparse only
 * declares chunk callbacks for files and URLs.
 */
type ParseStringInChunks = (
  input: string,
  config: Papa.ParseConfig<string[]> & { chunkSize: number; chunk: (results: Papa.ParseResult<string[]>) => void },
) => void;

/** Tokenises with Papa Parse in chunks, transposing rows into columns as they arrive. */
function parseShape(text: string, delimiter: CsvDelimiter, onProgress?: (fraction: number) => void): Shape {
  const shape: Shape = { header: [], columns: [], ragged: [], nRagged: 0, malformedQuote: null };
  let record = 0;
  let haveHeader = false;
  (Papa.parse as unknown as ParseStringInChunks)(text, {
    delimiter,
    header: false,
    dynamicTyping: false,
    skipEmptyLines: false,
    chunkSize: CHUNK_CHARS,
    chunk: (results) => {
      const rows = results.data;
      for (const err of results.errors) {
        if (err.code === 'InvalidQuotes' && shape.malformedQuote === null) shape.malformedQuote = record + (err.row ?? 0);
      }
      for (let r = 0; r < rows.length; r++, record++) {
        const row = rows[r];
        // Blank lines are skipped, as R's read.csv does.
        if (row.length === 1 && row[0].trim() === '') continue;
        if (!haveHeader) {
          shape.header = row;
          shape.columns = row.map(() => []);
          haveHeader = true;
          continue;
        }
        if (row.length !== shape.header.length) {
          shape.nRagged++;
          if (shape.ragged.length < MAX_RAGGED_LISTED) shape.ragged.push({ record, fields: row.length });
          continue;
        }
        for (let j = 0; j < row.length; j++) shape.columns[j].push(row[j]);
      }
      onProgress?.(Math.min(1, (results.meta.cursor ?? 0) / Math.max(1, text.length)));
    },
  });
  return shape;
}

function raggedMessage(text: string, delimiter: CsvDelimiter, shape: Shape): ImportMessage {
  const lines = linesOfRecords(text, delimiter, shape.ragged.map((r) => r.record));
  const expected = shape.header.length;
  const parts = shape.ragged.map((r, i) => `line ${formatCount(lines[i])} has ${r.fields} ${r.fields === 1 ? 'field' : 'fields'}`);
  const more = shape.nRagged > shape.ragged.length ? ` (and ${formatCount(shape.nRagged - shape.ragged.length)} more rows)` : '';
  const first = shape.ragged[0];
  const hint = first.fields > expected
    ? `Values that contain a ${DELIMITER_NAMES[delimiter]} must be quoted ("like, this").`
    : 'Check for a missing separator or a row cut short.';
  return importError(
    'ragged-rows',
    `Rows have different numbers of fields: the header (line 1) has ${expected}, but ${parts.join(', ')}${more}. ${hint}`,
  );
}

/**
 * Reads CSV/TSV text (any line endings, optional UTF-8 BOM, quoted fields with delimiters or
 * newlines) into a typed DataTable. Errors stop the import (table null); warnings and info
 * describe what was done.
 */
export function readCsvText(input: string, name: string, options: CsvReadOptions = {}): CsvReadResult {
  let text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (text.trim() === '') {
    return { table: null, messages: [importError('empty-file', input.length === 0 ? 'The file is empty. Choose a CSV file with a header row and data rows.' : 'The file contains only blank lines. Choose a CSV file with a header row and data rows.')] };
  }
  // A NUL never occurs in text: a binary file (readCsvBytes checks the bytes; this catches text
  // from any other source), not levels with NULs in them.
  const nul = text.indexOf('\u0000');
  if (nul >= 0) return { table: null, messages: [nulMessage(null, lineAt(text, nul))] };
  const messages: ImportMessage[] = [];
  // Excel writes a first line "sep=;" to announce the delimiter; use it and skip it.
  const sepLine = /^sep=([,;\t|])\r?\n/.exec(text);
  if (sepLine) text = text.slice(sepLine[0].length);
  const delimiter = options.delimiter ?? (sepLine ? (sepLine[1] as CsvDelimiter) : detectDelimiter(text));
  if (delimiter !== ',') {
    messages.push(importInfo('delimiter', `Fields are separated by ${DELIMITER_NAMES[delimiter]}s, not commas; read as ${delimiter === '\t' ? 'tab-separated values (TSV)' : `${DELIMITER_NAMES[delimiter]}-separated values`}.`));
  }

  const unclosed = findUnclosedQuote(text, delimiter);
  if (unclosed !== null) {
    return { table: null, messages: [importError('unclosed-quote', `A quoted field starting on line ${formatCount(unclosed)} has no closing quote, so the rest of the file would be one value. Add the missing " or remove the stray one.`), ...messages] };
  }

  const shape = parseShape(text, delimiter, options.onProgress);
  if (shape.nRagged > 0) return { table: null, messages: [raggedMessage(text, delimiter, shape), ...messages] };
  if (shape.columns.length === 0 || shape.columns[0].length === 0) {
    return { table: null, messages: [importError('no-data-rows', `The file has a header (${listNames(shape.header.map((h) => h.trim()))}) but no data rows.`), ...messages] };
  }
  if (shape.malformedQuote !== null) {
    const [line] = linesOfRecords(text, delimiter, [shape.malformedQuote]);
    messages.push(importWarning('malformed-quote', `Line ${formatCount(line)} has a quote inside a quoted field that is not doubled (write "" for a literal quote); the value was read as best it could be.`));
  }

  const result = buildDataTable(name, shape.header, shape.columns, { delimiter });
  return { table: result.table, messages: [...messages, ...result.messages] };
}
