import { describe, expect, it } from 'vitest';
import { parseFormula, FormulaError, ModelError } from '../../../src/core/formula';
import { buildDesign } from '../../../src/core/design';
import { loadCsv, table } from './csvTable';
import { rawCellAt, rawCellsToArray } from '../../../src/core/io/rawCells';

const design = (f: string, data: ReturnType<typeof table>, family: Parameters<typeof buildDesign>[2] = 'gaussian') =>
  buildDesign(parseFormula(f), data, family);

const column = (d: ReturnType<typeof design>, name: string) => {
  const k = d.bNames.indexOf(name);
  expect(k).toBeGreaterThanOrEqual(0);
  return Array.from({ length: d.N }, (_, i) => d.X[i * d.K + k]);
};

describe('buildDesign on real data', () => {
  const sleep = loadCsv('sleepstudy.csv');
  it('sleepstudy: X is the raw Days column and Subject is a grouping factor sorted numerically', () => {
    const d = design('Reaction ~ Days + (Days | Subject)', sleep);
    expect(d.N).toBe(180);
    expect(d.K).toBe(1);
    expect(d.bNames).toEqual(['Days']);
    const days = sleep.columns[1].numeric!;
    expect(column(d, 'Days')).toEqual(Array.from(days));
    const g = d.groups[0];
    expect(g.group).toBe('Subject');
    expect(g.levels).toHaveLength(18);
    expect(g.levels.slice(0, 3)).toEqual(['308', '309', '310']);
    expect(g.coefNames).toEqual(['Intercept', 'Days']);
    expect(Array.from(g.Z[1])).toEqual(Array.from(days));
    expect(g.levels[g.index[179]]).toBe(rawCellAt(sleep.columns[2].raw, 179));
    expect(d.y[0]).toBeCloseTo(249.56, 10);
  });
  it('cbpp: period as a factor gives treatment dummies period2..period4 and herd levels 1..15', () => {
    const cbpp = loadCsv('cbpp.csv', ['period']);
    const d = design('incidence | trials(size) ~ period + (1 | herd)', cbpp, 'binomial');
    expect(d.bNames).toEqual(['period2', 'period3', 'period4']);
    const period = cbpp.columns[1].numeric!;
    for (const p of [2, 3, 4]) expect(column(d, `period${p}`)).toEqual(Array.from(period, (v) => (v === p ? 1 : 0)));
    expect(d.groups[0].levels).toEqual(Array.from({ length: 15 }, (_, i) => String(i + 1)));
    expect(Array.from(d.trials!)).toEqual(Array.from(cbpp.columns[3].numeric!));
  });
  it('cbpp: cbind(incidence, size - incidence) gives the same successes and trials', () => {
    const cbpp = loadCsv('cbpp.csv', ['period']);
    const a = design('incidence | trials(size) ~ period + (1 | herd)', cbpp, 'binomial');
    const b = design('cbind(incidence, size - incidence) ~ period + (1 | herd)', cbpp, 'binomial');
    expect(Array.from(b.trials!)).toEqual(Array.from(a.trials!));
    expect(Array.from(b.y)).toEqual(Array.from(a.y));
  });
  it('math_3level: district_id:class_id levels are pasted with _ and sorted as strings; district slopes named as brms', () => {
    const m = loadCsv('math_3level.csv');
    const d = design('math ~ age_c*size_c + (1 + age_c | district_id:class_id) + (1 + size_c*age_c | district_id)', m);
    expect(d.bNames).toEqual(['age_c', 'size_c', 'age_c:size_c']);
    expect(d.groups.map((g) => g.group)).toEqual(['district_id', 'district_id:class_id']);
    const cls = d.groups[1];
    expect(cls.levels).toHaveLength(467);
    const lv = cls.levels;
    // R with ICU: levels(factor(paste(district_id, class_id, sep = "_"))) starts 1_1 1_10 1_11
    // 1_12 and has 1_2 at position 6 ('_' sorts before digits).
    expect(lv.slice(0, 4)).toEqual(['1_1', '1_10', '1_11', '1_12']);
    expect(lv.indexOf('1_2')).toBe(5);
    expect(cls.coefNames).toEqual(['Intercept', 'age_c']);
    expect(d.groups[0].coefNames).toEqual(['Intercept', 'size_c', 'age_c', 'size_c:age_c']);
    expect(d.groups[0].levels.slice(0, 3)).toEqual(['1', '2', '3']);
    const age = column(d, 'age_c');
    const size = column(d, 'size_c');
    const inter = column(d, 'age_c:size_c');
    expect(inter[5]).toBeCloseTo(age[5] * size[5], 12);
    expect(d.groups[0].Z[3][5]).toBeCloseTo(age[5] * size[5], 12);
  });
  it('radon: 85 county levels in alphabetical order', () => {
    const radon = loadCsv('radon.csv');
    const d = design('log_radon ~ floor + (1 + floor | county)', radon);
    const lv = d.groups[0].levels;
    expect(lv).toHaveLength(85);
    expect([lv[0], lv[84]]).toEqual(['AITKIN', 'YELLOWMEDICINE']);
    expect(lv.indexOf('STEVENS')).toBeLessThan(lv.indexOf('STLOUIS'));
  });
  it('orthodont: age * Sex gives SexMale and age:SexMale', () => {
    const o = loadCsv('orthodont.csv');
    const d = design('distance ~ age * Sex + (1 + age | Subject)', o);
    expect(d.bNames).toEqual(['age', 'SexMale', 'age:SexMale']);
    const sex = rawCellsToArray(o.columns.find((c) => c.name === 'Sex')!.raw);
    const age = o.columns.find((c) => c.name === 'age')!.numeric!;
    expect(column(d, 'age:SexMale')).toEqual(sex.map((s, i) => (s === 'Male' ? age[i] : 0)));
  });
  it('contraception: I(age^2), livch levels and a Y/N bernoulli response coded Y = 1', () => {
    const c = loadCsv('contraception.csv');
    const d = design('use ~ age + I(age^2) + urban + livch + (1 | district)', c, 'bernoulli');
    expect(d.bNames).toEqual(['age', 'IageE2', 'urbanY', 'livch1', 'livch2', 'livch3P']);
    expect(d.bNamesR).toEqual(['age', 'I(age^2)', 'urbanY', 'livch1', 'livch2', 'livch3+']);
    const use = rawCellsToArray(c.columns.find((x) => x.name === 'use')!.raw);
    expect(Array.from(d.y)).toEqual(use.map((u) => (u === 'Y' ? 1 : 0)));
    expect(d.messages.join(' ')).toMatch(/coding 'Y' as 1/);
    expect(column(d, 'IageE2')[1]).toBeCloseTo(5.5599 ** 2, 10);
  });
  it('pastes: (1 | batch/cask) makes batch and batch:cask groups with levels A_a ...', () => {
    const p = loadCsv('pastes.csv');
    const d = design('strength ~ 1 + (1 | batch/cask)', p);
    expect(d.groups.map((g) => [g.id, g.group, g.levels.length])).toEqual([[1, 'batch', 10], [2, 'batch:cask', 30]]);
    expect(d.groups[1].levels.slice(0, 3)).toEqual(['A_a', 'A_b', 'A_c']);
    expect(d.K).toBe(0);
  });
});

