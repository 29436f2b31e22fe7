import { describe, expect, it } from 'vitest';
import { Tape, type Vec } from '../../../src/core/ad/tape';
import { DENSITIES, type DensityName } from '../../../src/core/ad/densityTable';
import { gradCheck } from '../../../src/core/ad/gradcheck';
import { buildModel } from '../../../src/core/model/buildModel';
import type { ModelStructure } from '../../../src/core/types';

/** Wraps a tape program f(tape, x) -> scalar as a value-and-gradient function of x. */
function onTape(tape: Tape, program: (t: Tape, x: Vec) => Vec) {
  return (x: Float64Array, g: Float64Array) => {
    tape.reset();
    const v = tape.input(x, 0, x.length);
    const out = program(tape, v);
    tape.gradient(out);
    tape.readAdjoint(v, g, 0);
    return tape.value(out);
  };
}

const x5 = Float64Array.from([0.3, -1.2, 0.8, 2.1, -0.4]);

describe('Tape: elementwise operations', () => {
  const W = Float64Array.from([1.5, -0.5, 2, 0.25, -1]);
  const tape = new Tape(8, 4);
  const w = tape.constant(W);
  const cases: Array<[string, (t: Tape, x: Vec) => Vec, Float64Array]> = [
    ['exp', (t, x) => t.exp(x), x5],
    ['log', (t, x) => t.log(x), x5.map(Math.abs)],
    ['log1pExp', (t, x) => t.log1pExp(t.scale(x, 30)), x5],
    ['invLogit', (t, x) => t.invLogit(x), x5],
    ['square', (t, x) => t.square(x), x5],
    ['sqrt', (t, x) => t.sqrt(x), x5.map(Math.abs)],
    ['tanh', (t, x) => t.tanh(x), x5],
    ['neg, scale, addScalar', (t, x) => t.addScalar(t.scale(t.neg(x), 3), 2), x5],
    ['mul and div of two variables', (t, x) => t.div(t.mul(x, t.exp(x)), t.addScalar(t.square(x), 1)), x5],
    ['sub and add with a constant', (t, x) => t.sub(t.add(x, w), t.mul(w, x)), x5],
  ];
  for (const [name, op, x] of cases) {
    it(`${name}: d/dx of w . op(x) agrees with finite differences`, () => {
      const r = gradCheck(onTape(tape, (t, v) => t.dot(w, op(t, v))), x);
      expect(r.ok, r.message).toBe(true);
    });
  }
  it('broadcasts a scalar against a vector in both directions', () => {
    const f = onTape(tape, (t, v) => {
      const s = t.sum(v); // scalar depending on every x
      return t.dot(w, t.add(t.mul(s, v), t.div(v, t.addScalar(s, 10))));
    });
    const r = gradCheck(f, x5);
    expect(r.ok, r.message).toBe(true);
  });
  it('values are exact', () => {
    tape.reset();
    const v = tape.input(x5, 0, 5);
    const e = tape.exp(v);
    for (let i = 0; i < 5; i++) expect(tape.value(e, i)).toBe(Math.exp(x5[i]));
    expect(tape.value(tape.dot(w, v))).toBeCloseTo(W.reduce((acc, wi, i) => acc + wi * x5[i], 0), 14);
  });
  it('rejects mismatched lengths and constants registered after recording', () => {
    tape.reset();
    const v = tape.input(x5, 0, 5);
    const u = tape.input(x5, 0, 3);
    expect(() => tape.add(v, u)).toThrow(/lengths 5 and 3/);
    expect(() => tape.constant(W)).toThrow(/register constants before recording/);
  });
});

describe('Tape: linear predictor pieces', () => {
  it('matVec and gather (with and without Z) have exact reverse passes', () => {
    const N = 7, K = 3, J = 3;
    const X = Float64Array.from({ length: N * K }, (_, i) => Math.sin(i + 1));
    const Z = Float64Array.from({ length: N }, (_, i) => 1 + 0.1 * i);
    const idx = Int32Array.from([0, 2, 1, 1, 0, 2, 2]);
    const tape = new Tape();
    const cX = tape.constant(X);
    const cZ = tape.constant(Z);
    const cy = tape.constant(Float64Array.from({ length: N }, (_, i) => i * 0.3));
    const gi = tape.indexConstant(idx);
    const f = (x: Float64Array, g: Float64Array) => {
      tape.reset();
      const b = tape.input(x, 0, K);
      const r1 = tape.input(x, K, J);
      const r2 = tape.input(x, K + J, J);
      const eta = tape.add(tape.add(tape.matVec(cX, N, K, b), tape.gather(r1, gi)), tape.gather(r2, gi, cZ));
      const lp = tape.lpdf('normal', cy, eta, tape.scalar(1.3));
      tape.gradient(lp);
      tape.readAdjoint(b, g, 0);
      tape.readAdjoint(r1, g, K);
      tape.readAdjoint(r2, g, K + J);
      return tape.value(lp);
    };
    const r = gradCheck(f, Float64Array.from({ length: K + 2 * J }, (_, i) => Math.cos(i)));
    expect(r.ok, r.message).toBe(true);
  });
});

