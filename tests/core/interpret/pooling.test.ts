import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { prepareModel } from '../../../src/core/model/spec';
import { poolingEstimates, type PoolingDesign } from '../../../src/core/interpret/pooling';
import { weightedLeastSquares } from '../../../src/core/interpret/leastSquares';
import { ModelError } from '../../../src/core/formula';
import type { FamilyName } from '../../../src/core/types';
import { loadCsv } from '../design/csvTable';
import { getFamily } from '../../../src/core/families';

type Num = number | 'NA';
interface Case {
  name: string; file: string; formula: string; family: FamilyName; group: string; coef: string; columns: 'term' | 'population';
  complete: { estimate: number; se: number };
  groups: { level: string; n: number; estimate: Num; se: Num; reason: string | null }[];
}
const cases = JSON.parse(readFileSync(new URL('../../fixtures/interpret/pooling.json', import.meta.url), 'utf8')) as Case[];
const factors: Record<string, string[]> = { 'cbpp.csv': ['period'], 'grouseticks.csv': ['YEAR'] };
const structureOf = (file: string, formula: string, family: FamilyName): PoolingDesign =>
  prepareModel({ formula, family }, loadCsv(file, factors[file] ?? [])).structure;

const close = (a: number, b: number, rel: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(b)));

describe('pooling: complete and no pooling equal R lm/glm (make_pooling.R)', () => {
  for (const c of cases) {
    it(`${c.name}: ${c.formula}`, () => {
      const s = structureOf(c.file, c.formula, c.family);
      const r = poolingEstimates(s, { group: c.group, coef: c.coef, columns: c.columns });
      const tol = getFamily(c.family).classical.glm === 'gaussian' ? 1e-12 : 1e-10; // lm vs IRLS
      close(r.complete.estimate, c.complete.estimate, tol);
      close(r.complete.se, c.complete.se, tol);
      expect(r.noPooling.map((g) => g.level).sort()).toEqual(c.groups.map((g) => g.level).sort());
      const byLevel = new Map(r.noPooling.map((g) => [g.level, g]));
      for (const ref of c.groups) {
        const ours = byLevel.get(ref.level)!;
        expect(ours.n, `${ref.level} rows`).toBe(ref.n);
        if (ref.reason) {
          expect(ours.reason, `${ref.level}: ${ref.reason}`).toMatch(new RegExp(`^${ref.reason}`));
          expect(ours.estimate).toBeNaN();
        } else {
          expect(ours.reason, `${ref.level}`).toBeNull();
          close(ours.estimate, ref.estimate as number, tol);
          close(ours.se, ref.se as number, tol);
        }
      }
    });
  }
});

