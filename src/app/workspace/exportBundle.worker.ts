// "Open in R" / "Open in Python" off the main thread: buildBundleZip (exportBundleBuild.ts) on the
// request, the zip's pieces posted back (transferred: this short-lived worker owns them).
import { buildBundleZip, type ExportBundleRequest } from './exportBundleBuild';

export type ExportBundleReply =
  | { type: 'progress'; file: string }
  | { type: 'done'; parts: Uint8Array[] }
  | { type: 'error'; message: string };

interface WorkerScope {
  postMessage(message: ExportBundleReply, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ExportBundleRequest>) => void): void;
}
const scope = self as unknown as WorkerScope;

scope.addEventListener('message', (event) => {
  try {
    const parts = buildBundleZip(event.data, (file) => scope.postMessage({ type: 'progress', file }));
    scope.postMessage({ type: 'done', parts }, [...new Set(parts.map((p) => p.buffer as ArrayBuffer))]);
  } catch (err) {
    scope.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
});
