import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../src/core/model/buildModel';
import { gradCheck } from '../../../src/core/ad/gradcheck';
import type { ModelStructure } from '../../../src/core/types';
import { naiveLogPosterior } from './naiveModel';
import { makeStructure, randomTheta, type StructureSpec } from './structures';

const cases: Array<[string, StructureSpec]> = [
  ['gaussian, correlated (1 + x | g), M = 2', { family: 'gaussian', N: 40, K: 2, hasIntercept: true, terms: [{ group: 'g', J: 5, coefs: ['Intercept', 'x'], correlated: true }] }],
  ['gaussian, correlated M = 3, no intercept', { family: 'gaussian', N: 45, K: 2, hasIntercept: false, terms: [{ group: 'g', J: 4, coefs: ['Intercept', 'x', 'w'], correlated: true }] }],
  ['student, uncorrelated (1 + x || g)', { family: 'student', N: 40, K: 1, hasIntercept: true, terms: [{ group: 'g', J: 6, coefs: ['Intercept', 'x'], correlated: false }] }],
  ['bernoulli, nested (1 | a) + (1 | a:b)', { family: 'bernoulli', N: 50, K: 1, hasIntercept: true, terms: [{ group: 'a', J: 4, coefs: ['Intercept'], correlated: true }, { group: 'a:b', J: 9, coefs: ['Intercept'], correlated: true }] }],
  ['binomial, crossed (1 | a) + (1 + x | b)', { family: 'binomial', N: 50, K: 1, hasIntercept: true, terms: [{ group: 'a', J: 5, coefs: ['Intercept'], correlated: true }, { group: 'b', J: 4, coefs: ['Intercept', 'x'], correlated: true }] }],
  ['poisson with offset, (1 | g)', { family: 'poisson', N: 40, K: 2, hasIntercept: true, offset: true, terms: [{ group: 'g', J: 6, coefs: ['Intercept'], correlated: true }] }],
  ['negbinomial, correlated M = 2, no population predictors', { family: 'negbinomial', N: 40, K: 0, hasIntercept: true, terms: [{ group: 'g', J: 5, coefs: ['Intercept', 'x'], correlated: true }] }],
  ['gaussian, no group terms', { family: 'gaussian', N: 20, K: 3, hasIntercept: true, terms: [] }],
  ['zero_inflated_poisson, (1 | g): zi on (0, 1)', { family: 'zero_inflated_poisson', N: 40, K: 1, hasIntercept: true, terms: [{ group: 'g', J: 5, coefs: ['Intercept'], correlated: true }] }],
  ['zero_inflated_negbinomial: shape and zi', { family: 'zero_inflated_negbinomial', N: 40, K: 2, hasIntercept: true, terms: [{ group: 'g', J: 4, coefs: ['Intercept', 'x'], correlated: true }] }],
  ['hurdle_poisson, (1 | g)', { family: 'hurdle_poisson', N: 40, K: 1, hasIntercept: true, terms: [{ group: 'g', J: 5, coefs: ['Intercept'], correlated: true }] }],
  ['hurdle_negbinomial: shape and hu', { family: 'hurdle_negbinomial', N: 40, K: 1, hasIntercept: true, terms: [{ group: 'g', J: 5, coefs: ['Intercept'], correlated: true }] }],
];

function withParameterization(spec: StructureSpec, p: 'noncentered' | 'centered'): StructureSpec {
  return { ...spec, terms: spec.terms.map((t) => ({ ...t, parameterization: p })) };
}

/** Term `absorb` centred on the population intercept, the others `rest`. */
function withHcentered(spec: StructureSpec, absorb: number, rest: 'noncentered' | 'centered'): StructureSpec {
  return { ...spec, terms: spec.terms.map((t, i) => ({ ...t, parameterization: i === absorb ? 'hcentered' : rest })) };
}

/** Every parameterisation each case supports: all noncentred, all centred, and each hcentred choice. */
function variants(spec: StructureSpec): Array<[string, StructureSpec]> {
  const out: Array<[string, StructureSpec]> = [['noncentered', withParameterization(spec, 'noncentered')], ['centered', withParameterization(spec, 'centered')]];
  if (!spec.hasIntercept) return out;
  spec.terms.forEach((t, i) => {
    if (t.coefs[0] !== 'Intercept') return;
    out.push([`hcentered ${t.group}`, withHcentered(spec, i, 'noncentered')]);
    if (spec.terms.length > 1) out.push([`hcentered ${t.group}, others centered`, withHcentered(spec, i, 'centered')]);
  });
  return out;
}

