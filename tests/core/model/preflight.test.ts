// Issue 22 item 19: checks before sampling that name the cause of a fit that cannot work.
import { describe, expect, it } from 'vitest';
import { prepareModel, type ModelSpec } from '../../../src/core/model/spec';
import { checkBeforeSampling } from '../../../src/core/model/preflight';
import { ModelError } from '../../../src/core/formula/errors';
import type { DataTable, SamplerSettings } from '../../../src/core/types';
import { table } from '../design/csvTable';

const SETTINGS: Pick<SamplerSettings, 'warmup' | 'iter'> = { warmup: 1000, iter: 1000 };

function check(spec: ModelSpec, data: DataTable, settings = SETTINGS, shell: 'cli' | 'app' = 'cli') {
  const prepared = prepareModel(spec, data);
  return checkBeforeSampling(prepared.structure, settings, { table: data, response: prepared.formula.response, shell });
}
const kinds = (r: ReturnType<typeof check>) => r.warnings.map((w) => w.kind);

// 24 rows: x separates y (y = 1 exactly when x > 0), z does not.
const xs = [-2.1, -1.7, -1.2, -0.9, -0.6, -0.4, -0.3, -0.2, -0.15, -0.1, -0.05, -0.01,
  0.02, 0.07, 0.1, 0.2, 0.3, 0.45, 0.6, 0.8, 1.1, 1.3, 1.9, 2.4];
const zs = xs.map((_, i) => ((i * 7) % 5) - 2);
const sepY = xs.map((x) => (x > 0 ? 1 : 0));
const mixedY = xs.map((_, i) => (i % 3 === 0 ? 1 : 0));

describe('constant response: refused before sampling', () => {
  it('gaussian with the same value in every row', () => {
    const data = table({ y: xs.map(() => 5), x: xs });
    expect(() => check({ formula: 'y ~ x', family: 'gaussian' }, data)).toThrow(ModelError);
    expect(() => check({ formula: 'y ~ x', family: 'gaussian' }, data)).toThrow(/response y is 5 in all 24 rows/);
  });

  it('student too, and a model with only group terms', () => {
    const data = table({ y: xs.map(() => 2.5), g: xs.map((_, i) => 'abc'[i % 3]) });
    expect(() => check({ formula: 'y ~ 1 + (1 | g)', family: 'student' }, data)).toThrow(/response y is 2\.5 in all 24 rows/);
  });

  it('gaussian with y constant within every level of a group-level intercept (sigma would be 0)', () => {
    const g = xs.map((_, i) => 'abcd'[i % 4]);
    const data = table({ y: g.map((l) => ({ a: 1, b: 2, c: 3, d: 4 })[l]!), g, x: xs });
    expect(() => check({ formula: 'y ~ x + (1 | g)', family: 'gaussian' }, data)).toThrow(/constant within every level of g/);
    // one observation per level is no problem (the group effect and sigma share the variance)
    const obs = xs.map((_, i) => `o${i}`);
    expect(() => check({ formula: 'y ~ 1 + (1 | obs)', family: 'gaussian' }, table({ y: xs, obs }))).not.toThrow();
  });

  it('poisson and negbinomial with every count 0', () => {
    const data = table({ y: xs.map(() => 0), x: xs });
    expect(() => check({ formula: 'y ~ x', family: 'poisson' }, data)).toThrow(/every value of the response y is 0/);
    expect(() => check({ formula: 'y ~ x', family: 'negbinomial' }, data)).toThrow(/every value of the response y is 0/);
  });

  it('a varying response passes', () => {
    expect(() => check({ formula: 'y ~ x', family: 'gaussian' }, table({ y: zs, x: xs }))).not.toThrow();
  });
});

describe('separation under the probit link, and not for Beta', () => {
  it('probit bernoulli: the same separation warning; no logit-scale post-fit check', () => {
    const r = check({ formula: 'y ~ x + z', family: 'bernoulli', link: 'probit' }, table({ y: sepY, x: xs, z: zs }));
    expect(kinds(r)).toEqual(['separation']);
    expect(r.logitScales).toEqual([]);
  });
  it('Beta (a logit link, but proportions): no separation check', () => {
    const share = xs.map((x) => (x > 0 ? 0.8 : 0.2) + 0.01 * Math.sin(7 * x));
    const r = check({ formula: 'y ~ x', family: 'beta' }, table({ y: share, x: xs }));
    expect(kinds(r)).toEqual([]);
    expect(r.logitScales).toEqual([]); // the post-fit separation check is for 0/1 outcomes
  });
});