describe('buildDesign: model.matrix rules', () => {
  const data = table({
    y: [1, 2, 3, 4, 5, 6, 7, 8],
    x: [0.5, 1.5, 2, 3, 1, 4, 2, 6],
    f: ['b', 'a', 'c', 'a', 'b', 'c', 'a', 'b'],
    h: ['u', 'v', 'u', 'v', 'u', 'v', 'v', 'u'],
    g: [1, 1, 2, 2, 3, 3, 10, 10],
  });
  it('uses full indicator coding for a factor without intercept', () => {
    const d = design('y ~ 0 + f', data);
    expect(d.bNames).toEqual(['fa', 'fb', 'fc']);
    expect(d.hasIntercept).toBe(false);
  });
  it('codes a factor:factor interaction with the first factor varying fastest', () => {
    const d = design('y ~ f*h', data);
    expect(d.bNames).toEqual(['fb', 'fc', 'hv', 'fb:hv', 'fc:hv']);
  });
  it('codes a numeric:factor interaction with contrasts when the numeric main effect is present', () => {
    expect(design('y ~ x + x:f', data).bNames).toEqual(['x', 'x:fb', 'x:fc']);
  });
  it('codes a numeric:factor interaction with all levels when its margin x is absent', () => {
    expect(design('y ~ x:f', data).bNames).toEqual(['x:fa', 'x:fb', 'x:fc']);
  });
  it('centres and scales scale(x) with the n - 1 sd; applies log, exp and sqrt', () => {
    const d = design('y ~ scale(x) + log(x) + exp(x) + sqrt(x)', data);
    const xs = [0.5, 1.5, 2, 3, 1, 4, 2, 6];
    const mean = xs.reduce((a, b) => a + b) / 8;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / 7);
    expect(column(d, 'scalex')[0]).toBeCloseTo((0.5 - mean) / sd, 12);
    expect(column(d, 'logx')[1]).toBeCloseTo(Math.log(1.5), 12);
    expect(column(d, 'expx')[1]).toBeCloseTo(Math.exp(1.5), 12);
    expect(column(d, 'sqrtx')[1]).toBeCloseTo(Math.sqrt(1.5), 12);
  });
  it('turns factor(g) on integers into levels sorted by value (10 after 3)', () => {
    const d = design('y ~ factor(g)', data);
    expect(d.bNames).toEqual(['factorg2', 'factorg3', 'factorg10']);
    expect(d.bNamesR).toEqual(['factor(g)2', 'factor(g)3', 'factor(g)10']);
  });
  it('sums offsets and keeps them out of X', () => {
    const d = design('y ~ x + offset(log(x)) + offset(x)', data);
    expect(d.bNames).toEqual(['x']);
    expect(d.offset![1]).toBeCloseTo(Math.log(1.5) + 1.5, 12);
  });
  it('reports rank-deficient columns by name', () => {
    const d = design('y ~ x + I(2 * x)', data);
    expect(d.rankDeficient).toEqual(['I(2 * x)']);
    expect(d.messages.join(' ')).toMatch(/rank deficient: 'I\(2 \* x\)'/);
  });
  it('builds uncorrelated (||) group terms with the raw, uncentred Z', () => {
    const d = design('y ~ x + (x || g)', data);
    expect(d.groups[0].correlated).toBe(false);
    expect(Array.from(d.groups[0].Z[1])).toEqual([0.5, 1.5, 2, 3, 1, 4, 2, 6]);
    expect(d.groups[0].levels).toEqual(['1', '2', '3', '10']);
    expect(Array.from(d.groups[0].index)).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
  });
});

