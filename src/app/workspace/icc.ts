// Intraclass correlation of a gaussian random-intercept model, per draw:
//   ICC = sd_g^2 / (sum_g' sd_g'^2 + sigma^2)
// (the share of residual-scale variance between levels of g). With several crossed or nested
// intercept terms the denominator adds every intercept variance (Nakagawa & Schielzeth 2013,
// conditional on the fixed effects). Only defined here for terms with an intercept and no
// varying slopes, where the variance does not depend on the covariates.
import type { ModelStructure } from '../../core/types';

export interface IccDraws {
  group: string;
  values: Float64Array;
}

export function iccDraws(s: ModelStructure, names: readonly string[], rows: Float64Array, nRows: number): IccDraws[] {
  if (s.family !== 'gaussian') return [];
  const P = names.length;
  const sigma = names.indexOf('sigma');
  if (sigma < 0) return [];
  const intercepts = s.groups.filter((g) => g.coefNames.length === 1 && g.coefNames[0] === 'Intercept');
  if (intercepts.length === 0 || intercepts.length !== s.groups.length) return [];
  const cols = intercepts.map((g) => names.indexOf(`sd_${g.group}__Intercept`));
  if (cols.some((c) => c < 0)) return [];
  return intercepts.map((g, t) => {
    const values = new Float64Array(nRows);
    for (let i = 0; i < nRows; i++) {
      const base = i * P;
      let total = rows[base + sigma] ** 2;
      for (const c of cols) total += rows[base + c] ** 2;
      values[i] = rows[base + cols[t]] ** 2 / total;
    }
    return { group: g.group, values };
  });
}
