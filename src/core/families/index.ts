// The family registry: every consumer finds a family here by its brms name. Adding a family is one
// file exporting a Family (types.ts) plus one line below (ARCHITECTURE.md, "Adding a family").
import type { Family, LinkName } from './types';
import { SPECIAL } from './special';
import { gaussian } from './gaussian';
import { student } from './student';
import { bernoulli } from './bernoulli';
import { binomial } from './binomial';
import { poisson } from './poisson';
import { negbinomial } from './negbinomial';
import { lognormal } from './lognormal';
import { zeroInflatedPoisson } from './zeroInflatedPoisson';
import { zeroInflatedNegbinomial } from './zeroInflatedNegbinomial';
import { hurdlePoisson } from './hurdlePoisson';
import { hurdleNegbinomial } from './hurdleNegbinomial';
import { cumulative } from './cumulative';
import { NO_CATEGORIES } from '../dist/likelihoodKernels';
import { gamma } from './gamma';
import { beta } from './beta';

export type { DistParameter, Family, LinkName, LinkVariant, LogLikelihood, ResponseRule, WorkingModel } from './types';

/** Families by brms name, in the order the UI and the CLI list them. */
export const FAMILY_REGISTRY: ReadonlyMap<string, Family> = new Map(
  [gaussian, student, bernoulli, binomial, poisson, negbinomial, lognormal, gamma, beta,
    zeroInflatedPoisson, zeroInflatedNegbinomial, hurdlePoisson, hurdleNegbinomial, cumulative].map((f) => [f.name, f]),
);

/** The response on the scale the family's row reads it (LogLikelihood.responseScale), once per model. */
export function rowResponse(ll: Family['logLik'], y: Float64Array): Float64Array {
  const scale = ll.responseScale;
  return scale ? Float64Array.from(y, (v) => scale(v)) : y;
}

/** The family names, in registry order. */
export const FAMILY_NAMES: readonly string[] = [...FAMILY_REGISTRY.keys()];

/**
 * The registry's name for user text: exact, else ignoring case, as brms's brmsfamily() lowercases
 * (`Gamma`, `Beta` are brms's function names for the gamma and beta families); null when unknown.
 */
export function findFamilyName(text: string): string | null {
  if (FAMILY_REGISTRY.has(text)) return text;
  const lower = text.toLowerCase();
  return FAMILY_NAMES.find((n) => n.toLowerCase() === lower) ?? null;
}

/** The links a family accepts, its default (brms's) first. */
export function familyLinks(f: Family): readonly LinkName[] {
  return f.links ?? [f.link];
}

// The family objects for the non-default links, made once: the default object with the link's
// LinkVariant laid over it. Keyed by family name, then link.
const WITH_LINK: ReadonlyMap<string, ReadonlyMap<string, Family>> = new Map(
  [...FAMILY_REGISTRY.values()].map((f) => [f.name, new Map(
    [...(f.linkVariants ?? new Map()).entries()].map(([link, v]) => [link, { ...f, ...v, link }]),
  )]),
);

/**
 * The family of this name with this link (absent: the family's default link); throws for a name
 * not in the registry or a link the family does not have (check user input first: checkLink).
 * The default link's object is the family module's own, so its code paths are the same.
 */
export function getFamily(name: string, link?: string): Family {
  const f = FAMILY_REGISTRY.get(name);
  if (!f) throw new Error(`Unknown family '${name}': use one of ${FAMILY_NAMES.join(', ')}.`);
  if (link === undefined || link === f.link) return f;
  const v = WITH_LINK.get(name)!.get(link);
  if (!v) throw new Error(linkMessage(f, link));
  return v;
}

/** The message for a link the family does not have, listing the ones it has. */
export function linkMessage(f: Family, link: string): string {
  const links = familyLinks(f);
  return `The ${f.name} family has no '${link.slice(0, 30)}' link: use ${links.length > 1 ? `one of ${links.join(', ')}` : links[0]} (default ${f.link}).`;
}

/** The link if the family has it, else null (user input: the CLI's --link, a spec's link). */
export function findLink(f: Family, link: string): LinkName | null {
  return familyLinks(f).find((l) => l === link) ?? null;
}

/** Every distributional parameter name of every family (summary grouping: "Family Specific Parameters"). */
export const DIST_PARAMETER_NAMES: ReadonlySet<string> = new Set(
  [...FAMILY_REGISTRY.values()].flatMap((f) => [...f.params, ...(f.fixedParams ?? [])].map((p) => p.name)),
);

/** Every family's fixed parameters (Family.fixedParams, e.g. disc): constant draws, no trace to watch. */
export const FIXED_PARAMETER_NAMES: ReadonlySet<string> = new Set(
  [...FAMILY_REGISTRY.values()].flatMap((f) => (f.fixedParams ?? []).map((p) => p.name)),
);

/**
 * One draw's pointwise log likelihood (constants included) for observations [0, n):
 * out[i] = log p(y_i | eta_i, par), from the same row function the sampler's kernels use (finish
 * over one row plus the row's dropped constant), as brms's log_lik gives it. For PSIS-LOO: no
 * allocation, the row constants prepared once per draw. par: the constrained distributional
 * parameters in the family's params order; trials read when the family has them.
 */
export function pointwiseLogLikRows(
  f: Family, y: ArrayLike<number>, eta: ArrayLike<number>, trials: ArrayLike<number> | null,
  par: Float64Array, out: Float64Array, n: number = y.length, scratch: Float64Array = new Float64Array(12),
): void {
  const ll = f.logLik;
  if (ll.usesTrials && !trials) throw new Error(`pointwiseLogLikRows: the ${f.name} family needs the number of trials`);
  // scratch: c0..c3 | D[0..3] | dPar (unused here); a shorter one (callers written for two
  // constants and sums) is replaced for this call
  const sc = scratch.length >= 8 + f.params.length ? scratch : new Float64Array(8 + f.params.length);
  const c = sc.subarray(0, 4);
  const D = sc.subarray(4, 8);
  const dPar = sc.subarray(8);
  ll.prepare(par, c);
  const c0 = c[0], c1 = c[1], c2 = c[2], c3 = c[3];
  const scale = ll.responseScale;
  const cv = ll.categories ? new Float64Array(par.length + 2) : NO_CATEGORIES;
  ll.categories?.prepare(par, cv);
  for (let i = 0; i < n; i++) {
    const yi = y[i];
    const t = trials ? trials[i] : 0;
    D[1] = 0; D[2] = 0; D[3] = 0;
    const s0 = ll.row(scale ? scale(yi) : yi, eta[i], t, c0, c1, D, SPECIAL, c2, c3, cv);
    out[i] = ll.finish(s0, D[1], 1, par, dPar, D[2], D[3]) + ll.constant(yi, t);
  }
}

/**
 * One observation's full log likelihood (constants included): pointwiseLogLikRows for one row.
 */
export function pointwiseLogLik(f: Family, y: number, e: number, t: number, par: Float64Array): number {
  const out = new Float64Array(1);
  pointwiseLogLikRows(f, [y], [e], f.logLik.usesTrials ? [t] : null, par, out, 1);
  return out[0];
}
