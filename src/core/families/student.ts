// student (brms student(), identity link): y ~ student_t(nu, eta, sigma), nu > 1 (brms's bound).
// With d = y - eta and t = d^2 / (sigma^2 nu):
//   lp = N (lgamma((nu+1)/2) - lgamma(nu/2) - log(nu)/2 - log sigma) - (nu+1)/2 sum log1p(t),
// dropping -N log(pi)/2; d lp / d eta_n = (nu+1) d_n / (sigma^2 nu + d_n^2);
//   d lp / d sigma = (-N + (nu+1) sum t/(1+t)) / sigma,
//   d lp / d nu = N (digamma((nu+1)/2) - digamma(nu/2) - 1/nu) / 2 - sum log1p(t) / 2
//                 + (nu+1)/(2 nu) sum t/(1+t)                      (Stan Math student_t_lpdf.hpp).
import { digamma, lgamma } from '../math/special';
import type { Family } from './types';
import { WORKING_IDENTITY, anyNumber, gammaVariate, normalVariate } from './shared';

export const student: Family = {
  name: 'student',
  link: 'identity',
  priorLink: 'identity',
  params: [
    { name: 'sigma', lower: 0, defaultPrior: 'scale', stanDeclaration: '  real<lower=0> sigma;  // dispersion parameter', latex: '\\sigma' },
    { name: 'nu', lower: 1, defaultPrior: 'gamma(2, 0.1)', stanDeclaration: '  real<lower=1> nu;  // degrees of freedom or shape', latex: '\\nu' },
  ],
  linksText: 'mu = identity; sigma = identity; nu = identity',
  response: { needs: 'numbers', trials: false, twoLevelFactor: false, check: anyNumber },
  logLik: {
    sums: 2,
    usesTrials: false,
    prepare(par, c) {
      c[0] = par[0] * par[0] * par[1];
      c[1] = par[1] + 1;
    },
    // c0 = sigma^2 nu, c1 = nu + 1; sum 0 = sum log1p(t), sum 1 = sum t / (1 + t).
    row(y, e, _t, c0, c1, D) {
      const dd = y - e;
      const q = c0 + dd * dd;
      D[1] = (dd * dd) / q;
      D[0] = (c1 * dd) / q;
      return Math.log1p((dd * dd) / c0);
    },
    finish(sumLog, sumFrac, n, par, dPar) {
      const sigma = par[0];
      const nu = par[1];
      const half = 0.5 * (nu + 1);
      dPar[0] = (-n + (nu + 1) * sumFrac) / sigma;
      dPar[1] = n * 0.5 * (digamma(half) - digamma(0.5 * nu) - 1 / nu) - 0.5 * sumLog + (half / nu) * sumFrac;
      return n * (lgamma(half) - lgamma(0.5 * nu) - 0.5 * Math.log(nu) - Math.log(sigma)) - half * sumLog;
    },
    constant: () => -0.5 * Math.log(Math.PI),
  },
  rowCost: 40,
  expectedValue: (e) => e,
  predict: (e, _t, par, u) => e + par[0] * normalVariate(u) / Math.sqrt((2 * gammaVariate(u, par[1] / 2)) / par[1]),
  discrete: false,
  working: WORKING_IDENTITY,
  classical: { glm: null, varianceScale: null },
  stan: { integerResponse: false, lpdf: 'student_t_lpdf(Y | nu, mu, sigma)' },
  brms: { call: 'student()' },
  latex: { mean: '\\mu_{i}', distribution: '\\operatorname{StudentT}(\\nu, \\mu_{i}, \\sigma)' },
};
