// The multi-pass likelihood kernel: one pass over the observations with eta already computed,
// giving the log likelihood (constants dropped, as Stan's `~`), d lp / d eta per observation and
// the partials of the family's distributional parameters (algorithms.md §f; Stan Math's
// operands_and_partials, one node with N edges). It calls the family's own row function
// (src/core/families), the one the fused loop (model/kernelsCodegen.ts) inlines, so both kernels
// evaluate the same definition. Used where code generation is unavailable and by MLS_KERNEL=passes.
import type { LogLikelihood } from '../families/types';
import { SPECIAL } from '../families/special';

/**
 * sum_n lp_n for y[0..n) at eta, constants dropped; y on the row's scale (families rowResponse). Writes dEta[i] = d lp / d eta_i and
 * d lp / d par[k] into dPar[k]; c is scratch for the family's row constants (length 2, or 4 when
 * the family has more constants), D scratch for one row's partials (length 2, or 4 when the family
 * has more sums). trials is only read when ll.usesTrials.
 */
export function likelihoodPass(
  ll: LogLikelihood, y: Float64Array, trials: Float64Array | null, eta: Float64Array, n: number,
  par: Float64Array, c: Float64Array, D: Float64Array, dEta: Float64Array, dPar: Float64Array,
): number {
  if (ll.categories) return categoryPass(ll, y, eta, n, par, c, D, dEta, dPar);
  ll.prepare(par, c);
  const c0 = c[0];
  const c1 = c[1];
  const row = ll.row;
  let s0 = 0;
  let s1 = 0;
  if (ll.usesTrials) {
    if (!trials) throw new Error('likelihoodPass: this family needs the number of trials');
    for (let i = 0; i < n; i++) {
      s0 += row(y[i], eta[i], trials[i], c0, c1, D, SPECIAL);
      dEta[i] = D[0];
    }
  } else if (ll.sums > 2 || (ll.constants ?? 2) > 2) {
    return widePass(ll, y, eta, n, par, c, D, dEta, dPar);
  } else if (ll.sums === 2) {
    for (let i = 0; i < n; i++) {
      s0 += row(y[i], eta[i], 0, c0, c1, D, SPECIAL);
      dEta[i] = D[0];
      s1 += D[1];
    }
  } else {
    for (let i = 0; i < n; i++) {
      s0 += row(y[i], eta[i], 0, c0, c1, D, SPECIAL);
      dEta[i] = D[0];
    }
  }
  return ll.finishPasses ? ll.finishPasses(s0, s1, n, par, c, dPar) : ll.finish(s0, s1, n, par, dPar, 0, 0);
}

/** likelihoodPass for a family with more than 2 sums or row constants (up to 4 each), no trials. */
function widePass(
  ll: LogLikelihood, y: Float64Array, eta: Float64Array, n: number,
  par: Float64Array, c: Float64Array, D: Float64Array, dEta: Float64Array, dPar: Float64Array,
): number {
  if (D.length < 4 || c.length < (ll.constants ?? 2)) throw new Error('likelihoodPass: this family needs scratch D of length 4 and c of its constants');
  const c0 = c[0], c1 = c[1];
  const c2 = c.length > 2 ? c[2] : 0, c3 = c.length > 3 ? c[3] : 0;
  const row = ll.row;
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  D[3] = 0;
  for (let i = 0; i < n; i++) {
    s0 += row(y[i], eta[i], 0, c0, c1, D, SPECIAL, c2, c3);
    dEta[i] = D[0];
    s1 += D[1];
    s2 += D[2];
    s3 += D[3];
  }
  return ll.finish(s0, s1, n, par, dPar, s2, ll.sums === 4 ? s3 : 0);
}

/** The row's cv argument for families without categories (never read). */
export const NO_CATEGORIES = new Float64Array(0);

/** Per-threshold-count scratch of categoryPass: cv, G0, G1 (length nthres + 2 each). */
const categoryScratch = new Map<number, Float64Array[]>();

/**
 * likelihoodPass for ordinal families (LogLikelihood.categories): par = the thresholds; the row
 * reads them through cv, and D[0], D[1] are summed per response category for d lp / d par.
 */
function categoryPass(
  ll: LogLikelihood, y: Float64Array, eta: Float64Array, n: number,
  par: Float64Array, c: Float64Array, D: Float64Array, dEta: Float64Array, dPar: Float64Array,
): number {
  const cat = ll.categories!;
  const size = par.length + 2;
  let scratch = categoryScratch.get(size);
  if (!scratch) categoryScratch.set(size, (scratch = [0, 1, 2].map(() => new Float64Array(size))));
  const [cv, G0, G1] = scratch;
  ll.prepare(par, c);
  cat.prepare(par, cv);
  G0.fill(0);
  G1.fill(0);
  const c0 = c[0], c1 = c[1];
  const row = ll.row;
  let s0 = 0;
  for (let i = 0; i < n; i++) {
    const yi = y[i];
    s0 += row(yi, eta[i], 0, c0, c1, D, SPECIAL, 0, 0, cv);
    dEta[i] = D[0];
    G0[yi] += D[0];
    G1[yi] += D[1];
  }
  const lp = ll.finish(s0, 0, n, par, dPar, 0, 0);
  cat.finish(G0, G1, dPar);
  return lp;
}

/** The constant the kernels drop, so kernel + constant is the full log likelihood (`_lpdf`). */
export function likelihoodConstant(ll: LogLikelihood, y: Float64Array, n: number, trials: Float64Array | null): number {
  if (ll.usesTrials && !trials) throw new Error('likelihoodConstant: this family needs the number of trials');
  let s = 0;
  for (let i = 0; i < n; i++) s += ll.constant(y[i], trials ? trials[i] : 0);
  return s;
}
