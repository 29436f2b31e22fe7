// What the workspace keeps of a fit's PSIS-LOO and Bayes R2 (computed in the analysis worker).
import type { BayesR2Summary, LooResult } from '../../../core/loo';

export interface FitLooResult {
  /** psisLoo's result: estimates, pointwise values (loo_compare pairs them), Pareto k table. */
  readonly loo: LooResult;
  /** The observations with the highest Pareto k above 0.5 (1-based row of the model's data, k), worst first. */
  readonly worst: readonly { readonly row: number; readonly k: number }[];
  /** null where the family defines no Bayes R2. */
  readonly bayesR2: BayesR2Summary | null;
  /** Milliseconds the worker took (shown in the card). */
  readonly ms?: number;
}

export type FitLoo =
  | { readonly state: 'pending' }
  | { readonly state: 'error'; readonly message: string }
  | ({ readonly state: 'ok' } & FitLooResult);
