// The fit summary as brms's print.brmsfit lays it out: a header (Family, Links, Formula, Data,
// Draws), then Group-Level Effects per grouping factor (sd(...), cor(...,...)), Population-Level
// Effects, Family Specific Parameters, each a table with the columns
// Estimate Est.Error l-95% CI u-95% CI Rhat Bulk_ESS Tail_ESS (2 decimals, ESS as integers),
// then the sampler warnings.
import type { FamilyName, SummaryRow } from '../types';
import { quantileKey } from './summaryJson';
import { DIST_PARAMETER_NAMES, getFamily } from '../families';

export interface PrintSummaryInput {
  formula: string;
  family: FamilyName;
  /** The family's link (absent: its default), for the Links line. */
  link?: string;
  /** Data set name as shown after "Data:". */
  dataName: string;
  nObs: number;
  chains: number;
  warmup: number;
  /** Post-warmup draws per chain (brms prints iter = warmup + iter). */
  iter: number;
  /** Grouping factors in formula order, with their number of levels (duplicates are merged). */
  groups: { group: string; nLevels: number }[];
  /** Summary rows with the 2.5% and 97.5% quantiles (probs 0.025, 0.975). */
  rows: SummaryRow[];
  /** Sampler warning messages, printed after the tables. */
  warnings: string[];
}

const FAMILY_PARAMETERS = DIST_PARAMETER_NAMES;
const COLUMNS = ['Estimate', 'Est.Error', 'l-95% CI', 'u-95% CI', 'Rhat', 'Bulk_ESS', 'Tail_ESS'];

const fixed2 = (x: number | null | undefined): string =>
  x === null || x === undefined || !Number.isFinite(x) ? 'NA' : (Math.abs(x) < 0.005 ? 0 : x).toFixed(2);
const integer = (x: number | null | undefined): string =>
  x === null || x === undefined || !Number.isFinite(x) ? 'NA' : String(Math.round(x));

function cells(r: SummaryRow): string[] {
  return [
    fixed2(r.mean), fixed2(r.sd), fixed2(r.quantiles[quantileKey(0.025)]),
    fixed2(r.quantiles[quantileKey(0.975)]), fixed2(r.rhat), integer(r.ess_bulk), integer(r.ess_tail),
  ];
}

/** R's data.frame print: row labels left-aligned, every column right-aligned to its width. */
export function formatTable(labels: string[], rows: string[][], columns = COLUMNS): string[] {
  const labelWidth = Math.max(0, ...labels.map((l) => l.length));
  const widths = columns.map((c, j) => Math.max(c.length, ...rows.map((r) => r[j].length)));
  const line = (label: string, values: string[]): string =>
    label.padEnd(labelWidth) + values.map((v, j) => ' ' + v.padStart(widths[j])).join('');
  return [line('', columns), ...labels.map((l, i) => line(l, rows[i]))];
}

function section(title: string, entries: { label: string; row: SummaryRow }[]): string[] {
  if (entries.length === 0) return [];
  return [title, ...formatTable(entries.map((e) => e.label), entries.map((e) => cells(e.row))), ''];
}

export function printSummary(input: PrintSummaryInput): string {
  const { rows } = input;
  const out: string[] = [
    ` Family: ${input.family} `,
    `  Links: ${getFamily(input.family, input.link).linksText} `,
    `Formula: ${input.formula} `,
    `   Data: ${input.dataName} (Number of observations: ${input.nObs}) `,
    `  Draws: ${input.chains} chains, each with iter = ${input.warmup + input.iter}; warmup = ${input.warmup}; thin = 1;`,
    `         total post-warmup draws = ${input.chains * input.iter}`,
    '',
  ];

  const seen = new Set<string>();
  const groupBlocks: string[] = [];
  for (const g of input.groups) {
    if (seen.has(g.group)) continue;
    seen.add(g.group);
    const sdPrefix = `sd_${g.group}__`;
    const corPrefix = `cor_${g.group}__`;
    const entries = [
      ...rows.filter((r) => r.name.startsWith(sdPrefix))
        .map((r) => ({ label: `sd(${r.name.slice(sdPrefix.length)})`, row: r })),
      ...rows.filter((r) => r.name.startsWith(corPrefix))
        .map((r) => ({ label: `cor(${r.name.slice(corPrefix.length).split('__').join(',')})`, row: r })),
    ];
    if (entries.length === 0) continue;
    groupBlocks.push(`~${g.group} (Number of levels: ${g.nLevels}) `,
      ...formatTable(entries.map((e) => e.label), entries.map((e) => cells(e.row))), '');
  }
  if (groupBlocks.length > 0) out.push('Group-Level Effects: ', ...groupBlocks);

  out.push(...section('Population-Level Effects: ',
    rows.filter((r) => r.name.startsWith('b_')).map((r) => ({ label: r.name.slice(2), row: r }))));
  out.push(...section('Family Specific Parameters: ',
    rows.filter((r) => FAMILY_PARAMETERS.has(r.name)).map((r) => ({ label: r.name, row: r }))));

  out.push(
    'Draws were sampled using sampling(NUTS). For each parameter, Bulk_ESS',
    'and Tail_ESS are effective sample size measures, and Rhat is the potential',
    'scale reduction factor on split chains (at convergence, Rhat = 1).',
  );
  for (const w of input.warnings) out.push(`Warning: ${w}`);
  return out.join('\n') + '\n';
}
