// The contract every family (src/core/families/*.ts) is tested against; each family's test file
// calls checkFamilyContract with an independent reference density (a direct formula), the same
// log density written on the reverse-mode tape (src/core/ad, the oracle for the partials), and its
// random and edge points. Checks:
//  - the row + its dropped constant equals the reference log density, pointwise and summed;
//  - d lp / d eta and d lp / d (distributional parameters) equal the tape's reverse-mode gradient
//    and central finite differences, at random points and at the edges;
//  - the fused per-model loop (kernelsCodegen.ts) gives exactly the multi-pass kernel's sums;
//  - expectedValue is the mean of predict's draws (Monte Carlo), predict's draws are in the support.
import { expect, it } from 'vitest';
import { Tape, type Vec } from '../../../src/core/ad/tape';
import { gradCheck } from '../../../src/core/ad/gradcheck';
import { likelihoodConstant, likelihoodPass } from '../../../src/core/dist/likelihoodKernels';
import { compileFusedLoop, fusedWidth, rowSplices } from '../../../src/core/model/kernelsCodegen';
import { SPECIAL } from '../../../src/core/families/special';
import { pointwiseLogLik, pointwiseLogLikRows, rowResponse, type Family } from '../../../src/core/families';
import { makeRng } from '../../../src/app/workspace/ppc';

/** One test point: responses, linear predictors, trials (when the family has them), parameters. */
export interface FamilyPoint {
  label: string;
  y: number[];
  eta: number[];
  trials?: number[];
  par: number[];
  /** Finite-difference settings for points where the default step is too coarse (edges). */
  fd?: { rtol?: number; atol?: number; step?: number };
}

export interface FamilyContract {
  family: Family;
  /** Full log density of one observation (every constant), written independently of the family. */
  reference(y: number, eta: number, t: number, par: number[]): number;
  /**
   * The likelihood of all rows on the tape, from eta (length n) and the parameters (scalars), with
   * y (on the row's scale, LogLikelihood.responseScale) and trials as constants: the reverse-mode oracle for the partials (constants may differ).
   */
  tape(tape: Tape, y: Vec, eta: Vec, trials: Vec, par: Vec[]): Vec;
  /** Random points (several rows each) and edge points. */
  points: FamilyPoint[];
  /** Point for the predict / expectedValue check (one row is enough). */
  predictAt: { eta: number; t: number; par: number[] };
  /** Relative tolerance of the finite-difference check (default 1e-5). */
  fdRtol?: number;
}

const f64 = (x: number[]) => Float64Array.from(x);

/** lp (constants dropped) and the gradient [d eta..., d par...] from the multi-pass kernel. */
function kernelValueGrad(c: FamilyContract, p: FamilyPoint, x: Float64Array, grad: Float64Array): number {
  const n = p.y.length;
  const ll = c.family.logLik;
  const eta = x.subarray(0, n);
  const par = Float64Array.from(x.subarray(n));
  const dEta = new Float64Array(n);
  const dPar = new Float64Array(Math.max(par.length, 1));
  const lp = likelihoodPass(ll, rowResponse(ll, f64(p.y)), p.trials ? f64(p.trials) : null, eta, n, par, new Float64Array(4), new Float64Array(4), dEta, dPar);
  grad.set(dEta, 0);
  for (let k = 0; k < par.length; k++) grad[n + k] = dPar[k];
  return lp;
}

function tapeValueGrad(c: FamilyContract, p: FamilyPoint, x: Float64Array, grad: Float64Array): number {
  const n = p.y.length;
  const tape = new Tape();
  const y = tape.constant(rowResponse(c.family.logLik, f64(p.y)));
  const trials = tape.constant(f64(p.trials ?? p.y.map(() => 0)));
  const eta = tape.input(x, 0, n);
  const par = p.par.map((_, k) => tape.input(x, n + k, 1));
  const lp = c.tape(tape, y, eta, trials, par);
  tape.gradient(lp);
  tape.readAdjoint(eta, grad, 0);
  par.forEach((v, k) => tape.readAdjoint(v, grad, n + k));
  return tape.value(lp);
}

const close = (a: number, b: number, rtol: number) => Math.abs(a - b) <= rtol * Math.max(1, Math.abs(a), Math.abs(b));

