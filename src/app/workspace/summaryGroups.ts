// Groups summary rows the way brms's summary() prints them: population-level effects,
// group-level sd and cor per grouping factor, family-specific parameters, then the r_ effects
// (one block per grouping factor, shown collapsed).
import type { SummaryRow } from '../../core/types';
import { DIST_PARAMETER_NAMES } from '../../core/families';

export interface SummaryGroup {
  key: string;
  title: string;
  rows: SummaryRow[];
  /** r_ blocks: long, shown collapsed. */
  collapsible: boolean;
}

/** Every family's distributional parameters (src/core/families): "Family Specific Parameters". */
const FAMILY_PARAMETERS = DIST_PARAMETER_NAMES;

/** 'sd_district_id:class_id__age_c' -> 'district_id:class_id'. */
export function groupOfHyper(name: string): string {
  const rest = name.replace(/^(sd|cor)_/, '');
  const i = rest.indexOf('__');
  return i < 0 ? rest : rest.slice(0, i);
}

/** 'r_Subject[308,Intercept]' -> 'Subject'. */
export function groupOfEffect(name: string): string {
  const i = name.indexOf('[');
  return name.slice(2, i < 0 ? undefined : i);
}

// brms's own names only: Stan's names for the same model (b[1], sd_1[1], r_1_1[3], read from
// CmdStan output) share the prefixes but are not brms's sd_<group>__<coef> or r_<group>[level,coef].
const isHyper = (n: string) => (n.startsWith('sd_') || n.startsWith('cor_')) && n.includes('__') && !n.includes('[');
export const isEffect = (n: string) => /^r_[^[]+\[[^\]]*,[^\]]*\]$/.test(n);

export function groupSummary(rows: readonly SummaryRow[]): SummaryGroup[] {
  const population: SummaryRow[] = [];
  const hyper = new Map<string, SummaryRow[]>();
  const family: SummaryRow[] = [];
  const effects = new Map<string, SummaryRow[]>();
  const other: SummaryRow[] = [];
  const push = <K>(m: Map<K, SummaryRow[]>, k: K, r: SummaryRow) => {
    const list = m.get(k);
    if (list) list.push(r); else m.set(k, [r]);
  };
  for (const r of rows) {
    if (r.name.startsWith('b_')) population.push(r);
    else if (isHyper(r.name)) push(hyper, groupOfHyper(r.name), r);
    else if (FAMILY_PARAMETERS.has(r.name)) family.push(r);
    else if (isEffect(r.name)) push(effects, groupOfEffect(r.name), r);
    else other.push(r);
  }
  const out: SummaryGroup[] = [];
  if (population.length) out.push({ key: 'b', title: 'Population-level effects', rows: population, collapsible: false });
  for (const [g, list] of hyper) out.push({ key: `hyper:${g}`, title: `Group-level effects: ~${g}`, rows: list, collapsible: false });
  if (family.length) out.push({ key: 'family', title: 'Family-specific parameters', rows: family, collapsible: false });
  // Long lists (a CmdStan fit's generated quantities, y_rep or log_lik) are collapsed like r_ blocks.
  if (other.length) out.push({ key: 'other', title: other.length > 50 ? `Other quantities (${other.length})` : 'Other quantities', rows: other, collapsible: other.length > 50 });
  for (const [g, list] of effects) out.push({ key: `r:${g}`, title: `Group effects r_${g} (${list.length})`, rows: list, collapsible: true });
  return out;
}

/** Short label inside a group, as brms prints it: 'Intercept', 'sd(Days)', 'cor(Intercept,Days)'. */
export function displayName(name: string): string {
  if (name.startsWith('b_')) return name.slice(2);
  if (isHyper(name) && name.startsWith('sd_')) {
    const rest = name.slice(3);
    const i = rest.indexOf('__');
    return `sd(${rest.slice(i + 2)})`;
  }
  if (isHyper(name)) {
    const parts = name.slice(4).split('__');
    return `cor(${parts.slice(1).join(',')})`;
  }
  if (isEffect(name)) {
    const i = name.indexOf('[');
    return i < 0 ? name : name.slice(i + 1, -1);
  }
  return name;
}

/** The credible interval's quantile probabilities for a level (0.9 -> [0.05, 0.95]). */
export function intervalProbs(level: number): [number, number] {
  const lo = Number(((1 - level) / 2).toPrecision(12));
  return [lo, Number((1 - lo).toPrecision(12))];
}

/** Probabilities to request from summariseDraws: the interval's and 5% / 95% (summary JSON). */
export function requestedProbs(level: number): number[] {
  const set = new Set([0.05, 0.95, ...intervalProbs(level)]);
  return [...set].sort((a, b) => a - b);
}
