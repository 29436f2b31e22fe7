// Unconstrained parameter layout of a brms-style multilevel model (algorithms.md §e) and the
// brms output names (design.md §3, brms reorder_pars: b, sd, cor, family parameters, r).
import type { ModelStructure } from '../types';
import { getFamily } from '../families';
import { choleskyCorrSize } from '../transform/choleskyCorr';

/** Where one group term's parameters sit in theta. */
export interface TermLayout {
  /** Index of the term in structure.groups. */
  term: number;
  /** Number of coefficients (M) and levels (J). */
  M: number;
  J: number;
  /** True when a Cholesky correlation factor is estimated (correlated and M > 1). */
  hasCor: boolean;
  /** log sd (M values). */
  sdOffset: number;
  /** Unconstrained correlation values, M(M-1)/2 (0 when !hasCor). */
  corOffset: number;
  corSize: number;
  /**
   * z (noncentered), r (centered) or beta (hcentered: r with the population Intercept added to the
   * intercept row), M x J coefficient-major: [m * J + j].
   */
  zOffset: number;
  /** True when the coordinates are the effects themselves (centered or hcentered), not z. */
  centered: boolean;
  /** True for 'hcentered': row 0 of the block is Intercept + r_j[Intercept]. */
  absorbsIntercept: boolean;
  /** Offset of this term's r block in the model's r buffer (M * J values, coefficient-major). */
  rOffset: number;
}

export interface ModelLayout {
  dim: number;
  /**
   * Index of the temporary (centred) Intercept, -1 without intercept. With ordinal thresholds
   * (structure.thresholdPriors) the first of the nThresholds coordinates of Stan's ordered
   * transform: Intercept[1] free, then log(Intercept[k] - Intercept[k-1]).
   */
  intercept: number;
  /** Number of ordinal thresholds (0 for other families). */
  nThresholds: number;
  bOffset: number;
  K: number;
  terms: TermLayout[];
  /** Total size of all r blocks. */
  rSize: number;
  /** Index in terms of the term that absorbs the population intercept (hcentered), -1 if none. */
  absorbingTerm: number;
  /**
   * The family's distributional parameters (families/*.ts params, brms order): the coordinate
   * theta[index] = log(value - lower), or logit((value - lower) / (upper - lower)) with an upper bound.
   */
  familyParams: FamilyParamLayout[];
  unconstrainedNames: string[];
  outputNames: string[];
}

/** Where one distributional parameter sits in theta. */
export interface FamilyParamLayout {
  name: string;
  index: number;
  lower: number;
  /** Infinity when the parameter has no upper bound. */
  upper: number;
}

/** Lays out theta and names every coordinate and output. */
export function modelLayout(s: ModelStructure): ModelLayout {
  const names: string[] = [];
  let p = 0;
  const nThresholds = s.thresholdPriors?.length ?? 0;
  const intercept = s.hasIntercept || nThresholds > 0 ? p : -1;
  if (nThresholds > 0) {
    for (let k = 1; k <= nThresholds; k++) names.push(k === 1 ? 'Intercept[1]' : `log(Intercept[${k}] - Intercept[${k - 1}])`);
    p += nThresholds;
  } else if (s.hasIntercept) {
    names.push('Intercept');
    p++;
  }
  const bOffset = p;
  for (let k = 0; k < s.K; k++) names.push(`b_${s.bNames[k]}`);
  p += s.K;
  const terms: TermLayout[] = [];
  let rOffset = 0;
  let absorbingTerm = -1;
  s.groups.forEach((g, t) => {
    const M = g.coefNames.length;
    const J = g.levels.length;
    const hasCor = g.correlated && M > 1;
    const sdOffset = p;
    for (let m = 0; m < M; m++) names.push(`log(sd_${g.group}__${g.coefNames[m]})`);
    p += M;
    const corOffset = p;
    const corSize = hasCor ? choleskyCorrSize(M) : 0;
    for (let i = 1, c = 0; i < M && hasCor; i++) {
      for (let j = 0; j < i; j++, c++) names.push(`atanh(cpc_${g.group}[${i + 1},${j + 1}])`);
    }
    p += corSize;
    const zOffset = p;
    const absorbsIntercept = g.parameterization === 'hcentered';
    const centered = absorbsIntercept || g.parameterization === 'centered';
    if (absorbsIntercept) absorbingTerm = t;
    for (let m = 0; m < M; m++) {
      for (let j = 0; j < J; j++) {
        const r = `r_${g.group}[${g.levels[j]},${g.coefNames[m]}]`;
        names.push(!centered ? `z_${g.group}[${g.coefNames[m]},${g.levels[j]}]` : absorbsIntercept && m === 0 ? `Intercept + ${r}` : r);
      }
    }
    p += M * J;
    terms.push({ term: t, M, J, hasCor, sdOffset, corOffset, corSize, zOffset, centered, absorbsIntercept, rOffset });
    rOffset += M * J;
  });
  const familyParams = getFamily(s.family).params.map((fp) => {
    names.push(unconstrainedName(fp.name, fp.lower, fp.upper));
    return { name: fp.name, index: p++, lower: fp.lower, upper: fp.upper ?? Infinity };
  });

  const out: string[] = [];
  if (nThresholds > 0) for (let k = 1; k <= nThresholds; k++) out.push(`b_Intercept[${k}]`);
  else if (s.hasIntercept) out.push('b_Intercept');
  for (let k = 0; k < s.K; k++) out.push(`b_${s.bNames[k]}`);
  for (const g of s.groups) for (const c of g.coefNames) out.push(`sd_${g.group}__${c}`);
  terms.forEach((tl) => {
    if (!tl.hasCor) return;
    const g = s.groups[tl.term];
    // brms fills cor from Cor[j, k] for k = 2..M, j = 1..k-1
    for (let k = 1; k < tl.M; k++) {
      for (let j = 0; j < k; j++) out.push(`cor_${g.group}__${g.coefNames[j]}__${g.coefNames[k]}`);
    }
  });
  for (const fp of familyParams) out.push(fp.name);
  for (const fp of getFamily(s.family).fixedParams ?? []) out.push(fp.name);
  for (const g of s.groups) {
    for (const c of g.coefNames) for (const lev of g.levels) out.push(`r_${g.group}[${lev},${c}]`);
  }
  return { dim: p, intercept, nThresholds, bOffset, K: s.K, terms, rSize: rOffset, absorbingTerm, familyParams, unconstrainedNames: names, outputNames: out };
}

/** The sampler's coordinate of a distributional parameter, named after its transform. */
function unconstrainedName(name: string, lower: number, upper: number | undefined): string {
  if (upper === undefined) return lower === 0 ? `log(${name})` : `log(${name} - ${lower})`;
  return lower === 0 && upper === 1 ? `logit(${name})` : `logit((${name} - ${lower}) / ${upper - lower})`;
}
