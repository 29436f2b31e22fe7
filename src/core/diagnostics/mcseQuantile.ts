// MCSE of quantiles, apart from mcse.ts: stdlib's Beta quantile is slow to load (its inverse
// incomplete beta and gamma build their polynomials at load time), and neither the summary rows
// (mcse_mean only) nor the chain threads need it.
import qbeta from '@stdlib/stats-base-dists-beta-quantile';
import { essQuantileOf, checkProbability } from './ess';
import { naToNull } from './mcse';
import { defaultWorkspace, type PreparedDraws } from './preparedDraws';

/** Probabilities of +-1 sd of a normal: the MCSE of a quantile is half this interval's width. */
const ONE_SD_PROBABILITIES = [0.1586553, 0.8413447] as const;

/**
 * MCSE of the quantile Q_p (Vehtari et al. 2021, sec. 4.4; posterior's mcse_quantile): the
 * interval of the order statistics at the Beta(ESS p + 1, ESS (1 - p) + 1) quantiles
 * 0.1586553 and 0.8413447, halved.
 */
export function mcseQuantileOf(d: PreparedDraws, p: number): number | null {
  const ess = essQuantileOf(d, p);
  if (ess === null) return null;
  const a1 = qbeta(ONE_SD_PROBABILITIES[0], ess * p + 1, ess * (1 - p) + 1);
  const a2 = qbeta(ONE_SD_PROBABILITIES[1], ess * p + 1, ess * (1 - p) + 1);
  const sorted = d.sorted;
  const S = sorted.length;
  const th1 = sorted[Math.max(Math.floor(a1 * S), 1) - 1];
  const th2 = sorted[Math.min(Math.ceil(a2 * S), S) - 1];
  return naToNull((th2 - th1) / 2);
}

export function mcseQuantile(chains: readonly Float64Array[], p: number): number | null {
  checkProbability(p, 'mcseQuantile');
  return mcseQuantileOf(defaultWorkspace.prepareChains(chains, 'mcseQuantile'), p);
}
export function mcseMedian(chains: readonly Float64Array[]): number | null {
  return mcseQuantile(chains, 0.5);
}
