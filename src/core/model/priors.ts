// The priors table (brms get_prior) and the resolution of default + user priors per parameter.
import type { FamilyName, PriorDensity, PriorRow } from '../types';
import { ModelError } from '../formula/errors';
import { excerpt, listExcerpt } from '../formula/excerpt';
import { compareR } from '../design/collate';
import { brmsRename } from '../design/brmsNames';
import { closestName } from '../design/suggest';
import type { Design } from '../design/buildDesign';
import { parsePriorString, type PriorSpec } from './priorsParse';
import { DIST_PARAMETER_NAMES, getFamily } from '../families';
import { LKJ_DEFAULT_PRIOR, defaultFamilyPrior, defaultScalePrior, familyParameters } from './priorsDefault';

export interface ResolvedPrior {
  /** The brms prior string ('' for flat). */
  text: string;
  density: PriorDensity;
}

export interface ResolvedPriors {
  table: PriorRow[];
  intercept: ResolvedPrior | null;
  b: ResolvedPrior[];
  /** Per group term, per coefficient. */
  sd: ResolvedPrior[][];
  /** Per group term: the LKJ prior on its correlations (null when it has none). */
  cor: (ResolvedPrior | null)[];
  /** The family's distributional parameters (sigma, nu, shape ...), in its params order. */
  family: { name: string; prior: ResolvedPrior }[];
  /** Ordinal families: each threshold's prior (class Intercept, coef k), else empty. */
  thresholds: ResolvedPrior[];
}

/** Number of ordinal thresholds of the model (Family.ordinal: max(y) - 1), 0 for other families. */
export function thresholdCount(design: Pick<Design, 'y'>, family: FamilyName): number {
  const o = getFamily(family).ordinal;
  return o ? o.categories(design.y) - 1 : 0;
}

/**
 * How messages name the correlation class: brms 2.18's get_prior() (and so our priors table) lists
 * it as L (lkj_corr_cholesky), while set_prior() and the brms docs call it cor; both are accepted.
 */
const COR_CLASS = 'class cor, shown as L in the priors table';

const row = (prior: string, cls: string, coef = '', group = ''): PriorRow => ({ prior, class: cls, coef, group, source: 'default' });

/** R's order(class, group, coef) in the locale collation, as brms sorts get_prior's output. */
function sortRows(rows: PriorRow[]): PriorRow[] {
  return rows.map((r, i) => ({ r, i }))
    .sort((a, b) => compareR(a.r.class, b.r.class) || compareR(a.r.group, b.r.group) || compareR(a.r.coef, b.r.coef) || a.i - b.i)
    .map((x) => x.r);
}

const hasCor = (g: Design['groups'][number]) => g.correlated && g.coefNames.length > 1;

