// Gradient benchmark (issue 3): microseconds per logDensityGradient of the compiled model versus a
// plain hand-written TypeScript loop computing the same gradient, for
//   1. a random-intercept gaussian model y ~ 1 + (1 | g), N = 10,000, J = 100 (simulated), and
//   2. sleepstudy: Reaction ~ Days + (Days | Subject), 180 rows, and
//   3. insteval: y ~ factor(service) + (1 | s) + (1 | d), 73,421 rows, ~4,100 coordinates.
// Run directly: npx esbuild bench/gradient.ts --bundle --platform=node --format=esm --outfile=/tmp/bg.mjs && node /tmp/bg.mjs
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Tape } from '../src/core/ad/tape';
import { buildModel } from '../src/core/model/buildModel';
import { readCsvText } from '../src/core/io/csvRead';
import { prepareModel } from '../src/core/model/spec';
import type { ModelStructure, PriorDensity } from '../src/core/types';

export interface GradientBenchRow {
  model: string;
  n: number;
  dim: number;
  usPerGradient: number;
  usHandLoop: number;
  ratio: number;
}

type GradFn = (theta: Float64Array, grad: Float64Array) => number;

const T3 = (mu: number, sigma: number): PriorDensity => ({ dist: 'student_t', nu: 3, mu, sigma });

/** Tiny CSV reader for the benchmark's data (no quoting needed for these files). */
function readCsv(path: string): Record<string, string[]> {
  const lines = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const header = lines[0].split(',');
  const cols: Record<string, string[]> = Object.fromEntries(header.map((h) => [h, [] as string[]]));
  for (const line of lines.slice(1)) line.split(',').forEach((v, i) => cols[header[i]].push(v));
  return cols;
}

function findData(file: string): string {
  const candidates = [
    resolve(process.cwd(), 'public/examples', file),
    resolve(process.cwd(), '../shared/data', file),
    resolve(process.cwd(), 'shared/data', file),
    resolve('/work/shared/data', file),
  ];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`benchGradient: cannot find ${file} (looked in ${candidates.join(', ')})`);
  return found;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Half student_t(3, 0, s) kernel and its derivative (constants dropped). */
const halfTOut = new Float64Array(2);
function halfT(x: number, s: number): Float64Array {
  const q = 3 * s * s + x * x;
  halfTOut[0] = -2 * Math.log1p((x * x) / (3 * s * s));
  halfTOut[1] = (-4 * x) / q;
  return halfTOut;
}

// --- model 1: random intercept -------------------------------------------------------------

export function randomInterceptStructure(N = 10_000, J = 100, seed = 1): ModelStructure {
  const u = mulberry32(seed);
  const index = new Int32Array(N);
  const effects = Float64Array.from({ length: J }, () => 3 * (u() - 0.5));
  const y = new Float64Array(N);
  for (let n = 0; n < N; n++) {
    index[n] = n % J;
    y[n] = 10 + effects[index[n]] + 2 * (u() + u() + u() - 1.5);
  }
  return {
    family: 'gaussian', N, y, trials: null, offset: null, hasIntercept: true, X: new Float64Array(0), K: 0,
    bNames: [], interceptPrior: T3(10, 2.5), bPriors: [],
    groups: [{
      id: 1, group: 'g', levels: Array.from({ length: J }, (_, j) => String(j + 1)), index,
      coefNames: ['Intercept'], Z: [new Float64Array(N).fill(1)], correlated: true, sdPriors: [T3(0, 2.5)],
      lkjEta: 1, parameterization: 'noncentered',
    }],
    familyPriors: [{ name: 'sigma', prior: T3(0, 2.5) }],
  };
}