describe('separation in bernoulli and binomial models', () => {
  it('a numeric predictor with a threshold that separates the outcomes is named, with the threshold', () => {
    const r = check({ formula: 'y ~ x + z', family: 'bernoulli' }, table({ y: sepY, x: xs, z: zs }));
    expect(kinds(r)).toEqual(['separation']);
    const w = r.warnings[0];
    expect(w.parameters).toEqual(['b_x']);
    expect(w.message).toMatch(/x separates the outcomes/);
    expect(w.message).toMatch(/y = 1 exactly when x > -0\.01/);
    expect(w.message).toMatch(/--prior "normal\(0, 2\.5\) b coef=x"/);
    expect(w.message).toMatch(/remove x/);
  });

  it('without an intercept a threshold separates only at 0 (the model has no intercept to shift it)', () => {
    const shifted = xs.map((x) => x + 5); // all positive: y = 1 above 4.99, but b * x alone cannot split at 4.99
    const r = check({ formula: 'y ~ 0 + x', family: 'bernoulli' }, table({ y: sepY, x: xs }));
    expect(r.warnings[0].message).toMatch(/y = 1 exactly when x > 0\)/);
    expect(kinds(check({ formula: 'y ~ 0 + x', family: 'bernoulli' }, table({ y: sepY, x: shifted })))).toEqual([]);
  });

  it('a factor level whose rows all have the same outcome names the factor and the level', () => {
    const trt = xs.map((_, i) => ['ctl', 'drug', 'placebo'][i % 3]);
    const y = trt.map((t, i) => (t === 'drug' ? 1 : i % 2));
    const r = check({ formula: 'y ~ trt', family: 'bernoulli' }, table({ y, trt }), SETTINGS, 'app');
    expect(kinds(r)).toEqual(['separation']);
    expect(r.warnings[0].parameters).toEqual(['b_trtdrug']);
    expect(r.warnings[0].message).toMatch(/every row with level 'drug' of trt has y = 1/);
    expect(r.warnings[0].message).toMatch(/prior for b trtdrug to normal\(0, 2\.5\) in the priors table/);
  });

  it('a binomial cell with all successes counts as separation; mixed rows do not', () => {
    const grp = xs.map((_, i) => (i < 12 ? 'a' : 'b'));
    const n = xs.map(() => 10);
    const k = grp.map((gr, i) => (gr === 'b' ? 10 : i % 5));
    const r = check({ formula: 'k | trials(n) ~ grp', family: 'binomial' }, table({ k, n, grp }));
    expect(kinds(r)).toEqual(['separation']);
    expect(r.warnings[0].message).toMatch(/level 'b' of grp has k = n/);
    const mixed = grp.map((gr, i) => (gr === 'b' ? 9 : i % 5));
    expect(kinds(check({ formula: 'k | trials(n) ~ grp', family: 'binomial' }, table({ k: mixed, n, grp })))).toEqual([]);
  });

  it('an outcome that never varies is named; a coefficient with a proper prior is left to the post-fit check', () => {
    const all = check({ formula: 'y ~ x', family: 'bernoulli' }, table({ y: xs.map(() => 1), x: xs }));
    expect(all.warnings[0].message).toMatch(/^Every row has y = 1: the data put no limit on how high the probability is/);
    const proper = check({ formula: 'y ~ x', family: 'bernoulli', priors: [{ prior: 'normal(0, 2.5)', class: 'b' }] }, table({ y: sepY, x: xs }));
    expect(proper.warnings).toEqual([]);
    expect(proper.logitScales.map((l) => l.name)).toEqual(['b_x']);
  });

  it('no separation: no warning; the post-fit scales are the sd of each column', () => {
    const r = check({ formula: 'y ~ x + z', family: 'bernoulli' }, table({ y: mixedY, x: xs, z: zs }));
    expect(r.warnings).toEqual([]);
    expect(r.logitScales.map((s) => s.name)).toEqual(['b_x', 'b_z']);
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
    expect(r.logitScales[0].sd).toBeCloseTo(sd, 12);
    // gaussian models have no logit scales
    expect(check({ formula: 'y ~ x', family: 'gaussian' }, table({ y: zs, x: xs })).logitScales).toEqual([]);
  });
});

