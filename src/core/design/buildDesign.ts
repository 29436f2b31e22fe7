// Model frame + response + population design + group terms: everything the model needs from the
// data, before priors.
import type { DataTable, FamilyName, ModelStructure } from '../types';
import type { ParsedFormula } from '../formula/types';
import { ModelError } from '../formula/errors';
import { deparse } from '../formula/deparse';
import { excerpt, listExcerpt } from '../formula/excerpt';
import { buildModelFrame, type DroppedCells } from './modelFrame';
import { evalNumeric, makeContext } from './evaluate';
import { modelMatrixColumns } from './modelMatrix';
import { dependentColumns } from './rank';
import { responseValues } from './response';
import { buildGroups, type DesignGroup } from './groupTerms';
import { brmsRename } from './brmsNames';

/** The data side of ModelStructure (same fields, same meaning), plus what only the design knows. */
export interface Design extends Pick<ModelStructure, 'N' | 'y' | 'trials' | 'offset' | 'hasIntercept' | 'X' | 'K' | 'bNames'> {
  nDropped: number;
  /** Why rows were dropped: per model column and reason (modelFrame.ts). */
  dropped: DroppedCells[];
  /** 0-based data rows in the model frame. */
  rows: Int32Array;
  messages: string[];
  /** model.matrix names ('period2', 'I(age^2)'); bNames are brms's ('period2', 'IageE2'). */
  bNamesR: string[];
  /** model.matrix names of population columns that are linear combinations of earlier columns. */
  rankDeficient: string[];
  groups: DesignGroup[];
}

export function buildDesign(formula: ParsedFormula, data: DataTable, family: FamilyName): Design {
  const frame = buildModelFrame(formula, data);
  const ctx = makeContext(data, frame.rows);
  const N = frame.rows.length;
  const messages = [...frame.messages];

  const resp = responseValues(formula.response, family, ctx);
  messages.push(...resp.messages);

  let offset: Float64Array | null = null;
  for (const o of formula.offsets) {
    const v = evalNumeric(o, ctx);
    for (let i = 0; i < N; i++) {
      if (!Number.isFinite(v[i])) throw new ModelError(`offset(${excerpt(deparse(o))}) is ${v[i]} at data row ${frame.rows[i] + 1}.`);
    }
    if (!offset) offset = v;
    else for (let i = 0; i < N; i++) offset[i] += v[i];
  }

  const pop = modelMatrixColumns(formula.population, ctx);
  const K = pop.columns.length;
  const X = new Float64Array(N * K);
  pop.columns.forEach((c, k) => { for (let i = 0; i < N; i++) X[i * K + k] = c[i]; });
  const bNames = pop.names.map(brmsRename);
  const dupe = bNames.find((b, i) => bNames.indexOf(b) !== i);
  if (dupe) throw new ModelError(`Two population-level coefficients get the same brms name '${excerpt(dupe)}' after brms removes special characters; rename one of the variables.`);

  const withIntercept = formula.population.intercept ? [new Float64Array(N).fill(1), ...pop.columns] : pop.columns;
  const offsetIdx = formula.population.intercept ? 1 : 0;
  const rankDeficient = dependentColumns(withIntercept).filter((k) => k >= offsetIdx).map((k) => pop.names[k - offsetIdx]);
  if (rankDeficient.length) {
    messages.push(`The population-level design is rank deficient: ${listExcerpt(rankDeficient, 3, "'", 25)} ${rankDeficient.length > 1 ? 'are linear combinations' : 'is a linear combination'} of earlier columns${formula.population.intercept ? ' (including the intercept)' : ''}, so ${rankDeficient.length > 1 ? 'their coefficients are' : 'its coefficient is'} not identified by the data.`);
  }

  const groups = buildGroups(formula.groups, ctx);
  return {
    N, nDropped: frame.nDropped, dropped: frame.dropped, rows: frame.rows, messages,
    y: resp.y, trials: resp.trials, offset,
    hasIntercept: formula.population.intercept, X, K, bNames, bNamesR: pop.names, rankDeficient, groups,
  };
}