/** theta = [Intercept, log sd, z_1..z_J, log sigma]: the whole gradient in one loop. */
function randomInterceptHandLoop(s: ModelStructure): GradFn {
  const N = s.N;
  const y = s.y;
  const g = s.groups[0].index;
  const J = s.groups[0].levels.length;
  const dzRaw = new Float64Array(J);
  return (theta, grad) => {
    const a = theta[0];
    const sd = Math.exp(theta[1]);
    const sigma = Math.exp(theta[2 + J]);
    const inv = 1 / sigma;
    dzRaw.fill(0);
    let ss = 0;
    let dA = 0;
    for (let n = 0; n < N; n++) {
      const j = g[n];
      const r = (y[n] - a - sd * theta[2 + j]) * inv;
      ss += r * r;
      const d = r * inv;
      dA += d;
      dzRaw[j] += d;
    }
    let lp = -0.5 * ss - N * Math.log(sigma);
    let dSd = 0;
    for (let j = 0; j < J; j++) {
      const z = theta[2 + j];
      dSd += z * dzRaw[j];
      grad[2 + j] = sd * dzRaw[j] - z;
      lp -= 0.5 * z * z;
    }
    // Intercept ~ student_t(3, 10, 2.5)
    const dI = a - 10;
    lp += -2 * Math.log1p((dI * dI) / (3 * 6.25));
    grad[0] = dA - (4 * dI) / (3 * 6.25 + dI * dI);
    const hs = halfT(sd, 2.5);
    const lsd = hs[0];
    const gsd = hs[1];
    lp += lsd + theta[1];
    grad[1] = (dSd + gsd) * sd + 1;
    const hg = halfT(sigma, 2.5);
    const lsig = hg[0];
    const gsig = hg[1];
    lp += lsig + theta[2 + J];
    grad[2 + J] = ((ss - N) * inv + gsig) * sigma + 1;
    return lp;
  };
}

/** The same random-intercept model written on the general AD tape (no hand fusion). */
function randomInterceptTape(s: ModelStructure): GradFn {
  const J = s.groups[0].levels.length;
  const tape = new Tape();
  const y = tape.constant(s.y);
  const nu = tape.constant(Float64Array.from([3]));
  const ten = tape.constant(Float64Array.from([10]));
  const zero = tape.constant(Float64Array.from([0]));
  const scale = tape.constant(Float64Array.from([2.5]));
  const gi = tape.indexConstant(s.groups[0].index);
  return (theta, grad) => {
    tape.reset();
    const a = tape.input(theta, 0, 1);
    const lsd = tape.input(theta, 1, 1);
    const z = tape.input(theta, 2, J);
    const lsig = tape.input(theta, 2 + J, 1);
    const sd = tape.exp(lsd);
    const sigma = tape.exp(lsig);
    const eta = tape.add(a, tape.gather(tape.mul(sd, z), gi));
    const lp = tape.sumScalars(
      tape.lpdf('normal', y, eta, sigma, -1, true),
      tape.lpdf('std_normal', z, -1, -1, -1, true),
      tape.lpdf('student_t', a, nu, ten, scale, true),
      tape.lpdf('student_t', sd, nu, zero, scale, true),
      tape.lpdf('student_t', sigma, nu, zero, scale, true),
      lsd, lsig,
    );
    tape.gradient(lp);
    tape.readAdjoint(a, grad, 0);
    tape.readAdjoint(lsd, grad, 1);
    tape.readAdjoint(z, grad, 2);
    tape.readAdjoint(lsig, grad, 2 + J);
    return tape.value(lp);
  };
}

// --- model 2: sleepstudy -------------------------------------------------------------------

export function sleepstudyStructure(): ModelStructure {
  const cols = readCsv(findData('sleepstudy.csv'));
  const N = cols.Reaction.length;
  const y = Float64Array.from(cols.Reaction, Number);
  const days = Float64Array.from(cols.Days, Number);
  const levels = [...new Set(cols.Subject)].sort((p, q) => Number(p) - Number(q));
  const index = Int32Array.from(cols.Subject, (v) => levels.indexOf(v));
  return {
    family: 'gaussian', N, y, trials: null, offset: null, hasIntercept: true, X: Float64Array.from(days), K: 1,
    bNames: ['Days'], interceptPrior: T3(288.7, 59.3), bPriors: [{ dist: 'flat' }],
    groups: [{
      id: 1, group: 'Subject', levels, index, coefNames: ['Intercept', 'Days'],
      Z: [new Float64Array(N).fill(1), Float64Array.from(days)], correlated: true,
      sdPriors: [T3(0, 59.3), T3(0, 59.3)], lkjEta: 1, parameterization: 'noncentered',
    }],
    familyPriors: [{ name: 'sigma', prior: T3(0, 59.3) }],
  };
}

/**
 * theta = [Intercept, b, log sd1, log sd2, atanh(rho), z (2 x J, coefficient-major), log sigma];
 * L = [[1, 0], [rho, sqrt(1 - rho^2)]], r_j = (sd1 z1j, sd2 (rho z1j + w z2j)).
 */
