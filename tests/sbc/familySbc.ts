// Simulation-based calibration (Talts et al. 2018; Modrak et al. 2023) of whole compiled models of
// one family (src/core/model buildModel, the family's row, the real sampler), on a small
// random-intercept regression:
//   Intercept ~ N(m, s), b ~ N(0, 0.5), sd ~ half-N(0, 0.5), r_j ~ N(0, sd), x centred,
//   eta_i = Intercept + b x_i + r_{g[i]},  y_i ~ family(eta_i, par),  par ~ its prior,
// the same priors in the fitted ModelStructure, so each posterior draw's rank among the truth is
// uniform when the sampler and the log density are right. The responses come from the family's
// predict (its random variates), checked against its log density here. Ranked: b_Intercept, b_x,
// sd, the distributional parameter, r of the first level, and the log-likelihood of the data.
import { buildModel } from '../../src/core/model/buildModel';
import { getFamily, pointwiseLogLikRows } from '../../src/core/families';
import { ChainRunner } from '../../src/core/sampler/chain';
import { createChainRng, type Rng } from '../../src/core/sampler/rng';
import { DEFAULT_SETTINGS, type ModelStructure, type PriorDensity } from '../../src/core/types';
import { chiSquareSurvival, rankChiSquare } from './randomIntercept';

export interface FamilySbcCase {
  family: string;
  link?: string;
  /** Prior of the Intercept, N(mu, sigma), sampled and fitted. */
  intercept: { mu: number; sigma: number };
  /** The distributional parameter's lognormal(mu, sigma) prior (families with one). */
  param?: { name: string; mu: number; sigma: number };
  /** Number of trials per row (binomial). */
  trials?: number;
}

export interface FamilySbcOptions {
  sims: number;
  seed: number;
  J?: number;
  perGroup?: number;
  warmup?: number;
  /** Post-warmup draws before thinning (thin 10: 490 -> 49 draws, ranks 0..49). */
  iter?: number;
  thin?: number;
}

export interface FamilySbcResult { quantities: string[]; ranks: Int32Array[]; L: number; divergent: number; leapfrogs: number }

const normal = (mu: number, sigma: number): PriorDensity => ({ dist: 'normal', mu, sigma });

/** Test-only: a generator that does not match the fitted model (parScale multiplies par). */
export interface FamilySbcFault { parScale?: number }

/** Parameters from the prior, then data from the family given them. */
function simulate(c: FamilySbcCase, rng: Rng, J: number, perGroup: number, fault: FamilySbcFault) {
  const fam = getFamily(c.family, c.link);
  const N = J * perGroup;
  const x = Float64Array.from({ length: N }, () => rng.normal());
  const mean = x.reduce((s, v) => s + v, 0) / N;
  for (let i = 0; i < N; i++) x[i] -= mean; // centred: b_Intercept is the sampled Intercept
  const a = c.intercept.mu + c.intercept.sigma * rng.normal();
  const b = 0.5 * rng.normal();
  const sd = Math.abs(0.5 * rng.normal());
  const r = Float64Array.from({ length: J }, () => sd * rng.normal());
  const par = c.param ? [Math.exp(c.param.mu + c.param.sigma * rng.normal())] : [];
  const index = Int32Array.from({ length: N }, (_, i) => i % J);
  const trials = c.trials ? new Float64Array(N).fill(c.trials) : null;
  const u = () => 1 - rng.uniform();
  const parData = par.map((v) => v * (fault.parScale ?? 1));
  const y = Float64Array.from({ length: N }, (_, i) => fam.predict(a + b * x[i] + r[index[i]], trials ? trials[i] : 0, parData, u));
  const truth = [a, b, sd, ...par, r[0]];
  return { x, y, index, trials, truth, r, par };
}

