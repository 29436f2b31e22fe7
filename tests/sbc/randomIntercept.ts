// Simulation-based calibration (Talts et al. 2018; Modrak et al. 2023) for the sampler, on a small
// random-intercept model whose generator and log density are written here by hand, independent of
// the model compiler:
//   mu ~ N(0, 2), tau ~ half-N(0, 1), sigma ~ lognormal(0, 0.5), a_j ~ N(0, tau) (j = 1..J),
//   y_i ~ N(mu + a_{g[i]}, sigma).
// Sampled non-centred on q = [mu, log tau, log sigma, z_1..z_J] with a_j = tau z_j.
import { ChainRunner, type ChainRunnerTestOptions } from '../../src/core/sampler/chain';
import { createChainRng, type Rng } from '../../src/core/sampler/rng';
import { DEFAULT_SETTINGS, type LogDensity } from '../../src/core/types';

export interface Dataset { J: number; group: Int32Array; y: Float64Array }
export interface Truth { mu: number; tau: number; sigma: number; a: Float64Array }

/** Draws parameters from the prior and data given them (the generator, written independently). */
export function simulate(rng: Rng, J: number, perGroup: number): { data: Dataset; truth: Truth } {
  const mu = 2 * rng.normal();
  const tau = Math.abs(rng.normal());
  const sigma = Math.exp(0.5 * rng.normal());
  const a = new Float64Array(J);
  for (let j = 0; j < J; j++) a[j] = tau * rng.normal();
  const N = J * perGroup;
  const group = new Int32Array(N), y = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    group[i] = i % J;
    y[i] = mu + a[group[i]] + sigma * rng.normal();
  }
  return { data: { J, group, y }, truth: { mu, tau, sigma, a } };
}

/** Log density (up to a constant) and hand-derived gradient on the unconstrained scale. */
export function randomInterceptDensity(d: Dataset): LogDensity {
  const { J, group, y } = d;
  const N = y.length;
  const zSum = new Float64Array(J); // sum of r_i per group, scratch
  return {
    dim: J + 3,
    unconstrainedNames: ['mu', 'log tau', 'log sigma', ...Array.from({ length: J }, (_, j) => `z[${j + 1}]`)],
    logDensityGradient(q, g) {
      const mu = q[0], lt = q[1], ls = q[2];
      const tau = Math.exp(lt), sigma2 = Math.exp(2 * ls);
      // priors: N(0, 2) on mu; half-N(0, 1) on tau with Jacobian tau; lognormal(0, .5) on sigma with
      // Jacobian sigma gives N(0, 0.5) on log sigma.
      let lp = -(mu * mu) / 8 - 0.5 * tau * tau + lt - (ls * ls) / 0.5;
      let dMu = -mu / 4, dLt = -tau * tau + 1, dLs = -ls / 0.25;
      zSum.fill(0);
      for (let j = 0; j < J; j++) lp -= 0.5 * q[3 + j] * q[3 + j];
      let sq = 0;
      for (let i = 0; i < N; i++) {
        const j = group[i];
        const e = y[i] - mu - tau * q[3 + j];
        const r = e / sigma2;
        sq += e * r;
        dMu += r;
        zSum[j] += r;
      }
      lp += -0.5 * sq - N * ls;
      dLs += sq - N;
      for (let j = 0; j < J; j++) {
        const z = q[3 + j];
        dLt += zSum[j] * tau * z;
        g[3 + j] = -z + tau * zSum[j];
      }
      g[0] = dMu; g[1] = dLt; g[2] = dLs;
      return lp;
    },
  };
}

/** Log-likelihood of the data at (mu, tau, sigma, a): the derived test quantity of Modrak et al. */
export function logLik(d: Dataset, mu: number, sigma: number, a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < d.y.length; i++) {
    const e = (d.y[i] - mu - a[d.group[i]]) / sigma;
    s += -0.5 * e * e - Math.log(sigma);
  }
  return s;
}

export const QUANTITIES = ['mu', 'tau', 'sigma', 'a[1]', 'log_lik'] as const;

export interface SbcOptions {
  sims: number;
  seed: number;
  J?: number;
  perGroup?: number;
  warmup?: number;
  /** Post-warmup draws before thinning (thin 10: 990 -> 99 draws, ranks 0..99). */
  iter?: number;
  thin?: number;
  fault?: ChainRunnerTestOptions['fault'];
}

export interface SbcResult {
  /** ranks[k][s]: rank of quantity k in simulation s, in 0..L. */
  ranks: Int32Array[];
  L: number;
  /** z-scores (truth - posterior mean) / posterior sd for each quantity and simulation. */
  zScores: Float64Array[];
  divergent: number;
}