function sleepstudyHandLoop(s: ModelStructure): GradFn {
  const N = s.N;
  const y = s.y;
  const x = s.X;
  let mean = 0;
  for (let n = 0; n < N; n++) mean += x[n];
  mean /= N;
  const xc = Float64Array.from(x, (v) => v - mean);
  const g = s.groups[0].index;
  const J = s.groups[0].levels.length;
  const r1 = new Float64Array(J);
  const r2 = new Float64Array(J);
  const d1 = new Float64Array(J);
  const d2 = new Float64Array(J);
  const Z = 5;
  return (theta, grad) => {
    const a = theta[0];
    const b = theta[1];
    const sd1 = Math.exp(theta[2]);
    const sd2 = Math.exp(theta[3]);
    const rho = Math.tanh(theta[4]);
    const w = Math.sqrt(1 - rho * rho);
    const sigma = Math.exp(theta[Z + 2 * J]);
    const inv = 1 / sigma;
    for (let j = 0; j < J; j++) {
      r1[j] = sd1 * theta[Z + j];
      r2[j] = sd2 * (rho * theta[Z + j] + w * theta[Z + J + j]);
    }
    d1.fill(0);
    d2.fill(0);
    let ss = 0;
    let dA = 0;
    let dB = 0;
    for (let n = 0; n < N; n++) {
      const j = g[n];
      const res = (y[n] - a - xc[n] * b - r1[j] - r2[j] * x[n]) * inv;
      ss += res * res;
      const d = res * inv;
      dA += d;
      dB += d * xc[n];
      d1[j] += d;
      d2[j] += d * x[n];
    }
    let lp = -0.5 * ss - N * Math.log(sigma);
    let dSd1 = 0;
    let dSd2 = 0;
    let dRho = 0;
    let dW = 0;
    for (let j = 0; j < J; j++) {
      const z1 = theta[Z + j];
      const z2 = theta[Z + J + j];
      lp -= 0.5 * (z1 * z1 + z2 * z2);
      dSd1 += z1 * d1[j];
      dSd2 += (rho * z1 + w * z2) * d2[j];
      dRho += sd2 * z1 * d2[j];
      dW += sd2 * z2 * d2[j];
      grad[Z + j] = sd1 * d1[j] + sd2 * rho * d2[j] - z1;
      grad[Z + J + j] = sd2 * w * d2[j] - z2;
    }
    const dI = a - 288.7;
    lp += -2 * Math.log1p((dI * dI) / (3 * 59.3 * 59.3));
    grad[0] = dA - (4 * dI) / (3 * 59.3 * 59.3 + dI * dI);
    grad[1] = dB;
    const h1 = halfT(sd1, 59.3);
    const l1 = h1[0];
    const g1 = h1[1];
    const h2 = halfT(sd2, 59.3);
    const l2 = h2[0];
    const g2 = h2[1];
    lp += l1 + l2 + theta[2] + theta[3];
    grad[2] = (dSd1 + g1) * sd1 + 1;
    grad[3] = (dSd2 + g2) * sd2 + 1;
    // lkj_corr_cholesky(1): (2 - 2 + 2 - 2) log L22 = 0 for K = 2, eta = 1. Jacobian log(1 - rho^2).
    // w = sqrt(1 - rho^2): dw/drho = -rho / w; drho/dy = 1 - rho^2.
    lp += Math.log(1 - rho * rho);
    grad[4] = (dRho - (dW * rho) / w) * (1 - rho * rho) - 2 * rho;
    const h3 = halfT(sigma, 59.3);
    const ls = h3[0];
    const gs = h3[1];
    lp += ls + theta[Z + 2 * J];
    grad[Z + 2 * J] = ((ss - N) * inv + gs) * sigma + 1;
    return lp;
  };
}

// --- model 3: insteval, two crossed random intercepts -------------------------------------

/** insteval y ~ factor(service) + (1 | s) + (1 | d), 73,421 rows, through the app's own reader and compiler. */
export function instevalStructure(): ModelStructure {
  const file = findData('insteval.csv');
  const { table } = readCsvText(readFileSync(file, 'utf8'), 'insteval.csv');
  if (!table) throw new Error('benchGradient: cannot read insteval.csv');
  const prepared = prepareModel({ formula: 'y ~ factor(service) + (1 | s) + (1 | d)', family: 'gaussian' }, table);
  const st = prepared.structure;
  // The hand loop below is the brms (non-centred) parameterisation.
  return { ...st, groups: st.groups.map((g) => ({ ...g, parameterization: 'noncentered' as const })) };
}

