// Test helpers: small targets with hand-written gradients, a chain runner loop, and a batch-means
// Monte Carlo standard error (self-contained on purpose: tests must not depend on diagnostics).
import { ChainRunner } from '../../../src/core/sampler/chain';
import { DEFAULT_SETTINGS, type LogDensity, type SamplerSettings } from '../../../src/core/types';

export function target(dim: number, f: (q: Float64Array, g: Float64Array) => number, names?: string[]): LogDensity {
  return { dim, unconstrainedNames: names ?? Array.from({ length: dim }, (_, i) => `x[${i + 1}]`), logDensityGradient: f };
}

/** Independent normals with the given standard deviations. */
export function normalTarget(sd: number[]): LogDensity {
  const prec = sd.map((s) => 1 / (s * s));
  return target(sd.length, (q, g) => {
    let lp = 0;
    for (let i = 0; i < q.length; i++) { lp -= 0.5 * prec[i] * q[i] * q[i]; g[i] = -prec[i] * q[i]; }
    return lp;
  });
}

/** Bivariate normal, zero mean, unit variances, correlation r. */
export function correlatedTarget(r: number): LogDensity {
  const c = 1 / (1 - r * r);
  return target(2, (q, g) => {
    const [x, y] = [q[0], q[1]];
    g[0] = -c * (x - r * y);
    g[1] = -c * (y - r * x);
    return -0.5 * c * (x * x - 2 * r * x * y + y * y);
  });
}

export interface ChainOutput {
  draws: Float64Array[]; // per coordinate, post-warmup
  stats: Float64Array[]; // per stat, post-warmup
  warmupStats: Float64Array[];
  runner: ChainRunner;
}

export function runChain(t: LogDensity, settings: Partial<SamplerSettings>, chainId = 1, extra?: ConstructorParameters<typeof ChainRunner>[4]): ChainOutput {
  const s: SamplerSettings = { ...DEFAULT_SETTINGS, ...settings };
  const runner = new ChainRunner(t, s, chainId, undefined, extra);
  return collect(runner, s.warmup);
}

export function collect(runner: ChainRunner, warmup: number): ChainOutput {
  const dim = runner.dim;
  const n = runner.totalIterations - warmup;
  const draws = Array.from({ length: dim }, () => new Float64Array(n));
  const stats = Array.from({ length: 7 }, () => new Float64Array(n));
  const warmupStats = Array.from({ length: 7 }, () => new Float64Array(warmup));
  const theta = new Float64Array(dim);
  const st = new Float64Array(7);
  let it = 0;
  while (runner.step(theta, st)) {
    if (it < warmup) for (let k = 0; k < 7; k++) warmupStats[k][it] = st[k];
    else {
      const j = it - warmup;
      for (let i = 0; i < dim; i++) draws[i][j] = theta[i];
      for (let k = 0; k < 7; k++) stats[k][j] = st[k];
    }
    it++;
  }
  return { draws, stats, warmupStats, runner };
}

export function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

export function variance(x: ArrayLike<number>): number {
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - m) ** 2;
  return s / (x.length - 1);
}

/** Batch-means MCSE of the mean of x (nBatches equal batches; the remainder at the start dropped). */
export function mcseBatchMeans(x: ArrayLike<number>, nBatches = 25): number {
  const b = Math.floor(x.length / nBatches);
  const off = x.length - b * nBatches;
  const means = new Float64Array(nBatches);
  for (let k = 0; k < nBatches; k++) {
    let s = 0;
    for (let i = 0; i < b; i++) s += x[off + k * b + i];
    means[k] = s / b;
  }
  return Math.sqrt(variance(means) / nBatches);
}

/** Concatenates per-chain draws of one coordinate. */
export function concat(parts: Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

/** z-scores of the mean and of the variance (via E[(x-mu)^2]) against known truth. */
export function momentZ(x: Float64Array, trueMean: number, trueVar: number): { zMean: number; zVar: number } {
  const zMean = (mean(x) - trueMean) / mcseBatchMeans(x);
  const sq = x.map((v) => (v - trueMean) ** 2);
  const zVar = (mean(sq) - trueVar) / mcseBatchMeans(sq);
  return { zMean, zVar };
}
