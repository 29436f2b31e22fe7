// Maps record numbers to the physical lines of the file, so messages can say "line 14" even
// when quoted fields span several lines. Only used to explain errors, so a plain O(n) scan.

/**
 * For each 0-based record index (0 = header), the 1-based line on which that record starts.
 * A record index past the end maps to the last line.
 */
export function linesOfRecords(text: string, delimiter: string, recordIndices: readonly number[]): number[] {
  const wanted = [...new Set(recordIndices)].sort((a, b) => a - b);
  const found = new Map<number, number>();
  let next = 0;
  let line = 1;
  let record = 0;
  let inQuotes = false;
  let fieldStart = true;
  while (next < wanted.length && wanted[next] <= 0) found.set(wanted[next++], 1);
  for (let i = 0; i < text.length && next < wanted.length; i++) {
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
      record++;
      fieldStart = true;
      while (next < wanted.length && wanted[next] === record) found.set(wanted[next++], line);
      continue;
    }
    if (c === '"' && fieldStart) inQuotes = true;
    fieldStart = c === delimiter;
  }
  return recordIndices.map((r) => found.get(r) ?? line);
}

/** The 1-based line of a quote that opens a field and is never closed, or null. */
export function findUnclosedQuote(text: string, delimiter: string): number | null {
  let line = 1;
  let inQuotes = false;
  let openedAt = 0;
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
      continue;
    }
    if (c === '"' && fieldStart) {
      inQuotes = true;
      openedAt = line;
    }
    fieldStart = c === delimiter;
  }
  return inQuotes ? openedAt : null;
}
