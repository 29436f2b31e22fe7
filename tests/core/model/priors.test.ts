import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFormula } from '../../../src/core/formula';
import { buildDesign } from '../../../src/core/design';
import { defaultPriorTable, resolvePriors } from '../../../src/core/model/priors';
import { defaultScalePrior } from '../../../src/core/model/priorsDefault';
import { parsePriorArg, parsePriorString } from '../../../src/core/model/priorsParse';
import { loadCsv, table } from '../design/csvTable';
import type { FamilyName } from '../../../src/core/types';

const REF = '/work/shared/fixtures/reference';
const fixture = (name: string) => JSON.parse(readFileSync(`${REF}/${name}.json`, 'utf8'));

function table4(rows: { prior: string; class: string; coef: string; group: string; source: string }[]) {
  return rows.map(({ prior, class: c, coef, group, source }) => ({ prior, class: c, coef, group, source }));
}

describe('default priors equal brms get_prior (shared/fixtures/reference)', () => {
  const cases: [string, string, FamilyName, string[]][] = [
    ['sleepstudy', 'sleepstudy.csv', 'gaussian', []],
    ['cbpp', 'cbpp.csv', 'binomial', ['period']],
    ['radon', 'radon.csv', 'gaussian', []],
    ['exam_scores', 'exam_scores.csv', 'gaussian', []],
  ];
  for (const [name, file, family, asFactor] of cases) {
    it(`${name}: ${fixture(name).formula}`, () => {
      const ref = fixture(name);
      const design = buildDesign(parseFormula(ref.formula), loadCsv(file, asFactor), family);
      expect(design.N).toBe(ref.n_obs);
      expect(table4(defaultPriorTable(design, family))).toEqual(table4(ref.default_priors));
    });
  }
});

describe('defaultScalePrior follows brms def_scale_prior', () => {
  it('uses round(median, 1) and max(2.5, round(mad, 1)) for identity links', () => {
    const y = [1, 2, 3, 4, 100];
    // median 3, mad = 1.4826 * median(|y - 3|) = 1.4826 * 1 -> 1.5 -> max(2.5, 1.5)
    expect(defaultScalePrior(y, 'gaussian', false)).toBe('student_t(3, 3, 2.5)');
    const wide = [0, 10, 20, 30, 40];
    // mad = 1.4826 * 10 = 14.826 -> 14.8
    expect(defaultScalePrior(wide, 'student', false)).toBe('student_t(3, 20, 14.8)');
    expect(defaultScalePrior(wide, 'gaussian', true)).toBe('student_t(3, 0, 14.8)');
  });
  it('works on log(y) with zeros replaced by 0.1 for poisson and negbinomial', () => {
    const y = [0, 1, 10, 100, 1000];
    // log: -2.302585, 0, 2.302585, 4.60517, 6.907755; median 2.3; mad = 1.4826 * 2.302585 = 3.41
    expect(defaultScalePrior(y, 'poisson', false)).toBe('student_t(3, 2.3, 3.4)');
    expect(defaultScalePrior(y, 'negbinomial', true)).toBe('student_t(3, 0, 3.4)');
  });
  it('uses student_t(3, 0, 2.5) for logit links', () => {
    expect(defaultScalePrior([0, 1, 1], 'bernoulli', false)).toBe('student_t(3, 0, 2.5)');
    expect(defaultScalePrior([3, 9, 1], 'binomial', false)).toBe('student_t(3, 0, 2.5)');
  });
  it('subtracts the mean offset from the intercept location', () => {
    expect(defaultScalePrior([0, 10, 20, 30, 40], 'gaussian', false, [1, 2, 3, 4, 5])).toBe('student_t(3, 17, 14.8)');
  });
});

