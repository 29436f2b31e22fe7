// The model in multilevel notation (LaTeX for KaTeX), as course slides write it:
//   y_i ~ Normal(mu_i, sigma),  mu_i = beta_{0j[i]} + beta_{1j[i]} x_i,
//   beta_{0j} = gamma_{00} + u_{0j}, ...,  (u_{0j}, u_{1j}) ~ MVNormal(0, Sigma_u),
// with logit/log links for the other families and one block per group term.
import type { FamilyName, ModelStructure } from '../types';
import { getFamily } from '../families';
import { linkLatex } from '../families/shared';
import type { ParsedFormula } from '../formula/types';
import { latexText } from './codeEscape';

export { latexText };

interface EqGroup { group: string; coefs: string[]; correlated: boolean }
interface EqModel { response: string; hasIntercept: boolean; coefs: string[]; groups: EqGroup[]; hasOffset: boolean }

const INDEX_LETTERS = ['j', 'k', 'l', 'm', 'p', 'q', 's', 't'];
const EFFECT_LETTERS = ['u', 'v', 'w', 'a', 'c', 'd', 'e', 'f'];

function fromParsed(f: ParsedFormula): EqModel {
  const label = (part: ParsedFormula['population']) => part.terms.map((t) => t.label);
  return {
    response: f.response.label,
    hasIntercept: f.population.intercept,
    coefs: label(f.population),
    groups: f.groups.map((g) => ({ group: g.group, coefs: [...(g.intercept ? ['Intercept'] : []), ...label(g)], correlated: g.correlated })),
    hasOffset: f.offsets.length > 0,
  };
}

function fromStructure(s: ModelStructure, response: string): EqModel {
  return {
    response,
    hasIntercept: s.hasIntercept,
    coefs: s.bNames,
    groups: s.groups.map((g) => ({ group: g.group, coefs: g.coefNames, correlated: g.correlated })),
    hasOffset: s.offset !== null,
  };
}

function isParsed(x: ModelStructure | ParsedFormula): x is ParsedFormula {
  return (x as ParsedFormula).population !== undefined;
}

