// Maps record numbers to the physical lines of the file, so messages can say "line 14" even
// when quoted fields span several lines. Only used to explain errors, so a plain O(n) scan.

interface ScanEvents {
  /** A record ended; `line` is the 1-based line the next record starts on. Return true to stop. */
  recordBreak?(line: number): boolean;
  /** A quote opened a field on `line`. */
  quoteOpened?(line: number): void;
}

/**
 * Walks the text as RFC 4180 reads it (quotes open only at a field start, "" inside quotes is a
 * literal quote, newlines inside quotes do not end a record) and reports where the final line is
 * and whether a quote is still open at the end.
 */
function scanCsv(text: string, delimiter: string, events: ScanEvents): { line: number; inQuotes: boolean } {
  let line = 1;
  let inQuotes = false;
  let fieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const newline = c === '\n' || (c === '\r' && text[i + 1] !== '\n');
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') i++;
        else inQuotes = false;
      } else if (newline) line++;
      continue;
    }
    if (newline) {
      line++;
      fieldStart = true;
      if (events.recordBreak?.(line)) break;
      continue;
    }
    if (c === '"' && fieldStart) {
      inQuotes = true;
      events.quoteOpened?.(line);
    }
    fieldStart = c === delimiter;
  }
  return { line, inQuotes };
}

/**
 * For each 0-based record index (0 = header), the 1-based line on which that record starts.
 * A record index past the end maps to the last line.
 */
export function linesOfRecords(text: string, delimiter: string, recordIndices: readonly number[]): number[] {
  const wanted = [...new Set(recordIndices)].sort((a, b) => a - b);
  const found = new Map<number, number>();
  let next = 0;
  let record = 0;
  while (next < wanted.length && wanted[next] <= 0) found.set(wanted[next++], 1);
  const { line } = next < wanted.length
    ? scanCsv(text, delimiter, {
      recordBreak(lineNow) {
        record++;
        while (next < wanted.length && wanted[next] === record) found.set(wanted[next++], lineNow);
        return next >= wanted.length;
      },
    })
    : { line: 1 };
  return recordIndices.map((r) => found.get(r) ?? line);
}

/** The 1-based line of a quote that opens a field and is never closed, or null. */
export function findUnclosedQuote(text: string, delimiter: string): number | null {
  let openedAt = 0;
  const { inQuotes } = scanCsv(text, delimiter, { quoteOpened: (line) => { openedAt = line; } });
  return inQuotes ? openedAt : null;
}