describe('family parameters in the priors table', () => {
  const data = table({ y: [0, 1, 3, 2, 5, 4, 7, 1], x: [1, 2, 3, 4, 5, 6, 7, 8], g: ['a', 'a', 'b', 'b', 'c', 'c', 'd', 'd'] });
  const classes = (family: FamilyName) => defaultPriorTable(buildDesign(parseFormula('y ~ x + (1 | g)'), data, family), family)
    .filter((r) => r.coef === '' && r.group === '').map((r) => `${r.class}: ${r.prior}`);
  it('student has sigma and nu ~ gamma(2, 0.1)', () => {
    expect(classes('student')).toEqual(['b: ', 'Intercept: student_t(3, 2.5, 2.5)', 'nu: gamma(2, 0.1)', 'sd: student_t(3, 0, 2.5)', 'sigma: student_t(3, 0, 2.5)']);
  });
  it('negbinomial has shape ~ gamma(0.01, 0.01) (brms 2.18) and a log-scale intercept', () => {
    // log(y), 0 -> 0.1: median of -2.30, 0, 0, 0.69, 1.10, 1.39, 1.61, 1.95 is 0.896 -> 0.9
    expect(classes('negbinomial')).toEqual(['b: ', 'Intercept: student_t(3, 0.9, 2.5)', 'sd: student_t(3, 0, 2.5)', 'shape: gamma(0.01, 0.01)']);
  });
  it('poisson and bernoulli have no family parameters', () => {
    expect(classes('poisson').map((s) => s.split(':')[0])).toEqual(['b', 'Intercept', 'sd']);
  });
  it('a model without intercept has b rows only', () => {
    const d = buildDesign(parseFormula('y ~ 0 + x'), data, 'gaussian');
    expect(defaultPriorTable(d, 'gaussian').map((r) => `${r.class}/${r.coef}`)).toEqual(['b/', 'b/x', 'sigma/']);
  });
});

describe('user priors', () => {
  const sleep = loadCsv('sleepstudy.csv');
  const design = buildDesign(parseFormula('Reaction ~ Days + (Days | Subject)'), sleep, 'gaussian');
  it('set class-wide, coefficient and group priors, most specific first', () => {
    const r = resolvePriors(design, 'gaussian', [
      { prior: 'normal(0, 5)', class: 'b' },
      { prior: 'exponential(1)', class: 'sigma' },
      { prior: 'student_t(3, 0, 10)', class: 'sd', group: 'Subject' },
      { prior: 'normal(0, 1)', class: 'sd', coef: 'Days', group: 'Subject' },
      { prior: 'lkj(2)', class: 'cor' },
    ]);
    expect(r.b[0].density).toEqual({ dist: 'normal', mu: 0, sigma: 5 });
    expect(r.family.find((p) => p.name === 'sigma')!.prior.density).toEqual({ dist: 'exponential', rate: 1 });
    expect(r.sd[0].map((p) => p.text)).toEqual(['student_t(3, 0, 10)', 'normal(0, 1)']);
    expect(r.cor[0]!.density).toEqual({ dist: 'lkj', eta: 2 });
    expect(r.intercept!.text).toBe('student_t(3, 288.7, 59.3)');
    const user = r.table.filter((x) => x.source === 'user').map((x) => [x.class, x.coef, x.group, x.prior]);
    expect(user).toEqual([
      ['b', '', '', 'normal(0, 5)'],
      ['L', '', '', 'lkj_corr_cholesky(2)'],
      ['sd', '', 'Subject', 'student_t(3, 0, 10)'],
      ['sd', 'Days', 'Subject', 'normal(0, 1)'],
      ['sigma', '', '', 'exponential(1)'],
    ]);
  });
  it('a coefficient prior overrides the class prior for that coefficient only', () => {
    const orth = loadCsv('orthodont.csv');
    const d = buildDesign(parseFormula('distance ~ age * Sex + (1 | Subject)'), orth, 'gaussian');
    const r = resolvePriors(d, 'gaussian', [{ prior: 'normal(0, 5)', class: 'b' }, { prior: 'normal(0, 1)', class: 'b', coef: 'age' }]);
    expect(r.b.map((p) => p.text)).toEqual(['normal(0, 1)', 'normal(0, 5)', 'normal(0, 5)']);
  });
  it('reject unknown classes, coefficients and groups with suggestions', () => {
    expect(() => resolvePriors(design, 'gaussian', [{ prior: 'normal(0, 1)', class: 'b', coef: 'Dayz' }])).toThrow(/no coefficient 'Dayz'.*did you mean 'Days'/);
    expect(() => resolvePriors(design, 'gaussian', [{ prior: 'normal(0, 1)', class: 'sd', group: 'Subjct' }])).toThrow(/no grouping factor 'Subjct'; did you mean 'Subject'/);
    expect(() => resolvePriors(design, 'gaussian', [{ prior: 'normal(0, 1)', class: 'shape' }])).toThrow(/gaussian family has no shape/);
    expect(() => resolvePriors(design, 'gaussian', [{ prior: 'normal(0, 1)', class: 'cor' }])).toThrow(/lkj\(eta\)/);
    expect(() => resolvePriors(design, 'gaussian', [{ prior: 'lkj(2)', class: 'sd' }])).toThrow(/only for correlations/);
    expect(() => resolvePriors(design, 'gaussian', [{ prior: 'normal(0, 1)', class: 'sdd' }])).toThrow(/unknown class 'sdd'/);
    expect(() => resolvePriors(design, 'gaussian', [{ prior: 'normal(0, 1)', class: 'b' }, { prior: 'normal(0, 2)', class: 'b' }])).toThrow(/Two priors/);
  });
});

