// Group-level terms: grouping factor levels and per-observation index, and the raw (uncentred)
// group-level design columns Z. A grouping g1:g2 is the pasted labels 'l1_l2' as brms builds it
// (brms combine_groups(): paste0(g1, "_", g2)), a character vector, so its levels sort as strings.
import type { GroupTermSpec } from '../formula/types';
import type { GroupTerm } from '../types';
import { ModelError } from '../formula/errors';
import { excerpt } from '../formula/excerpt';
import { columnLabels, factorFromValues, type FactorValues, type FrameContext } from './evaluate';
import { modelMatrixColumns } from './modelMatrix';
import { brmsRename } from './brmsNames';

/** A GroupTerm before priors and the choice of parameterisation are attached. */
export type DesignGroup = Omit<GroupTerm, 'sdPriors' | 'lkjEta' | 'parameterization'>;

export function groupingFactor(spec: GroupTermSpec, ctx: FrameContext): FactorValues {
  if (spec.groupVars.length === 1) {
    const { labels, numeric } = columnLabels(ctx.columns.get(spec.groupVars[0])!, ctx);
    return factorFromValues(labels, numeric);
  }
  const parts = spec.groupVars.map((v) => columnLabels(ctx.columns.get(v)!, ctx).labels);
  const labels = parts[0].map((_, i) => parts.map((p) => p[i]).join('_'));
  return factorFromValues(labels, null);
}

export function buildGroups(specs: GroupTermSpec[], ctx: FrameContext): DesignGroup[] {
  const groups = specs.map((spec, k) => {
    const f = groupingFactor(spec, ctx);
    if (f.levels.length < 2) {
      throw new ModelError(`The grouping factor ${excerpt(spec.group)} in ${excerpt(spec.text)} has only one level ('${excerpt(f.levels[0])}') in the model frame; a group-level effect needs at least two groups. Remove the term or pick another grouping column.`);
    }
    const cols = modelMatrixColumns(spec, ctx);
    const n = ctx.rows.length;
    const coefNames = [...(spec.intercept ? ['Intercept'] : []), ...cols.names.map(brmsRename)];
    const Z = [...(spec.intercept ? [new Float64Array(n).fill(1)] : []), ...cols.columns];
    return { id: k + 1, group: spec.group, levels: f.levels, index: f.codes, coefNames, Z, correlated: spec.correlated };
  });
  // brms: "Duplicated group-level effects detected for group g".
  const seen = new Map<string, string>();
  for (const g of groups) {
    for (const c of g.coefNames) {
      const key = `${g.group}\u0000${c}`;
      if (seen.has(key)) throw new ModelError(`Duplicated group-level effect ${excerpt(c)} for group ${excerpt(g.group)}: it appears in two terms. Keep it in one of them.`);
      seen.set(key, c);
    }
  }
  return groups;
}
