// The multi-pass kernel over each family's row (src/core/families) against the scalar densities of
// src/core/dist (Stan Math's formulas, tested on their own in densities.test.ts).
import { describe, expect, it } from 'vitest';
import {
  bernoulliLogitLpmf, binomialLogitLpmf, likelihoodConstant, likelihoodPass, negBinomial2LogLpmf, normalLpdf,
  poissonLogLpmf, studentTLpdf,
} from '../../../src/core/dist';
import { getFamily } from '../../../src/core/families';

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

function full(name: string, y: Float64Array, eta: Float64Array, par: number[], t: Float64Array | null = null): number {
  const ll = getFamily(name).logLik;
  const s = new Float64Array(2);
  return likelihoodPass(ll, y, t, eta, n, Float64Array.from(par), s, new Float64Array(2), new Float64Array(n), new Float64Array(2))
    + likelihoodConstant(ll, y, n, t);
}

describe('the multi-pass kernel plus the dropped constant equals the sum of the scalar densities', () => {
  it('gaussian and student', () => {
    expect(full('gaussian', cont, eta0, [1.7])).toBeCloseTo(sum((i) => normalLpdf(cont[i], eta0[i], 1.7)), 9);
    expect(full('student', cont, eta0, [1.7, 4.5])).toBeCloseTo(sum((i) => studentTLpdf(cont[i], 4.5, eta0[i], 1.7)), 9);
  });
  it('bernoulli, binomial, poisson, negbinomial', () => {
    expect(full('bernoulli', bin, eta0, [])).toBeCloseTo(sum((i) => bernoulliLogitLpmf(bin[i], eta0[i])), 9);
    expect(full('binomial', succ, eta0, [], trials)).toBeCloseTo(sum((i) => binomialLogitLpmf(succ[i], trials[i], eta0[i])), 9);
    const eta = eta0.map((e) => e / 20);
    expect(full('poisson', counts, eta, [])).toBeCloseTo(sum((i) => poissonLogLpmf(counts[i], eta[i])), 9);
    expect(full('negbinomial', counts, eta0, [2.2])).toBeCloseTo(sum((i) => negBinomial2LogLpmf(counts[i], eta0[i], 2.2)), 8);
  });
  it('a family with trials refuses to run without them', () => {
    expect(() => full('binomial', succ, eta0, [], null)).toThrow(/needs the number of trials/);
  });
});
