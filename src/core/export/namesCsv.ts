// names.csv: every column of the exported CmdStan CSVs with its Stan name (`b[1]`), its CSV name
// (`b.1`), the name brms gives it after brms:::rename_pars (`b_Days`,
// `r_Subject[308,Intercept]`; empty for the variables a brmsfit does not keep: z_, L_, the r_
// matrix, Cor_ and the temporary Intercept, brms exclude_pars) and what it is.
import type { ModelStructure } from '../types';
import { SAMPLER_STAT_NAMES } from '../types';
import { csvCell } from './dataCsv';
import { cellNames, type StanVariable } from './stanVariables';

export interface NameRow {
  stan: string;
  csv: string;
  brms: string;
  description: string;
}

type Describe = (idx: number[]) => { brms: string; description: string };

function termDescribers(s: ModelStructure, t: number, d: Map<string, Describe>): void {
  const g = s.groups[t];
  const i = g.id;
  const coef = (m: number) => g.coefNames[m - 1];
  const level = (j: number) => g.levels[j - 1];
  const what = `(${g.group})`;
  d.set(`sd_${i}`, ([m]) => ({ brms: `sd_${g.group}__${coef(m)}`, description: `group-level standard deviation of ${coef(m)} ${what}` }));
  d.set(`z_${i}`, ([m, j]) => ({ brms: '', description: `standardised group-level effect of ${coef(m)} for ${g.group} ${level(j)} (not kept by brms)` }));
  d.set(`L_${i}`, ([a, b]) => ({ brms: '', description: `Cholesky factor of the group-level correlation matrix ${what}, row ${a} column ${b} (not kept by brms)` }));
  d.set(`r_${i}`, ([j, m]) => ({ brms: '', description: `group-level effect of ${coef(m)} for ${g.group} ${level(j)}, matrix form (not kept by brms; see r_${i}_${m})` }));
  g.coefNames.forEach((c, m) => d.set(`r_${i}_${m + 1}`, ([j]) => ({ brms: `r_${g.group}[${level(j)},${c}]`, description: `group-level effect of ${c} for ${g.group} ${level(j)}` })));
  d.set(`Cor_${i}`, ([a, b]) => ({ brms: '', description: `group-level correlation matrix ${what}, row ${a} column ${b} (not kept by brms; see cor_${i})` }));
  const pairs: string[] = [];
  for (let k = 1; k < g.coefNames.length; k++) for (let j = 0; j < k; j++) pairs.push(`${g.coefNames[j]}__${g.coefNames[k]}`);
  d.set(`cor_${i}`, ([c]) => ({ brms: `cor_${g.group}__${pairs[c - 1]}`, description: `group-level correlation ${what}` }));
}

/** The rows of names.csv for the program's variables (stanDrawWriter's), sampler columns first. */
export function nameRows(s: ModelStructure, variables: readonly StanVariable[]): NameRow[] {
  const d = new Map<string, Describe>();
  d.set('b', ([k]) => ({ brms: `b_${s.bNames[k - 1]}`, description: `population-level effect of ${s.bNames[k - 1]}` }));
  d.set('Intercept', () => ({ brms: '', description: 'intercept of the centred predictors (not kept by brms; b_Intercept is the intercept)' }));
  d.set('b_Intercept', () => ({ brms: 'b_Intercept', description: 'population-level intercept' }));
  d.set('lprior', () => ({ brms: 'lprior', description: 'log prior density, constants included' }));
  s.groups.forEach((_, t) => termDescribers(s, t, d));
  const rows: NameRow[] = SAMPLER_STAT_NAMES.map((n) => ({ stan: n, csv: n, brms: n, description: 'sampler diagnostic' }));
  for (const v of variables) {
    const names = cellNames(v);
    const idx = v.dims.length ? names.bracket.map((b) => b.slice(v.name.length + 1, -1).split(',').map(Number)) : [[]];
    const describe = d.get(v.name) ?? (() => ({ brms: v.name, description: 'distributional parameter' }));
    idx.forEach((ix, c) => rows.push({ stan: names.bracket[c], csv: names.csv[c], ...describe(ix) }));
  }
  return rows;
}

export function namesCsvText(rows: readonly NameRow[]): string {
  const lines = ['stan_name,csv_column,brms_name,description'];
  for (const r of rows) lines.push([r.stan, r.csv, r.brms, r.description].map(csvCell).join(','));
  return lines.join('\n') + '\n';
}
