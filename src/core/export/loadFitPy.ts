// The "Open in Python" pieces: arviz_coords.json (the coords and dims that name the axes of the
// exported program's variables: the b coefficients, each term's coefficients and grouping levels)
// and load_fit.py, which reads the CmdStan CSVs with arviz.from_cmdstan (ArviZ's io_cmdstan; the
// dims are keyed by the CSV's variable names, `r_1_1`, `z_1`, ...).
import type { ModelStructure } from '../types';
import { cmdstanChainFile } from './cmdstanWrite';
import type { StanVariable } from './stanVariables';

export interface ArvizCoords {
  coords: Record<string, string[]>;
  dims: Record<string, string[]>;
}

/** Coords and dims for every variable with axes that mean something (Cor/L get both coefficient axes). */
export function arvizCoords(s: ModelStructure, variables: readonly StanVariable[]): ArvizCoords {
  const coords: Record<string, string[]> = Object.create(null);
  const dims: Record<string, string[]> = Object.create(null);
  if (s.K > 0) coords.b_coef = s.bNames.slice();
  const groupCount = new Map<string, number>();
  for (const g of s.groups) groupCount.set(g.group, (groupCount.get(g.group) ?? 0) + 1);
  const byName = new Map<string, string[]>();
  if (s.K > 0) byName.set('b', ['b_coef']);
  for (const g of s.groups) {
    const i = g.id;
    const coef = groupCount.get(g.group)! > 1 ? `${g.group}_coef_${i}` : `${g.group}_coef`;
    coords[g.group] = g.levels.slice();
    coords[coef] = g.coefNames.slice();
    coords[`${coef}_2`] = g.coefNames.slice();
    byName.set(`sd_${i}`, [coef]);
    byName.set(`z_${i}`, [coef, g.group]);
    byName.set(`L_${i}`, [coef, `${coef}_2`]);
    byName.set(`Cor_${i}`, [coef, `${coef}_2`]);
    byName.set(`r_${i}`, [g.group, coef]);
    g.coefNames.forEach((_, m) => byName.set(`r_${i}_${m + 1}`, [g.group]));
    const pairs: string[] = [];
    for (let k = 1; k < g.coefNames.length; k++) for (let j = 0; j < k; j++) pairs.push(`${g.coefNames[j]}__${g.coefNames[k]}`);
    if (pairs.length) { coords[`${coef}_cor`] = pairs; byName.set(`cor_${i}`, [`${coef}_cor`]); }
  }
  for (const v of variables) {
    const d = byName.get(v.name);
    if (d && d.length === v.dims.length) dims[v.name] = d;
  }
  return { coords: { ...coords }, dims: { ...dims } };
}

/** load_fit.py for the chains written (their ids). */
export function loadFitPy(chains: readonly number[]): string {
  const files = chains.map((c) => JSON.stringify(cmdstanChainFile(c))).join(', ');
  return `"""The Multilevel Studio fit as an ArviZ InferenceData, from the CmdStan CSVs of model.stan.

Run it from any folder (python path/to/load_fit.py) or import it; \`idata\` holds the draws. Needs
arviz (pip install arviz). names.csv maps every Stan name (b[1], r_1_1[3]) to brms's (b_Days,
r_Subject[310,Intercept]); arviz_coords.json names the axes (coefficients, group levels).
"""
import json
import pathlib

import arviz as az

here = pathlib.Path(__file__).resolve().parent
with open(here / "arviz_coords.json", encoding="utf-8") as f:
    axes = json.load(f)

idata = az.from_cmdstan(
    posterior=[str(here / name) for name in [${files}]],
    coords=axes["coords"],
    dims=axes["dims"],
)

if __name__ == "__main__":
    # the variables a brmsfit keeps: without the standardised z_, the Cholesky factors L_,
    # the matrix forms r_ (each r_1_1 ... remains) and Cor_
    print(az.summary(idata, var_names=["~^z_", "~^L_", "~^r_[0-9]+$", "~^Cor_", "~^Intercept$"], filter_vars="regex"))
`;
}