function tParams(p: PriorDensity): { mu: number; s2: number } {
  if (p.dist !== 'student_t' || p.nu !== 3) throw new Error(`benchGradient: the hand loop expects student_t(3, ...) priors, got ${JSON.stringify(p)}`);
  return { mu: p.mu, s2: p.sigma * p.sigma };
}

/**
 * One loop over the rows for eta, the residual and every scatter; then the z priors and the
 * student_t(3) priors. Coordinates are looked up by name in the compiled model's layout.
 */
function instevalHandLoop(s: ModelStructure): GradFn {
  const model = buildModel(s, { kernel: 'passes' });
  const names = model.unconstrainedNames;
  const at = (prefix: string) => {
    const i = names.findIndex((n) => n.startsWith(prefix));
    if (i < 0) throw new Error(`benchGradient: no coordinate ${prefix}* in ${names.slice(0, 8).join(', ')}...`);
    return i;
  };
  const N = s.N, y = s.y;
  if (s.K !== 1 || s.groups.length !== 2) throw new Error('benchGradient: insteval hand loop expects one predictor and two group terms');
  let mean = 0;
  for (let n = 0; n < N; n++) mean += s.X[n];
  mean /= N;
  const xc = Float64Array.from(s.X, (v) => v - mean);
  const [g1, g2] = s.groups;
  const i1 = g1.index, i2 = g2.index;
  const J1 = g1.levels.length, J2 = g2.levels.length;
  const A = 0, B = 1;
  const SD1 = at(`log(sd_${g1.group}__`), SD2 = at(`log(sd_${g2.group}__`);
  const Z1 = at(`z_${g1.group}[`), Z2 = at(`z_${g2.group}[`);
  const SIG = at('log(sigma)');
  const pa = tParams(s.interceptPrior), p1 = tParams(g1.sdPriors[0]), p2 = tParams(g2.sdPriors[0]), ps = tParams(s.familyPriors[0].prior);
  const d1 = new Float64Array(J1), d2 = new Float64Array(J2);
  const r1 = new Float64Array(J1), r2 = new Float64Array(J2);
  const tPrior = (x: number, p: { mu: number; s2: number }, out: Float64Array) => {
    const d = x - p.mu;
    out[0] = -2 * Math.log1p((d * d) / (3 * p.s2));
    out[1] = (-4 * d) / (3 * p.s2 + d * d);
  };
  const t = new Float64Array(2);
  return (theta, grad) => {
    const a = theta[A], b = theta[B];
    const sd1 = Math.exp(theta[SD1]), sd2 = Math.exp(theta[SD2]), sigma = Math.exp(theta[SIG]);
    const inv = 1 / sigma;
    for (let j = 0; j < J1; j++) r1[j] = sd1 * theta[Z1 + j];
    for (let j = 0; j < J2; j++) r2[j] = sd2 * theta[Z2 + j];
    d1.fill(0);
    d2.fill(0);
    let ss = 0, dA = 0, dB = 0;
    for (let n = 0; n < N; n++) {
      const j1 = i1[n], j2 = i2[n];
      const res = (y[n] - a - xc[n] * b - r1[j1] - r2[j2]) * inv;
      ss += res * res;
      const d = res * inv;
      dA += d;
      dB += d * xc[n];
      d1[j1] += d;
      d2[j2] += d;
    }
    let lp = -0.5 * ss - N * Math.log(sigma);
    let dSd1 = 0, dSd2 = 0;
    for (let j = 0; j < J1; j++) {
      const z = theta[Z1 + j];
      lp -= 0.5 * z * z;
      dSd1 += z * d1[j];
      grad[Z1 + j] = sd1 * d1[j] - z;
    }
    for (let j = 0; j < J2; j++) {
      const z = theta[Z2 + j];
      lp -= 0.5 * z * z;
      dSd2 += z * d2[j];
      grad[Z2 + j] = sd2 * d2[j] - z;
    }
    tPrior(a, pa, t);
    lp += t[0];
    grad[A] = dA + t[1];
    grad[B] = dB; // flat prior on b
    tPrior(sd1, p1, t);
    lp += t[0] + theta[SD1];
    grad[SD1] = (dSd1 + t[1]) * sd1 + 1;
    tPrior(sd2, p2, t);
    lp += t[0] + theta[SD2];
    grad[SD2] = (dSd2 + t[1]) * sd2 + 1;
    tPrior(sigma, ps, t);
    lp += t[0] + theta[SIG];
    grad[SIG] = ((ss - N) * inv + t[1]) * sigma + 1;
    return lp;
  };
}

