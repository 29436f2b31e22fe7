// PSIS-LOO, loo_compare and Bayes R2 (issue 20), as R's loo 2.5.1 and brms.
export { psisLoo, psisLooMatrix, psisLooPointwise, concatPointwise, looFromPointwise, looSummaryJson } from './loo';
export type { LogLikSource, LooOptions, LooEstimate, LooResult } from './loo';
export type { LooPointwise } from './pointwise';
export { paretoKTable, paretoKIds, paretoKMessage, paretoKSlightlyHigh, paretoKClassIndex, PARETO_K_CLASSES, PARETO_K_THRESHOLDS } from './paretoK';
export type { ParetoKClass, ParetoKRow, ParetoKTable, ParetoKMessage } from './paretoK';
export { gpdfit, qgpd } from './gpdfit';
export { paretoTailLength } from './psis';
export { looCompare, formatLooCompare } from './compare';
export type { LooCompareInput, LooCompareRow, LooCompareTable } from './compare';
export { bayesR2Draws, bayesR2Matrix, summariseBayesR2 } from './bayesR2';
export type { EpredSource, BayesR2Summary } from './bayesR2';
export { fitLogLikSource, fitEpredSource, fitLoo, fitBayesR2, FIT_CHUNK } from './fitLogLik';
export { formatLoo } from './print';
