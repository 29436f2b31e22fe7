import { describe, expect, it } from 'vitest';
import { FormulaError, parseFormula } from '../../../src/core/formula';

const termLabels = (f: string) => parseFormula(f).population.terms.map((t) => t.label);

describe('parseFormula: responses', () => {
  it('reads a plain response', () => {
    const p = parseFormula('Reaction ~ Days + (Days | Subject)');
    expect(p.response).toMatchObject({ kind: 'simple', label: 'Reaction' });
  });
  it('reads y | trials(n) as a binomial response with trials', () => {
    const p = parseFormula('incidence | trials(size) ~ period + (1 | herd)');
    expect(p.response).toMatchObject({ kind: 'trials', label: 'incidence', trialsLabel: 'size' });
  });
  it('reads cbind(successes, failures) with an arithmetic failures expression', () => {
    const p = parseFormula('cbind(incidence, size - incidence) ~ period + (1 | herd)');
    expect(p.response).toMatchObject({ kind: 'cbind', label: 'incidence', failuresLabel: 'size - incidence' });
  });
  it('keeps a transformed response as R deparses it', () => {
    expect(parseFormula('log( y ) ~ x').response.label).toBe('log(y)');
  });
});

describe('parseFormula: population terms', () => {
  it('has an intercept by default and drops it with 0 or -1', () => {
    expect(parseFormula('y ~ x').population.intercept).toBe(true);
    expect(parseFormula('y ~ 0 + x').population.intercept).toBe(false);
    expect(parseFormula('y ~ x - 1').population.intercept).toBe(false);
    expect(parseFormula('y ~ -1 + x').population.intercept).toBe(false);
    expect(parseFormula('y ~ 1').population.terms).toEqual([]);
  });
  it('expands a*b into main effects and the interaction, main effects first', () => {
    expect(termLabels('y ~ a*b')).toEqual(['a', 'b', 'a:b']);
    expect(termLabels('math ~ age_c*size_c')).toEqual(['age_c', 'size_c', 'age_c:size_c']);
  });
  it('labels an interaction with its variables in order of first appearance', () => {
    expect(termLabels('y ~ a + b:a')).toEqual(['a', 'a:b']);
    expect(termLabels('y ~ b:a + a')).toEqual(['a', 'b:a']);
  });
  it('expands (a+b+c)^2 to all main effects and two-way interactions', () => {
    expect(termLabels('y ~ (a + b + c)^2')).toEqual(['a', 'b', 'c', 'a:b', 'a:c', 'b:c']);
  });
  it('expands a/b as a + a:b and removes terms with -', () => {
    expect(termLabels('y ~ a/b')).toEqual(['a', 'a:b']);
    expect(termLabels('y ~ a*b - a')).toEqual(['b', 'a:b']);
  });
  it('removes duplicate terms', () => {
    expect(termLabels('y ~ a + a + a:b + b:a')).toEqual(['a', 'a:b']);
  });
  it('names I(), log(), exp(), sqrt(), scale() and factor() terms as R deparses them', () => {
    expect(termLabels('y ~ I(age ^ 2) + log(x) + exp(z) + sqrt( w ) + scale(v) + factor(period) + I(a*b/2)'))
      .toEqual(['I(age^2)', 'log(x)', 'exp(z)', 'sqrt(w)', 'scale(v)', 'factor(period)', 'I(a * b/2)']);
    const p = parseFormula('y ~ factor(period)');
    expect(p.population.variables[0].forcedFactor).toBe(true);
  });
  it('collects offset() terms separately from the predictors', () => {
    const p = parseFormula('y ~ x + offset(log(exposure))');
    expect(p.population.terms.map((t) => t.label)).toEqual(['x']);
    expect(p.offsets).toHaveLength(1);
  });
});