describe('buildModel: log density and gradient', () => {
  for (const [name, spec] of cases) {
    for (const [param, pspec] of variants(spec)) {
      const s = makeStructure(pspec);
      const model = buildModel(s);
      it(`${name} (${param}): the fused and the multi-pass observation loops agree`, () => {
        const passes = buildModel(s, { kernel: 'passes' });
        const fused = buildModel(s, { kernel: 'fused' });
        const ga = new Float64Array(model.dim);
        const gb = new Float64Array(model.dim);
        const theta = randomTheta(model.dim, 5, 1.5);
        const la = fused.logDensityGradient(theta, ga);
        const lb = passes.logDensityGradient(theta, gb);
        expect(Math.abs(la - lb)).toBeLessThan(1e-9 * Math.max(1, Math.abs(lb)));
        ga.forEach((v, i) => expect(Math.abs(v - gb[i])).toBeLessThan(1e-9 * Math.max(1, Math.abs(gb[i]))));
        const rp = gradCheck((x, g) => passes.logDensityGradient(x, g), theta, { rtol: 1e-5, atol: 1e-6 });
        expect(rp.ok, rp.message).toBe(true);
      });
      it(`${name} (${param}): gradient matches finite differences at random points`, () => {
        for (const seed of [1, 2, 3]) {
          const theta = randomTheta(model.dim, seed, 1);
          const r = gradCheck((x, g) => model.logDensityGradient(x, g), theta, { rtol: 1e-5, atol: 1e-6 });
          expect(r.ok, `${r.message} (${model.unconstrainedNames[r.worstIndex]})`).toBe(true);
        }
      });
      it(`${name} (${param}): log density differences equal a naive implementation's`, () => {
        const g = new Float64Array(model.dim);
        const t0 = randomTheta(model.dim, 11, 1);
        const lp0 = model.logDensityGradient(t0, g);
        const naive0 = naiveLogPosterior(s, t0).lp;
        for (const seed of [12, 13]) {
          const t1 = randomTheta(model.dim, seed, 1);
          const d = model.logDensityGradient(t1, g) - lp0;
          const dn = naiveLogPosterior(s, t1).lp - naive0;
          expect(Math.abs(d - dn)).toBeLessThan(1e-8 * Math.max(1, Math.abs(dn)));
        }
      });
      it(`${name} (${param}): writeDraw matches the naive constrained values`, () => {
        const theta = randomTheta(model.dim, 21, 1);
        const out = new Float64Array(model.outputNames.length);
        model.writeDraw(theta, out);
        const nv = naiveLogPosterior(s, theta);
        const expected: number[] = [];
        if (s.hasIntercept) expected.push(nv.bIntercept);
        expected.push(...nv.b);
        nv.sd.forEach((sd) => expected.push(...sd));
        s.groups.forEach((gt, t) => {
          const M = gt.coefNames.length;
          if (!gt.correlated || M < 2) return;
          for (let k = 1; k < M; k++) for (let j = 0; j < k; j++) expected.push(nv.cor[t][j][k]);
        });
        const naivePar: Record<string, number> = { sigma: nv.sigma, nu: nv.nu, shape: nv.shape, zi: nv.mix, hu: nv.mix };
        for (const fp of s.familyPriors) expected.push(naivePar[fp.name]);
        s.groups.forEach((gt, t) => {
          gt.coefNames.forEach((_, m) => gt.levels.forEach((__, j) => expected.push(nv.r[t][j][m])));
        });
        expect(out.length).toBe(expected.length);
        out.forEach((v, i) => expect(v, model.outputNames[i]).toBeCloseTo(expected[i], 10));
      });
    }
  }
});

describe('buildModel: specialised group-level loops', () => {
  // Each specialised loop (M = 2 correlated: the centred prior, the non-centred forward and
  // backward passes) against the general loops it replaces: the same operations in the same order,
  // so the same bits, lp included (a last-bit change of lp changes a chain's whole realisation).
  for (const [name, spec] of cases) {
    for (const [param, pspec] of variants(spec)) {
      it(`${name} (${param}): the same lp and gradient bits as the general loops`, () => {
        const s = makeStructure(pspec);
        const fast = buildModel(s);
        const general = buildModel(s, { generalGroupLoops: true });
        for (const seed of [7, 8]) {
          const theta = randomTheta(fast.dim, seed, 1.5);
          const ga = new Float64Array(fast.dim);
          const gb = new Float64Array(fast.dim);
          expect(fast.logDensityGradient(theta, ga)).toBe(general.logDensityGradient(theta, gb));
          expect(Array.from(ga)).toEqual(Array.from(gb));
        }
      });
    }
  }
});

