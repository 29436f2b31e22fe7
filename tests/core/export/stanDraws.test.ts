import { describe, expect, it } from 'vitest';
import { compileSpec, describeModel } from '../../../src/core/model/spec';
import { buildModel } from '../../../src/core/model/buildModel';
import { stanDrawWriter } from '../../../src/core/export/stanDraws';
import { toOldStanSyntax } from '../../../src/core/export/stanSyntax';
import { studentTLpdf } from '../../../src/core/dist/studentT';
import { lkjLogConstant } from '../../../src/core/dist/lkjCorrCholesky';
import { loadCsv, table } from '../design/csvTable';

function seeded(seed: number) {
  let s = seed >>> 0;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32; };
}

/** A model's brms-named draw at a random point, and the Stan writer of its exported program. */
function setup(formula: string, data = loadCsv('sleepstudy.csv'), parameterization: 'noncentered' | 'centered' = 'noncentered', family = 'gaussian') {
  const c = compileSpec({ formula, family }, data, { parameterization });
  const d = describeModel(c, data);
  const model = buildModel(c.structure);
  const u = seeded(7);
  const theta = Float64Array.from({ length: model.dim }, () => 2 * u() - 1);
  const draw = new Float64Array(model.outputNames.length);
  model.writeDraw(theta, draw);
  const w = stanDrawWriter(c.structure, d.stanProgram, d.stanData, model.outputNames);
  const out = new Float64Array(w.bracketNames.length);
  w.write(draw, out);
  const get = (name: string) => out[w.bracketNames.indexOf(name)];
  const ours = (name: string) => draw[model.outputNames.indexOf(name)];
  return { c, d, w, out, get, ours, model };
}

describe('stanDrawWriter: our draws as the Stan program\'s variables', () => {
  it('lists the variables in CmdStan order with column-major cells', () => {
    const { w } = setup('Reaction ~ Days + (Days | Subject)');
    expect(w.variables.map((v) => v.name)).toEqual(['b', 'Intercept', 'sigma', 'sd_1', 'z_1', 'L_1', 'r_1', 'r_1_1', 'r_1_2', 'lprior', 'b_Intercept', 'Cor_1', 'cor_1']);
    expect(w.csvNames.slice(0, 8)).toEqual(['b.1', 'Intercept', 'sigma', 'sd_1.1', 'sd_1.2', 'z_1.1.1', 'z_1.2.1', 'z_1.1.2']);
    expect(w.bracketNames).toContain('L_1[2,1]');
    expect(w.csvNames.length).toBe(1 + 1 + 1 + 2 + 36 + 4 + 36 + 18 + 18 + 1 + 1 + 4 + 1);
    expect(w.csvNames.at(-1)).toBe('cor_1.1');
  });
  it('the old-syntax program gives the same variables', () => {
    const { c, d, model, w } = setup('Reaction ~ Days + (Days || Subject)');
    const old = stanDrawWriter(c.structure, toOldStanSyntax(d.stanProgram), d.stanData, model.outputNames);
    expect(old.csvNames).toEqual(w.csvNames);
    expect(w.variables.find((v) => v.name === 'z_1')!.dims).toEqual([2, 18]);
  });
  for (const p of ['noncentered', 'centered'] as const) {
    it(`${p}: r = diag(sd) L z per level, Cor = L L', b_Intercept = Intercept - means_X . b`, () => {
      const { get, ours, c } = setup('Reaction ~ Days + (Days | Subject)', undefined, p);
      const g = c.structure.groups[0];
      expect(g.parameterization === 'noncentered').toBe(p === 'noncentered'); // 'centered' may centre on the Intercept (hcentered)
      const sd = [get('sd_1[1]'), get('sd_1[2]')];
      const L = [[get('L_1[1,1]'), get('L_1[1,2]')], [get('L_1[2,1]'), get('L_1[2,2]')]];
      expect(L[0][1]).toBe(0);
      expect(L[1][0] * L[0][0]).toBeCloseTo(ours('cor_Subject__Intercept__Days'), 12);
      expect(get('Cor_1[1,2]')).toBeCloseTo(ours('cor_Subject__Intercept__Days'), 12);
      expect(get('cor_1[1]')).toBe(ours('cor_Subject__Intercept__Days'));
      g.levels.forEach((lev, j) => {
        const z = [get(`z_1[1,${j + 1}]`), get(`z_1[2,${j + 1}]`)];
        for (let m = 0; m < 2; m++) {
          const r = sd[m] * (L[m][0] * z[0] + L[m][1] * z[1]);
          expect(r).toBeCloseTo(ours(`r_Subject[${lev},${g.coefNames[m]}]`), 9);
          expect(get(`r_1[${j + 1},${m + 1}]`)).toBe(ours(`r_Subject[${lev},${g.coefNames[m]}]`));
          expect(get(`r_1_${m + 1}[${j + 1}]`)).toBe(ours(`r_Subject[${lev},${g.coefNames[m]}]`));
        }
      });
      expect(get('Intercept') - 4.5 * get('b[1]')).toBeCloseTo(ours('b_Intercept'), 10);
      expect(get('b_Intercept')).toBe(ours('b_Intercept'));
    });
  }
  it('lprior is brms\'s sum of prior densities with constants and the half-t truncation', () => {
    const { get } = setup('Reaction ~ Days + (Days | Subject)');
    const t = (x: number, mu: number) => studentTLpdf(x, 3, mu, 59.3);
    const L22 = get('L_1[2,2]');
    const expected = t(get('Intercept'), 288.7) + t(get('sigma'), 0) + Math.log(2)
      + t(get('sd_1[1]'), 0) + t(get('sd_1[2]'), 0) + 2 * Math.log(2)
      + lkjLogConstant(1, 2) + (2 - 2 + 2 * 1 - 2) * Math.log(L22);
    expect(get('lprior')).toBeCloseTo(expected, 10);
  });
  it('uncorrelated terms: z = r / sd; a binomial model without Intercept term variables', () => {
    const { get, ours } = setup('Reaction ~ Days + (Days || Subject)');
    expect(get('z_1[2,3]') * get('sd_1[2]')).toBeCloseTo(ours('r_Subject[310,Days]'), 12);
    const cbpp = setup('incidence | trials(size) ~ period + (1 | herd)', loadCsv('cbpp.csv', ['period']), 'noncentered', 'binomial');
    expect(cbpp.w.variables.map((v) => v.name)).toEqual(['b', 'Intercept', 'sd_1', 'z_1', 'r_1_1', 'lprior', 'b_Intercept']);
    expect(cbpp.get('z_1[1,4]') * cbpp.get('sd_1[1]')).toBeCloseTo(cbpp.ours('r_herd[4,Intercept]'), 12);
  });
  it('a program variable the draws cannot give is a clear error', () => {
    const data = table({ y: [1, 2, 3, 4, 5, 6], x: [1, 3, 2, 4, 6, 5], g: ['a', 'a', 'b', 'b', 'c', 'c'] });
    const c = compileSpec({ formula: 'y ~ x + (1 | g)', family: 'gaussian' }, data);
    const d = describeModel(c, data);
    const names = buildModel(c.structure).outputNames;
    const program = d.stanProgram.replace('generated quantities {', 'generated quantities {\n  real mystery = 1;');
    expect(() => stanDrawWriter(c.structure, program, d.stanData, names)).toThrow(/cannot write the draws of 'mystery'/);
  });
});