function render(m: EqModel, family: FamilyName, linkName: string | undefined): string {
  const y = `\\text{${latexText(m.response)}}_{i}`;
  // Coefficient numbering: 0 = intercept, then population coefficients, then group-only ones.
  // An interaction is the same coefficient whatever its variable order ('age_c:size_c' in the
  // population part, 'size_c:age_c' in a group term), so coefficients are matched by their set of
  // variables and shown with the population-level name.
  const key = (c: string) => c.split(':').sort().join(':');
  const names: string[] = [];
  if (m.hasIntercept) names.push('Intercept');
  names.push(...m.coefs);
  for (const g of m.groups) for (const c of g.coefs) if (!names.some((n) => key(n) === key(c))) names.push(c);
  const position = (c: string) => names.findIndex((n) => key(n) === key(c));
  const number = (c: string) => (m.hasIntercept || c === 'Intercept' ? position(c) : position(c) + 1);
  const idx = (t: number) => INDEX_LETTERS[t % INDEX_LETTERS.length] + (t >= INDEX_LETTERS.length ? `_{${Math.floor(t / INDEX_LETTERS.length) + 1}}` : '');
  const eff = (t: number) => EFFECT_LETTERS[t % EFFECT_LETTERS.length] + (t >= EFFECT_LETTERS.length ? `^{(${t + 1})}` : '');
  const varyingIn = (c: string) => m.groups.map((g, t) => (g.coefs.some((x) => key(x) === key(c)) ? t : -1)).filter((t) => t >= 0);

  const lines: string[] = [];
  const fam = getFamily(family, linkName);
  const lp = fam.latex.mean;
  const dist = fam.latex.distribution;
  const link = linkLatex(fam.link, lp);
  lines.push(`${y} &\\sim ${dist}`);
  // Ordinal families: P(y <= k) = F(tau_k - eta), eta without an intercept (the thresholds hold it).
  const ordinal = fam.ordinal !== undefined;
  if (ordinal) lines.push(`\\Pr(${y} \\le k) &= ${linkInverseLatex(fam.link, `\\tau_{k} - ${lp}`)},\\quad k = 1, \\ldots, K - 1`);
  const coefSymbol = (c: string, level1: boolean) => {
    const ts = varyingIn(c);
    const sub = `${number(c)}${ts.map((t) => (level1 ? `${idx(t)}[i]` : idx(t))).join('')}`;
    return `\\beta_{${sub}}`;
  };
  const shown = ordinal ? names.filter((c) => c !== 'Intercept' || varyingIn(c).length > 0) : names;
  const rhs = shown.map((c) => (c === 'Intercept' ? coefSymbol(c, true) : `${coefSymbol(c, true)}\\,\\text{${latexText(c)}}_{i}`));
  if (m.hasOffset) rhs.push('\\text{offset}_{i}');
  lines.push(`${ordinal ? lp : link} &= ${rhs.join(' + ') || '0'}`);
  // Level 2: one equation per varying coefficient, then one distribution block per group term.
  const level2: string[] = [];
  for (const c of names) {
    const ts = varyingIn(c);
    if (ts.length === 0) continue;
    const fixed = c === 'Intercept' ? m.hasIntercept && !ordinal : m.coefs.some((x) => key(x) === key(c));
    const fixedPart = fixed ? [`\\gamma_{${number(c)}0}`] : [];
    const effects = ts.map((t) => `${eff(t)}_{${number(c)}${idx(t)}}`);
    level2.push(`${coefSymbol(c, false)} &= ${[...fixedPart, ...effects].join(' + ')}`);
  }
  m.groups.forEach((g, t) => {
    const coefs = [...g.coefs].sort((a, b) => number(a) - number(b));
    const u = coefs.map((c) => `${eff(t)}_{${number(c)}${idx(t)}}`);
    const note = `\\quad \\text{(${idx(t).replace(/_\{(\d+)\}/, '$1')}: ${latexText(g.group)})}`;
    if (g.correlated && u.length > 1) {
      const vec = `\\begin{pmatrix} ${u.join(' \\\\ ')} \\end{pmatrix}`;
      const zero = `\\begin{pmatrix} ${u.map(() => '0').join(' \\\\ ')} \\end{pmatrix}`;
      level2.push(`${vec} &\\sim \\operatorname{MVNormal}\\left(${zero}, \\Sigma_{${eff(t)}}\\right)${note}`);
    } else {
      u.forEach((ui, k) => level2.push(`${ui} &\\sim \\operatorname{Normal}(0, \\sigma_{${eff(t)}_{${number(coefs[k])}}})${k === 0 ? note : ''}`));
    }
  });
  const joined = level2.length
    ? `${lines.join(' \\\\\n')} \\\\[6pt]\n${level2.join(' \\\\\n')}`
    : lines.join(' \\\\\n');
  return `\\begin{aligned}\n${joined}\n\\end{aligned}`;
}

/** The inverse link applied to x: the CDF of an ordinal family's latent variable. */
function linkInverseLatex(link: string, x: string): string {
  return link === 'probit' ? `\\Phi(${x})` : `\\operatorname{${link}}^{-1}(${x})`;
}

/**
 * The model's level-1 and level-2 equations as a LaTeX `aligned` block. From a ModelStructure the
 * coefficients are the design's (factor dummies included); from a ParsedFormula they are the
 * formula's terms. `response` names the response when a ModelStructure is given.
 */
export function modelEquations(model: ModelStructure | ParsedFormula, family: FamilyName, response = 'y', link?: string): string {
  return render(isParsed(model) ? fromParsed(model) : fromStructure(model, response), family, link ?? (isParsed(model) ? undefined : model.link));
}
