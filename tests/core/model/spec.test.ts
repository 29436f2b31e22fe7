import { describe, expect, it } from 'vitest';
import { prepareModel } from '../../../src/core/model/spec';
import { FormulaError, ModelError } from '../../../src/core/formula';
import { loadCsv, table } from '../design/csvTable';

describe('prepareModel builds the ModelStructure brms would build', () => {
  it('sleepstudy: structure, priors, names and messages', () => {
    const p = prepareModel({ formula: 'Reaction ~ Days + (Days | Subject)', family: 'gaussian' }, loadCsv('sleepstudy.csv'));
    const s = p.structure;
    expect([s.family, s.N, s.K, s.hasIntercept]).toEqual(['gaussian', 180, 1, true]);
    expect(s.bNames).toEqual(['Days']);
    expect(s.interceptPrior).toEqual({ dist: 'student_t', nu: 3, mu: 288.7, sigma: 59.3 });
    expect(s.bPriors).toEqual([{ dist: 'flat' }]);
    expect(s.familyPriors).toEqual([{ name: 'sigma', prior: { dist: 'student_t', nu: 3, mu: 0, sigma: 59.3 } }]);
    const g = s.groups[0];
    expect([g.id, g.group, g.levels.length, g.correlated, g.lkjEta, g.parameterization]).toEqual([1, 'Subject', 18, true, 1, 'hcentered']); // chooseParameterization: sleepstudy is centred
    expect(g.coefNames).toEqual(['Intercept', 'Days']);
    expect(g.sdPriors).toEqual([{ dist: 'student_t', nu: 3, mu: 0, sigma: 59.3 }, { dist: 'student_t', nu: 3, mu: 0, sigma: 59.3 }]);
    expect(p.nDropped).toBe(0);
    expect(p.priorTable.find((r) => r.class === 'Intercept')!.prior).toBe('student_t(3, 288.7, 59.3)');
  });
  it('passes user priors into the structure (per class, coefficient and group)', () => {
    const p = prepareModel({
      formula: 'Reaction ~ Days + (Days | Subject)', family: 'student',
      priors: [
        { prior: 'normal(0, 5)', class: 'b' }, { prior: 'normal(0, 1)', class: 'b', coef: 'Days' },
        { prior: 'exponential(1)', class: 'sigma' }, { prior: 'student_t(3, 0, 10)', class: 'sd', group: 'Subject' },
        { prior: 'lkj(2)', class: 'cor' },
      ],
    }, loadCsv('sleepstudy.csv'));
    expect(p.structure.bPriors).toEqual([{ dist: 'normal', mu: 0, sigma: 1 }]);
    expect(p.structure.familyPriors).toEqual([
      { name: 'sigma', prior: { dist: 'exponential', rate: 1 } }, { name: 'nu', prior: { dist: 'gamma', shape: 2, rate: 0.1 } },
    ]);
    expect(p.structure.groups[0].sdPriors[1]).toEqual({ dist: 'student_t', nu: 3, mu: 0, sigma: 10 });
    expect(p.structure.groups[0].lkjEta).toBe(2);
  });
  it('cbpp binomial: trials, period dummies and the herd intercept', () => {
    const p = prepareModel({ formula: 'incidence | trials(size) ~ period + (1 | herd)', family: 'binomial' }, loadCsv('cbpp.csv', ['period']));
    expect(p.structure.bNames).toEqual(['period2', 'period3', 'period4']);
    expect(p.structure.trials).not.toBeNull();
    expect(p.structure.familyPriors).toEqual([]);
    expect(p.structure.groups[0].lkjEta).toBe(1);
  });
  it('math_3level: two group terms numbered as brms numbers them (sorted by grouping factor name)', () => {
    const p = prepareModel({
      formula: 'math ~ age_c*size_c + (1 + age_c | district_id:class_id) + (1 + size_c*age_c | district_id)', family: 'gaussian',
    }, loadCsv('math_3level.csv'));
    expect(p.structure.groups.map((g) => [g.id, g.group, g.coefNames.join(',')])).toEqual([
      [1, 'district_id', 'Intercept,size_c,age_c,size_c:age_c'],
      [2, 'district_id:class_id', 'Intercept,age_c'],
    ]);
    expect(p.structure.bNames).toEqual(['age_c', 'size_c', 'age_c:size_c']);
  });
  it('migration: crossed intercepts, dest_state numbered first as brms does', () => {
    const p = prepareModel({
      formula: 'log_flow ~ adjacent + src_log_pop + dst_log_pop + (1 | source_state) + (1 | dest_state)', family: 'gaussian',
    }, loadCsv('migration.csv'));
    expect(p.structure.groups.map((g) => [g.group, g.levels.length])).toEqual([['dest_state', 50], ['source_state', 50]]);
  });
  it('vote_income: bernoulli with a correlated intercept and slope', () => {
    const p = prepareModel({ formula: 'vote ~ income + (1 + income | state)', family: 'bernoulli' }, loadCsv('vote_income.csv'));
    expect(p.structure.N).toBe(5866);
    expect(p.structure.interceptPrior).toEqual({ dist: 'student_t', nu: 3, mu: 0, sigma: 2.5 });
    expect(p.structure.groups[0].levels[0]).toBe('S01');
  });
  it('negbinomial gets a shape prior, poisson none', () => {
    const data = loadCsv('grouseticks.csv', ['YEAR']);
    const nb = prepareModel({ formula: 'TICKS ~ YEAR + scale(HEIGHT) + (1 | BROOD) + (1 | LOCATION)', family: 'negbinomial' }, data);
    expect(nb.structure.familyPriors).toEqual([{ name: 'shape', prior: { dist: 'gamma', shape: 0.01, rate: 0.01 } }]);
    expect(nb.structure.bNames).toEqual(['YEAR96', 'YEAR97', 'scaleHEIGHT']);
    const po = prepareModel({ formula: 'TICKS ~ YEAR + (1 | BROOD)', family: 'poisson' }, data);
    expect(po.structure.familyPriors).toEqual([]);
  });
});

