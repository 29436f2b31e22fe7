export { ChainRunner, type ChainCheckpoint } from './chain';
export { nutsKernel, type NutsKernel, type NutsState, type NutsInfo, type NutsTuning, type NutsOptions } from './nuts';
export { createChainRng, rngFromState, type Rng, type SeededRng } from './rng';
export { diagMetric, denseMetric, unitMetric, type Metric } from './metric';
export { windowSchedule, type WindowSchedule } from './windowSchedule';
export { WindowAdaptation } from './windowAdaptation';
export { initialize } from './initialize';
export {
  dualAveragingInit, dualAveragingUpdate, dualAveragingFinal, STAN_DUAL_AVERAGING, type DualAveragingState,
} from './dualAveraging';
