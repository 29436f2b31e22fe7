// lognormal (brms lognormal(), identity link for mu on the log scale): log y ~ normal(mu, sigma).
// The row reads log y (responseScale, once per model) and is the gaussian row on that scale:
//   lp = -0.5 sum ((log y - eta) / sigma)^2 - N log sigma, dropping -sum log y - N log sqrt(2 pi)
// (the Jacobian of log y and the normal constant; Stan Math lognormal_lpdf.hpp);
// d lp / d eta_n = (log y_n - eta_n) / sigma^2, d lp / d sigma = (sum z^2 - N) / sigma.
// E[y] = exp(mu + sigma^2 / 2).
import { LOG_SQRT_2PI } from '../math/special';
import type { Family } from './types';
import { checkPositive, normalVariate } from './shared';

export const lognormal: Family = {
  name: 'lognormal',
  link: 'identity',
  // brms def_scale_prior reads log(y) for families with a log scale (has_logscale).
  priorLink: 'log',
  params: [{ name: 'sigma', lower: 0, defaultPrior: 'scale', stanDeclaration: '  real<lower=0> sigma;  // dispersion parameter', latex: '\\sigma' }],
  linksText: 'mu = identity; sigma = identity',
  response: { needs: 'positive numbers', trials: false, twoLevelFactor: false, check: checkPositive('lognormal') },
  logLik: {
    sums: 1,
    usesTrials: false,
    responseScale: (y) => Math.log(y),
    prepare(par, c) { c[0] = 1 / par[0]; },
    // ly = log y, c0 = 1 / sigma; sum 0 = sum of squared standardised residuals of log y.
    row(ly, e, _t, c0, _c1, D) {
      const res = (ly - e) * c0;
      D[0] = res * c0;
      return res * res;
    },
    finish(ss, _s1, n, par, dPar) {
      dPar[0] = (ss - n) / par[0];
      return -0.5 * ss - n * Math.log(par[0]);
    },
    constant: (y) => -Math.log(y) - LOG_SQRT_2PI,
  },
  rowCost: 4,
  expectedValue: (e, _t, par) => Math.exp(e + 0.5 * par[0] * par[0]),
  predict: (e, _t, par, u) => Math.exp(e + par[0] * normalVariate(u)),
  discrete: false,
  working: { stabilise: (y) => ({ w: Math.log(y), weight: 1 }), information: 'flat' },
  classical: { glm: null, varianceScale: null },
  stan: { integerResponse: false, lpdf: 'lognormal_lpdf(Y | mu, sigma)' },
  brms: { call: 'lognormal()' },
  latex: { mean: '\\mu_{i}', distribution: '\\operatorname{LogNormal}(\\mu_{i}, \\sigma)' },
};
