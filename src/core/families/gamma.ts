// Gamma (brms Gamma(link = "log"); Stan gamma_lpdf(y | shape, shape / mu)): mean mu = e^eta, shape
// alpha, variance mu^2 / alpha. With ly = log y (responseScale, once per model) and t = y e^-eta:
//   lp_n = alpha log alpha - lgamma(alpha) + alpha (ly - eta - t) - ly,
//   d lp_n / d eta = alpha (t - 1),
//   d lp / d alpha = N (log alpha + 1 - digamma(alpha)) + sum (ly - eta - t)
// (Stan Math gamma_lpdf.hpp with beta = alpha / mu). The row's sum is sum (ly - eta - t), one exp
// per row; the dropped constant is -log y.
import { digamma, lgamma } from '../math/special';
import type { Family } from './types';
import { checkPositive, gammaVariate } from './shared';

export const gamma: Family = {
  name: 'gamma',
  link: 'log',
  priorLink: 'log',
  // gamma(0.01, 0.01) as in brms 2.18 get_prior (tests/fixtures/families/gamma.priors.json).
  params: [{ name: 'shape', lower: 0, defaultPrior: 'gamma(0.01, 0.01)', stanDeclaration: '  real<lower=0> shape;  // shape parameter', latex: '\\alpha' }],
  linksText: 'mu = log; shape = identity',
  response: { needs: 'positive numbers', trials: false, twoLevelFactor: false, check: checkPositive('gamma') },
  logLik: {
    sums: 1,
    usesTrials: false,
    responseScale: (y) => Math.log(y),
    prepare(par, c) { c[0] = par[0]; },
    // ly = log y, c0 = alpha; sum 0 = sum (ly - eta - y e^-eta).
    row(ly, e, _t, alpha, _c1, D) {
      const t = Math.exp(ly - e);
      D[0] = alpha * (t - 1);
      return ly - e - t;
    },
    finish(s0, _s1, n, par, dPar) {
      const alpha = par[0];
      const la = Math.log(alpha);
      dPar[0] = n * (la + 1 - digamma(alpha)) + s0;
      return n * (alpha * la - lgamma(alpha)) + alpha * s0;
    },
    constant: (y) => -Math.log(y),
  },
  rowCost: 25,
  expectedValue: (e) => Math.exp(e),
  // y = mu / alpha * Gamma(alpha, 1)
  predict: (e, _t, par, u) => (Math.exp(e) * gammaVariate(u, par[0])) / par[0],
  discrete: false,
  // log y has variance trigamma(alpha) whatever the mean: rows on the log scale, equal weights.
  working: { stabilise: (y) => ({ w: Math.log(y), weight: 1 }), information: 'flat' },
  classical: { glm: null, varianceScale: null },
  stan: { integerResponse: false, lpdf: 'gamma_lpdf(Y | shape, shape ./ mu)', inverseLink: 'exp' },
  brms: { call: 'Gamma(link = "log")' },
  latex: { mean: '\\mu_{i}', distribution: '\\operatorname{Gamma}(\\alpha, \\alpha / \\mu_{i})' },
};
