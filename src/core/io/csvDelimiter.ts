// Which character separates the fields? Comma is the default; semicolon (European locales, R's
// write.csv2) and tab (TSV, copies from spreadsheets) are common; pipe appears in exports.
// A delimiter is a good guess when every sampled record has the same number of fields with it.

export type CsvDelimiter = ',' | ';' | '\t' | '|';

export const DELIMITER_NAMES: Record<CsvDelimiter, string> = {
  ',': 'comma',
  ';': 'semicolon',
  '\t': 'tab',
  '|': 'pipe',
};

const CANDIDATES: readonly CsvDelimiter[] = [',', ';', '\t', '|'];
/** Characters and records looked at: the header and the first rows decide. */
const SAMPLE_CHARS = 64 * 1024;
const SAMPLE_RECORDS = 50;

/**
 * Counts, for each candidate, the delimiters outside quotes in each of the first records
 * (quoted fields may hold delimiters and newlines).
 */
function countPerRecord(text: string): Map<CsvDelimiter, number[]> {
  const counts = new Map<CsvDelimiter, number[]>();
  for (const d of CANDIDATES) counts.set(d, [0]);
  const end = Math.min(text.length, SAMPLE_CHARS);
  let inQuotes = false;
  let fieldStart = true;
  let records = 0;
  for (let i = 0; i < end && records < SAMPLE_RECORDS; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') i++;
        else inQuotes = false;
      }
      continue;
    }
    if (c === '"' && fieldStart) {
      inQuotes = true;
      fieldStart = false;
      continue;
    }
    if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      records++;
      for (const d of CANDIDATES) counts.get(d)!.push(0);
      fieldStart = true;
      continue;
    }
    const list = counts.get(c as CsvDelimiter);
    if (list) {
      list[list.length - 1]++;
      fieldStart = true;
    } else {
      fieldStart = false;
    }
  }
  // Drop the trailing (possibly partial or empty) record and blank lines.
  for (const d of CANDIDATES) {
    const list = counts.get(d)!;
    if (records > 0 && end < text.length) list.pop();
  }
  return counts;
}

/**
 * The delimiter of a CSV text: among comma, semicolon, tab and pipe, the one that splits every
 * sampled record into the same number (> 1) of fields, preferring more fields; comma when none does.
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const counts = countPerRecord(text);
  let best: CsvDelimiter = ',';
  let bestScore = 0;
  let fallback: CsvDelimiter = ',';
  let fallbackCount = 0;
  for (const d of CANDIDATES) {
    const list = counts.get(d)!;
    const header = list[0];
    if (header === 0) continue;
    if (header > fallbackCount) {
      fallback = d;
      fallbackCount = header;
    }
    // Blank lines (0 everywhere) do not count against consistency.
    const consistent = list.every((k, i) => k === header || (i > 0 && k === 0 && isBlankRecord(counts, i)));
    if (consistent && header > bestScore) {
      best = d;
      bestScore = header;
    }
  }
  return bestScore > 0 ? best : fallback;
}

function isBlankRecord(counts: Map<CsvDelimiter, number[]>, i: number): boolean {
  for (const d of CANDIDATES) if ((counts.get(d)![i] ?? 0) !== 0) return false;
  return true;
}
