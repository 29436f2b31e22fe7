/**
 * PSIS-LOO's and Bayes R2's inputs computed from a fit's draws, block by block, as brms's
 * `log_lik` and `posterior_epred` do it: per draw eta from b_Intercept, b_*, r_*[level,coef] and
 * the offset (core/model/drawEta.ts), then the family's pointwise log-likelihood with its
 * constants (families/index.ts pointwiseLogLikRows) or its expected value (Family.expectedValue).
 * Only a block of observations x S draws exists at a time (the buffer `psisLoo` / `bayesR2Draws`
 * own), so an InstEval-size fit (73,000 rows x 4,000 draws) never holds the N x S matrix.
 */
import { getFamily, pointwiseLogLikRows } from '../families';
import { drawParams, drawPlan, linearPredictorRange, type DrawPlan } from '../model/drawEta';
import type { ModelStructure } from '../types';
import { bayesR2Draws, summariseBayesR2, type BayesR2Summary, type EpredSource } from './bayesR2';
import { psisLoo, type LogLikSource, type LooOptions, type LooResult } from './loo';

/** The draws of a fit: per chain, row-major post-warmup draws (nIterations x names.length). */
interface FitDraws {
  s: ModelStructure;
  plan: DrawPlan;
  chains: readonly Float64Array[];
  nIterations: number;
  nParams: number;
}

function fitDraws(
  purpose: string, s: ModelStructure, names: readonly string[], chains: readonly Float64Array[], nIterations: number,
): FitDraws {
  if (chains.length < 1) throw new Error(`${purpose}: the fit has no chains with draws`);
  const nParams = names.length;
  chains.forEach((c, k) => {
    if (c.length < nIterations * nParams) {
      throw new Error(`${purpose}: chain ${k + 1} holds ${Math.floor(c.length / Math.max(1, nParams))} draws, fewer than the ${nIterations} asked for (cut every chain to the shortest)`);
    }
  });
  return { s, plan: drawPlan(s, names, purpose), chains, nIterations, nParams };
}

/**
 * Calls `row(sIndex, n)` for every draw after writing eta of observations [i0, i1) into `eta`
 * and the draw's distributional parameters into `par`; s is chain-major (chain * nIterations + t).
 */
function forEachDraw(
  d: FitDraws, i0: number, i1: number, eta: Float64Array, par: Float64Array, row: (sIndex: number) => void,
): void {
  const { s, plan, chains, nIterations, nParams } = d;
  for (let c = 0; c < chains.length; c++) {
    const draws = chains[c];
    for (let t = 0; t < nIterations; t++) {
      const at = t * nParams;
      linearPredictorRange(s, plan, draws, at, i0, i1, eta);
      drawParams(plan, draws, at, par);
      row(c * nIterations + t);
    }
  }
}

/**
 * The pointwise log-likelihood of a fit as a LogLikSource: `names` are the draws' columns in
 * output order (DrawStore's samplingDraws, the draws CSV), `chains` each chain's row-major
 * post-warmup draws, of which the first `nIterations` are used (equal lengths, as loo needs).
 */
export function fitLogLikSource(
  s: ModelStructure, names: readonly string[], chains: readonly Float64Array[], nIterations: number,
): LogLikSource {
  const d = fitDraws('PSIS-LOO', s, names, chains, nIterations);
  const fam = getFamily(s.family, s.link);
  const nDraws = chains.length * nIterations;
  const par = new Float64Array(d.plan.params.length);
  const scratch = new Float64Array(8 + par.length); // pointwiseLogLikRows: c0..c3, D[0..3], dPar
  let eta = new Float64Array(0);
  let ll = new Float64Array(0);
  return {
    nObs: s.N,
    nChains: chains.length,
    nIterations,
    fill(i0, i1, out) {
      const n = i1 - i0;
      if (eta.length < n) { eta = new Float64Array(n); ll = new Float64Array(n); }
      const y = s.y.subarray(i0, i1);
      const trials = s.trials ? s.trials.subarray(i0, i1) : null;
      forEachDraw(d, i0, i1, eta, par, (sIndex) => {
        pointwiseLogLikRows(fam, y, eta, trials, par, ll, n, scratch);
        for (let i = 0; i < n; i++) out[i * nDraws + sIndex] = ll[i];
      });
    },
  };
}

/**
 * The expected value of the response per draw (brms posterior_epred: Family.expectedValue of eta,
 * trials and the distributional parameters) as an EpredSource for bayesR2Draws, with y the
 * response as brms's get_y gives it (binomial: the count of successes).
 */
export function fitEpredSource(
  s: ModelStructure, names: readonly string[], chains: readonly Float64Array[], nIterations: number,
): EpredSource {
  const d = fitDraws('Bayes R2', s, names, chains, nIterations);
  const fam = getFamily(s.family, s.link);
  const nDraws = chains.length * nIterations;
  const par = new Float64Array(d.plan.params.length);
  const T = s.trials;
  let eta = new Float64Array(0);
  return {
    nObs: s.N,
    nDraws,
    y: s.y,
    fill(i0, i1, out) {
      const n = i1 - i0;
      if (eta.length < n) eta = new Float64Array(n);
      forEachDraw(d, i0, i1, eta, par, (sIndex) => {
        for (let i = 0; i < n; i++) out[i * nDraws + sIndex] = fam.expectedValue(eta[i], T ? T[i0 + i] : 1, par);
      });
    },
  };
}

/**
 * Observations per block when the values come from draws: every draw's row is read once per
 * block (eta's gathers from r_*, the family's per-draw constants), so blocks larger than
 * psisLoo's default 256 pay that less often; 1,024 x 4,000 draws is a 33 MB buffer.
 */
export const FIT_CHUNK = 1024;

/** PSIS-LOO of a fit from its draws (r_eff from the chains, as brms's loo does). */
export function fitLoo(
  s: ModelStructure, names: readonly string[], chains: readonly Float64Array[], nIterations: number, options: LooOptions = {},
): LooResult {
  return psisLoo(fitLogLikSource(s, names, chains, nIterations), { chunkSize: FIT_CHUNK, ...options });
}

/** brms's bayes_R2 of a fit: the per-draw R2 summarised (mean, sd, 90% and 95% intervals). */
export function fitBayesR2(
  s: ModelStructure, names: readonly string[], chains: readonly Float64Array[], nIterations: number,
): BayesR2Summary {
  return summariseBayesR2(bayesR2Draws(fitEpredSource(s, names, chains, nIterations), FIT_CHUNK));
}