describe('parseFormula: group-level terms', () => {
  it('reads correlated and uncorrelated terms', () => {
    const p = parseFormula('y ~ x + (1 + x | g) + (1 + x || h)');
    expect(p.groups.map((g) => [g.group, g.correlated, g.intercept, g.terms.map((t) => t.label)])).toEqual([
      ['g', true, true, ['x']],
      ['h', false, true, ['x']],
    ]);
  });
  it('gives a group term an intercept unless 0 or -1 removes it', () => {
    expect(parseFormula('y ~ (0 + x | g)').groups[0].intercept).toBe(false);
    expect(parseFormula('y ~ (x - 1 | g)').groups[0].intercept).toBe(false);
    expect(parseFormula('y ~ (Days | Subject)').groups[0].intercept).toBe(true);
  });
  it('reads an interaction grouping g1:g2 and names it as brms does', () => {
    const g = parseFormula('math ~ age_c*size_c + (1 + age_c | district_id:class_id) + (1 + size_c*age_c | district_id)').groups;
    expect(g.map((x) => x.group)).toEqual(['district_id', 'district_id:class_id']);
    expect(g[1].groupVars).toEqual(['district_id', 'class_id']);
    expect(g[0].terms.map((t) => t.label)).toEqual(['size_c', 'age_c', 'size_c:age_c']);
  });
  it('splits (1 | a/b) into (1 | a) + (1 | a:b), and a/b/c into three terms', () => {
    expect(parseFormula('strength ~ 1 + (1 | batch/cask)').groups.map((g) => g.group)).toEqual(['batch', 'batch:cask']);
    expect(parseFormula('y ~ (1 | a/b/c)').groups.map((g) => g.group)).toEqual(['a', 'a:b', 'a:b:c']);
  });
  it('keeps any number of crossed terms, sorted by grouping factor name as brms numbers them', () => {
    const p = parseFormula('log_flow ~ adjacent + src_log_pop + dst_log_pop + (1 | source_state) + (1 | dest_state)');
    expect(p.groups.map((g) => g.group)).toEqual(['dest_state', 'source_state']);
    expect(parseFormula('y ~ (1 | b) + (x | a) + (1 | b:a) + (0 + x | b)').groups.map((g) => g.text))
      .toEqual(['(x | a)', '(1 | b)', '(0 + x | b)', '(1 | b:a)']);
    expect(p.population.terms.map((t) => t.label)).toEqual(['adjacent', 'src_log_pop', 'dst_log_pop']);
  });
  it('reads the vote model', () => {
    const p = parseFormula('vote ~ income + (1 + income | state)');
    expect(p.groups[0]).toMatchObject({ group: 'state', correlated: true, intercept: true });
  });
  it('reads names with letters of any script and `backticked` names with spaces', () => {
    const p = parseFormula('größe ~ `log flow` + x.1_b');
    expect(p.response.label).toBe('größe');
    expect(p.population.terms.map((t) => t.label)).toEqual(['`log flow`', 'x.1_b']);
    expect(p.columnRefs.map((r) => r.name)).toEqual(['größe', 'log flow', 'x.1_b']);
  });
  it('records every referenced column with its position', () => {
    const p = parseFormula('y ~ log(x) + (1 | g)');
    expect(p.columnRefs).toEqual([{ name: 'y', start: 0 }, { name: 'x', start: 8 }, { name: 'g', start: 18 }]);
  });
});

function errorOf(f: string): FormulaError {
  try {
    parseFormula(f);
  } catch (e) {
    if (e instanceof FormulaError) return e;
    throw e;
  }
  throw new Error(`no error for ${f}`);
}

describe('parseFormula: errors point at the spot and say what was expected', () => {
  it('asks for a ~', () => {
    const e = errorOf('y x');
    expect(e.message).toMatch(/needs '~'/);
  });
  it('points at an unclosed parenthesis', () => {
    const e = errorOf('y ~ x + (1 | g');
    expect(e.position).toBe(8);
    expect(e.caret).toBe('y ~ x + (1 | g\n        ^');
    expect(e.message).toMatch(/expected '\)'/);
  });
  it('points at a dangling operator', () => {
    const e = errorOf('y ~ x +');
    expect(e.position).toBe(7);
    expect(e.message).toMatch(/Expected a term after '\+'/);
  });
  it('asks for parentheses around a bare group term', () => {
    expect(errorOf('y ~ x | g').message).toMatch(/needs parentheses: write \(x \| g\)/);
  });
  it('explains x^2 and suggests I(x^2)', () => {
    const e = errorOf('y ~ x^2');
    expect(e.message).toMatch(/I\(x\^2\)/);
    expect(e.position).toBe(5);
  });
  it('rejects numbers other than 0/1 as terms', () => {
    expect(errorOf('y ~ 2 + x').message).toMatch(/only 1 \(intercept\) and 0/);
  });
  it('rejects unsupported addition terms and a second ~', () => {
    expect(errorOf('y | weights(w) ~ x').message).toMatch(/weights\(\) is not supported/);
    expect(errorOf('y ~ x ~ z').message).toMatch(/exactly one '~'/);
  });
  it('points at an unexpected character', () => {
    const e = errorOf('y ~ x + $z');
    expect(e.position).toBe(8);
  });
});
