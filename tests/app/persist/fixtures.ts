// Fits for the persistence tests: MCMC-like draws (AR(1) per parameter) with the awkward values a
// codec must keep bit for bit (-0, NaN with a payload, tiny and huge numbers), and checkpoints.
import { expect } from 'vitest';
import { DEFAULT_SETTINGS, SAMPLER_STAT_NAMES } from '../../../src/core/types';
import type { PersistedChain, PersistedFit } from '../../../src/app/persist/fitCodec';
import type { ChainCheckpoint } from '../../../workers/protocol';
import { createChainRng } from '../../../src/core/sampler/rng';

const N_STATS = SAMPLER_STAT_NAMES.length;

export function checkpoint(chainId: number, dims: number): ChainCheckpoint {
  return {
    position: Array.from({ length: dims }, (_, i) => 0.1 * i - chainId), stepSize: 0.37, inverseMetric: Array.from({ length: dims }, (_, i) => 1 + i / 7),
    metric: 'diag', rngState: createChainRng(11, chainId).getState(), chainId, iterationsDone: 60, coordinates: 'abc123',
  };
}

export function makeFit(id: string, opts: { nParams?: number; chains?: number; nWarmup?: number; nSampling?: number[]; seed?: number; checkpoints?: boolean; status?: 'done' | 'stopped'; nObs?: number } = {}): PersistedFit {
  const nParams = opts.nParams ?? 5;
  const nSampling = opts.nSampling ?? [40, 40];
  const nWarmup = opts.nWarmup ?? 20;
  let u = opts.seed ?? 7;
  const rand = () => { u = (u * 1103515245 + 12345) % 2147483648; return u / 2147483648; };
  const names = Array.from({ length: nParams }, (_, p) => (p === 0 ? 'b_Intercept' : p === 1 ? 'sigma' : `r_g[${p},Intercept]`));
  const chains: PersistedChain[] = nSampling.map((ns, c) => {
    const rows = nWarmup + ns;
    const draws = new Float64Array(rows * nParams);
    const stats = new Float64Array(rows * N_STATS);
    const prev = new Float64Array(nParams);
    for (let i = 0; i < rows; i++) {
      for (let p = 0; p < nParams; p++) {
        prev[p] = 0.6 * prev[p] + 0.8 * (rand() - 0.5);
        draws[i * nParams + p] = (p - 2) * 0.37 + (0.05 + (p % 7)) * prev[p];
      }
      stats.set([-120 - rand(), rand(), 0.31, 4, 15, rand() < 0.05 ? 1 : 0, 125 + rand()], i * N_STATS);
    }
    if (rows > 3) {
      draws[0] = -0;
      draws[1] = 5e-324;
      draws[2] = 1.7976931348623157e308;
      // A NaN with a payload: only a byte copy keeps it.
      new DataView(stats.buffer).setFloat64(8 * 6, NaN, true);
      new Uint8Array(stats.buffer)[8 * 6] = 0x5a;
    }
    return {
      nWarmup, nIterations: rows, draws, stats, warmupSeconds: 0.25 + c, samplingSeconds: 1.5 + c, gradientEvaluations: 1000 + c,
      checkpoint: opts.checkpoints === false ? null : checkpoint(c + 1, 3),
    };
  });
  return {
    id, name: `model ${id}`, createdAt: '2026-12-04T21:00:00.000Z',
    model: { formula: 'Reaction ~ Days + (Days | Subject)', family: 'gaussian', priors: [{ prior: 'normal(0, 10)', class: 'b' }] },
    settings: { ...DEFAULT_SETTINGS, chains: nSampling.length, warmup: nWarmup, iter: Math.max(...nSampling), seed: 1234 },
    status: opts.status ?? 'done', stopReason: opts.status === 'stopped' ? 'Stopped by the user' : null,
    wallSeconds: 3.25, nObs: opts.nObs ?? 3, dropped: ['Dropped 1 of 4 rows with missing values in y'], names, chains,
  };
}

const bytes = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** The fit with its arrays' bytes compared fast (a deep toEqual walks big arrays value by value). */
export function sameFit(got: PersistedFit, want: PersistedFit): boolean {
  const strip = (f: PersistedFit) => ({ ...f, chains: f.chains.map((c) => ({ ...c, draws: c.draws.length, stats: c.stats.length })) });
  expect(strip(got)).toEqual(strip(want));
  return got.chains.every((c, i) => bytes(c.draws).equals(bytes(want.chains[i].draws)) && bytes(c.stats).equals(bytes(want.chains[i].stats)));
}
