import { essMeanOf } from './ess';
import { essCore } from './essCore';
import { centredPower } from './transforms';
import { mean, sd } from './moments';
import { defaultWorkspace, type PreparedDraws } from './preparedDraws';

/** MCSE of the mean: sd(x) / sqrt(ESS_mean) (BDA3; posterior's mcse_mean). */
export function mcseMeanOf(d: PreparedDraws): number | null {
  const ess = essMeanOf(d);
  return ess === null ? null : naToNull(sd(d.x.values) / Math.sqrt(ess));
}

/** R's NA and NaN both mean "not available" in posterior's output: null here. */
export function naToNull(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}

/**
 * MCSE of the sd, posterior 1.4.0: with c = x - mean(x), the variance of the variance estimate
 * (Kenney and Keeping 1951, p. 141) (mean(c^4) - mean(c^2)^2) / ESS(split(c^2)), carried to
 * the sd by a first-order Taylor expansion: sqrt(varvar / mean(c^2) / 4).
 */
export function mcseSdOf(d: PreparedDraws): number | null {
  if (!d.finite) return null;
  const values = d.x.values;
  const mu = mean(values);
  const ess = essCore(centredPower(d.split, mu, 2));
  if (ess === null) return null;
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < values.length; i++) {
    const c2 = (values[i] - mu) * (values[i] - mu);
    m2 += c2;
    m4 += c2 * c2;
  }
  const evar = m2 / values.length;
  const varvar = (m4 / values.length - evar * evar) / ess;
  return naToNull(Math.sqrt(varvar / evar / 4));
}

export function mcseMean(chains: readonly Float64Array[]): number | null {
  return mcseMeanOf(defaultWorkspace.prepareChains(chains, 'mcseMean'));
}
export function mcseSd(chains: readonly Float64Array[]): number | null {
  return mcseSdOf(defaultWorkspace.prepareChains(chains, 'mcseSd'));
}