describe('prepareModel: errors', () => {
  const data = table({ y: [1, 2, 3, 4, 5, 6], x: [1, 2, 3, 4, 5, 6], g: ['a', 'a', 'b', 'b', 'c', 'c'] });
  it('names an unknown family and suggests the closest', () => {
    expect(() => prepareModel({ formula: 'y ~ x', family: 'gausian' as never }, data)).toThrow(/Unknown family 'gausian' \(did you mean 'gaussian'\?\)/);
  });
  it('names a link the family does not have and lists the ones it has', () => {
    expect(() => prepareModel({ formula: 'y ~ x', family: 'poisson', link: 'probit' }, data)).toThrow(/^The poisson family has no 'probit' link: use log \(default log\)\.$/);
    expect(() => prepareModel({ formula: 'y ~ x', family: 'binomial', link: 'cauchit' }, data)).toThrow(/use one of logit, probit/);
  });
  it('throws FormulaError with a caret for syntax errors', () => {
    try {
      prepareModel({ formula: 'y ~ x + (1 | g', family: 'gaussian' }, data);
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(FormulaError);
      expect((e as FormulaError).caret).toBe('y ~ x + (1 | g\n        ^');
    }
  });
  it('refuses a rank-deficient design with flat priors and names the column', () => {
    expect(() => prepareModel({ formula: 'y ~ x + I(x * 2)', family: 'gaussian' }, data)).toThrow(ModelError);
    expect(() => prepareModel({ formula: 'y ~ x + I(x * 2)', family: 'gaussian' }, data)).toThrow(/'I\(x \* 2\)' is a linear combination.*remove 'I\(x \* 2\)'/);
  });
  it('accepts a rank-deficient design when the coefficients have proper priors, with a message', () => {
    const p = prepareModel({ formula: 'y ~ x + I(x * 2)', family: 'gaussian', priors: [{ prior: 'normal(0, 1)', class: 'b' }] }, data);
    expect(p.messages.join(' ')).toMatch(/rank deficient/);
  });
});
