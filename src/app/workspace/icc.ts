// Intraclass correlation of a gaussian random-intercept model, per draw:
//   ICC = sd_g^2 / (sum_g' sd_g'^2 + sigma^2)
// The computation lives in src/core/interpret/varianceShares.ts (one home for variance shares,
// which also covers varying slopes and the latent scale of logit/probit models). This panel keeps
// its scope: gaussian models whose group terms are all intercepts, where the share does not
// depend on the covariates.
import type { ModelStructure } from '../../core/types';
import { varianceShares } from '../../core/interpret/varianceShares';
import { getFamily } from '../../core/families';

export interface IccDraws {
  group: string;
  values: Float64Array;
}

export function iccDraws(s: ModelStructure, names: readonly string[], rows: Float64Array, nRows: number): IccDraws[] {
  if (getFamily(s.family).classical.varianceScale !== 'response' || !names.includes('sigma')) return []; // gaussian
  if (s.groups.length === 0 || !s.groups.every((g) => g.coefNames.length === 1 && g.coefNames[0] === 'Intercept')) return [];
  if (s.groups.some((g) => !names.includes(`sd_${g.group}__Intercept`))) return [];
  return varianceShares(s, names, rows, nRows).levels
    .filter((l) => l.kind === 'group')
    .map((l) => ({ group: l.name, values: l.share }));
}
