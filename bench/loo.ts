/**
 * Benchmark: PSIS-LOO through the chunked interface on an InstEval-size problem (73,000
 * observations x 4 chains x 1,000 draws), with a cheap synthetic normal log-likelihood
 * (intercept + one of 100 group effects, AR(1) chains with phi 0 to 0.45 so r_eff varies as in a
 * NUTS fit; the optional arguments set the number of observations and the largest phi), and the peak memory (V8 heap plus typed-array buffers).
 * Issue 20's target: under 10 s and a heap under 500 MB.
 *
 * Run directly (the GC flag lets it report the heap after a collection too):
 *   npx esbuild bench/loo.ts --bundle --platform=node --format=cjs --outfile=/tmp/bench-loo.cjs && node --expose-gc /tmp/bench-loo.cjs [observations] [largest phi]
 */
import { paretoTailLength, psisLoo, type LogLikSource } from '../src/core/loo';

const mean = (x: Float64Array): number => x.reduce((a, b) => a + b, 0) / x.length;

interface Problem {
  source: LogLikSource;
  /** Time spent in fill (the synthetic log-likelihood), ms. */
  fillMs: () => number;
}

function syntheticProblem(nObs: number, chains: number, iterations: number, groups: number, phiMax: number): Problem {
  let state = 20;
  const uniform = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state + 0.5) / 4294967296;
  };
  const normal = (): number => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const S = chains * iterations;
  const ar1 = (out: Float64Array, offset: number, phi: number, sd: number): void => {
    for (let c = 0; c < chains; c++) {
      let x = normal();
      for (let t = 0; t < iterations; t++) {
        x = phi * x + Math.sqrt(1 - phi * phi) * normal();
        out[offset + c * iterations + t] = sd * x;
      }
    }
  };
  const intercept = new Float64Array(S);
  const logSigma = new Float64Array(S);
  const effects = new Float64Array(groups * S);
  ar1(intercept, 0, 0.3, 0.05);
  ar1(logSigma, 0, 0.5, 0.02);
  for (let g = 0; g < groups; g++) ar1(effects, g * S, (phiMax * (g % 10)) / 9, 0.1);
  const invSigma = intercept.map((_, s) => Math.exp(-logSigma[s]));
  const y = new Float64Array(nObs);
  for (let i = 0; i < nObs; i++) y[i] = 0.3 * Math.sin(i) + normal();
  const constant = -0.5 * Math.log(2 * Math.PI);
  let fillTime = 0;
  const source: LogLikSource = {
    nObs,
    nChains: chains,
    nIterations: iterations,
    fill(i0, i1, out) {
      const t0 = performance.now();
      for (let i = i0; i < i1; i++) {
        const base = (i - i0) * S;
        const eff = (i % groups) * S;
        const yi = y[i];
        for (let s = 0; s < S; s++) {
          const z = (yi - intercept[s] - effects[eff + s]) * invSigma[s];
          out[base + s] = constant - logSigma[s] - 0.5 * z * z;
        }
      }
      fillTime += performance.now() - t0;
    },
  };
  return { source, fillMs: () => fillTime };
}

export interface LooBenchResult {
  nObs: number;
  nDraws: number;
  seconds: number;
  /** CPU time of this process (user + system): less sensitive than wall time to other load. */
  cpuSeconds: number;
  fillSeconds: number;
  peakHeapMB: number;
  /** Peak heapUsed + arrayBuffers (typed arrays live outside the V8 heap in Node). */
  peakHeapAndBuffersMB: number;
  peakRssMB: number;
  meanREff: number;
  meanTailLength: number;
  heapBeforeMB: number;
  elpdLoo: number;
  paretoK: Record<string, number>;
}

/** phiMax: the group effects' AR(1) coefficients run from 0 to phiMax (0.45: r_eff as in a NUTS fit). */
export function benchLoo(nObs = 73_000, chains = 4, iterations = 1_000, phiMax = 0.45): LooBenchResult {
  const problem = syntheticProblem(nObs, chains, iterations, 100, phiMax);
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage();
  let peakHeap = before.heapUsed;
  let peakRss = before.rss;
  let peakBoth = before.heapUsed + before.arrayBuffers;
  const sample = (): void => {
    const m = process.memoryUsage();
    if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
    if (m.heapUsed + m.arrayBuffers > peakBoth) peakBoth = m.heapUsed + m.arrayBuffers;
    if (m.rss > peakRss) peakRss = m.rss;
  };
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const r = psisLoo(problem.source, { onProgress: sample });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  sample();
  const mb = (b: number): number => Math.round((b / 2 ** 20) * 10) / 10;
  return {
    nObs,
    nDraws: chains * iterations,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    fillSeconds: problem.fillMs() / 1000,
    peakHeapMB: mb(peakHeap),
    peakHeapAndBuffersMB: mb(peakBoth),
    meanREff: mean(r.pointwise.rEff),
    meanTailLength: mean(r.pointwise.rEff.map((re) => paretoTailLength(re, chains * iterations))),
    peakRssMB: mb(peakRss),
    heapBeforeMB: mb(before.heapUsed),
    elpdLoo: r.elpdLoo.estimate,
    paretoK: { good: r.paretoK.good.count, ok: r.paretoK.ok.count, bad: r.paretoK.bad.count, very_bad: r.paretoK.very_bad.count },
  };
}

const entry = typeof process !== 'undefined' ? process.argv[1] ?? '' : '';
if (/bench[-_/]?loo\.(ts|mjs|cjs|js)$/.test(entry)) {
  // optional arguments: observations, AR(1) coefficient of the worst-mixing group effect
  const nObs = Number(process.argv[2] ?? 73_000);
  const phiMax = Number(process.argv[3] ?? 0.45);
  const r = benchLoo(nObs, 4, 1_000, phiMax);
  console.log(
    `PSIS-LOO ${r.nObs} observations x ${r.nDraws} draws (chunks of 256): ${r.seconds.toFixed(2)} s wall, ${r.cpuSeconds.toFixed(2)} s CPU `
      + `(of which the synthetic log-likelihood ${r.fillSeconds.toFixed(2)} s); `
      + `heap ${r.heapBeforeMB} MB before, peak ${r.peakHeapMB} MB (with typed arrays ${r.peakHeapAndBuffersMB} MB); `
      + `peak RSS ${r.peakRssMB} MB`,
  );
  console.log(`elpd_loo ${r.elpdLoo.toFixed(1)}, Pareto k ${JSON.stringify(r.paretoK)}, mean r_eff ${r.meanREff.toFixed(2)}, mean tail ${r.meanTailLength.toFixed(0)}`);
}
