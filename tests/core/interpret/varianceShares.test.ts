import { describe, expect, it } from 'vitest';
import { prepareModel } from '../../../src/core/model/spec';
import { summariseShares, varianceShares, type VarianceDesign } from '../../../src/core/interpret/varianceShares';
import { iccDraws } from '../../../src/app/workspace/icc';
import type { FamilyName, ModelStructure } from '../../../src/core/types';
import { loadCsv } from '../design/csvTable';
import { getFamily } from '../../../src/core/families';

/** Deterministic pseudo-random draws (LCG) so the test needs no sampler. */
function fakeDraws(names: string[], S: number, seed = 7): Float64Array {
  let state = seed;
  const u = () => { state = (state * 1103515245 + 12345) % 2147483648; return state / 2147483648; };
  const rows = new Float64Array(S * names.length);
  for (let i = 0; i < S; i++) {
    names.forEach((n, j) => {
      rows[i * names.length + j] = n.startsWith('cor_') ? 2 * u() - 1 : n.startsWith('sd_') || n === 'sigma' ? 0.2 + 5 * u() : u();
    });
  }
  return rows;
}

const prepared = (file: string, formula: string, family: FamilyName) => prepareModel({ formula, family }, loadCsv(file));
const outputNames = (s: ModelStructure): string[] => {
  const names = ['b_Intercept', ...s.bNames.map((b) => `b_${b}`)];
  for (const g of s.groups) {
    for (const c of g.coefNames) names.push(`sd_${g.group}__${c}`);
    if (g.correlated) for (let k = 1; k < g.coefNames.length; k++) for (let j = 0; j < k; j++) names.push(`cor_${g.group}__${g.coefNames[j]}__${g.coefNames[k]}`);
  }
  for (const p of getFamily(s.family).params) names.push(p.name); // sigma for gaussian
  return names;
};
const S = 200;

describe('variance shares against a direct loop over draws', () => {
  it('math_3level: district / class / residual shares of a three-level intercept model (and icc.ts agrees)', () => {
    const s = prepared('math_3level.csv', 'math ~ age_c + (1 | district_id/class_id)', 'gaussian').structure;
    const names = outputNames(s);
    const rows = fakeDraws(names, S);
    const r = varianceShares(s, names, rows, S);
    expect(r.levels.map((l) => l.name)).toEqual(['district_id', 'district_id:class_id', 'Residual']);
    expect(r.note).toBeNull();
    const at = (i: number, n: string) => rows[i * names.length + names.indexOf(n)];
    const icc = iccDraws(s, names, rows, S);
    for (let i = 0; i < S; i++) {
      const d = at(i, 'sd_district_id__Intercept') ** 2;
      const c = at(i, 'sd_district_id:class_id__Intercept') ** 2;
      const e = at(i, 'sigma') ** 2;
      expect(r.levels[0].share[i]).toBeCloseTo(d / (d + c + e), 14);
      expect(r.levels[1].share[i]).toBeCloseTo(c / (d + c + e), 14);
      expect(r.levels[2].share[i]).toBeCloseTo(e / (d + c + e), 14);
      expect(icc[1].values[i]).toBe(r.levels[1].share[i]);
    }
    const sum = summariseShares(r, 0.9);
    const d = Array.from(r.levels[0].share).sort((a, b) => a - b);
    expect(sum[0].mean).toBeCloseTo(d.reduce((a, x) => a + x, 0) / S, 14);
    // type 7 at 0.05 with 200 draws: h = 1 + 199 * 0.05 = 10.95
    expect(sum[0].lower).toBeCloseTo(d[9] + 0.95 * (d[10] - d[9]), 14);
    expect(sum.reduce((a, x) => a + x.mean, 0)).toBeCloseTo(1, 14);
  });

  it('sleepstudy (Days | Subject): the slope term evaluated at mean Days with the correlation', () => {
    const s = prepared('sleepstudy.csv', 'Reaction ~ Days + (Days | Subject)', 'gaussian').structure;
    const names = outputNames(s);
    const rows = fakeDraws(names, S, 11);
    const r = varianceShares(s, names, rows, S);
    expect(r.atMeans).toEqual([{ group: 'Subject', coef: 'Days', mean: 4.5 }]);
    expect(r.note).toMatch(/evaluated here at its mean \(Days = 4\.5\)/);
    const at = (i: number, n: string) => rows[i * names.length + names.indexOf(n)];
    for (let i = 0; i < S; i++) {
      const s0 = at(i, 'sd_Subject__Intercept');
      const s1 = at(i, 'sd_Subject__Days');
      const rho = at(i, 'cor_Subject__Intercept__Days');
      const v = s0 ** 2 + 2 * rho * s0 * s1 * 4.5 + (s1 * 4.5) ** 2;
      expect(r.levels[0].variance[i]).toBeCloseTo(v, 10);
      expect(r.levels[0].share[i]).toBeCloseTo(v / (v + at(i, 'sigma') ** 2), 14);
    }
    // icc.ts stays defined only for random-intercept models
    expect(iccDraws(s, names, rows, S)).toEqual([]);
  });

  it('uncorrelated terms (||) and two terms on one factor add up to one level', () => {
    const s = prepared('sleepstudy.csv', 'Reaction ~ Days + (Days || Subject)', 'gaussian').structure;
    const names = outputNames(s);
    const rows = fakeDraws(names, S, 5);
    const r = varianceShares(s, names, rows, S);
    expect(r.levels.map((l) => l.name)).toEqual(['Subject', 'Residual']);
    const at = (i: number, n: string) => rows[i * names.length + names.indexOf(n)];
    for (let i = 0; i < S; i++) {
      expect(r.levels[0].variance[i]).toBeCloseTo(at(i, 'sd_Subject__Intercept') ** 2 + (at(i, 'sd_Subject__Days') * 4.5) ** 2, 10);
    }
  });

  it('logit and probit: latent-scale residual pi^2/3 and 1', () => {
    const design: VarianceDesign = { family: 'bernoulli', groups: [{ group: 'state', coefNames: ['Intercept'], Z: [new Float64Array(4).fill(1)], correlated: true }] };
    const names = ['b_Intercept', 'sd_state__Intercept'];
    const rows = Float64Array.from([0.1, 1, 0.2, 2]);
    const logit = varianceShares(design, names, rows, 2);
    expect(logit.scale).toBe('latent');
    expect(logit.levels[0].share[0]).toBeCloseTo(1 / (1 + Math.PI ** 2 / 3), 15);
    expect(logit.levels[0].share[1]).toBeCloseTo(4 / (4 + Math.PI ** 2 / 3), 15);
    expect(logit.note).toMatch(/latent scale: the residual variance is pi\^2\/3/);
    const probit = varianceShares(design, names, rows, 2, 'probit');
    expect(probit.levels[0].share[1]).toBeCloseTo(0.8, 15);
    expect(() => varianceShares({ ...design, family: 'poisson' }, names, rows, 2)).toThrow(/not for poisson/);
    expect(() => varianceShares(design, ['b_Intercept'], rows, 2)).toThrow(/no sd_state__Intercept/);
  });
});
