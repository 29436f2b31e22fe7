// The family registry: every consumer finds a family here by its brms name. Adding a family is one
// file exporting a Family (types.ts) plus one line below (ARCHITECTURE.md, "Adding a family").
import type { Family } from './types';
import { SPECIAL } from './special';
import { gaussian } from './gaussian';
import { student } from './student';
import { bernoulli } from './bernoulli';
import { binomial } from './binomial';
import { poisson } from './poisson';
import { negbinomial } from './negbinomial';
import { lognormal } from './lognormal';

export type { DistParameter, Family, LinkName, LogLikelihood, ResponseRule, WorkingModel } from './types';

/** Families by brms name, in the order the UI and the CLI list them. */
export const FAMILY_REGISTRY: ReadonlyMap<string, Family> = new Map(
  [gaussian, student, bernoulli, binomial, poisson, negbinomial, lognormal].map((f) => [f.name, f]),
);

/** The response on the scale the family's row reads it (LogLikelihood.responseScale), once per model. */
export function rowResponse(ll: Family['logLik'], y: Float64Array): Float64Array {
  const scale = ll.responseScale;
  return scale ? Float64Array.from(y, (v) => scale(v)) : y;
}

/** The family names, in registry order. */
export const FAMILY_NAMES: readonly string[] = [...FAMILY_REGISTRY.keys()];

/** The family of this name; throws for a name not in the registry (check user input first). */
export function getFamily(name: string): Family {
  const f = FAMILY_REGISTRY.get(name);
  if (!f) throw new Error(`Unknown family '${name}': use one of ${FAMILY_NAMES.join(', ')}.`);
  return f;
}

/** Every distributional parameter name of every family (summary grouping: "Family Specific Parameters"). */
export const DIST_PARAMETER_NAMES: ReadonlySet<string> = new Set(
  [...FAMILY_REGISTRY.values()].flatMap((f) => f.params.map((p) => p.name)),
);

/**
 * One observation's full log likelihood (constants included), from the same row function the
 * sampler's kernels use: finish over one row plus the row's dropped constant. For PSIS-LOO.
 * par: the constrained distributional parameters in the family's params order.
 */
export function pointwiseLogLik(f: Family, y: number, e: number, t: number, par: Float64Array): number {
  const ll = f.logLik;
  const c = new Float64Array(2);
  const D = new Float64Array(2);
  const dPar = new Float64Array(Math.max(par.length, 1));
  ll.prepare(par, c);
  const s0 = ll.row(ll.responseScale ? ll.responseScale(y) : y, e, t, c[0], c[1], D, SPECIAL);
  return ll.finish(s0, D[1], 1, par, dPar) + ll.constant(y, t);
}
