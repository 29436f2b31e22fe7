import { describe, expect, it } from 'vitest';
import { gradCheck } from '../../../src/core/ad/gradcheck';
import {
  bernoulliLogitLpmf, betaLpdf, binomialLogitLpmf, cauchyLpdf, exponentialLpdf, gammaLpdf, invGammaLpdf,
  lognormalLpdf, negBinomial2LogLpmf, normalLpdf, poissonLogLpmf, stdNormalLpdf, studentTLpdf,
} from '../../../src/core/dist';

/** Trapezoid rule of exp(logf(x(v))) |dx/dv| over v in [a, b]. */
function integrate(logf: (x: number) => number, x: (v: number) => number, dxdv: (v: number) => number, a: number, b: number, n = 40000): number {
  const h = (b - a) / n;
  let s = 0;
  for (let i = 0; i <= n; i++) {
    const v = a + i * h;
    const w = i === 0 || i === n ? 0.5 : 1;
    const val = Math.exp(logf(x(v))) * dxdv(v);
    if (Number.isFinite(val)) s += w * val;
  }
  return s * h;
}
const real = (f: (x: number) => number) => integrate(f, (v) => Math.tan(v), (v) => 1 / Math.cos(v) ** 2, -Math.PI / 2 + 1e-9, Math.PI / 2 - 1e-9);
const positive = (f: (x: number) => number) => integrate(f, (v) => Math.exp(v), (v) => Math.exp(v), -60, 60);
const unit = (f: (x: number) => number) => integrate(f, (v) => 1 / (1 + Math.exp(-v)), (v) => Math.exp(-Math.abs(v)) / (1 + Math.exp(-Math.abs(v))) ** 2, -60, 60);

function factorialLog(k: number): number {
  let s = 0;
  for (let i = 2; i <= k; i++) s += Math.log(i);
  return s;
}

describe('continuous densities integrate to one (constants kept)', () => {
  it('normal, student_t, cauchy over the real line', () => {
    expect(real((x) => normalLpdf(x, 0.3, 1.7))).toBeCloseTo(1, 6);
    expect(real((x) => studentTLpdf(x, 3, -1, 2))).toBeCloseTo(1, 6);
    expect(real((x) => studentTLpdf(x, 1.5, 0, 1))).toBeCloseTo(1, 3);
    expect(real((x) => cauchyLpdf(x, 2, 0.5))).toBeCloseTo(1, 6);
    expect(real((x) => stdNormalLpdf(x))).toBeCloseTo(1, 6);
  });
  it('exponential, gamma, inv_gamma, lognormal over the positive line; beta over (0, 1)', () => {
    expect(positive((x) => exponentialLpdf(x, 2.5))).toBeCloseTo(1, 6);
    expect(positive((x) => gammaLpdf(x, 2.2, 0.7))).toBeCloseTo(1, 6);
    expect(positive((x) => gammaLpdf(x, 0.5, 3))).toBeCloseTo(1, 6);
    expect(positive((x) => invGammaLpdf(x, 3, 2))).toBeCloseTo(1, 6);
    expect(positive((x) => lognormalLpdf(x, 0.4, 0.9))).toBeCloseTo(1, 6);
    expect(unit((x) => betaLpdf(x, 2.5, 0.8))).toBeCloseTo(1, 5);
    expect(unit((x) => betaLpdf(x, 0.5, 0.5))).toBeCloseTo(1, 5);
  });
});

describe('discrete distributions sum to one', () => {
  it('bernoulli_logit, binomial_logit, poisson_log, neg_binomial_2_log', () => {
    expect(Math.exp(bernoulliLogitLpmf(0, 0.7)) + Math.exp(bernoulliLogitLpmf(1, 0.7))).toBeCloseTo(1, 14);
    let b = 0;
    for (let y = 0; y <= 12; y++) b += Math.exp(binomialLogitLpmf(y, 12, -0.4));
    expect(b).toBeCloseTo(1, 12);
    let p = 0;
    for (let y = 0; y < 200; y++) p += Math.exp(poissonLogLpmf(y, Math.log(7.5)));
    expect(p).toBeCloseTo(1, 12);
    let nb = 0;
    for (let y = 0; y < 2000; y++) nb += Math.exp(negBinomial2LogLpmf(y, Math.log(9), 1.3));
    expect(nb).toBeCloseTo(1, 9);
  });
});

