import { describe, expect, it } from 'vitest';
import { parseFormula } from '../../../src/core/formula';
import { modelEquations, latexText } from '../../../src/core/model/equations';
import { prepareModel } from '../../../src/core/model/spec';
import { loadCsv } from '../design/csvTable';

describe('modelEquations writes level-1 and level-2 equations in LaTeX', () => {
  it('random intercept and slope, gaussian', () => {
    const tex = modelEquations(parseFormula('Reaction ~ Days + (Days | Subject)'), 'gaussian');
    expect(tex).toContain('\\text{Reaction}_{i} &\\sim \\operatorname{Normal}(\\mu_{i}, \\sigma)');
    expect(tex).toContain('\\mu_{i} &= \\beta_{0j[i]} + \\beta_{1j[i]}\\,\\text{Days}_{i}');
    expect(tex).toContain('\\beta_{0j} &= \\gamma_{00} + u_{0j}');
    expect(tex).toContain('\\beta_{1j} &= \\gamma_{10} + u_{1j}');
    expect(tex).toContain('\\begin{pmatrix} u_{0j} \\\\ u_{1j} \\end{pmatrix} &\\sim \\operatorname{MVNormal}');
    expect(tex.startsWith('\\begin{aligned}')).toBe(true);
    expect(tex.endsWith('\\end{aligned}')).toBe(true);
  });
  it('uses the logit and log links', () => {
    expect(modelEquations(parseFormula('vote ~ income + (1 + income | state)'), 'bernoulli')).toContain('\\operatorname{logit}(p_{i}) &=');
    expect(modelEquations(parseFormula('incidence | trials(size) ~ period + (1 | herd)'), 'binomial')).toContain('\\operatorname{Binomial}(n_{i}, p_{i})');
    expect(modelEquations(parseFormula('y ~ x + (1 | g)'), 'poisson')).toContain('\\log(\\lambda_{i}) &=');
    expect(modelEquations(parseFormula('y ~ x + (1 | g)'), 'negbinomial')).toContain('\\operatorname{NegBinomial}(\\lambda_{i}, \\phi)');
    expect(modelEquations(parseFormula('y ~ x + (1 | g)'), 'student')).toContain('\\operatorname{StudentT}(\\nu, \\mu_{i}, \\sigma)');
  });
  it('writes one block per group term, crossed intercepts with separate indices', () => {
    const tex = modelEquations(parseFormula('log_flow ~ adjacent + (1 | source_state) + (1 | dest_state)'), 'gaussian');
    expect(tex).toContain('\\beta_{0j[i]k[i]}');
    expect(tex).toContain('\\beta_{0jk} &= \\gamma_{00} + u_{0j} + v_{0k}');
    expect(tex).toContain('u_{0j} &\\sim \\operatorname{Normal}(0, \\sigma_{u_{0}})');
    expect(tex).toContain('v_{0k} &\\sim \\operatorname{Normal}(0, \\sigma_{v_{0}})');
    expect(tex).toContain('\\text{(j: dest\\_state)}');
    expect(tex).toContain('\\text{(k: source\\_state)}');
  });
  it('matches an interaction across parts whatever its variable order', () => {
    const tex = modelEquations(parseFormula('math ~ age_c*size_c + (1 + size_c*age_c | district_id)'), 'gaussian');
    expect(tex).toContain('\\beta_{3j} &= \\gamma_{30} + u_{3j}');
    expect(tex).not.toContain('\\beta_{4');
  });
  it('from a ModelStructure shows factor dummies', () => {
    const p = prepareModel({ formula: 'incidence | trials(size) ~ period + (1 | herd)', family: 'binomial' }, loadCsv('cbpp.csv', ['period']));
    expect(p.equations).toContain('\\text{incidence}_{i}');
    expect(p.equations).toContain('\\beta_{3}\\,\\text{period4}_{i}');
  });
  it('escapes LaTeX special characters in names', () => {
    expect(latexText('a_b%c&d')).toBe('a\\_b\\%c\\&d');
  });
});
