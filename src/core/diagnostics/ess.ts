import { essCore } from './essCore';
import { zScale } from './rankNormalise';
import { absoluteDeviation, indicatorAtOrBelow } from './transforms';
import { quantileSorted } from './quantile7';
import { mean } from './moments';
import { defaultWorkspace, type PreparedDraws } from './preparedDraws';

/** Bulk-ESS: ESS of the rank-normalised split chains (Vehtari et al. 2021, sec. 4.3). */
export function essBulkOf(d: PreparedDraws): number | null {
  return essCore(zScale(d.split, d.splitOrder));
}

/**
 * ESS of the quantile Q_p: ESS of the split chains of the indicator x <= Q_p, Q_p the type-7
 * quantile of all draws (Vehtari et al. 2021, sec. 4.4). p = 1 uses (S - 1/2) / S as posterior
 * does, so that the indicator is not constant.
 */
export function essQuantileOf(d: PreparedDraws, p: number): number | null {
  checkProbability(p, 'essQuantile');
  if (!d.finite || d.constant) return null;
  const S = d.sorted.length;
  const prob = p === 1 ? (S - 0.5) / S : p;
  return essCore(indicatorAtOrBelow(d.split, quantileSorted(d.sorted, prob)));
}

/** Tail-ESS: the smaller of the ESS of the 5% and 95% quantiles. */
export function essTailOf(d: PreparedDraws): number | null {
  const lower = essQuantileOf(d, 0.05);
  const upper = essQuantileOf(d, 0.95);
  return lower === null || upper === null ? null : Math.min(lower, upper);
}

/** ESS of the raw split chains, for the mean (posterior's ess_mean and ess_basic). */
export function essMeanOf(d: PreparedDraws): number | null {
  return essCore(d.split);
}

/** ESS for the sd, posterior 1.4.0: ESS of the split chains of |x - mean(x)|. */
export function essSdOf(d: PreparedDraws): number | null {
  if (!d.finite) return null;
  return essCore(absoluteDeviation(d.split, mean(d.x.values)));
}

export function checkProbability(p: number, where: string): void {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
    throw new Error(`${where}: probability must be a number between 0 and 1, got ${String(p)}`);
  }
}

export function essBulk(chains: readonly Float64Array[]): number | null {
  return essBulkOf(defaultWorkspace.prepareChains(chains, 'essBulk'));
}
export function essTail(chains: readonly Float64Array[]): number | null {
  return essTailOf(defaultWorkspace.prepareChains(chains, 'essTail'));
}
export function essBasic(chains: readonly Float64Array[]): number | null {
  return essMeanOf(defaultWorkspace.prepareChains(chains, 'essBasic'));
}
export function essMean(chains: readonly Float64Array[]): number | null {
  return essMeanOf(defaultWorkspace.prepareChains(chains, 'essMean'));
}
export function essSd(chains: readonly Float64Array[]): number | null {
  return essSdOf(defaultWorkspace.prepareChains(chains, 'essSd'));
}
export function essQuantile(chains: readonly Float64Array[], p: number): number | null {
  checkProbability(p, 'essQuantile');
  return essQuantileOf(defaultWorkspace.prepareChains(chains, 'essQuantile'), p);
}
export function essMedian(chains: readonly Float64Array[]): number | null {
  return essQuantile(chains, 0.5);
}
