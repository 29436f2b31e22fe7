// Hierarchical centring of a group term's intercept on the population intercept ('hcentered'):
// the same posterior as brms's non-centred parameterisation, in other coordinates.
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../src/core/model/buildModel';
import { gradCheck } from '../../../src/core/ad/gradcheck';
import type { CompiledModel, GroupParameterization } from '../../../src/core/types';
import { makeStructure, randomTheta, type StructureSpec } from './structures';

const cases: Array<[string, StructureSpec]> = [
  ['gaussian (1 | g)', { family: 'gaussian', N: 40, K: 2, hasIntercept: true, terms: [{ group: 'g', J: 6, coefs: ['Intercept'], correlated: true }] }],
  ['gaussian correlated (1 + x | g)', { family: 'gaussian', N: 40, K: 1, hasIntercept: true, terms: [{ group: 'g', J: 5, coefs: ['Intercept', 'x'], correlated: true }] }],
  ['gaussian uncorrelated (1 + x || g)', { family: 'gaussian', N: 40, K: 1, hasIntercept: true, terms: [{ group: 'g', J: 5, coefs: ['Intercept', 'x'], correlated: false }] }],
  ['poisson with offset (1 | g)', { family: 'poisson', N: 40, K: 2, hasIntercept: true, offset: true, terms: [{ group: 'g', J: 6, coefs: ['Intercept'], correlated: true }] }],
  ['poisson crossed (1 | a) + (1 | b)', { family: 'poisson', N: 50, K: 1, hasIntercept: true, terms: [{ group: 'a', J: 5, coefs: ['Intercept'], correlated: true }, { group: 'b', J: 7, coefs: ['Intercept'], correlated: true }] }],
  ['binomial (1 + x | g), M = 2', { family: 'binomial', N: 50, K: 1, hasIntercept: true, terms: [{ group: 'g', J: 5, coefs: ['Intercept', 'x'], correlated: true }] }],
  ['binomial crossed (1 | a) + (1 + x | b)', { family: 'binomial', N: 50, K: 2, hasIntercept: true, terms: [{ group: 'a', J: 5, coefs: ['Intercept'], correlated: true }, { group: 'b', J: 4, coefs: ['Intercept', 'x'], correlated: true }] }],
  ['negbinomial M = 3, no population predictors', { family: 'negbinomial', N: 45, K: 0, hasIntercept: true, terms: [{ group: 'g', J: 4, coefs: ['Intercept', 'x', 'w'], correlated: true }] }],
];

function param(spec: StructureSpec, absorb: number, rest: GroupParameterization): StructureSpec {
  return { ...spec, terms: spec.terms.map((t, i) => ({ ...t, parameterization: i === absorb ? 'hcentered' : rest })) };
}

const close = (a: number, b: number, rel: number) => Math.abs(a - b) <= rel * Math.max(1, Math.abs(b));

/** Lower Cholesky factor of a small SPD matrix (rows as arrays). */
function cholesky(A: number[][]): number[][] {
  const n = A.length;
  const L = A.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i][j];
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
      L[i][j] = i === j ? Math.sqrt(s) : s / L[j][j];
    }
  }
  return L;
}

/** log |det d r / d z| of r = diag(sd) L z for term `group`, read from a draw's outputs. */
function logDetNoncentred(model: CompiledModel, out: Float64Array, t: number): number {
  const g = model.structure.groups[t];
  const M = g.coefNames.length;
  const J = g.levels.length;
  const at = (name: string) => out[model.outputNames.indexOf(name)];
  const R = g.coefNames.map((ci, i) => g.coefNames.map((cj, j) => {
    if (i === j) return 1;
    if (!g.correlated) return 0;
    return i < j ? at(`cor_${g.group}__${ci}__${cj}`) : at(`cor_${g.group}__${cj}__${ci}`);
  }));
  const L = cholesky(R);
  let logDet = 0;
  for (let m = 0; m < M; m++) logDet += J * (Math.log(at(`sd_${g.group}__${g.coefNames[m]}`)) + Math.log(L[m][m]));
  return logDet;
}

describe('hcentered: gradient, both observation loops', () => {
  for (const [name, spec] of cases) {
    spec.terms.forEach((term, absorb) => {
      const rests: GroupParameterization[] = spec.terms.length > 1 ? ['noncentered', 'centered'] : ['noncentered'];
      for (const rest of rests) {
        const label = `${name}: ${term.group} hcentered${spec.terms.length > 1 ? `, others ${rest}` : ''}`;
        it(`${label}: fused and passes agree to 1e-12 and both match finite differences`, () => {
          const s = makeStructure(param(spec, absorb, rest));
          const fused = buildModel(s, { kernel: 'fused' });
          const passes = buildModel(s, { kernel: 'passes' });
          const ga = new Float64Array(fused.dim);
          const gb = new Float64Array(fused.dim);
          for (const seed of [1, 2, 3]) {
            const theta = randomTheta(fused.dim, seed, 1);
            const la = fused.logDensityGradient(theta, ga);
            const lb = passes.logDensityGradient(theta, gb);
            expect(Number.isFinite(la)).toBe(true);
            expect(close(la, lb, 1e-12), `lp ${la} vs ${lb}`).toBe(true);
            ga.forEach((v, i) => expect(close(v, gb[i], 1e-12), `${fused.unconstrainedNames[i]}: ${v} vs ${gb[i]}`).toBe(true));
            for (const model of [fused, passes]) {
              const r = gradCheck((x, g) => model.logDensityGradient(x, g), theta, { rtol: 1e-5, atol: 1e-6 });
              expect(r.ok, `${r.message} (${model.unconstrainedNames[r.worstIndex]})`).toBe(true);
            }
          }
        });
      }
    });
  }
});