describe('buildModel: centred and non-centred parameterisations', () => {
  it('give the same posterior: densities differ by the log|det| of r = diag(sd) L z', () => {
    const spec = cases[1][1];
    const nc = buildModel(makeStructure(withParameterization(spec, 'noncentered')));
    const c = buildModel(makeStructure(withParameterization(spec, 'centered')));
    expect(c.outputNames).toEqual(nc.outputNames);
    const g = new Float64Array(nc.dim);
    const diffs: number[] = [];
    for (const seed of [31, 32, 33]) {
      const tn = randomTheta(nc.dim, seed, 1);
      const out = new Float64Array(nc.outputNames.length);
      nc.writeDraw(tn, out);
      // centred theta: same everything, r (from writeDraw) in the z slot
      const tc = Float64Array.from(tn);
      const term = nc.structure.groups[0];
      const M = term.coefNames.length;
      const J = term.levels.length;
      const rStart = out.length - M * J;
      const zStart = nc.unconstrainedNames.findIndex((n) => n.startsWith('z_'));
      for (let i = 0; i < M * J; i++) tc[zStart + i] = out[rStart + i];
      const outC = new Float64Array(out.length);
      c.writeDraw(tc, outC);
      outC.forEach((v, i) => expect(v).toBeCloseTo(out[i], 12));
      // log|det dr/dz| = J * sum_m log(sd_m L_mm)
      const sdStart = nc.outputNames.indexOf(`sd_${term.group}__${term.coefNames[0]}`);
      let logDet = 0;
      const cors = out.slice(nc.outputNames.findIndex((n) => n.startsWith('cor_')));
      void cors;
      for (let m = 0; m < M; m++) logDet += J * Math.log(out[sdStart + m]);
      // L_mm from the correlation: det(Cor) = prod L_mm^2
      const cidx = (j: number, k: number) => nc.outputNames.indexOf(`cor_${term.group}__${term.coefNames[j]}__${term.coefNames[k]}`);
      const R = [[1, out[cidx(0, 1)], out[cidx(0, 2)]], [out[cidx(0, 1)], 1, out[cidx(1, 2)]], [out[cidx(0, 2)], out[cidx(1, 2)], 1]];
      const det = R[0][0] * (R[1][1] * R[2][2] - R[1][2] * R[2][1]) - R[0][1] * (R[1][0] * R[2][2] - R[1][2] * R[2][0])
        + R[0][2] * (R[1][0] * R[2][1] - R[1][1] * R[2][0]);
      logDet += J * 0.5 * Math.log(det);
      diffs.push(c.logDensityGradient(tc, g) - (nc.logDensityGradient(tn, g) - logDet));
    }
    expect(Math.abs(diffs[1] - diffs[0])).toBeLessThan(1e-9);
    expect(Math.abs(diffs[2] - diffs[0])).toBeLessThan(1e-9);
  });
});