export function runSbc(o: SbcOptions): SbcResult {
  const J = o.J ?? 5, perGroup = o.perGroup ?? 6, warmup = o.warmup ?? 300, iter = o.iter ?? 990, thin = o.thin ?? 10;
  const L = Math.floor(iter / thin);
  const K = QUANTITIES.length;
  const ranks = Array.from({ length: K }, () => new Int32Array(o.sims));
  const zScores = Array.from({ length: K }, () => new Float64Array(o.sims));
  const genRng = createChainRng(o.seed, 1000);
  const tieRng = createChainRng(o.seed, 1001);
  let divergent = 0;
  const theta = new Float64Array(J + 3), stats = new Float64Array(7), a = new Float64Array(J);
  const values = Array.from({ length: K }, () => new Float64Array(L));
  for (let s = 0; s < o.sims; s++) {
    const { data, truth } = simulate(genRng, J, perGroup);
    const runner = new ChainRunner(
      randomInterceptDensity(data), { ...DEFAULT_SETTINGS, warmup, iter, seed: o.seed + s + 1 }, 1, undefined,
      { fault: o.fault },
    );
    let it = 0, l = 0;
    while (runner.step(theta, stats)) {
      if (it >= warmup) {
        divergent += stats[5];
        const k = it - warmup;
        if (k % thin === thin - 1 && l < L) {
          const tau = Math.exp(theta[1]), sigma = Math.exp(theta[2]);
          for (let j = 0; j < J; j++) a[j] = tau * theta[3 + j];
          values[0][l] = theta[0];
          values[1][l] = tau;
          values[2][l] = sigma;
          values[3][l] = a[0];
          values[4][l] = logLik(data, theta[0], sigma, a);
          l++;
        }
      }
      it++;
    }
    const truthValues = [truth.mu, truth.tau, truth.sigma, truth.a[0], logLik(data, truth.mu, truth.sigma, truth.a)];
    for (let k = 0; k < K; k++) {
      let below = 0, ties = 0, m = 0, m2 = 0;
      for (let i = 0; i < L; i++) {
        const v = values[k][i];
        if (v < truthValues[k]) below++;
        else if (v === truthValues[k]) ties++;
        m += v; m2 += v * v;
      }
      // ties broken uniformly at random (SBC package)
      ranks[k][s] = below + Math.floor(tieRng.uniform() * (ties + 1));
      m /= L;
      const sd = Math.sqrt(Math.max(m2 / L - m * m, 0) * (L / (L - 1)));
      zScores[k][s] = (truthValues[k] - m) / sd;
    }
  }
  return { ranks, L, zScores, divergent };
}

/** Chi-square statistic of rank counts in `bins` equal bins over 0..L (L + 1 divisible by bins). */
export function rankChiSquare(ranks: Int32Array, L: number, bins: number): number {
  if ((L + 1) % bins !== 0) throw new Error(`L + 1 = ${L + 1} is not divisible by ${bins} bins.`);
  const width = (L + 1) / bins;
  const counts = new Float64Array(bins);
  for (const r of ranks) counts[Math.floor(r / width)]++;
  const expected = ranks.length / bins;
  let x2 = 0;
  for (const c of counts) x2 += (c - expected) ** 2 / expected;
  return x2;
}

/** Upper tail P(chi2_df > x) from the series of the regularised lower incomplete gamma. */
export function chiSquareSurvival(x: number, df: number): number {
  if (x <= 0) return 1;
  const a = df / 2, h = x / 2;
  // P(a, h) = h^a e^-h / Gamma(a + 1) * sum_n h^n / ((a+1)...(a+n))
  let term = 1, sum = 1;
  for (let n = 1; n < 1000; n++) {
    term *= h / (a + n);
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  const logP = a * Math.log(h) - h - logGamma(a + 1) + Math.log(sum);
  return Math.max(0, 1 - Math.exp(logP));
}

function logGamma(x: number): number {
  // Lanczos (g = 7, n = 9), ample for half-integer arguments here.
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let s = c[0];
  for (let i = 1; i < 9; i++) s += c[i] / (x + i);
  const t = x + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(s);
}

/** Smallest Bonferroni-adjusted p-value over the quantities (chi-square on 10 bins). */
export function sbcPValues(r: SbcResult, bins = 10): number[] {
  return r.ranks.map((rk) => chiSquareSurvival(rankChiSquare(rk, r.L, bins), bins - 1));
}