describe('Tape: every density as one node', () => {
  const args: Record<DensityName, number[][]> = {
    normal: [[0.5, -1, 2], [0.2, 0.1, 0.7], [1.5, 2, 0.9]],
    std_normal: [[0.5, -1, 2]],
    student_t: [[0.5, -1, 2], [3, 5.5, 2.5], [0.2, 0, -0.3], [1.2, 0.8, 2]],
    cauchy: [[0.5, -1, 2], [0, 0.5, 1], [1, 2, 0.5]],
    exponential: [[0.5, 1, 2], [1.5, 0.3, 2]],
    gamma: [[0.5, 1, 2], [2, 3.5, 0.8], [1.5, 0.3, 2]],
    inv_gamma: [[0.5, 1, 2], [2, 3.5, 0.8], [1.5, 0.3, 2]],
    lognormal: [[0.5, 1, 2], [0.2, -0.3, 0], [0.5, 1, 1.5]],
    beta: [[0.2, 0.5, 0.9], [2, 0.7, 3], [1.5, 4, 0.6]],
    bernoulli_logit: [[0, 1, 1], [0.4, -2, 30]],
    binomial_logit: [[2, 0, 5], [6, 3, 5], [0.4, -2, 3]],
    poisson_log: [[0, 3, 7], [0.4, -2, 1.5]],
    neg_binomial_2_log: [[0, 3, 7], [0.4, -2, 1.5], [2.5, 0.7, 10]],
  };
  for (const d of DENSITIES) {
    it(`${d.name}: value is the sum of the scalar densities, gradient in every continuous argument is right`, () => {
      const a = args[d.name];
      const tape = new Tape();
      // discrete variates and trials are data (constants); everything else is an input
      const isData = (k: number) => !d.partialArgs.includes(k);
      const consts = a.map((v, k) => (isData(k) ? tape.constant(Float64Array.from(v)) : -1));
      const flat = Float64Array.from(a.filter((_, k) => !isData(k)).flat());
      for (const propto of [false, true]) {
        const f = (x: Float64Array, g: Float64Array) => {
          tape.reset();
          const h: Vec[] = [];
          const inputs: Vec[] = [];
          let o = 0;
          a.forEach((v, k) => {
            if (isData(k)) { h.push(consts[k]); return; }
            const vin = tape.input(x, o, v.length);
            o += v.length;
            h.push(vin);
            inputs.push(vin);
          });
          const lp = tape.lpdf(d.name, h[0], h[1] ?? -1, h[2] ?? -1, h[3] ?? -1, propto);
          tape.gradient(lp);
          let p = 0;
          for (const vin of inputs) { tape.readAdjoint(vin, g, p); p += tape.length(vin); }
          return tape.value(lp);
        };
        const r = gradCheck(f, flat, { rtol: 1e-6 });
        expect(r.ok, `${d.name} propto=${propto}: ${r.message}`).toBe(true);
        let ref = 0;
        const g = new Float64Array(4);
        for (let i = 0; i < 3; i++) ref += d.f(a[0][i], a[1]?.[i] ?? 0, a[2]?.[i] ?? 0, a[3]?.[i] ?? 0, propto, g);
        expect(f(flat, new Float64Array(flat.length))).toBeCloseTo(ref, 12);
      }
    });
  }
  it('broadcasts scalar parameters over a vector variate', () => {
    const tape = new Tape();
    const y = tape.constant(Float64Array.from([1, 2, 3]));
    tape.reset();
    const mu = tape.scalar(1.5);
    const s = tape.scalar(2);
    const lp = tape.lpdf('normal', y, mu, s);
    tape.gradient(lp);
    expect(tape.adjoint(mu)).toBeCloseTo((-0.5 + 0.5 + 1.5) / 4, 14);
  });
});

describe('Tape: domain errors', () => {
  it('a non-positive or NaN scale gives -Infinity and zero (not NaN) adjoints', () => {
    const tape = new Tape();
    const y = tape.constant(Float64Array.from([1, 2, 3]));
    for (const bad of [-1, 0, NaN]) {
      tape.reset();
      const mu = tape.input([0.5, 0.1, 0], 0, 3);
      const s = tape.scalar(bad);
      const lp = tape.lpdf('normal', y, mu, s);
      expect(tape.value(lp)).toBe(-Infinity);
      tape.gradient(lp);
      for (let i = 0; i < 3; i++) expect(tape.adjoint(mu, i)).toBe(0);
      expect(tape.adjoint(s)).toBe(0);
      tape.reset();
      const g = tape.input([bad], 0, 1);
      const lg = tape.lpdf('gamma', g, tape.scalar(2), tape.scalar(1));
      expect(tape.value(lg)).toBe(-Infinity);
      tape.gradient(lg);
      expect(tape.adjoint(g)).toBe(0);
    }
  });
});