export function checkFamilyContract(c: FamilyContract): void {
  const fam = c.family;
  it('row + dropped constant = the reference log density, pointwise and summed', () => {
    for (const p of c.points) {
      let sum = 0;
      p.y.forEach((y, i) => {
        const t = p.trials ? p.trials[i] : 0;
        const ref = c.reference(y, p.eta[i], t, p.par);
        const ours = pointwiseLogLik(fam, y, p.eta[i], t, f64(p.par));
        expect(close(ours, ref, 1e-9), `${p.label} row ${i}: ${ours} vs ${ref}`).toBe(true);
        sum += ref;
      });
      // the per-draw vector form (for LOO) gives the same values
      const rows = new Float64Array(p.y.length);
      pointwiseLogLikRows(fam, p.y, p.eta, p.trials ?? null, f64(p.par), rows);
      rows.forEach((v, i) => expect(v, `${p.label} row ${i} (vector form)`).toBe(pointwiseLogLik(fam, p.y[i], p.eta[i], p.trials ? p.trials[i] : 0, f64(p.par))));
      const x = f64([...p.eta, ...p.par]);
      const lp = kernelValueGrad(c, p, x, new Float64Array(x.length))
        + likelihoodConstant(fam.logLik, f64(p.y), p.y.length, p.trials ? f64(p.trials) : null);
      expect(close(lp, sum, 1e-9), `${p.label}: ${lp} vs ${sum}`).toBe(true);
    }
  });

  it('partials equal the reverse-mode tape and finite differences (random points and edges)', () => {
    for (const p of c.points) {
      const x = f64([...p.eta, ...p.par]);
      const ours = new Float64Array(x.length);
      const oracle = new Float64Array(x.length);
      kernelValueGrad(c, p, x, ours);
      tapeValueGrad(c, p, x, oracle);
      ours.forEach((g, i) => expect(close(g, oracle[i], 1e-8), `${p.label} coordinate ${i}: ${g} vs tape ${oracle[i]}`).toBe(true));
      const r = gradCheck((v, g) => kernelValueGrad(c, p, v, g), x, { rtol: p.fd?.rtol ?? c.fdRtol ?? 1e-5, atol: p.fd?.atol, step: p.fd?.step });
      expect(r.ok, `${p.label}: ${r.message}`).toBe(true);
    }
  });

  it('the row has the shape the fused loop splices in as source', () => {
    expect(rowSplices(fam.logLik)).toBe(true);
  });

  it('the fused per-model loop gives exactly the multi-pass sums', () => {
    for (const p of c.points) {
      const n = p.y.length;
      const ll = fam.logLik;
      const par = f64(p.par);
      const cc = new Float64Array(4);
      ll.prepare(par, cc);
      const nc = ll.constants ?? 2;
      const trials = p.trials ? f64(p.trials) : null;
      // Ordinal families: the per-category constants and sums (LogLikelihood.categories).
      const size = par.length + 2;
      const categories = ll.categories ? { cv: new Float64Array(size), G0: new Float64Array(size), G1: new Float64Array(size) } : undefined;
      // eta enters as the offset, with no intercept, predictors or group terms.
      const loop = compileFusedLoop({
        logLik: ll, N: n, K: 0, y: rowResponse(ll, f64(p.y)), trials, base: f64(p.eta), Xcol: [], intercept: false,
        termIndex: [], columns: [], r: new Float64Array(0), dr: new Float64Array(0), ...(categories ? { categories } : {}),
      });
      expect(loop).not.toBeNull();
      const out = new Float64Array(fusedWidth(ll, 0));
      const P = new Float64Array(fusedWidth(ll, 0));
      P.set(cc.subarray(0, nc), 1);
      const cv = new Float64Array(size);
      if (categories) {
        ll.categories!.prepare(par, categories.cv);
        ll.categories!.prepare(par, cv);
        categories.G0.fill(0);
        categories.G1.fill(0);
      }
      loop!(P, out);
      const s = [0, 0, 0, 0];
      const D = new Float64Array(4);
      const G0 = new Float64Array(size), G1 = new Float64Array(size);
      for (let i = 0; i < n; i++) {
        const yi = rowResponse(ll, f64(p.y))[i];
        s[0] += ll.row(yi, p.eta[i], trials ? trials[i] : 0, cc[0], cc[1], D, SPECIAL, cc[2], cc[3], cv);
        for (let k = 1; k < ll.sums; k++) s[k] += D[k];
        G0[yi] += D[0];
        G1[yi] += D[1];
      }
      // out = [sum0, sum1, dIntercept, sum2, sum3] with K = 0
      expect([out[0], out[1], ...Array.from(out.subarray(3, 1 + Math.max(2, ll.sums)))], p.label).toEqual([s[0], s[1], ...s.slice(2, ll.sums)]);
      if (categories) expect([[...categories.G0], [...categories.G1]], `${p.label}: per-category sums`).toEqual([[...G0], [...G1]]);
    }
  });

  it('expectedValue is the mean of the posterior predictive draws', () => {
    const { eta, t, par } = c.predictAt;
    const u = makeRng(7);
    const n = 20000;
    let sum = 0, sumSq = 0;
    for (let i = 0; i < n; i++) {
      const v = fam.predict(eta, t, par, u);
      expect(Number.isFinite(v)).toBe(true);
      if (fam.discrete) expect(Number.isInteger(v) && v >= 0).toBe(true);
      sum += v;
      sumSq += v * v;
    }
    const mean = sum / n;
    const se = Math.sqrt((sumSq / n - mean * mean) / n);
    expect(Math.abs(mean - fam.expectedValue(eta, t, par))).toBeLessThan(5 * se + 1e-12);
  });
}

/** Points with random y (from draw), eta in [lo, hi] and the given parameters. */
export function randomPoints(
  seed: number, count: number, rows: number, eta: [number, number], par: (u: () => number) => number[],
  draw: (u: () => number, eta: number) => { y: number; t?: number },
): FamilyPoint[] {
  let s = seed;
  const u = () => (s = (s * 48271) % 2147483647) / 2147483647;
  return Array.from({ length: count }, (_, k) => {
    const e = Array.from({ length: rows }, () => eta[0] + (eta[1] - eta[0]) * u());
    const yt = e.map((v) => draw(u, v));
    const hasT = yt.some((v) => v.t !== undefined);
    return { label: `random point ${k + 1}`, y: yt.map((v) => v.y), eta: e, ...(hasT ? { trials: yt.map((v) => v.t ?? 0) } : {}), par: par(u) };
  });
}
