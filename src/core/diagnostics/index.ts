/**
 * Convergence diagnostics and summaries, reproducing the R package posterior 1.4.0
 * (Vehtari, Gelman, Simpson, Carpenter, Buerkner 2021). Layout, one job per file:
 *   chainMatrix, splitChains, validity (the NA gate), moments, quantile7, rankOrder,
 *   rankNormalise (z_scale), transforms (fold, indicator, centred powers), autocovariance (FFT),
 *   rhatCore / essCore (posterior's .rhat / .ess), preparedDraws (per-quantity shared work),
 *   rhat, ess, mcse, mcseQuantile, ebfmi (the public diagnostics), summary (rows), warnings (sampler checks).
 * Public one-quantity functions take chains as Float64Array[] and return number | null (NA).
 */
export type { ChainMatrix } from './chainMatrix';
export { chainView, packChains } from './chainMatrix';
export { CONSTANT_TOLERANCE, hasNonFinite, isConstant, shouldReturnNA, diagnosticUndefined, MIN_ITERATIONS_ESS, MIN_ITERATIONS_RHAT } from './validity';
export { splitChains } from './splitChains';
export { mean, variance, sd } from './moments';
export { quantile7, quantileSorted, median, medianSorted, madSorted, isSorted, sortedCopy } from './quantile7';
export { zScale } from './rankNormalise';
export { absoluteDeviation, indicatorAtOrBelow, centredPower } from './transforms';
export { autocovariance, autocovarianceInto, autocovarianceNaive } from './autocovariance';
export { essCore } from './essCore';
export { rhatCore } from './rhatCore';
export type { PreparedDraws } from './preparedDraws';
export { DrawsWorkspace, defaultWorkspace } from './preparedDraws';
export { rhat, rhatBasic, rhatOf, rhatBulkOf, rhatTailOf, rhatBasicOf } from './rhat';
export {
  essBulk, essTail, essBasic, essMean, essSd, essQuantile, essMedian,
  essBulkOf, essTailOf, essMeanOf, essSdOf, essQuantileOf,
} from './ess';
export { mcseMean, mcseSd, mcseMeanOf, mcseSdOf } from './mcse';
export { mcseQuantile, mcseMedian, mcseQuantileOf } from './mcseQuantile';
export { ebfmi } from './ebfmi';
export type { DrawsInput } from './summary';
export {
  summariseParameter, summariseDraws, summariseParameterMajor, parameterMajorDraws, summaryRowOf, quantileKey, DEFAULT_PROBS,
} from './summary';
export type { SamplerWarning, SamplerWarningsInput } from './warnings';
export {
  samplerWarnings, divergenceWarning, treedepthWarning, ebfmiWarning, rhatWarning, essWarning, nonFiniteWarning,
  listNames, formatCount, formatShare, RHAT_THRESHOLD, ESS_PER_CHAIN, EBFMI_THRESHOLD,
} from './warnings';
export { rankOrder } from './rankOrder';
