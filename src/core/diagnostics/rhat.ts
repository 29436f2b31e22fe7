import { rhatCore } from './rhatCore';
import { zScale } from './rankNormalise';
import { absoluteDeviation } from './transforms';
import { medianSorted } from './quantile7';
import { defaultWorkspace, type PreparedDraws } from './preparedDraws';

/**
 * Rank-normalised split R-hat (Vehtari et al. 2021, sec. 4.3; posterior's rhat): the larger of
 * the R-hat of the rank-normalised split chains (bulk) and of the rank-normalised split chains of
 * the draws folded around their median (tail). NA (null) when either part is NA.
 */
export function rhatOf(d: PreparedDraws): number | null {
  const bulk = rhatBulkOf(d);
  const tail = rhatTailOf(d);
  return bulk === null || tail === null ? null : Math.max(bulk, tail);
}

/** R-hat of the rank-normalised split chains. */
export function rhatBulkOf(d: PreparedDraws): number | null {
  return rhatCore(zScale(d.split, d.splitOrder));
}

/** R-hat of the rank-normalised split chains of |x - median(x)|. */
export function rhatTailOf(d: PreparedDraws, ws = defaultWorkspace): number | null {
  if (!d.noNaN) return null;
  const center = medianSorted(d.sorted);
  const folded = absoluteDeviation(d.split, center);
  const foldedOrder = d.finite ? ws.foldedOrder(d.splitSorted, d.splitOrder, center) : undefined;
  return rhatCore(zScale(folded, foldedOrder));
}

/** Classic split R-hat on the raw draws (BDA3; posterior's rhat_basic). */
export function rhatBasicOf(d: PreparedDraws): number | null {
  return rhatCore(d.split);
}

/** Rank-normalised split R-hat of one quantity; chains: one Float64Array per chain. */
export function rhat(chains: readonly Float64Array[]): number | null {
  return rhatOf(defaultWorkspace.prepareChains(chains, 'rhat'));
}

/** Classic split R-hat of one quantity. */
export function rhatBasic(chains: readonly Float64Array[]): number | null {
  return rhatBasicOf(defaultWorkspace.prepareChains(chains, 'rhatBasic'));
}