describe('values against closed forms', () => {
  it('normal at ordinary, tiny and huge scales', () => {
    for (const [y, mu, s] of [[1, 0, 1], [1e-8, 0, 1e-9], [3e6, -2e6, 1e7], [0, 0, 1e-300]]) {
      const ref = -0.5 * ((y - mu) / s) ** 2 - Math.log(s) - 0.5 * Math.log(2 * Math.PI);
      expect(normalLpdf(y, mu, s)).toBeCloseTo(ref, 8);
      expect(normalLpdf(y, mu, s, true)).toBeCloseTo(ref + 0.5 * Math.log(2 * Math.PI), 8);
    }
  });
  it('student_t with nu = 1 is cauchy, and with huge nu approaches normal', () => {
    expect(studentTLpdf(1.3, 1, 0.2, 2)).toBeCloseTo(cauchyLpdf(1.3, 0.2, 2), 12);
    expect(studentTLpdf(1.3, 1e8, 0.2, 2)).toBeCloseTo(normalLpdf(1.3, 0.2, 2), 6);
  });
  it('gamma(1, rate) is exponential(rate); lognormal is normal of log y minus log y', () => {
    expect(gammaLpdf(2.5, 1, 0.3)).toBeCloseTo(exponentialLpdf(2.5, 0.3), 12);
    expect(lognormalLpdf(2.5, 0.1, 0.6)).toBeCloseTo(normalLpdf(Math.log(2.5), 0.1, 0.6) - Math.log(2.5), 12);
    expect(invGammaLpdf(2, 3, 4)).toBeCloseTo(3 * Math.log(4) - Math.log(2) - 4 * Math.log(2) - 2, 12);
  });
  it('bernoulli_logit stays exact at large |eta|', () => {
    expect(bernoulliLogitLpmf(1, 800)).toBe(0);
    expect(bernoulliLogitLpmf(0, 800)).toBeCloseTo(-800, 10);
    expect(bernoulliLogitLpmf(1, -800)).toBeCloseTo(-800, 10);
    expect(bernoulliLogitLpmf(1, -40)).toBeCloseTo(-40 - Math.log1p(Math.exp(-40)), 12);
    expect(bernoulliLogitLpmf(1, 0)).toBeCloseTo(Math.log(0.5), 14);
  });
  it('binomial_logit matches the closed form, including y = 0 and y = n at large |eta|', () => {
    const n = 10;
    const y = 3;
    const eta = 0.8;
    const p = 1 / (1 + Math.exp(-eta));
    const ref = factorialLog(n) - factorialLog(y) - factorialLog(n - y) + y * Math.log(p) + (n - y) * Math.log(1 - p);
    expect(binomialLogitLpmf(y, n, eta)).toBeCloseTo(ref, 12);
    expect(binomialLogitLpmf(0, 5, -500)).toBeCloseTo(0, 12);
    expect(binomialLogitLpmf(5, 5, 500)).toBeCloseTo(0, 12);
    expect(binomialLogitLpmf(0, 5, 500)).toBeCloseTo(-2500, 8);
  });
  it('poisson_log with counts of 0 and large eta', () => {
    expect(poissonLogLpmf(0, -1e3)).toBeCloseTo(0, 12);
    expect(poissonLogLpmf(0, 2)).toBeCloseTo(-Math.exp(2), 12);
    expect(poissonLogLpmf(4, Math.log(3))).toBeCloseTo(4 * Math.log(3) - 3 - factorialLog(4), 12);
    expect(poissonLogLpmf(3, -Infinity)).toBe(-Infinity);
    expect(poissonLogLpmf(0, -Infinity)).toBe(0);
  });
  it('neg_binomial_2_log matches the closed form and tends to poisson for huge phi', () => {
    const y = 4;
    const mu = 3.2;
    const phi = 2.5;
    const lg = (x: number) => Math.log(Math.abs(gammaFn(x)));
    const ref = lg(y + phi) - lg(phi) - factorialLog(y) + y * Math.log(mu / (mu + phi)) + phi * Math.log(phi / (mu + phi));
    expect(negBinomial2LogLpmf(y, Math.log(mu), phi)).toBeCloseTo(ref, 10);
    expect(negBinomial2LogLpmf(y, Math.log(mu), 1e10)).toBeCloseTo(poissonLogLpmf(y, Math.log(mu)), 8);
    expect(Number.isFinite(negBinomial2LogLpmf(0, 600, 1))).toBe(true);
  });
});

