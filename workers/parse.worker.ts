// Parses one uploaded file off the main thread: read bytes (with progress), then
// src/core/io/readCsvBytes, the decoder the CLI uses too (BOMs, Windows-1252 fallback, NUL check).
// The typed columns travel back with their Float64Array / Uint8Array buffers transferred, and the
// cell texts in pieces (src/app/data/rawPieces.ts) before the 'done' message, which then carries
// the columns with empty `raw` cells: the main thread collects the pieces one message (one task) at a time.
import { readCsvBytes } from '../src/core/io/csvDecode';
import { importError, type CsvReadResult } from '../src/core/io/csvMessages';
import { rawPieces, type RawPiece } from '../src/app/data/rawPieces';
import { rawCellsFromStrings } from '../src/core/io/rawCells';
import { trimmedSummary } from '../src/app/data/columnSummaries';
import type { ColumnSummary } from '../src/core/io/tableSummary';

export interface ParseRequest {
  file: Blob;
  name: string;
}

export type ParsePhase = 'reading' | 'parsing';

export type ParseReply =
  | { type: 'progress'; phase: ParsePhase; fraction: number }
  | ({ type: 'raw' } & RawPiece)
  | { type: 'done'; result: CsvReadResult; ms: number; summaries?: ColumnSummary[] };

interface WorkerScope {
  postMessage(message: ParseReply, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ParseRequest>) => void): void;
}
const scope = self as unknown as WorkerScope;

/** Progress messages at most this often (ms), so the main thread is not flooded. */
const PROGRESS_INTERVAL = 50;
let lastProgress = 0;
function progress(phase: ParsePhase, fraction: number): void {
  const now = performance.now();
  if (fraction < 1 && now - lastProgress < PROGRESS_INTERVAL) return;
  lastProgress = now;
  scope.postMessage({ type: 'progress', phase, fraction });
}

async function readBytes(file: Blob): Promise<Uint8Array> {
  const out = new Uint8Array(file.size);
  const reader = file.stream().getReader();
  let offset = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    out.set(value, offset);
    offset += value.length;
    progress('reading', offset / Math.max(1, file.size));
  }
  return offset === out.length ? out : out.subarray(0, offset);
}

async function parse(request: ParseRequest): Promise<{ result: CsvReadResult }> {
  const bytes = await readBytes(request.file);
  return { result: readCsvBytes(bytes, request.name, { onProgress: (f) => progress('parsing', f) }) };
}

scope.addEventListener('message', (event) => {
  const started = performance.now();
  void parse(event.data).catch((err: unknown) => ({
    result: { table: null, messages: [importError('read-failed', `The file could not be read: ${err instanceof Error ? err.message : String(err)}.`)] } as CsvReadResult,
  })).then(({ result }) => {
    const transfer: Transferable[] = [];
    const columns = result.table?.columns ?? [];
    // The Columns view's summaries, computed here rather than on the main thread.
    const summaries = columns.map(trimmedSummary);
    for (const piece of rawPieces(columns)) scope.postMessage({ type: 'raw', ...piece }, [piece.ends.buffer as ArrayBuffer]);
    for (const c of columns) {
      transfer.push(c.missing.buffer as ArrayBuffer);
      if (c.numeric) transfer.push(c.numeric.buffer as ArrayBuffer);
    }
    const table = result.table ? { ...result.table, columns: columns.map((c) => ({ ...c, raw: rawCellsFromStrings([]) })) } : null;
    scope.postMessage({ type: 'done', result: { ...result, table }, ms: performance.now() - started, summaries }, transfer);
  });
});
