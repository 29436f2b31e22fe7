// NUTS efficiency on a 100-dimensional standard normal (the classic sampler benchmark):
// minimum bulk-ESS over the 100 coordinates, per second of post-warmup sampling and per gradient
// evaluation spent post-warmup. Bulk-ESS is src/core/diagnostics essBulk (posterior's
// rank-normalised split ESS), over 4 chains of 1000 warmup + 1000 draws run one after another.
// Run directly: `npx tsx bench/nuts.ts`, or bundle with esbuild and run with node.
import { ChainRunner } from '../src/core/sampler/chain';
import { primeSampler } from '../src/core/sampler/primeSampler';
import { essBulk } from '../src/core/diagnostics';
import { DEFAULT_SETTINGS } from '../src/core/types';
import { StandardNormal } from '../src/core/sampler/standardNormal';

export interface NutsBenchResult {
  dim: number;
  chains: number;
  draws: number;
  /** Which ESS estimator produced the numbers. */
  essMethod: 'src/core/diagnostics essBulk';
  minEssBulk: number;
  samplingSeconds: number;
  warmupSeconds: number;
  samplingGradients: number;
  minEssBulkPerSecond: number;
  minEssBulkPerGradient: number;
  meanStepSize: number;
  meanTreedepth: number;
  divergences: number;
}

export async function benchNuts(dim = 100, chains = 4, warmup = 1000, iter = 1000, seed = 1): Promise<NutsBenchResult> {
  const target = new StandardNormal(dim);
  const draws = Array.from({ length: dim }, () => Array.from({ length: chains }, () => new Float64Array(iter)));
  const theta = new Float64Array(dim), stats = new Float64Array(7);
  let samplingMs = 0, warmupMs = 0, samplingGradients = 0, stepSum = 0, depthSum = 0, divergences = 0;
  primeSampler(dim, DEFAULT_SETTINGS.metric); // as the worker shells do before their first chain
  for (let c = 0; c < chains; c++) {
    const runner = new ChainRunner(target, { ...DEFAULT_SETTINGS, warmup, iter, seed }, c + 1);
    let t0 = performance.now();
    for (let i = 0; i < warmup; i++) runner.step(theta, stats);
    warmupMs += performance.now() - t0;
    const g0 = runner.gradientEvaluations;
    t0 = performance.now();
    for (let j = 0; j < iter; j++) {
      runner.step(theta, stats);
      for (let d = 0; d < dim; d++) draws[d][c][j] = theta[d];
      stepSum += stats[2]; depthSum += stats[3]; divergences += stats[5];
    }
    samplingMs += performance.now() - t0;
    samplingGradients += runner.gradientEvaluations - g0;
  }
  let minEss = Infinity;
  for (let d = 0; d < dim; d++) minEss = Math.min(minEss, essBulk(draws[d]) ?? NaN);
  return {
    dim, chains, draws: iter, essMethod: 'src/core/diagnostics essBulk',
    minEssBulk: minEss, samplingSeconds: samplingMs / 1000, warmupSeconds: warmupMs / 1000, samplingGradients,
    minEssBulkPerSecond: minEss / (samplingMs / 1000), minEssBulkPerGradient: minEss / samplingGradients,
    meanStepSize: stepSum / (chains * iter), meanTreedepth: depthSum / (chains * iter), divergences,
  };
}

const entry = typeof process !== 'undefined' ? process.argv[1] ?? '' : '';
if (/bench[-_/]?nuts\.(ts|mjs|cjs|js)$/.test(entry)) {
  benchNuts().then((r) => {
    console.log(
      `NUTS, ${r.dim}-d standard normal, ${r.chains} chains x ${r.draws} draws: min bulk-ESS ${r.minEssBulk.toFixed(0)} ` +
      `(${r.essMethod}); ${r.minEssBulkPerSecond.toFixed(0)} ESS/s of sampling, ` +
      `${r.minEssBulkPerGradient.toFixed(4)} ESS/gradient; step size ${r.meanStepSize.toFixed(3)}, ` +
      `tree depth ${r.meanTreedepth.toFixed(2)}, ${r.divergences} divergences, warmup ${r.warmupSeconds.toFixed(2)} s`,
    );
  });
}
