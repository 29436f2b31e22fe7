// Simulation-based calibration (Talts et al. 2018) of the cumulative (ordinal) family through the
// whole engine: prepareModel + buildModel + the sampler, on y ~ x + (1 | g) with K = 4 categories.
// The generator is written here, independent of the model compiler:
//   Intercept_k: three iid normal(0, 1.5) draws, sorted (the ordered vector's prior: a product of
//   equal densities restricted to the ordered region), b ~ normal(0, 1), sd ~ half-normal(0, 1),
//   r_j ~ normal(0, sd), P(y <= k) = F(Intercept_k - (x - mean x) b - r_g) with F the link's CDF.
// Data sets whose largest category is below 4 are drawn again: the model's number of thresholds
// is max(y) - 1 (brms), and conditioning on an event of the data leaves SBC valid (the posterior
// given y is the same given y and the event).
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { ChainRunner } from '../../src/core/sampler/chain';
import { createChainRng, type Rng } from '../../src/core/sampler/rng';
import { DEFAULT_SETTINGS } from '../../src/core/types';
import { prepareModel } from '../../src/core/model/spec';
import { buildModel } from '../../src/core/model/buildModel';
import { table } from '../core/design/csvTable';

export const CUMULATIVE_QUANTITIES = ['b_Intercept[1]', 'b_Intercept[3]', 'b_x', 'sd_g__Intercept', 'r_g[G1,Intercept]'] as const;

const PRIORS = [
  { prior: 'normal(0, 1.5)', class: 'Intercept' },
  { prior: 'normal(0, 1)', class: 'b' },
  { prior: 'normal(0, 1)', class: 'sd' },
];

interface Simulated { y: number[]; x: number[]; g: string[]; truth: number[] }

function simulate(rng: Rng, link: 'logit' | 'probit', J: number, perGroup: number): Simulated {
  const F = link === 'logit' ? (v: number) => 1 / (1 + Math.exp(-v)) : (v: number) => normalCdf(v, 0, 1);
  for (;;) {
    const tau = [0, 1, 2].map(() => 1.5 * rng.normal()).sort((a, b) => a - b);
    const b = rng.normal();
    const sd = Math.abs(rng.normal());
    const r = Array.from({ length: J }, () => sd * rng.normal());
    const N = J * perGroup;
    const x = Array.from({ length: N }, () => Math.round(rng.normal() * 1000) / 1000);
    const mx = x.reduce((s, v) => s + v, 0) / N;
    const g = x.map((_, i) => `G${(i % J) + 1}`);
    const y = x.map((xi, i) => {
      const eta = (xi - mx) * b + r[i % J];
      const u = rng.uniform();
      let k = 0;
      while (k < 3 && u > F(tau[k] - eta)) k++;
      return k + 1;
    });
    if (Math.max(...y) < 4) continue;
    return { y, x, g, truth: [tau[0] + mx * b, tau[2] + mx * b, b, sd, r[0]] };
  }
}

export interface CumulativeSbcResult { ranks: Int32Array[]; L: number }

/** Ranks of the truth among L thinned posterior draws, per quantity and simulation. */
export function runCumulativeSbc(o: { sims: number; seed: number; link: 'logit' | 'probit'; warmup?: number; iter?: number; thin?: number }): CumulativeSbcResult {
  const warmup = o.warmup ?? 200, iter = o.iter ?? 990, thin = o.thin ?? 10;
  const L = Math.floor(iter / thin);
  const Q = CUMULATIVE_QUANTITIES.length;
  const ranks = Array.from({ length: Q }, () => new Int32Array(o.sims));
  const genRng = createChainRng(o.seed, 2000);
  const tieRng = createChainRng(o.seed, 2001);
  for (let s = 0; s < o.sims; s++) {
    const d = simulate(genRng, o.link, 5, 8);
    const p = prepareModel({ formula: 'y ~ x + (1 | g)', family: 'cumulative', link: o.link, priors: PRIORS }, table({ y: d.y, x: d.x, g: d.g }), { parameterization: 'noncentered' });
    const model = buildModel(p.structure);
    const cols = CUMULATIVE_QUANTITIES.map((n) => model.outputNames.indexOf(n));
    const theta = new Float64Array(model.dim), stats = new Float64Array(7), out = new Float64Array(model.outputNames.length);
    const values = Array.from({ length: Q }, () => new Float64Array(L));
    const runner = new ChainRunner(model, { ...DEFAULT_SETTINGS, warmup, iter, seed: o.seed + s + 1 }, 1);
    let it = 0, l = 0;
    while (runner.step(theta, stats)) {
      if (it >= warmup && (it - warmup) % thin === thin - 1 && l < L) {
        model.writeDraw(theta, out);
        for (let q = 0; q < Q; q++) values[q][l] = out[cols[q]];
        l++;
      }
      it++;
    }
    for (let q = 0; q < Q; q++) {
      let below = 0, ties = 0;
      for (let i = 0; i < L; i++) {
        if (values[q][i] < d.truth[q]) below++;
        else if (values[q][i] === d.truth[q]) ties++;
      }
      ranks[q][s] = below + Math.floor(tieRng.uniform() * (ties + 1));
    }
  }
  return { ranks, L };
}