describe('stanDrawWriter for every family of the registry today', () => {
  const data = table({
    y: [1.2, 2.5, 0.7, 3.1, 4.2, 2.2, 1.9, 3.3], k: [0, 1, 1, 0, 1, 0, 1, 1], n: [0, 3, 2, 5, 1, 4, 2, 6], t: [3, 4, 2, 6, 2, 5, 3, 6],
    x: [1, 3, 2, 4, 6, 5, 2, 1], g: ['a', 'a', 'b', 'b', 'c', 'c', 'd', 'd'],
  });
  const cases: [string, string][] = [
    ['gaussian', 'y ~ x + (x | g)'], ['student', 'y ~ x + (1 | g)'], ['lognormal', 'y ~ x + (1 | g)'], ['bernoulli', 'k ~ x + (1 | g)'],
    ['binomial', 'n | trials(t) ~ x + (1 | g)'], ['poisson', 'n ~ x + (1 | g)'], ['negbinomial', 'n ~ x + (x || g)'],
    ['zero_inflated_poisson', 'n ~ x + (1 | g)'], ['zero_inflated_negbinomial', 'n ~ x + (1 | g)'],
    ['hurdle_poisson', 'n ~ x + (1 | g)'], ['hurdle_negbinomial', 'n ~ x + (1 | g)'],
  ];
  for (const [family, formula] of cases) {
    it(`${family}: ${formula} gives every variable of its program, lprior finite`, () => {
      const c = compileSpec({ formula, family }, data);
      const d = describeModel(c, data);
      const model = buildModel(c.structure);
      const draw = new Float64Array(model.outputNames.length);
      model.writeDraw(new Float64Array(model.dim).fill(0.1), draw);
      const w = stanDrawWriter(c.structure, d.stanProgram, d.stanData, model.outputNames);
      const out = new Float64Array(w.csvNames.length);
      w.write(draw, out);
      expect(out.every(Number.isFinite)).toBe(true);
      expect(w.csvNames).toContain('lprior');
    });
  }
  it('a known name declared with another shape is refused, not filled wrongly', () => {
    const c = compileSpec({ formula: 'y ~ x + (1 | g)', family: 'gaussian' }, data);
    const d = describeModel(c, data);
    const program = d.stanProgram.replace('  real Intercept;', '  vector[2] Intercept;');
    expect(() => stanDrawWriter(c.structure, program, d.stanData, buildModel(c.structure).outputNames)).toThrow(/cannot write the draws of 'Intercept'/);
  });
});
