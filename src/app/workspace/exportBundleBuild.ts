// The Open in R / Python zip of one fit: bundleRequest copies what the fit shown holds (draws,
// stats, each chain's tuning and timing) into a plain request; buildBundleZip (run in
// exportBundle.worker.ts) compiles the model again from its spec and data (the same structure the
// chains ran: compileSpec is deterministic), writes the bundle's files (core/export/bundle.ts) and
// zips them (zipBundle.ts).
import { compileSpec } from '../../core/model/spec';
import { modelLayout } from '../../core/model/layout';
import { exportBundle, type BundleTarget } from '../../core/export/bundle';
import type { ExportChain } from '../../core/export/cmdstanWrite';
import type { StanSyntax } from '../../core/export/stanSyntax';
import type { DataTable, SamplerSettings } from '../../core/types';
import type { ModelSpecInput } from '../../../workers/protocol';
import type { DrawStore } from '../../client/drawStore';
import { commonDraws, fitProgress, usableChains, type Fit } from './fit';
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

/** The request for a fit as it is now: draws and stats copied, the run's tuning per chain. */
export function bundleRequest(fit: Fit, store: DrawStore, target: BundleTarget, syntax: StanSyntax, stem: string): ExportBundleRequest {
  const n = commonDraws(store);
  const P = store.names.length;
  const progress = fitProgress(fit);
  const chains = usableChains(store).map((c): ExportChain => {
    const cp = fit.run?.checkpoints[c - 1] ?? null;
    return {
      chainId: c, nDraws: n,
      draws: store.samplingDraws(c).slice(0, n * P), stats: store.samplingStats(c).slice(0, n * 7),
      tuning: cp ? { stepSize: cp.stepSize, inverseMetric: cp.inverseMetric.slice(), metric: cp.metric } : null,
      warmupSeconds: progress[c - 1]?.warmupSeconds ?? 0, samplingSeconds: progress[c - 1]?.samplingSeconds ?? 0,
    };
  });
  return { target, syntax, spec: fit.spec, table: fit.table, settings: fit.settings, outputNames: store.names.slice(), chains, stem };
}

/** The zip (in pieces) with the bundle in one folder, `STEM-R` or `STEM-python`. */
export function buildBundleZip(req: ExportBundleRequest, onFile?: (path: string) => void): Uint8Array[] {
  const compiled = compileSpec({ ...req.spec, priors: req.spec.priors ?? [] }, req.table);
  const names = modelLayout(compiled.structure).outputNames;
  if (names.length !== req.outputNames.length || names.some((n, i) => n !== req.outputNames[i])) {
    throw new Error('the model compiled again from the fit\'s data has other parameters than the fit\'s draws; save the session and export from the CLI');
  }
  const files = exportBundle({ ...req, compiled });
  return zipBundle(files, `${req.stem}-${req.target === 'r' ? 'R' : 'python'}`, onFile);
}
