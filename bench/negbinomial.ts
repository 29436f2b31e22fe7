// The negbinomial kernel (issue 23 item 4) on brms's epilepsy data (bench/data/epilepsy.csv,
// count ~ zAge + zBase * Trt + (1 | patient)): microseconds per log-density gradient against the
// same model as poisson, how many log / reciprocal / lgamma / digamma evaluations a gradient makes
// in lgammaRatio and digammaRatio, and a candidate equivalent that needs far fewer: those two terms
// depend only on (shape, y), not on the row's linear predictor, so their sum over the rows is
//   sum_n [lgamma(y_n + phi) - lgamma(phi)] = sum_k c_k sum_{i < y_k} log(phi + i)
// over the distinct counts y_k (c_k rows each), and the inner sums telescope across the sorted
// y_k: one log (and one reciprocal) per integer below max(y), however many rows there are.
// Run: npx esbuild bench/negbinomial.ts --bundle --platform=node --format=esm --outfile=/tmp/bnb.mjs && node /tmp/bnb.mjs
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readCsvText } from '../src/core/io/csvRead';
import { buildModel } from '../src/core/model/buildModel';
import { prepareModel } from '../src/core/model/spec';
import { digammaRatio, lgammaRatio } from '../src/core/math/special';

export interface NegbinomialBench {
  rows: number;
  distinctCounts: number;
  maxCount: number;
  usPerGradientNegbinomial: number;
  usPerGradientPoisson: number;
  perGradient: { logs: number; reciprocals: number; lgammaCalls: number; digammaCalls: number };
  perGradientGrouped: { logs: number; reciprocals: number };
  usRowTermsPerRow: number;
  usRowTermsGrouped: number;
  maxRelativeDifference: number;
}

function usPer(fn: () => void): number {
  let reps = 1;
  for (;;) {
    const t0 = performance.now();
    for (let r = 0; r < reps; r++) fn();
    const ms = performance.now() - t0;
    if (ms >= 200) return (ms * 1000) / reps;
    reps *= 2;
  }
}

function gradientUs(csv: string, family: 'negbinomial' | 'poisson'): number {
  const { table } = readCsvText(csv, 'epilepsy.csv');
  const prepared = prepareModel({ formula: 'count ~ zAge + zBase * Trt + (1 | patient)', family }, table!);
  const m = buildModel(prepared.structure, { kernel: 'fused' });
  const theta = new Float64Array(m.dim);
  for (let i = 0; i < m.dim; i++) theta[i] = Math.sin(i + 1) * 0.3;
  const grad = new Float64Array(m.dim);
  return usPer(() => m.logDensityGradient(theta, grad));
}

/** The two shape terms summed row by row, as the kernel does now. */
function perRow(y: Float64Array, phi: number): [number, number] {
  let l = 0, d = 0;
  for (let n = 0; n < y.length; n++) { l += lgammaRatio(phi, y[n]); d += digammaRatio(phi, y[n]); }
  return [l, d];
}

/** The same sums over distinct counts (sorted ascending, with their row counts), telescoped. */
function grouped(values: Float64Array, counts: Float64Array, phi: number): [number, number] {
  let l = 0, d = 0, runL = 0, runD = 0, at = 0;
  for (let k = 0; k < values.length; k++) {
    for (; at < values[k]; at++) { runL += Math.log(phi + at); runD += 1 / (phi + at); }
    l += counts[k] * runL;
    d += counts[k] * runD;
  }
  return [l, d];
}

export function benchNegbinomial(path = resolve(process.cwd(), 'bench/data/epilepsy.csv')): NegbinomialBench {
  const csv = readFileSync(path, 'utf8');
  const usNb = gradientUs(csv, 'negbinomial');
  const usPois = gradientUs(csv, 'poisson');
  const { table } = readCsvText(csv, 'epilepsy.csv');
  const col = table!.columns.find((c) => c.name === 'count')!.numeric!;
  const y = Float64Array.from(col);
  const hist = new Map<number, number>();
  for (const v of y) hist.set(v, (hist.get(v) ?? 0) + 1);
  const values = Float64Array.from([...hist.keys()].sort((a, b) => a - b));
  const counts = Float64Array.from(values, (v) => hist.get(v)!);
  let logs = 0, big = 0;
  for (const v of y) { if (v <= 16) logs += v; else big++; }
  const maxCount = values[values.length - 1];
  let maxRel = 0;
  for (const phi of [0.3, 1, 7.5, 40, 1e3]) {
    const a = perRow(y, phi), b = grouped(values, counts, phi);
    for (let i = 0; i < 2; i++) maxRel = Math.max(maxRel, Math.abs(a[i] - b[i]) / Math.max(1e-300, Math.abs(a[i])));
  }
  let sink = 0;
  const usRow = usPer(() => { sink += perRow(y, 7.5)[0]; });
  const usGrouped = usPer(() => { sink += grouped(values, counts, 7.5)[0]; });
  if (sink === 42) console.log('');
  return {
    rows: y.length, distinctCounts: values.length, maxCount,
    usPerGradientNegbinomial: usNb, usPerGradientPoisson: usPois,
    perGradient: { logs, reciprocals: logs, lgammaCalls: 2 * big, digammaCalls: 2 * big },
    perGradientGrouped: { logs: maxCount, reciprocals: maxCount },
    usRowTermsPerRow: usRow, usRowTermsGrouped: usGrouped, maxRelativeDifference: maxRel,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(benchNegbinomial(), null, 2));
}
