// The fused observation loop's run accumulation: where the rows are grouped by a factor's levels,
// a level's d eta is summed in a register and added to dr once per run. Same additions, same order:
// the result must equal the multi-pass kernel's (row-by-row scatter) and the finite differences.
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../src/core/model/buildModel';
import { compileFusedLoop, rowSplices, rowsGroupedByLevel, spliceRow } from '../../../src/core/model/kernelsCodegen';
import { gaussian } from '../../../src/core/families/gaussian';
import { gradCheck } from '../../../src/core/ad/gradcheck';
import type { ModelStructure } from '../../../src/core/types';
import { makeStructure, randomTheta } from './structures';

/** The structure with every term's rows sorted by level (runs of 1..7 rows, levels in random order). */
function grouped(s: ModelStructure, seed = 3): ModelStructure {
  let state = seed;
  const next = () => { state = (state * 1103515245 + 12345) % 2147483648; return state / 2147483648; };
  const groups = s.groups.map((g) => {
    const J = g.levels.length;
    const order = Array.from({ length: J }, (_, j) => j).sort(() => next() - 0.5);
    const index = new Int32Array(s.N);
    let n = 0, k = 0;
    while (n < s.N) {
      const run = Math.min(s.N - n, 1 + Math.floor(next() * 7));
      index.fill(order[k % J], n, n + run);
      n += run;
      k++;
      if (k === J) break;
    }
    index.fill(order[(J - 1)], n); // the rest: one last run of the last level
    return { ...g, index };
  });
  return { ...s, groups };
}

describe('rowsGroupedByLevel', () => {
  it('is true only when every level forms one contiguous run, 2+ rows per run on average', () => {
    expect(rowsGroupedByLevel(Int32Array.from([0, 0, 0, 2, 2, 1, 1, 1]))).toBe(true);
    expect(rowsGroupedByLevel(Int32Array.from([0, 0, 1, 1, 0, 0]))).toBe(false); // level 0 twice
    expect(rowsGroupedByLevel(Int32Array.from([0, 1, 2, 3]))).toBe(false); // runs of 1
    expect(rowsGroupedByLevel(Int32Array.from([4]))).toBe(false);
  });
});

describe('fused loop with level runs', () => {
  const cases: [string, Parameters<typeof makeStructure>[0]][] = [
    ['gaussian, correlated (1 + x | g) crossed with (1 | h)', { family: 'gaussian', N: 90, K: 2, hasIntercept: true, terms: [
      { group: 'g', J: 12, coefs: ['Intercept', 'x'], correlated: true }, { group: 'h', J: 5, coefs: ['Intercept'], correlated: true }] }],
    ['binomial with offset, (1 | g)', { family: 'binomial', N: 60, K: 1, hasIntercept: true, offset: true, terms: [
      { group: 'g', J: 9, coefs: ['Intercept'], correlated: true }] }],
  ];
  for (const [name, spec] of cases) {
    it(`${name}: equals the multi-pass kernel and the finite differences`, () => {
      const s = grouped(makeStructure(spec));
      expect(s.groups.every((g) => rowsGroupedByLevel(g.index))).toBe(true);
      const fused = buildModel(s, { kernel: 'fused' });
      const passes = buildModel(s, { kernel: 'passes' });
      for (const seed of [1, 2]) {
        const theta = randomTheta(fused.dim, seed, 1.2);
        const ga = new Float64Array(fused.dim), gb = new Float64Array(fused.dim);
        const la = fused.logDensityGradient(theta, ga);
        const lb = passes.logDensityGradient(theta, gb);
        expect(Math.abs(la - lb)).toBeLessThan(1e-12 * Math.max(1, Math.abs(lb)));
        ga.forEach((v, i) => expect(Math.abs(v - gb[i]), fused.unconstrainedNames[i]).toBeLessThan(1e-12 * Math.max(1, Math.abs(gb[i]))));
        const r = gradCheck((x, g) => fused.logDensityGradient(x, g), theta, { rtol: 1e-5, atol: 1e-6 });
        expect(r.ok, r.message).toBe(true);
      }
    });
  }
});

describe('splicing the family row into the loop', () => {
  const row = (y: number, e: number, _t: number, c0: number, _c1: number, D: Float64Array): number => {
    const res = (y - e) * c0;
    D[0] = res * c0;
    return res * res;
  };
  it('turns the D writes and the return into locals and binds the parameters', () => {
    const code = spliceRow(row, ['$y', '$e', '$t', '$c0', '$c1', 'D', '$fn'])!;
    expect(code).toContain('const y = $y, e = $e, _t = $t, c0 = $c0, _c1 = $c1;');
    expect(code).toMatch(/\$d0\s*=\s*res \* c0/);
    expect(code).toMatch(/\$rv = \(res \* res\); \}$/);
    expect(code).not.toMatch(/\bD\b|return/);
  });
  it('refuses shapes it cannot splice, and the loop then calls the row with the same bits', () => {
    const twoReturns = (y: number, e: number, _t: number, _c0: number, _c1: number, D: Float64Array): number => {
      D[0] = y - e;
      if (y > 1e300) return 0;
      return -0.5 * (y - e) * (y - e);
    };
    const readsD = (y: number, e: number, _t: number, _c0: number, _c1: number, D: Float64Array): number => {
      D[0] = y - e;
      return D[0] * 0 - 0.5 * (y - e) * (y - e);
    };
    const args = ['$y', '$e', '$t', '$c0', '$c1', 'D', '$fn'];
    expect(spliceRow(twoReturns, args)).toBeNull();
    expect(spliceRow(readsD, args)).toBeNull();
    expect(spliceRow((y: number) => y, args)).toBeNull(); // expression body
    const ll = { ...gaussian.logLik, row: twoReturns, finishPasses: undefined };
    expect(rowSplices(ll)).toBe(false);
    const y = Float64Array.from([1, 2.5, -3, 4]);
    const base = Float64Array.from([0.5, 2, -1, 3.5]);
    const spec = {
      logLik: ll, N: 4, K: 0, y, trials: null, base, Xcol: [], intercept: false,
      termIndex: [], columns: [], r: new Float64Array(0), dr: new Float64Array(0),
    };
    const out = new Float64Array(3);
    compileFusedLoop(spec)!(Float64Array.from([0, 1, 0]), out);
    const D = new Float64Array(2);
    let s0 = 0;
    for (let i = 0; i < 4; i++) s0 += twoReturns(y[i], base[i], 0, 1, 0, D);
    expect(out[0]).toBe(s0);
  });
});