describe('buildDesign: missing values', () => {
  it('drops rows with a missing value in a used column, counts them and says so', () => {
    const data = table({ y: [1, '', 3, 4, 5], x: [1, 2, 'NA', 4, 5], z: ['', '', '', '', ''], g: ['a', 'a', 'b', 'b', 'b'] });
    const d = design('y ~ x + (1 | g)', data);
    expect(d.N).toBe(3);
    expect(d.nDropped).toBe(2);
    expect(Array.from(d.rows)).toEqual([0, 3, 4]);
    expect(d.messages[0]).toMatch(/Dropped 2 of 5 rows .*\(y: 1 missing; x: 1 missing\), as brms and lme4 do/);
  });
  it('fails clearly when no rows are left', () => {
    const data = table({ y: [1, '', 3], x: ['', 2, ''] });
    expect(() => design('y ~ x', data)).toThrow(/No rows are left .*y: 1 missing; x: 2 missing/);
  });
});

function thrown(fn: () => unknown): Error {
  try { fn(); } catch (e) { return e as Error; }
  throw new Error('did not throw');
}

describe('buildDesign: bad input gets a specific message', () => {
  const data = table({
    y: [1.5, 2, 3, 4], n: [5, 5, 5, 5], k: [0, 1, 6, 2], b: [0, 1, 1, 2], s: ['Y', 'N', 'Y', 'Y'],
    Days: [0, 1, 2, 3], g: ['a', 'a', 'a', 'a'], x: [0, 1, 2, 3],
  });
  it('suggests the closest column name and points at it', () => {
    const e = thrown(() => design('y ~ Dys', data));
    expect(e).toBeInstanceOf(FormulaError);
    expect(e.message).toBe("Unknown column 'Dys' in the formula. Did you mean 'Days'?");
    expect((e as FormulaError).position).toBe(4);
  });
  it('rejects a non-numeric response for gaussian', () => {
    expect(thrown(() => design('s ~ x', data)).message).toMatch(/response s is not numeric .*pick the bernoulli family/);
  });
  it('rejects a bernoulli response outside 0/1 and names the row', () => {
    expect(thrown(() => design('b ~ x', data, 'bernoulli')).message).toMatch(/0\/1 response, but b is 2 at data row 4/);
  });
  it('rejects non-integer counts for poisson', () => {
    expect(thrown(() => design('y ~ x', data, 'poisson')).message).toMatch(/whole-number counts, but y is 1.5 at data row 1/);
  });
  it('names the row where successes exceed trials', () => {
    expect(thrown(() => design('k | trials(n) ~ x', data, 'binomial')).message).toBe('Successes exceed trials at data row 3: k = 6 but n = 5.');
  });
  it('asks for trials in a binomial model and rejects trials() for other families', () => {
    expect(thrown(() => design('k ~ x', data, 'binomial')).message).toMatch(/needs the number of trials/);
    expect(thrown(() => design('k | trials(n) ~ x', data, 'poisson')).message).toMatch(/is for the binomial family/);
  });
  it('rejects a grouping factor with one level', () => {
    const e = thrown(() => design('y ~ x + (1 | g)', data));
    expect(e).toBeInstanceOf(ModelError);
    expect(e.message).toMatch(/grouping factor g .* only one level \('a'\)/);
  });
  it('rejects arithmetic on a categorical column and log of zero', () => {
    expect(thrown(() => design('y ~ log(s)', data)).message).toMatch(/Column 's' is categorical/);
    expect(thrown(() => design('y ~ log(x)', data)).message).toMatch(/log\(x\) is -Infinity at data row 1/);
  });
  it('rejects unknown functions and lists the supported ones', () => {
    expect(thrown(() => design('y ~ lg(x)', data)).message).toMatch(/Unknown function 'lg\(\)'.*log\(\)/);
  });
});
