// A Fit from draws read by core/io (CmdStan CSV files or a draws CSV): a restored fit with no
// model. Its DrawStore holds each chain's saved warmup rows then its post-warmup rows, so the
// traces, rank, density, pairs, summary and sampler checks read it like one of our own fits.
import type { SamplerSettings } from '../../core/types';
import type { ImportedFit } from '../../core/io/fitImport';
import { N_STATS } from '../../core/io/fitImport';
import { DrawStore } from '../../client/drawStore';
import type { ChainProgress } from '../../client/runController';
import { makeFit, type Fit } from './fit';

/** The name the exports use: the first file without its extension and CmdStan's `-1` chain suffix. */
export function openedFitName(files: string[]): string {
  const base = (files[0] ?? 'fit').replace(/\.[^.]*$/, '');
  return files.length > 1 ? base.replace(/[-_]\d+$/, '') || base : base;
}

export function buildOpenedFit(imported: ImportedFit, id: number): Fit {
  const { names, chains, meta } = imported;
  const store = new DrawStore(names, chains.length, Math.max(...chains.map((c) => c.nIterations)));
  const P = names.length;
  const progress: ChainProgress[] = chains.map((c, i) => {
    if (c.nWarmup > 0) store.append(i + 1, { phase: 'warmup', count: c.nWarmup, draws: c.draws, stats: c.stats });
    const ns = c.nIterations - c.nWarmup;
    if (ns > 0) {
      store.append(i + 1, {
        phase: 'sampling', count: ns, draws: c.draws.subarray(c.nWarmup * P), stats: c.stats.subarray(c.nWarmup * N_STATS),
      });
    }
    const t = meta[i]?.timing;
    return { phase: 'done', iterationsDone: c.nIterations, totalIterations: c.nIterations, warmupSeconds: t?.warmup ?? 0, samplingSeconds: t?.sampling ?? 0, gradientEvaluations: 0 };
  });
  const m = meta[0] ?? {};
  const settings: SamplerSettings = {
    chains: chains.length,
    // The warmup rows the store holds (the traces place the post-warmup draws after them).
    warmup: Math.max(...chains.map((c) => c.nWarmup)),
    iter: Math.max(...chains.map((c) => c.nIterations - c.nWarmup)),
    seed: m.seed ?? 0,
    adaptDelta: m.adaptDelta ?? 0.8,
    // CmdStan's default max_depth, also for draws CSVs that do not say.
    maxTreedepth: m.maxDepth ?? 10,
    metric: m.metric === 'dense_e' ? 'dense' : 'diag',
    initRadius: 2,
  };
  const files = [...new Set(chains.map((c) => c.file))];
  const total = meta.reduce((s, x) => s + (x.timing?.total ?? 0), 0);
  return makeFit({
    id,
    name: openedFitName(files),
    source: 'opened',
    spec: { formula: '', family: 'gaussian', priors: [] },
    settings,
    table: { name: openedFitName(files), nRows: 0, columns: [] },
    restored: { store, progress, nObs: 0 },
    createdAt: Date.now(),
    wallSeconds: total,
    external: { format: imported.format, files, meta, statsPresent: imported.statsPresent },
  });
}