/** brms's get_prior() table for a model with these data (all sources 'default'). */
export function defaultPriorTable(design: Design, family: FamilyName): PriorRow[] {
  const rows: PriorRow[] = [];
  if (design.hasIntercept) rows.push(row(defaultScalePrior(design.y, family, false, design.offset), 'Intercept'));
  // brms lists each ordinal threshold as class Intercept, coef 1..K-1
  for (let k = 1; k <= thresholdCount(design, family); k++) rows.push(row('', 'Intercept', String(k)));
  if (design.K > 0) rows.push(row('', 'b'), ...design.bNames.map((b) => row('', 'b', b)));
  const scalePrior = defaultScalePrior(design.y, family, true);
  if (design.groups.length) rows.push(row(scalePrior, 'sd'));
  for (const g of design.groups) {
    rows.push(row('', 'sd', '', g.group), ...g.coefNames.map((c) => row('', 'sd', c, g.group)));
    if (hasCor(g)) rows.push(row(LKJ_DEFAULT_PRIOR, 'L'), row('', 'L', '', g.group));
  }
  for (const p of getFamily(family).params) rows.push(row(defaultFamilyPrior(p, scalePrior), p.name));
  const seen = new Set<string>();
  const unique = rows.filter((r) => {
    const k = `${r.class}\u0000${r.coef}\u0000${r.group}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return sortRows(unique);
}

function userRowKey(spec: PriorSpec, design: Design, family: FamilyName): { cls: string; coef: string; group: string; prior: string } {
  const cls0 = spec.class.trim();
  const coef0 = (spec.coef ?? '').trim();
  const group = (spec.group ?? '').trim();
  const prior = spec.prior.trim();
  const where = `the prior ${excerpt(prior) || "''"} on class ${excerpt(cls0)}${coef0 ? ` coef ${excerpt(coef0)}` : ''}${group ? ` group ${excerpt(group)}` : ''}`;
  const fail = (msg: string): never => { throw new ModelError(`In ${where}: ${msg}`); };
  const density = parsePriorString(prior);
  const groupNames = [...new Set(design.groups.map((g) => g.group))];
  const checkGroup = () => {
    if (group && !groupNames.includes(group)) {
      const near = closestName(group, groupNames);
      fail(`the model has no grouping factor '${excerpt(group)}'${near ? `; did you mean '${excerpt(near)}'?` : groupNames.length ? ` (it has ${listExcerpt(groupNames)})` : ''}.`);
    }
  };
  switch (cls0) {
    case 'b': {
      if (group) fail('class b has no groups; remove group=.');
      if (design.K === 0) fail('this model has no population-level coefficients besides the intercept (use class Intercept).');
      let coef = coef0;
      if (coef === 'Intercept' && design.hasIntercept) fail('the intercept has its own class: use class Intercept.');
      if (coef && !design.bNames.includes(coef)) {
        const renamed = brmsRename(coef);
        if (design.bNames.includes(renamed)) coef = renamed;
        else {
          const near = closestName(coef, design.bNames);
          fail(`there is no coefficient '${excerpt(coef)}'; the model has ${listExcerpt(design.bNames)}${near ? ` (did you mean '${excerpt(near)}'?)` : ''}.`);
        }
      }
      if (density.dist === 'lkj') fail(`lkj() is only for correlations (${COR_CLASS}).`);
      return { cls: 'b', coef, group: '', prior };
    }
    case 'Intercept':
      if (!design.hasIntercept) fail('this model has no intercept (the formula has 0 or -1).');
      if (group) fail('class Intercept takes no group.');
      if (coef0) {
        const n = thresholdCount(design, family);
        if (n === 0) fail('class Intercept takes no coef.');
        if (!/^[1-9]\d*$/.test(coef0) || Number(coef0) > n) fail(`the thresholds are coef 1 to ${n}.`);
      }
      if (density.dist === 'lkj') fail(`lkj() is only for correlations (${COR_CLASS}).`);
      return { cls: 'Intercept', coef: coef0, group: '', prior };
    case 'sd': {
      if (!design.groups.length) fail('the model has no group-level terms, so there is no sd.');
      checkGroup();
      if (coef0 && !group) fail('a coef-specific sd prior needs the group too, e.g. coef=Days group=Subject.');
      if (coef0) {
        const coefs = design.groups.filter((g) => g.group === group).flatMap((g) => g.coefNames);
        if (!coefs.includes(coef0)) fail(`group ${excerpt(group)} has no coefficient '${excerpt(coef0)}' (it has ${listExcerpt(coefs)}).`);
      }
      if (density.dist === 'lkj') fail(`lkj() is only for correlations (${COR_CLASS}).`);
      return { cls: 'sd', coef: coef0, group, prior };
    }
    case 'cor':
    case 'L': {
      if (!design.groups.some(hasCor)) fail('the model has no correlated group-level terms with two or more coefficients.');
      checkGroup();
      if (group && !design.groups.some((g) => g.group === group && hasCor(g))) fail(`group ${excerpt(group)} has no correlations (one coefficient, or || ).`);
      if (coef0) fail(`correlations (${COR_CLASS}) take no coef.`);
      if (density.dist !== 'lkj') fail('correlations take an lkj(eta) prior, e.g. lkj(2).');
      return { cls: 'L', coef: '', group, prior: prior.replace(/^(lkj|lkj_corr)\s*\(/, 'lkj_corr_cholesky(') };
    }
    default: {
      if (DIST_PARAMETER_NAMES.has(cls0)) {
        if (!familyParameters(family).includes(cls0)) fail(`the ${family} family has no ${cls0} parameter.`);
        if (coef0 || group) fail(`class ${cls0} takes no coef or group.`);
        if (density.dist === 'lkj') fail(`lkj() is only for correlations (${COR_CLASS}).`);
        return { cls: cls0, coef: '', group: '', prior };
      }
      // brms's message lists sigma for every family; so does this one, then the family's others.
      const extra = familyParameters(family).filter((p) => p !== 'sigma');
      return fail(`unknown class '${excerpt(cls0)}': use b, Intercept, sd, cor, sigma${extra.map((p) => `, ${p}`).join('')}.`);
    }
  }
}

/** Default priors with the user's priors applied: the table and the prior of every parameter. */
export function resolvePriors(design: Design, family: FamilyName, user: PriorSpec[] = []): ResolvedPriors {
  const table = defaultPriorTable(design, family).map((r) => ({ ...r }));
  const seen = new Set<string>();
  for (const spec of user) {
    const k = userRowKey(spec, design, family);
    const key = `${k.cls}\u0000${k.coef}\u0000${k.group}`;
    if (seen.has(key)) throw new ModelError(`Two priors are given for class ${excerpt(spec.class)}${k.coef ? ` coef ${excerpt(k.coef)}` : ''}${k.group ? ` group ${excerpt(k.group)}` : ''}; keep one.`);
    seen.add(key);
    const target = table.find((r) => r.class === k.cls && r.coef === k.coef && r.group === k.group);
    if (!target) throw new ModelError(`Internal: no prior row for class ${k.cls} coef ${k.coef} group ${k.group}.`);
    target.prior = k.prior;
    target.source = 'user';
  }
  const find = (cls: string, coef = '', group = '') => table.find((r) => r.class === cls && r.coef === coef && r.group === group);
  const resolve = (...candidates: (PriorRow | undefined)[]): ResolvedPrior => {
    for (const c of candidates) {
      if (c && c.prior !== '') return { text: c.prior, density: parsePriorString(c.prior) };
    }
    return { text: '', density: { dist: 'flat' } };
  };
  return {
    table,
    intercept: design.hasIntercept ? resolve(find('Intercept')) : null,
    b: design.bNames.map((b) => resolve(find('b', b), find('b'))),
    sd: design.groups.map((g) => g.coefNames.map((c) => resolve(find('sd', c, g.group), find('sd', '', g.group), find('sd')))),
    cor: design.groups.map((g) => (hasCor(g) ? resolve(find('L', '', g.group), find('L')) : null)),
    family: familyParameters(family).map((name) => ({ name, prior: resolve(find(name)) })),
    thresholds: Array.from({ length: thresholdCount(design, family) }, (_, k) => resolve(find('Intercept', String(k + 1)), find('Intercept'))),
  };
}