describe('parsePriorString', () => {
  it('reads every supported distribution', () => {
    expect(parsePriorString('normal(0, 5)')).toEqual({ dist: 'normal', mu: 0, sigma: 5 });
    expect(parsePriorString('student_t(3,0,10)')).toEqual({ dist: 'student_t', nu: 3, mu: 0, sigma: 10 });
    expect(parsePriorString('cauchy(0, 2)')).toEqual({ dist: 'cauchy', mu: 0, sigma: 2 });
    expect(parsePriorString('exponential(1)')).toEqual({ dist: 'exponential', rate: 1 });
    expect(parsePriorString('gamma(2, 0.1)')).toEqual({ dist: 'gamma', shape: 2, rate: 0.1 });
    expect(parsePriorString('inv_gamma(0.4, 0.3)')).toEqual({ dist: 'inv_gamma', shape: 0.4, scale: 0.3 });
    expect(parsePriorString('lognormal(-1, 0.5)')).toEqual({ dist: 'lognormal', mu: -1, sigma: 0.5 });
    expect(parsePriorString('uniform(-1, 1)')).toEqual({ dist: 'uniform', lower: -1, upper: 1 });
    expect(parsePriorString('lkj(2)')).toEqual({ dist: 'lkj', eta: 2 });
    expect(parsePriorString('lkj_corr_cholesky(1)')).toEqual({ dist: 'lkj', eta: 1 });
    expect(parsePriorString('')).toEqual({ dist: 'flat' });
  });
  it('explains bad priors', () => {
    expect(() => parsePriorString('normal(0)')).toThrow(/takes 2 arguments \(mu, sigma\)/);
    expect(() => parsePriorString('normal(0, -1)')).toThrow(/sigma argument .* must be positive/);
    expect(() => parsePriorString('norml(0, 1)')).toThrow(/Unknown prior distribution 'norml'/);
    expect(() => parsePriorString('normal 0 1')).toThrow(/distribution call/);
  });
});

describe('parsePriorArg reads the CLI --prior argument', () => {
  it('reads class, coef= and group=', () => {
    expect(parsePriorArg('student_t(3, 0, 10) sd')).toEqual({ prior: 'student_t(3, 0, 10)', class: 'sd' });
    expect(parsePriorArg('normal(0, 1) b coef=age')).toEqual({ prior: 'normal(0, 1)', class: 'b', coef: 'age' });
    expect(parsePriorArg('student_t(3,0,10) sd group=Subject')).toEqual({ prior: 'student_t(3,0,10)', class: 'sd', group: 'Subject' });
    expect(parsePriorArg('lkj(2) cor')).toEqual({ prior: 'lkj(2)', class: 'cor' });
  });
  it('explains a missing class or an unknown field', () => {
    expect(() => parsePriorArg('normal(0, 1)')).toThrow(/has no class/);
    expect(() => parsePriorArg('normal(0, 1) b cof=age')).toThrow(/Unknown field 'cof'/);
  });
});