describe('hcentered: the same posterior as the non-centred model', () => {
  for (const [name, spec] of cases) {
    spec.terms.forEach((term, absorb) => {
      it(`${name}: ${term.group} hcentered: lp differs by the Jacobian of r = diag(sd) L z, writeDraw identical`, () => {
        const nc = buildModel(makeStructure(param(spec, -1, 'noncentered')));
        const hc = buildModel(makeStructure(param(spec, absorb, 'noncentered')));
        expect(hc.outputNames).toEqual(nc.outputNames);
        expect(hc.dim).toBe(nc.dim);
        const g = hc.structure.groups[absorb];
        const M = g.coefNames.length;
        const J = g.levels.length;
        const zStart = nc.unconstrainedNames.indexOf(`z_${g.group}[${g.coefNames[0]},${g.levels[0]}]`);
        expect(hc.unconstrainedNames[zStart]).toBe(`Intercept + r_${g.group}[${g.levels[0]},Intercept]`);
        const rStart = nc.outputNames.indexOf(`r_${g.group}[${g.levels[0]},${g.coefNames[0]}]`);
        const grad = new Float64Array(nc.dim);
        for (const seed of [41, 42, 43]) {
          const tn = randomTheta(nc.dim, seed, 1);
          const out = new Float64Array(nc.outputNames.length);
          nc.writeDraw(tn, out);
          // beta = r + (Intercept, 0, ..., 0); everything else unchanged
          const th = Float64Array.from(tn);
          for (let i = 0; i < M * J; i++) th[zStart + i] = out[rStart + i] + (i < J ? tn[0] : 0);
          const outH = new Float64Array(out.length);
          hc.writeDraw(th, outH);
          outH.forEach((v, i) => expect(close(v, out[i], 1e-12), `${nc.outputNames[i]}: ${v} vs ${out[i]}`).toBe(true));
          // lp_hc = lp_nc - log|det dr/dz| = lp_nc - J sum_m (log sd_m + log L_mm); the shift has unit Jacobian
          const lpNc = nc.logDensityGradient(tn, grad);
          const lpHc = hc.logDensityGradient(th, grad);
          const expected = lpNc - logDetNoncentred(nc, out, absorb);
          expect(Math.abs(lpHc - expected), `lp ${lpHc} vs ${expected}`).toBeLessThan(1e-9 * Math.max(1, Math.abs(expected)));
        }
      });
    });
  }
});

describe('hcentered: layout and checks', () => {
  const base: StructureSpec = { family: 'gaussian', N: 20, K: 1, hasIntercept: true, terms: [{ group: 'g', J: 3, coefs: ['Intercept', 'x'], correlated: true }, { group: 'h', J: 2, coefs: ['Intercept'], correlated: true }] };

  it('names the intercept row Intercept + r_g[level,Intercept] and the other rows r_g[level,coef]', () => {
    const m = buildModel(makeStructure(param(base, 0, 'noncentered')));
    expect(m.unconstrainedNames).toContain('Intercept + r_g[301,Intercept]');
    expect(m.unconstrainedNames).toContain('r_g[302,x]');
    expect(m.unconstrainedNames).toContain('z_h[Intercept,300]');
    expect(m.unconstrainedNames[0]).toBe('Intercept');
  });

  it('rejects a second hcentered term, a model without intercept, and a term without intercept', () => {
    const two = makeStructure(base);
    two.groups.forEach((g) => { g.parameterization = 'hcentered'; });
    expect(() => buildModel(two)).toThrow(/only one group term may be centred on the population intercept/);
    const noInt = makeStructure({ ...param(base, 1, 'noncentered'), hasIntercept: false });
    expect(() => buildModel(noInt)).toThrow(/h cannot be centred on the population intercept: the model has no population intercept/);
    const slopeOnly = makeStructure({ ...base, terms: [{ group: 'g', J: 3, coefs: ['x'], correlated: true, parameterization: 'hcentered' }] });
    expect(() => buildModel(slopeOnly)).toThrow(/first coefficient is not an intercept/);
    const bad = makeStructure(param(base, 1, 'noncentered'));
    bad.groups[1].Z[0][4] = 2;
    expect(() => buildModel(bad)).toThrow(/Intercept column is not all ones \(row 5\)/);
  });
});
