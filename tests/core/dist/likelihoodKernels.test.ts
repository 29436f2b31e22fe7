import { describe, expect, it } from 'vitest';
import { gradCheck } from '../../../src/core/ad/gradcheck';
import {
  bernoulliLogitKernel, bernoulliLogitLpmf, binomialLogitKernel, binomialLogitLpmf, likelihoodConstant,
  negBinomial2LogKernel, negBinomial2LogLpmf, normalIdKernel, normalLpdf, poissonLogKernel, poissonLogLpmf,
  studentIdKernel, studentTLpdf,
} from '../../../src/core/dist';

const n = 25;
const rand = (() => { let s = 3; return () => ((s = (s * 48271) % 2147483647) / 2147483647); })();
const eta0 = Float64Array.from({ length: n }, () => 6 * rand() - 3);
eta0[0] = 60; // large |eta| for the logit and log links
eta0[1] = -60;
const cont = Float64Array.from({ length: n }, () => 4 * rand() - 2);
const bin = Float64Array.from({ length: n }, () => (rand() < 0.5 ? 0 : 1));
const trials = Float64Array.from({ length: n }, () => 1 + Math.floor(10 * rand()));
const succ = Float64Array.from(trials, (t) => Math.floor(rand() * (t + 1)));
const counts = Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 0 : Math.floor(8 * rand())));

function sum(f: (i: number) => number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += f(i);
  return s;
}

describe('fused likelihood kernels equal the sum of the scalar densities (constants via likelihoodConstant)', () => {
  const dEta = new Float64Array(n);
  const out = new Float64Array(2);
  it('gaussian', () => {
    const lp = normalIdKernel(cont, eta0, n, 1.7, dEta, out) + likelihoodConstant('gaussian', cont, n, null);
    expect(lp).toBeCloseTo(sum((i) => normalLpdf(cont[i], eta0[i], 1.7)), 9);
  });
  it('student', () => {
    const lp = studentIdKernel(cont, eta0, n, 1.7, 4.5, dEta, out) + likelihoodConstant('student', cont, n, null);
    expect(lp).toBeCloseTo(sum((i) => studentTLpdf(cont[i], 4.5, eta0[i], 1.7)), 9);
  });
  it('bernoulli, binomial, poisson, negbinomial', () => {
    expect(bernoulliLogitKernel(bin, eta0, n, dEta)).toBeCloseTo(sum((i) => bernoulliLogitLpmf(bin[i], eta0[i])), 9);
    expect(binomialLogitKernel(succ, trials, eta0, n, dEta) + likelihoodConstant('binomial', succ, n, trials))
      .toBeCloseTo(sum((i) => binomialLogitLpmf(succ[i], trials[i], eta0[i])), 9);
    const eta = eta0.map((e) => e / 20);
    expect(poissonLogKernel(counts, eta, n, dEta) + likelihoodConstant('poisson', counts, n, null))
      .toBeCloseTo(sum((i) => poissonLogLpmf(counts[i], eta[i])), 9);
    expect(negBinomial2LogKernel(counts, eta0, n, 2.2, dEta, out) + likelihoodConstant('negbinomial', counts, n, null))
      .toBeCloseTo(sum((i) => negBinomial2LogLpmf(counts[i], eta0[i], 2.2)), 8);
  });
});

describe('kernel gradients (d/d eta and the family parameters) agree with finite differences', () => {
  // x = [eta_0 .. eta_{n-1}, extra...]
  const dEta = new Float64Array(n);
  const out = new Float64Array(2);
  const withEta = (extra: number[]) => Float64Array.from([...Array.from(eta0, (e) => e / 10), ...extra]);
  const copyGrad = (g: Float64Array, k: number) => {
    g.set(dEta);
    for (let i = 0; i < k; i++) g[n + i] = out[i];
  };
  it('gaussian (eta, sigma)', () => {
    const r = gradCheck((x, g) => { const lp = normalIdKernel(cont, x, n, x[n], dEta, out); copyGrad(g, 1); return lp; }, withEta([1.3]));
    expect(r.ok, r.message).toBe(true);
  });
  it('student (eta, sigma, nu)', () => {
    const r = gradCheck((x, g) => { const lp = studentIdKernel(cont, x, n, x[n], x[n + 1], dEta, out); copyGrad(g, 2); return lp; }, withEta([0.9, 3.5]));
    expect(r.ok, r.message).toBe(true);
  });
  it('negbinomial (eta, phi)', () => {
    const r = gradCheck((x, g) => { const lp = negBinomial2LogKernel(counts, x, n, x[n], dEta, out); copyGrad(g, 1); return lp; }, withEta([1.8]));
    expect(r.ok, r.message).toBe(true);
  });
  it('bernoulli, binomial, poisson (eta)', () => {
    const x = Float64Array.from(eta0, (e) => e / 10);
    for (const f of [
      (v: Float64Array, g: Float64Array) => { const lp = bernoulliLogitKernel(bin, v, n, dEta); g.set(dEta); return lp; },
      (v: Float64Array, g: Float64Array) => { const lp = binomialLogitKernel(succ, trials, v, n, dEta); g.set(dEta); return lp; },
      (v: Float64Array, g: Float64Array) => { const lp = poissonLogKernel(counts, v, n, dEta); g.set(dEta); return lp; },
    ]) {
      const r = gradCheck(f, x);
      expect(r.ok, r.message).toBe(true);
    }
  });
});