function structureOf(c: FamilySbcCase, d: ReturnType<typeof simulate>, J: number): ModelStructure {
  return {
    family: c.family, link: c.link, N: d.y.length, y: d.y, trials: d.trials, offset: null, hasIntercept: true,
    X: d.x, K: 1, bNames: ['x'], interceptPrior: normal(c.intercept.mu, c.intercept.sigma), bPriors: [normal(0, 0.5)],
    groups: [{
      id: 1, group: 'g', levels: Array.from({ length: J }, (_, j) => `l${j + 1}`), index: d.index, coefNames: ['Intercept'],
      Z: [new Float64Array(d.y.length).fill(1)], correlated: false, sdPriors: [normal(0, 0.5)], lkjEta: 1, parameterization: 'noncentered',
    }],
    familyPriors: c.param ? [{ name: c.param.name, prior: { dist: 'lognormal', mu: c.param.mu, sigma: c.param.sigma } }] : [],
  };
}

/** The data's log-likelihood at (Intercept, b, par, r), from the family's pointwise log density. */
function logLik(c: FamilySbcCase, d: ReturnType<typeof simulate>, a: number, b: number, par: number[], r: ArrayLike<number>, eta: Float64Array, out: Float64Array): number {
  for (let i = 0; i < eta.length; i++) eta[i] = a + b * d.x[i] + r[d.index[i]];
  pointwiseLogLikRows(getFamily(c.family, c.link), d.y, eta, d.trials, Float64Array.from(par), out);
  return out.reduce((s, v) => s + v, 0);
}

export function runFamilySbc(c: FamilySbcCase, o: FamilySbcOptions, fault: FamilySbcFault = {}): FamilySbcResult {
  const J = o.J ?? 6, perGroup = o.perGroup ?? 5, warmup = o.warmup ?? 200, iter = o.iter ?? 490, thin = o.thin ?? 10;
  const L = Math.floor(iter / thin);
  const quantities = ['b_Intercept', 'b_x', 'sd_g__Intercept', ...(c.param ? [c.param.name] : []), 'r_g[l1,Intercept]', 'log_lik'];
  const K = quantities.length;
  const ranks = Array.from({ length: K }, () => new Int32Array(o.sims));
  const genRng = createChainRng(o.seed, 2000);
  const tieRng = createChainRng(o.seed, 2001);
  const values = Array.from({ length: K }, () => new Float64Array(L));
  let divergent = 0, leapfrogs = 0;
  for (let s = 0; s < o.sims; s++) {
    const d = simulate(c, genRng, J, perGroup, fault);
    const model = buildModel(structureOf(c, d, J));
    const at = (name: string) => model.outputNames.indexOf(name);
    const cols = quantities.slice(0, K - 1).map(at);
    const r0 = at('r_g[l1,Intercept]');
    const theta = new Float64Array(model.dim), stats = new Float64Array(7), out = new Float64Array(model.outputNames.length);
    const eta = new Float64Array(d.y.length), ll = new Float64Array(d.y.length);
    const runner = new ChainRunner(model, { ...DEFAULT_SETTINGS, warmup, iter, seed: o.seed + s + 1 }, 1);
    let it = 0, l = 0;
    while (runner.step(theta, stats)) {
      leapfrogs += stats[4];
      if (it >= warmup) {
        divergent += stats[5];
        if ((it - warmup) % thin === thin - 1 && l < L) {
          model.writeDraw(theta, out);
          cols.forEach((j, k) => { values[k][l] = out[j]; });
          values[K - 1][l] = logLik(c, d, out[cols[0]], out[cols[1]], c.param ? [out[cols[3]]] : [], out.subarray(r0, r0 + J), eta, ll);
          l++;
        }
      }
      it++;
    }
    const truth = [...d.truth, logLik(c, d, d.truth[0], d.truth[1], d.par, d.r, eta, ll)];
    for (let k = 0; k < K; k++) {
      let below = 0, ties = 0;
      for (let i = 0; i < L; i++) {
        if (values[k][i] < truth[k]) below++;
        else if (values[k][i] === truth[k]) ties++;
      }
      ranks[k][s] = below + Math.floor(tieRng.uniform() * (ties + 1));
    }
  }
  return { quantities, ranks, L, divergent, leapfrogs };
}

/** Rank-uniformity p-value per quantity (chi-square on `bins` equal bins). */
export function familySbcPValues(r: FamilySbcResult, bins = 10): number[] {
  return r.ranks.map((rk) => chiSquareSurvival(rankChiSquare(rk, r.L, bins), bins - 1));
}