/** Gamma function by the Lanczos approximation (test-only reference). */
function gammaFn(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  x -= 1;
  let a = c[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return Math.sqrt(2 * Math.PI) * t ** (x + 0.5) * Math.exp(-t) * a;
}

describe('gradients with respect to every argument agree with finite differences', () => {
  const u = (() => { let s = 7; return () => ((s = (s * 16807) % 2147483647) / 2147483647); })();
  type Case = [string, (x: Float64Array, g: Float64Array) => number, () => number[]];
  const cases: Case[] = [
    ['normal', (x, g) => normalLpdf(x[0], x[1], x[2], false, g), () => [4 * u() - 2, 4 * u() - 2, 0.2 + 3 * u()]],
    ['std_normal', (x, g) => stdNormalLpdf(x[0], false, g), () => [6 * u() - 3]],
    ['student_t', (x, g) => studentTLpdf(x[0], x[1], x[2], x[3], false, g), () => [4 * u() - 2, 0.5 + 10 * u(), u() - 0.5, 0.3 + 2 * u()]],
    ['cauchy', (x, g) => cauchyLpdf(x[0], x[1], x[2], false, g), () => [4 * u() - 2, u(), 0.2 + 2 * u()]],
    ['exponential', (x, g) => exponentialLpdf(x[0], x[1], false, g), () => [0.1 + 3 * u(), 0.2 + 2 * u()]],
    ['gamma', (x, g) => gammaLpdf(x[0], x[1], x[2], false, g), () => [0.2 + 3 * u(), 0.3 + 4 * u(), 0.2 + 2 * u()]],
    ['inv_gamma', (x, g) => invGammaLpdf(x[0], x[1], x[2], false, g), () => [0.2 + 3 * u(), 0.3 + 4 * u(), 0.2 + 2 * u()]],
    ['lognormal', (x, g) => lognormalLpdf(x[0], x[1], x[2], false, g), () => [0.2 + 3 * u(), u() - 0.5, 0.3 + u()]],
    ['beta', (x, g) => betaLpdf(x[0], x[1], x[2], false, g), () => [0.05 + 0.9 * u(), 0.3 + 4 * u(), 0.3 + 4 * u()]],
    ['bernoulli_logit (y = 1)', (x, g) => bernoulliLogitLpmf(1, x[0], false, g), () => [20 * u() - 10]],
    ['bernoulli_logit (y = 0)', (x, g) => bernoulliLogitLpmf(0, x[0], false, g), () => [20 * u() - 10]],
    ['binomial_logit', (x, g) => binomialLogitLpmf(3, 11, x[0], false, g), () => [8 * u() - 4]],
    ['poisson_log', (x, g) => poissonLogLpmf(5, x[0], false, g), () => [6 * u() - 3]],
    ['poisson_log (y = 0)', (x, g) => poissonLogLpmf(0, x[0], false, g), () => [6 * u() - 3]],
    ['neg_binomial_2_log', (x, g) => negBinomial2LogLpmf(6, x[0], x[1], false, g), () => [4 * u() - 2, 0.2 + 20 * u()]],
    ['neg_binomial_2_log (y = 0)', (x, g) => negBinomial2LogLpmf(0, x[0], x[1], false, g), () => [4 * u() - 2, 0.2 + 5 * u()]],
  ];
  for (const [name, f, draw] of cases) {
    it(name, () => {
      for (let rep = 0; rep < 5; rep++) {
        const r = gradCheck(f, Float64Array.from(draw()), { rtol: 1e-6 });
        expect(r.ok, r.message).toBe(true);
      }
    });
  }
});

describe('outside the support: -Infinity and a zero gradient, never NaN', () => {
  const g = new Float64Array(4);
  const check = (lp: number, n: number) => {
    expect(lp).toBe(-Infinity);
    for (let i = 0; i < n; i++) expect(g[i]).toBe(0);
  };
  it('non-positive or NaN scales and shapes', () => {
    check(normalLpdf(1, 0, -1, false, g), 3);
    check(normalLpdf(1, 0, 0, false, g), 3);
    check(normalLpdf(NaN, 0, 1, false, g), 3);
    check(studentTLpdf(1, -2, 0, 1, false, g), 4);
    check(cauchyLpdf(1, 0, NaN, false, g), 3);
    check(gammaLpdf(1, 0, 1, false, g), 3);
    check(invGammaLpdf(1, 2, -1, false, g), 3);
    check(betaLpdf(0.5, -1, 1, false, g), 3);
    check(negBinomial2LogLpmf(2, 0, -1, false, g), 2);
    check(exponentialLpdf(1, 0, false, g), 2);
  });
  it('values outside the support', () => {
    check(exponentialLpdf(-1, 1, false, g), 2);
    check(gammaLpdf(-0.1, 2, 1, false, g), 3);
    check(invGammaLpdf(0, 2, 1, false, g), 3);
    check(lognormalLpdf(0, 0, 1, false, g), 3);
    check(betaLpdf(1.5, 2, 2, false, g), 3);
    check(bernoulliLogitLpmf(2, 0, false, g), 1);
    check(binomialLogitLpmf(4, 3, 0, false, g), 1);
    check(poissonLogLpmf(-1, 0, false, g), 1);
    check(poissonLogLpmf(1.5, 0, false, g), 1);
    check(negBinomial2LogLpmf(0.5, 0, 1, false, g), 2);
  });
});
