import { describe, expect, it } from 'vitest';
import { parseFormula } from '../../../src/core/formula';
import { buildDesign } from '../../../src/core/design';
import { checkPredictorScale, dependentColumns } from '../../../src/core/design/rank';
import { prepareModel } from '../../../src/core/model/spec';
import { loadCsv, table } from './csvTable';

const ones = (n: number) => new Float64Array(n).fill(1);
const scaled = (xs: number[], s: number) => Float64Array.from(xs, (x) => x * s);
const days = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

describe('dependentColumns is not fooled by the scale of a column', () => {
  it('keeps a predictor of magnitude 1e154 (its squares overflow) independent of the intercept', () => {
    expect(dependentColumns([ones(10), scaled(days, 1e154)])).toEqual([]);
  });
  it('keeps a predictor of magnitude 1e-162 (its squares underflow) independent of the intercept', () => {
    expect(dependentColumns([ones(10), scaled(days, 1e-162)])).toEqual([]);
  });
  it('still finds real linear combinations among huge, tiny and ordinary columns', () => {
    const x = scaled(days, 1e154);
    const z = Float64Array.from(days, (d) => (d * d) * 1e-162);
    const combo = Float64Array.from(days, (d, i) => 2 * x[i] - 3e154);
    expect(dependentColumns([ones(10), x, z, combo])).toEqual([3]);
    expect(dependentColumns([ones(10), new Float64Array(10)])).toEqual([1]);
  });
});

describe('predictors too large or too small to fit get a message naming them, never an internal one', () => {
  const data = table({ y: days.map((d) => 250 + 10 * d + (d % 3)), Days: days, huge: days.map((d) => d * 1e154), tiny: days.map((d) => d * 1e-162) });
  const fails = (f: string) => {
    try { buildDesign(parseFormula(f), data, 'gaussian'); } catch (e) { return (e as Error).message; }
    throw new Error(`${f} did not fail`);
  };
  it('I(Days*1e200):I(Days*1e200) (Infinity) is too large to fit, not "a linear combination"', () => {
    const m = fails('y ~ I(Days*1e200):I(Days*1e200)');
    expect(m).toMatch(/values too large to fit; rescale/);
    expect(m).toContain("Predictor 'I(Days * 1e+200)'");
    expect(m).not.toMatch(/linear combination|buildModel|not finite/);
    expect(m.length).toBeLessThan(500);
  });
  it('a column of magnitude 1e154 is too large to fit; 1e-162 too small', () => {
    expect(fails('y ~ huge')).toMatch(/Predictor 'huge' has values too large to fit; rescale huge \(its largest \|value\| is 9.0e\+154/);
    expect(fails('y ~ tiny')).toMatch(/Predictor 'tiny' has values too small to fit; rescale tiny/);
  });
  it('group-level predictors are checked too', () => {
    expect(fails('y ~ 1 + (I(Days*1e200):I(Days*1e200) | Days)')).toMatch(/values too large to fit; rescale/);
  });
  it('prepareModel never lets "buildModel: predictor ... is not finite" through', () => {
    expect(() => prepareModel({ formula: 'y ~ I(Days*1e200)*I(Days*1e200)', family: 'gaussian' }, data)).toThrow(/too large to fit/);
  });
  it('an infinite product names the term and the data row, and long names are shortened', () => {
    const big = table({ y: [1, 2, 3, 4], a: [1e140, 2e140, 3e140, 4e140], b: [1e140, 1, 1, 1e140], c: [1e140, 1, 1, 1] });
    expect(() => buildDesign(parseFormula('y ~ a:b:c'), big, 'gaussian')).toThrow("Predictor 'a:b:c' is Infinity at data row 1: values too large to fit; rescale a:b:c");
    const name = 'x'.repeat(300);
    expect(() => checkPredictorScale(name, Float64Array.from([1, NaN]), Int32Array.from([4, 9]))).toThrow(new RegExp(`^Predictor '${'x'.repeat(40)}\\.\\.\\.' is NaN at data row 10: .{0,200}$`));
  });
  it('ordinary data is unaffected (sleepstudy)', () => {
    const d = buildDesign(parseFormula('Reaction ~ Days + I(Days^2) + (Days | Subject)'), loadCsv('sleepstudy.csv'), 'gaussian');
    expect(d.rankDeficient).toEqual([]);
  });
});
