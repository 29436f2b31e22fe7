// Nesterov dual averaging of log step size (Hoffman & Gelman 2014, alg. 5; Stan's
// stepsize_adaptation.hpp), as an (init, update, final) triple over plain state.

export interface DualAveragingParams {
  /** Target acceptance statistic (adapt_delta). */
  delta: number;
  gamma: number;
  kappa: number;
  t0: number;
}

export const STAN_DUAL_AVERAGING: DualAveragingParams = { delta: 0.8, gamma: 0.05, kappa: 0.75, t0: 10 };

export interface DualAveragingState {
  /** Iterations since the last restart. */
  t: number;
  /** Running average of the statistic's error, s-bar. */
  sBar: number;
  /** Current iterate x = log step size. */
  x: number;
  /** Weighted average of iterates, x-bar (the final log step size). */
  xBar: number;
  /** Shrinkage target: Stan uses log(10 * step size at the restart). */
  mu: number;
}

export function dualAveragingInit(mu: number): DualAveragingState {
  return { t: 0, sBar: 0, x: 0, xBar: 0, mu };
}

/**
 * One update with the "gradient" g of the objective; for step size g = delta - min(1, accept_stat).
 * Mutates and returns the state; the new log step size is state.x.
 */
export function dualAveragingUpdate(s: DualAveragingState, g: number, p: DualAveragingParams): DualAveragingState {
  s.t += 1;
  const eta = 1 / (s.t + p.t0);
  s.sBar = (1 - eta) * s.sBar + eta * g;
  s.x = s.mu - (s.sBar * Math.sqrt(s.t)) / p.gamma;
  const w = Math.pow(s.t, -p.kappa);
  s.xBar = (1 - w) * s.xBar + w * s.x;
  return s;
}

/** Step-size form of the update (Stan's learn_stepsize): returns the next step size exp(x). */
export function learnStepSize(s: DualAveragingState, acceptStat: number, p: DualAveragingParams): number {
  const a = acceptStat > 1 ? 1 : acceptStat;
  dualAveragingUpdate(s, p.delta - a, p);
  return Math.exp(s.x);
}

/** Final adapted step size exp(x-bar) (Stan's complete_adaptation). */
export function dualAveragingFinal(s: DualAveragingState): number {
  return Math.exp(s.xBar);
}
