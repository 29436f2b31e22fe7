/**
 * Bayesian R2 (Gelman, Goodrich, Gabry and Vehtari 2019, The American Statistician 73, 307-309)
 * as brms's `bayes_R2` (brms/R/bayes_R2.R, `.bayes_R2`): for each draw s, with mu the expected
 * value of the response (`posterior_epred`) and e = y - mu,
 *   R2_s = var_i(mu_si) / (var_i(mu_si) + var_i(e_si))   (`matrixStats::rowVars`, divisor N - 1).
 * Chunked over observations like PSIS-LOO: per draw, sums of (x - x_first) and their squares
 * (shifted by the draw's first observation, so the variance does not cancel catastrophically).
 * Which families brms defines it for (all of ours; not categorical; ordinal with a warning) is for
 * the caller, as is brms's scale: for binomial y is the count and mu = trials p (`get_y`,
 * `posterior_epred`).
 */
import { quantileSorted } from '../diagnostics/quantile7';

export interface EpredSource {
  readonly nObs: number;
  readonly nDraws: number;
  /** Observed response, one per observation. */
  readonly y: ArrayLike<number>;
  /** Writes mu for observations [i0, i1) into out[(i - i0) * nDraws + s]. `out` is reused. */
  fill(i0: number, i1: number, out: Float64Array): void;
}

/** Per-draw Bayes R2 (length nDraws). */
export function bayesR2Draws(source: EpredSource, chunkSize = 256): Float64Array {
  const { nObs, nDraws, y } = source;
  if (nObs < 2) throw new Error(`Bayes R2 needs at least 2 observations (got ${nObs}): the variance over observations is undefined`);
  if (y.length !== nObs) throw new Error(`Bayes R2: y has ${y.length} values for ${nObs} observations`);
  const chunk = Math.max(1, Math.min(nObs, Math.floor(chunkSize)));
  const buf = new Float64Array(chunk * nDraws);
  const shiftMu = new Float64Array(nDraws);
  const shiftE = new Float64Array(nDraws);
  const sumMu = new Float64Array(nDraws);
  const sqMu = new Float64Array(nDraws);
  const sumE = new Float64Array(nDraws);
  const sqE = new Float64Array(nDraws);
  for (let i0 = 0; i0 < nObs; i0 += chunk) {
    const i1 = Math.min(nObs, i0 + chunk);
    source.fill(i0, i1, buf);
    if (i0 === 0) {
      for (let s = 0; s < nDraws; s++) {
        shiftMu[s] = buf[s];
        shiftE[s] = y[0] - buf[s];
      }
    }
    for (let i = i0; i < i1; i++) {
      const base = (i - i0) * nDraws;
      const yi = y[i];
      for (let s = 0; s < nDraws; s++) {
        const mu = buf[base + s];
        const a = mu - shiftMu[s];
        const b = yi - mu - shiftE[s];
        sumMu[s] += a;
        sqMu[s] += a * a;
        sumE[s] += b;
        sqE[s] += b * b;
      }
    }
  }
  const r2 = new Float64Array(nDraws);
  for (let s = 0; s < nDraws; s++) {
    const varMu = (sqMu[s] - (sumMu[s] * sumMu[s]) / nObs) / (nObs - 1);
    const varE = (sqE[s] - (sumE[s] * sumE[s]) / nObs) / (nObs - 1);
    r2[s] = varMu / (varMu + varE);
  }
  return r2;
}

/** Bayes R2 from a full matrix mu[i * nDraws + s] (observation-major). */
export function bayesR2Matrix(epred: Float64Array, y: ArrayLike<number>, nDraws: number): Float64Array {
  const nObs = y.length;
  if (epred.length !== nObs * nDraws) {
    throw new Error(`Bayes R2: the expected-value matrix has ${epred.length} values, expected ${nObs} observations x ${nDraws} draws`);
  }
  return bayesR2Draws({ nObs, nDraws, y, fill: (i0, i1, out) => out.set(epred.subarray(i0 * nDraws, i1 * nDraws)) });
}

export interface BayesR2Summary {
  mean: number;
  sd: number;
  /** Type-7 quantiles (R's quantile), as brms's posterior_summary. */
  q5: number;
  q95: number;
  q2_5: number;
  q97_5: number;
}

/**
 * Summary of the draws: brms prints Estimate = mean, Est.Error = sd, Q2.5 and Q97.5; issue 20's
 * summary JSON carries mean, sd, q5 and q95 (90% interval). Non-finite draws (e.g. a constant
 * mu and y) make every field NaN.
 */
export function summariseBayesR2(r2: Float64Array): BayesR2Summary {
  const n = r2.length;
  let sum = 0;
  for (let s = 0; s < n; s++) sum += r2[s];
  const mean = sum / n;
  let ss = 0;
  for (let s = 0; s < n; s++) ss += (r2[s] - mean) * (r2[s] - mean);
  const sd = Math.sqrt(ss / (n - 1));
  if (!Number.isFinite(mean)) return { mean: NaN, sd: NaN, q5: NaN, q95: NaN, q2_5: NaN, q97_5: NaN };
  const sorted = Float64Array.from(r2).sort();
  const q = (p: number): number => quantileSorted(sorted, p);
  return { mean, sd, q5: q(0.05), q95: q(0.95), q2_5: q(0.025), q97_5: q(0.975) };
}