describe('pooling: reasons and messages', () => {
  it('the singular reason names the column that does not vary', () => {
    const s = structureOf('radon.csv', 'log_radon ~ floor + (1 | county)', 'gaussian');
    const r = poolingEstimates(s, { group: 'county', coef: 'Intercept', columns: 'population' });
    const singular = r.noPooling.find((g) => g.reason?.startsWith('singular'))!;
    expect(singular.reason).toBe('singular design: floor does not vary in these rows');
    expect(r.note).toMatch(/No pooling: the same fit of Intercept, floor on each county's rows alone/);
  });

  it('separation in a group of a logit model is reported, not estimated', () => {
    // group b: x perfectly predicts y
    const y = Float64Array.from([0, 1, 0, 1, 0, 1, 0, 0, 1, 1]);
    const x = Float64Array.from([0.3, 1.2, 0.1, 0.5, 1.5, 0.2, -1, -2, 1, 2]);
    const s: PoolingDesign = {
      family: 'bernoulli', N: 10, y, trials: null, offset: null, hasIntercept: true, X: x, K: 1, bNames: ['x'],
      groups: [{ group: 'g', levels: ['a', 'b'], index: Int32Array.from([0, 0, 0, 0, 0, 0, 1, 1, 1, 1]), coefNames: ['Intercept', 'x'], Z: [new Float64Array(10).fill(1), x] }],
    };
    const r = poolingEstimates(s, { group: 'g', coef: 'x' });
    expect(r.noPooling[0].reason).toBeNull();
    expect(r.noPooling[1].reason).toMatch(/^separation/);
  });

  it('asks for a coefficient that exists and a group term the model has', () => {
    const s = structureOf('sleepstudy.csv', 'Reaction ~ Days + (1 | Subject)', 'gaussian');
    expect(() => poolingEstimates(s, { group: 'Subject', coef: 'Days' })).toThrow(/'Days' does not vary by Subject/);
    expect(() => poolingEstimates(s, { group: 'Subjekt', coef: 'Intercept' })).toThrow(ModelError);
    expect(() => poolingEstimates(s, { group: 'Subject', coef: 'Dayz' })).toThrow(/not a population-level coefficient/);
    // with the population columns each subject's own Days slope is estimated
    expect(poolingEstimates(s, { group: 'Subject', coef: 'Days', columns: 'population' }).noPooling.every((g) => g.reason === null)).toBe(true);
  });
});

describe('weightedLeastSquares', () => {
  it('matches the normal equations for a weighted fit and flags a dependent column', () => {
    const one = new Float64Array(5).fill(1);
    const x = Float64Array.from([1, 2, 3, 4, 6]);
    const y = Float64Array.from([1.1, 1.9, 3.2, 3.9, 6.3]);
    const w = Float64Array.from([1, 2, 1, 3, 0.5]);
    const fit = weightedLeastSquares([one, x], y, w);
    if ('dependent' in fit) throw new Error('singular');
    let sw = 0, swx = 0, swxx = 0, swy = 0, swxy = 0;
    for (let i = 0; i < 5; i++) { sw += w[i]; swx += w[i] * x[i]; swxx += w[i] * x[i] ** 2; swy += w[i] * y[i]; swxy += w[i] * x[i] * y[i]; }
    const det = sw * swxx - swx * swx;
    expect(fit.beta[1]).toBeCloseTo((sw * swxy - swx * swy) / det, 12);
    expect(fit.beta[0]).toBeCloseTo((swxx * swy - swx * swxy) / det, 12);
    expect(fit.covUnscaled[3]).toBeCloseTo(sw / det, 12);
    expect(weightedLeastSquares([one, x, Float64Array.from(x, (v) => 2 * v + 1)], y)).toEqual({ dependent: 2 });
  });
});

describe('partial pooling from draws (brms coef())', () => {
  it('each group is b_coef + r_group[level,coef] per draw: mean, sd and the 95% quantiles', async () => {
    const { partialPoolingEstimates } = await import('../../../src/core/interpret/partialPooling');
    const s = structureOf('sleepstudy.csv', 'Reaction ~ Days + (Days | Subject)', 'gaussian');
    const term = s.groups[0];
    const names = ['b_Intercept', 'b_Days', ...term.levels.map((l) => `r_Subject[${l},Days]`)];
    const S = 101;
    const rows = new Float64Array(S * names.length);
    for (let i = 0; i < rows.length; i++) rows[i] = Math.sin(i * 12.9898) * 10;
    const r = partialPoolingEstimates(s, names, rows, S, { group: 'Subject', coef: 'Days' });
    expect(r.groups).toHaveLength(18);
    const k = 3;
    const v = Array.from({ length: S }, (_, i) => rows[i * names.length + 1] + rows[i * names.length + 2 + k]);
    const m = v.reduce((a, x) => a + x, 0) / S;
    const sorted = [...v].sort((a, b) => a - b);
    expect(r.groups[k].level).toBe(term.levels[k]);
    expect(r.groups[k].n).toBe(10);
    expect(r.groups[k].estimate).toBeCloseTo(m, 12);
    expect(r.groups[k].estError).toBeCloseTo(Math.sqrt(v.reduce((a, x) => a + (x - m) ** 2, 0) / (S - 1)), 12);
    // type 7: h = 1 + 100 * 0.025 = 3.5
    expect(r.groups[k].lower).toBeCloseTo((sorted[2] + sorted[3]) / 2, 12);
    expect(r.groups[k].upper).toBeCloseTo((sorted[97] + sorted[98]) / 2, 12);
    expect(() => partialPoolingEstimates(s, names, rows, S, { group: 'Subject', coef: 'Intercept' })).toThrow(/no r_Subject\[308,Intercept\]/);
  });
});