describe('Tape: custom operations and arena reuse', () => {
  it('runs a registered reverse callback (here out = x^3)', () => {
    const tape = new Tape();
    let input: Vec = -1;
    const cb = tape.registerCallback((t, out) => {
      const V = t.values(), G = t.adjoints();
      const oi = t.offset(input), oo = t.offset(out);
      for (let i = 0; i < t.length(out); i++) G[oi + i] += 3 * V[oi + i] ** 2 * G[oo + i];
    });
    const f = (x: Float64Array, g: Float64Array) => {
      tape.reset();
      input = tape.input(x, 0, x.length);
      const out = tape.custom(x.length, cb);
      const V = tape.values();
      for (let i = 0; i < x.length; i++) V[tape.offset(out) + i] = x[i] ** 3;
      const s = tape.sum(out);
      tape.gradient(s);
      tape.readAdjoint(input, g, 0);
      return tape.value(s);
    };
    expect(gradCheck(f, x5).ok).toBe(true);
  });

  it('keeps its arena after the first gradient (reset, not freed)', () => {
    const tape = new Tape(4, 2);
    const run = () => {
      tape.reset();
      const v = tape.input(x5, 0, 5);
      tape.gradient(tape.sum(tape.exp(tape.mul(v, v))));
    };
    run();
    const arena = tape.values();
    for (let i = 0; i < 10; i++) run();
    expect(tape.values()).toBe(arena);
  });
});

describe('Tape: a random-intercept gaussian model equals the compiled model', () => {
  it('same log density and gradient as buildModel', () => {
    const N = 60, J = 6;
    const index = Int32Array.from({ length: N }, (_, n) => n % J);
    const y = Float64Array.from({ length: N }, (_, n) => 2 + Math.sin(n) + (n % J) * 0.3);
    const s: ModelStructure = {
      family: 'gaussian', N, y, trials: null, offset: null, hasIntercept: true, X: new Float64Array(0), K: 0, bNames: [],
      interceptPrior: { dist: 'normal', mu: 0, sigma: 5 }, bPriors: [],
      groups: [{ id: 1, group: 'g', levels: ['a', 'b', 'c', 'd', 'e', 'f'], index, coefNames: ['Intercept'], Z: [new Float64Array(N).fill(1)],
        correlated: true, sdPriors: [{ dist: 'exponential', rate: 1 }], lkjEta: 1, parameterization: 'noncentered' }],
      familyPriors: [{ name: 'sigma', prior: { dist: 'exponential', rate: 1 } }],
    };
    const model = buildModel(s);
    const tape = new Tape();
    const cy = tape.constant(y);
    const gi = tape.indexConstant(index);
    const zero = tape.constant(new Float64Array(1));
    const one = tape.constant(Float64Array.from([1]));
    const five = tape.constant(Float64Array.from([5]));
    // theta = [Intercept, log sd, z (J), log sigma]
    const f = (th: Float64Array, g: Float64Array) => {
      tape.reset();
      const a = tape.input(th, 0, 1);
      const lsd = tape.input(th, 1, 1);
      const z = tape.input(th, 2, J);
      const lsig = tape.input(th, 2 + J, 1);
      const sd = tape.exp(lsd);
      const sigma = tape.exp(lsig);
      const eta = tape.add(a, tape.gather(tape.mul(sd, z), gi));
      const lp = tape.sumScalars(
        tape.lpdf('normal', cy, eta, sigma, -1, true),
        tape.lpdf('std_normal', z, -1, -1, -1, true),
        tape.lpdf('normal', a, zero, five, -1, true),
        tape.lpdf('exponential', sd, one), tape.lpdf('exponential', sigma, one), lsd, lsig,
      );
      tape.gradient(lp);
      tape.readAdjoint(a, g, 0); tape.readAdjoint(lsd, g, 1); tape.readAdjoint(z, g, 2); tape.readAdjoint(lsig, g, 2 + J);
      return tape.value(lp);
    };
    const ga = new Float64Array(model.dim);
    const gb = new Float64Array(model.dim);
    for (const seed of [1, 2]) {
      const th = Float64Array.from({ length: model.dim }, (_, i) => Math.sin(seed * 7 + i));
      const la = model.logDensityGradient(th, ga);
      const lb = f(th, gb);
      // the tape keeps log(rate) = 0 and -log(5) terms model-side constants differ only by a constant
      expect(ga.every((v, i) => Math.abs(v - gb[i]) < 1e-10)).toBe(true);
      if (seed === 1) expect(Math.abs(lb - la - (-Math.log(5)))).toBeLessThan(1e-9);
    }
  });
});
