// "Open in R" / "Open in Python" off the main thread: compiles the fit's model again from its
// spec and data (the same structure the chains ran: compileSpec is deterministic), writes the
// bundle's files (core/export/bundle.ts) and zips them (zipBundle.ts); posts the zip's pieces back.
import { compileSpec } from '../../core/model/spec';
import { modelLayout } from '../../core/model/layout';
import { exportBundle, type BundleTarget } from '../../core/export/bundle';
import type { ExportChain } from '../../core/export/cmdstanWrite';
import type { StanSyntax } from '../../core/export/stanSyntax';
import type { DataTable, SamplerSettings } from '../../core/types';
import type { ModelSpecInput } from '../../../workers/protocol';
import { zipBundle } from './zipBundle';

export interface ExportBundleRequest {
  target: BundleTarget;
  syntax: StanSyntax;
  spec: ModelSpecInput;
  table: DataTable;
  settings: SamplerSettings;
  outputNames: string[];
  chains: ExportChain[];
  stem: string;
}

export type ExportBundleReply =
  | { type: 'progress'; file: string }
  | { type: 'done'; parts: Uint8Array[] }
  | { type: 'error'; message: string };

interface WorkerScope {
  postMessage(message: ExportBundleReply, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ExportBundleRequest>) => void): void;
}
const scope = self as unknown as WorkerScope;

function build(req: ExportBundleRequest): Uint8Array[] {
  const compiled = compileSpec({ formula: req.spec.formula, family: req.spec.family, priors: req.spec.priors ?? [] }, req.table);
  const names = modelLayout(compiled.structure).outputNames;
  if (names.length !== req.outputNames.length || names.some((n, i) => n !== req.outputNames[i])) {
    throw new Error('the model compiled again from the fit\'s data has other parameters than the fit\'s draws; save the session and export from the CLI');
  }
  const files = exportBundle({ ...req, compiled });
  const folder = `${req.stem}-${req.target === 'r' ? 'R' : 'python'}`;
  return zipBundle(files, folder, (file) => scope.postMessage({ type: 'progress', file }));
}

scope.addEventListener('message', (event) => {
  try {
    const parts = build(event.data);
    scope.postMessage({ type: 'done', parts }, [...new Set(parts.map((p) => p.buffer as ArrayBuffer))]);
  } catch (err) {
    scope.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
});