describe('sampler settings', () => {
  const data = table({ y: zs, x: xs });
  it('no warmup is a warning before sampling', () => {
    const r = check({ formula: 'y ~ x', family: 'gaussian' }, data, { warmup: 0, iter: 1000 });
    expect(kinds(r)).toEqual(['no_warmup']);
    expect(r.warnings[0].message).toMatch(/--warmup 1000/);
  });
  it('too few draws for R-hat and ESS is a warning before sampling', () => {
    const r = check({ formula: 'y ~ x', family: 'gaussian' }, data, { warmup: 1000, iter: 1 });
    expect(kinds(r)).toEqual(['few_draws']);
  });
});

describe('priors whose bounds exclude the data', () => {
  const y = xs.map((x, i) => 1 + x + 0.3 * zs[i]);
  const data = table({ y, x: xs, z: zs });
  it('a lower bound on sigma above the sd of the response', () => {
    const r = check({ formula: 'y ~ x', family: 'gaussian', priors: [{ prior: 'uniform(5, 6)', class: 'sigma' }] }, data);
    expect(kinds(r)).toEqual(['prior_bound']);
    expect(r.warnings[0].parameters).toEqual(['sigma']);
    expect(r.warnings[0].message).toMatch(/uniform\(5, 6\) on sigma/);
    expect(r.warnings[0].message).toMatch(/sd of y is 1\.\d/);
    expect(r.warnings[0].message).toMatch(/[Ww]iden/);
    expect(r.bounded.map((b) => [b.name, b.lower, b.upper, b.width])).toEqual([['sigma', 5, 6, 1]]);
    // uniform(0, 100) contains the data: no warning before sampling, but checked after
    const wide = check({ formula: 'y ~ x', family: 'gaussian', priors: [{ prior: 'uniform(0, 100)', class: 'sigma' }] }, data);
    expect(wide.warnings).toEqual([]);
    expect(wide.bounded.map((b) => [b.name, b.lower, b.upper, b.width])).toEqual([['sigma', null, 100, 100]]);
  });

  it('a bounded prior on class b (no natural bounds, as brms warns)', () => {
    const r = check({ formula: 'y ~ x + z', family: 'gaussian', priors: [{ prior: 'lognormal(0, 1)', class: 'b', coef: 'z' }] }, data);
    expect(kinds(r)).toEqual(['prior_bound']);
    expect(r.warnings[0].parameters).toEqual(['b_z']);
    expect(r.warnings[0].message).toMatch(/lognormal\(0, 1\) on b_z/);
    expect(r.warnings[0].message).toMatch(/no natural lower bound/);
    expect(r.bounded.map((b) => [b.name, b.lower, b.upper])).toEqual([['b_z', 0, null]]);
  });

  it('a bounded prior on the Intercept is named too (with predictors brms puts it on the centred intercept)', () => {
    const r = check({ formula: 'y ~ x', family: 'gaussian', priors: [{ prior: 'uniform(0, 10)', class: 'Intercept' }] }, data);
    expect(kinds(r)).toEqual(['prior_bound']);
    expect(r.warnings[0].message).toMatch(/^uniform\(0, 10\) on Intercept bounds it, but Intercept has no natural bounds/);
    const alone = check({ formula: 'y ~ 1', family: 'gaussian', priors: [{ prior: 'uniform(0, 10)', class: 'Intercept' }] }, data);
    expect(alone.bounded.map((b) => b.name)).toEqual(['b_Intercept']);
  });
});

describe('messages quote user names as short excerpts', () => {
  it('a 1,000-character column name and level keep every message under 500 characters', () => {
    const long = 'v'.repeat(1000);
    const level = 'L'.repeat(1000);
    const f = xs.map((_, i) => (i % 2 ? level : 'a'));
    const y = f.map((l, i) => (l === level ? 1 : i % 4 === 0 ? 1 : 0));
    const r = check({ formula: `y ~ ${long} + f`, family: 'bernoulli', priors: [{ prior: 'lognormal(0, 1)', class: 'b', coef: long }] },
      table({ y, [long]: y.map((v, i) => v + (i % 3)), f }));
    expect(r.warnings.length).toBeGreaterThan(0);
    for (const w of r.warnings) {
      expect(w.message.length).toBeLessThan(500);
      expect(w.message).toMatch(/[vL]{30,}\.\.\./);
      expect(w.message).not.toMatch(/v{41}|L{41}/);
    }
    expect(r.warnings.find((w) => w.kind === 'separation')!.message).toMatch(/L{40}\.\.\./);
    expect(() => check({ formula: `${long} ~ 1`, family: 'gaussian' }, table({ [long]: xs.map(() => 1) })))
      .toThrow(/^The response v{40}\.\.\. is 1 in all 24 rows/);
  });
});
