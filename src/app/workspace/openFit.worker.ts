// "Open fit" off the main thread: reads the chosen files in slices (decoded as a stream, so no
// file is ever one string) through core/io's FitFilesReader and posts the draws back, transferred.
import { FitFilesReader } from '../../core/io/fitFiles';
import type { ImportedFit } from '../../core/io/fitImport';

export type OpenFitRequest = { files: File[]; sliceBytes?: number };
export type OpenFitReply =
  | { type: 'progress'; file: string; bytesDone: number; bytesTotal: number }
  | { type: 'done'; fit: ImportedFit }
  | { type: 'error'; message: string };

interface WorkerScope {
  postMessage(message: OpenFitReply, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<OpenFitRequest>) => void): void;
}
const scope = self as unknown as WorkerScope;

async function readAll(files: File[], sliceBytes: number): Promise<ImportedFit> {
  const reader = new FitFilesReader();
  const bytesTotal = files.reduce((s, f) => s + f.size, 0);
  let bytesDone = 0;
  for (const file of files) {
    reader.startFile(file.name);
    const decoder = new TextDecoder('utf-8');
    for (let at = 0; at < file.size; at += sliceBytes) {
      const bytes = new Uint8Array(await file.slice(at, at + sliceBytes).arrayBuffer());
      reader.push(decoder.decode(bytes, { stream: true }));
      bytesDone += bytes.length;
      scope.postMessage({ type: 'progress', file: file.name, bytesDone, bytesTotal });
    }
    reader.push(decoder.decode());
    reader.endFile();
  }
  return reader.finish();
}

scope.addEventListener('message', (event) => {
  const { files, sliceBytes = 4 << 20 } = event.data;
  readAll(files, sliceBytes).then(
    (fit) => scope.postMessage({ type: 'done', fit }, fit.chains.flatMap((c) => [c.draws.buffer, c.stats.buffer])),
    (err: unknown) => scope.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) }),
  );
});