// --- timing --------------------------------------------------------------------------------

function timeUs(f: GradFn, theta: Float64Array, grad: Float64Array, minMs: number): number {
  let reps = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < minMs) {
    for (let i = 0; i < 50; i++) f(theta, grad);
    reps += 50;
    t = performance.now();
  }
  return ((t - t0) * 1000) / reps;
}

function compare(name: string, s: ModelStructure, hand: GradFn, seed: number, engine?: GradFn): GradientBenchRow {
  const model = buildModel(s);
  const u = mulberry32(seed);
  const theta = Float64Array.from({ length: model.dim }, () => u() - 0.5);
  if (model.structure.hasIntercept) theta[0] = model.structure.interceptPrior.dist === 'student_t' ? model.structure.interceptPrior.mu : 0;
  const ga = new Float64Array(model.dim);
  const gb = new Float64Array(model.dim);
  const m: GradFn = engine ?? ((th, g) => model.logDensityGradient(th, g));
  const la = m(theta, ga);
  const lb = hand(theta, gb);
  // Same model: gradients agree and the values differ by nothing (both drop the same constants).
  for (let i = 0; i < model.dim; i++) {
    if (Math.abs(ga[i] - gb[i]) > 1e-8 * Math.max(1, Math.abs(gb[i]))) {
      throw new Error(`benchGradient(${name}): hand loop and model disagree at ${model.unconstrainedNames[i]}: ${gb[i]} vs ${ga[i]}`);
    }
  }
  if (!engine && Math.abs(la - lb) > 1e-8 * Math.max(1, Math.abs(lb))) throw new Error(`benchGradient(${name}): lp ${la} vs hand ${lb}`);
  timeUs(m, theta, ga, 200);
  timeUs(hand, theta, gb, 200);
  // Interleaved rounds, and the fastest of each: on a shared machine noise only ever adds time, so
  // the minimum is the best estimate of either loop's own cost (as Python's timeit advises).
  let usPerGradient = Infinity;
  let usHandLoop = Infinity;
  for (let round = 0; round < 9; round++) {
    usPerGradient = Math.min(usPerGradient, timeUs(m, theta, ga, 100));
    usHandLoop = Math.min(usHandLoop, timeUs(hand, theta, gb, 100));
  }
  return { model: name, n: s.N, dim: model.dim, usPerGradient, usHandLoop, ratio: usPerGradient / usHandLoop };
}

export async function benchGradient(): Promise<GradientBenchRow[]> {
  const ri = randomInterceptStructure();
  const sl = sleepstudyStructure();
  const ie = instevalStructure();
  return [
    compare('random intercept gaussian (N = 10,000, J = 100)', ri, randomInterceptHandLoop(ri), 3),
    compare('sleepstudy Reaction ~ Days + (Days | Subject)', sl, sleepstudyHandLoop(sl), 4),
    compare('insteval y ~ factor(service) + (1 | s) + (1 | d)', ie, instevalHandLoop(ie), 5),
    // For reference: the general-purpose tape on the first model (not the compiled engine).
    compare('random intercept on the generic AD tape', ri, randomInterceptHandLoop(ri), 3, randomInterceptTape(ri)),
  ];
}

function isMain(): boolean {
  try {
    // Only when run as this file itself, not when bundled into the suite (dist-cli/bench.mjs).
    return typeof process !== 'undefined' && !!process.argv[1] && /gradient\.(ts|mjs|cjs|js)$/.test(process.argv[1]) &&
      import.meta.url === pathToFileURL(process.argv[1]).href;
  } catch {
    return false;
  }
}

if (isMain()) {
  const rows = await benchGradient();
  console.log('model                                              N      dim   us/grad  us/hand  ratio');
  for (const r of rows) {
    console.log(`${r.model.padEnd(50)} ${String(r.n).padStart(6)} ${String(r.dim).padStart(5)} ${r.usPerGradient.toFixed(2).padStart(9)} ${r.usHandLoop.toFixed(2).padStart(8)} ${r.ratio.toFixed(2).padStart(6)}`);
  }
}