describe('buildModel: layout and names', () => {
  function sleepLike(): ModelStructure {
    return makeStructure({ family: 'gaussian', N: 30, K: 1, hasIntercept: true, terms: [{ group: 'Subject', J: 3, coefs: ['Intercept', 'Days'], correlated: true }] });
  }

  it('names outputs as brms: b, sd, cor, sigma, then r by coefficient then level', () => {
    const s = sleepLike();
    s.bNames = ['Days'];
    const m = buildModel(s);
    expect(m.outputNames).toEqual([
      'b_Intercept', 'b_Days', 'sd_Subject__Intercept', 'sd_Subject__Days', 'cor_Subject__Intercept__Days', 'sigma',
      'r_Subject[300,Intercept]', 'r_Subject[301,Intercept]', 'r_Subject[302,Intercept]',
      'r_Subject[300,Days]', 'r_Subject[301,Days]', 'r_Subject[302,Days]',
    ]);
    expect(m.dim).toBe(1 + 1 + 2 + 1 + 6 + 1);
    expect(m.unconstrainedNames.length).toBe(m.dim);
    expect(m.unconstrainedNames[0]).toBe('Intercept');
    expect(m.unconstrainedNames).toContain('z_Subject[Days,302]');
  });

  it('orders cor_ as (1,2), (1,3), (2,3) and puts every sd before every cor', () => {
    const s = makeStructure({ family: 'student', N: 30, K: 0, hasIntercept: true, terms: [
      { group: 'g', J: 3, coefs: ['Intercept', 'a', 'b'], correlated: true },
      { group: 'h', J: 2, coefs: ['Intercept'], correlated: true },
    ] });
    const names = buildModel(s).outputNames;
    expect(names.slice(0, 9)).toEqual([
      'b_Intercept', 'sd_g__Intercept', 'sd_g__a', 'sd_g__b', 'sd_h__Intercept',
      'cor_g__Intercept__a', 'cor_g__Intercept__b', 'cor_g__a__b', 'sigma',
    ]);
    expect(names[9]).toBe('nu');
  });

  it('recovers b_Intercept from the centred intercept: Intercept - means . b', () => {
    const s = makeStructure({ family: 'gaussian', N: 4, K: 2, hasIntercept: true, terms: [] });
    s.X = Float64Array.from([1, 10, 2, 20, 3, 30, 6, 40]); // means 3 and 25
    const m = buildModel(s);
    const theta = Float64Array.from([5, 0.5, -0.1, 0]); // Intercept, b1, b2, log sigma
    const out = new Float64Array(m.outputNames.length);
    m.writeDraw(theta, out);
    expect(out[0]).toBeCloseTo(5 - 3 * 0.5 - 25 * -0.1, 12);
    expect(Array.from(out.slice(1))).toEqual([0.5, -0.1, 1]);
  });

  it('without an intercept leaves X uncentred and has no b_Intercept', () => {
    const s = makeStructure({ family: 'poisson', N: 10, K: 2, hasIntercept: false, terms: [] });
    const m = buildModel(s);
    expect(m.outputNames).toEqual(['b_x1', 'b_x2']);
    const g = new Float64Array(2);
    const theta = Float64Array.from([0.2, -0.3]);
    let lp = 0;
    for (let n = 0; n < s.N; n++) {
      const eta = s.X[2 * n] * 0.2 - 0.3 * s.X[2 * n + 1];
      lp += s.y[n] * eta - Math.exp(eta);
    }
    lp += -0.5 * (0.3 / 2) ** 2; // normal(0, 2) prior on b_x2, constants dropped
    expect(m.logDensityGradient(theta, g)).toBeCloseTo(lp, 10);
  });
});

describe('buildModel: bad input and the edge of the support', () => {
  it('returns -Infinity, not NaN, for a non-finite theta', () => {
    const m = buildModel(makeStructure(cases[0][1]));
    const g = new Float64Array(m.dim);
    const theta = randomTheta(m.dim, 1);
    theta[0] = NaN;
    expect(m.logDensityGradient(theta, g)).toBe(-Infinity);
    theta[0] = 0;
    theta[m.dim - 1] = 800; // sigma = exp(800) overflows
    expect(m.logDensityGradient(theta, g)).toBe(-Infinity);
  });

  it('stays finite for very large |eta| in the logit and log links', () => {
    const s = makeStructure({ family: 'bernoulli', N: 10, K: 0, hasIntercept: true, terms: [] });
    const m = buildModel(s);
    const g = new Float64Array(1);
    expect(Number.isFinite(m.logDensityGradient(Float64Array.from([40]), g))).toBe(true);
    expect(Number.isFinite(g[0])).toBe(true);
    const p = buildModel(makeStructure({ family: 'poisson', N: 10, K: 0, hasIntercept: true, terms: [] }));
    expect(Number.isFinite(p.logDensityGradient(Float64Array.from([-300]), g))).toBe(true);
  });

  it('rejects a structure with a clear message', () => {
    const s = makeStructure(cases[0][1]);
    s.groups[0].index[3] = 99;
    expect(() => buildModel(s)).toThrow(/group index of g is 99 in row 4/);
    const b = makeStructure({ family: 'bernoulli', N: 10, K: 0, hasIntercept: true, terms: [] });
    b.y[2] = 2;
    expect(() => buildModel(b)).toThrow(/bernoulli family needs a 0\/1 response, but the response is 2 at data row 3/);
    const p = makeStructure({ family: 'gaussian', N: 10, K: 1, hasIntercept: true, terms: [] });
    p.familyPriors = [{ name: 'sigma', prior: { dist: 'normal', mu: 0, sigma: -1 } }];
    expect(() => buildModel(p)).toThrow(/prior on sigma: normal scale must be a positive/);
    const t = makeStructure({ family: 'binomial', N: 10, K: 0, hasIntercept: true, terms: [] });
    t.trials = null;
    expect(() => buildModel(t)).toThrow(/binomial needs trials/);
  });
});
