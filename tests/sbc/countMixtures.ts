// Simulation-based calibration (Talts et al. 2018) of the zero-inflated and hurdle families through
// the whole engine (prepareModel -> buildModel -> NUTS): y ~ x + (1 | g) with proper priors, data
// drawn from them by a generator written here (independent of src/core/families), ranks of the
// truth among thinned posterior draws of b_Intercept, b_x, sd_g__Intercept, the family's parameters
// and the log-likelihood.
import { buildModel } from '../../src/core/model/buildModel';
import { prepareModel } from '../../src/core/model/spec';
import { pointwiseLogLikRows, getFamily } from '../../src/core/families';
import { ChainRunner } from '../../src/core/sampler/chain';
import { createChainRng, type Rng } from '../../src/core/sampler/rng';
import { DEFAULT_SETTINGS } from '../../src/core/types';
import { tableFromRows } from '../core/design/csvTable';
import type { SbcResult } from './randomIntercept';

/** The priors of the calibration model (brms classes) and the generator's draws from them. */
const PRIORS = [
  { prior: 'normal(1, 0.5)', class: 'Intercept' },
  { prior: 'normal(0, 0.5)', class: 'b' },
  { prior: 'normal(0, 0.5)', class: 'sd' },
  { prior: 'gamma(4, 2)', class: 'shape' },
  { prior: 'beta(2, 5)', class: 'zi' },
  { prior: 'beta(3, 3)', class: 'hu' },
];

/** Marsaglia and Tsang (2000) gamma(shape, 1), shape >= 1 here. */
function gamma(rng: Rng, shape: number): number {
  const d = shape - 1 / 3, c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = rng.normal();
    const v = (1 + c * x) ** 3;
    if (v > 0 && Math.log(rng.uniform() + 1e-300) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}
const beta = (rng: Rng, a: number, b: number) => { const x = gamma(rng, a); return x / (x + gamma(rng, b)); };
function poisson(rng: Rng, mu: number): number {
  // inversion: P(k+1) = P(k) mu / (k + 1)
  let k = 0, p = Math.exp(-mu), cum = p;
  const u = rng.uniform();
  while (u > cum && k < 10000) { k++; p *= mu / k; cum += p; }
  return k;
}

interface Truth { values: Record<string, number>; /** level effect of G0, G1, ... */ r: number[] }

function simulate(family: string, rng: Rng, N: number, J: number): { rows: string[][]; truth: Truth } {
  const nb = family.endsWith('negbinomial');
  const intercept = 1 + 0.5 * rng.normal();
  const bx = 0.5 * rng.normal();
  const sd = Math.abs(0.5 * rng.normal());
  const shape = gamma(rng, 4) / 2;
  const mix = family.startsWith('zero') ? beta(rng, 2, 5) : beta(rng, 3, 3);
  const u = Array.from({ length: J }, () => sd * rng.normal());
  const x = Array.from({ length: N }, () => Math.round(rng.normal() * 1e4) / 1e4);
  const mx = x.reduce((a, v) => a + v, 0) / N;
  const count = (mu: number) => poisson(rng, nb ? (mu * gamma(rng, shape + 1) * rng.uniform() ** (1 / shape)) / shape : mu);
  const rows = x.map((xi, i) => {
    const mu = Math.exp(intercept + bx * (xi - mx) + u[i % J]);
    let y: number;
    if (rng.uniform() < mix) y = 0;
    else if (family.startsWith('zero')) y = count(mu);
    else do y = count(mu); while (y === 0); // hurdle: the count given y > 0
    return [String(y), String(xi), `G${i % J}`];
  });
  const values: Record<string, number> = { b_Intercept: intercept - bx * mx, b_x: bx, sd_g__Intercept: sd };
  if (nb) values.shape = shape;
  values[family.startsWith('zero') ? 'zi' : 'hu'] = mix;
  return { rows, truth: { values, r: u } };
}

export interface CountSbcOptions { family: string; sims: number; seed: number; N?: number; J?: number; warmup?: number; iter?: number; thin?: number }

/** Ranks per quantity (the parameters in output order, then log_lik). */
export function runCountSbc(o: CountSbcOptions): SbcResult & { quantities: string[] } {
  const N = o.N ?? 40, J = o.J ?? 5, warmup = o.warmup ?? 200, iter = o.iter ?? 490, thin = o.thin ?? 10;
  const L = Math.floor(iter / thin);
  const fam = getFamily(o.family);
  const names = ['b_Intercept', 'b_x', 'sd_g__Intercept', ...fam.params.map((p) => p.name)];
  const quantities = [...names, 'log_lik'];
  const ranks = quantities.map(() => new Int32Array(o.sims));
  const zScores = quantities.map(() => new Float64Array(o.sims));
  const gen = createChainRng(o.seed, 2000), ties = createChainRng(o.seed, 2001);
  let divergent = 0;
  const priors = PRIORS.filter((p) => !['shape', 'zi', 'hu'].includes(p.class) || fam.params.some((q) => q.name === p.class));
  for (let s = 0; s < o.sims; s++) {
    const { rows, truth } = simulate(o.family, gen, N, J);
    const prepared = prepareModel({ formula: 'y ~ x + (1 | g)', family: o.family, priors }, tableFromRows('sbc.csv', ['y', 'x', 'g'], rows));
    const model = buildModel(prepared.structure);
    const col = names.map((n) => model.outputNames.indexOf(n));
    const st = prepared.structure;
    const levels = st.groups[0].levels;
    const rCols = levels.map((lev) => model.outputNames.indexOf(`r_g[${lev},Intercept]`));
    const rTrue = levels.map((lev) => truth.r[Number(lev.slice(1))]);
    const logLik = (v: (k: number) => number, r: (j: number) => number): number => {
      const eta = new Float64Array(st.N), out = new Float64Array(st.N);
      for (let i = 0; i < st.N; i++) eta[i] = v(0) + v(1) * st.X[i] + r(st.groups[0].index[i]);
      pointwiseLogLikRows(fam, st.y, eta, null, Float64Array.from(fam.params, (_, k) => v(3 + k)), out);
      return out.reduce((a, b) => a + b, 0);
    };
    const values = quantities.map(() => new Float64Array(L));
    const runner = new ChainRunner(model, { ...DEFAULT_SETTINGS, warmup, iter, seed: o.seed + s + 1 }, 1);
    const theta = new Float64Array(model.dim), stats = new Float64Array(7), out = new Float64Array(model.outputNames.length);
    let it = 0, l = 0;
    while (runner.step(theta, stats)) {
      if (it >= warmup) {
        divergent += stats[5];
        if ((it - warmup) % thin === thin - 1 && l < L) {
          model.writeDraw(theta, out);
          col.forEach((c, k) => { values[k][l] = out[c]; });
          values[names.length][l] = logLik((k) => out[col[k]], (j) => out[rCols[j]]);
          l++;
        }
      }
      it++;
    }
    const truthValues = [...names.map((n) => truth.values[n]), logLik((k) => truth.values[names[k]], (j) => rTrue[j])];
    quantities.forEach((_, k) => {
      let below = 0, tie = 0, m = 0, m2 = 0;
      for (let i = 0; i < L; i++) {
        const v = values[k][i];
        if (v < truthValues[k]) below++; else if (v === truthValues[k]) tie++;
        m += v; m2 += v * v;
      }
      ranks[k][s] = below + Math.floor(ties.uniform() * (tie + 1));
      m /= L;
      zScores[k][s] = (truthValues[k] - m) / Math.sqrt(Math.max(m2 / L - m * m, 1e-300));
    });
  }
  return { ranks, L, zScores, divergent, quantities };
}
