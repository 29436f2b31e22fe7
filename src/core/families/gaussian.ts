// gaussian (brms gaussian(), identity link): y ~ normal(eta, sigma).
// lp = -0.5 sum ((y - eta) / sigma)^2 - N log sigma, dropping -N log sqrt(2 pi);
// d lp / d eta_n = (y_n - eta_n) / sigma^2, d lp / d sigma = (sum z^2 - N) / sigma
// (Stan Math normal_lpdf.hpp).
import { LOG_SQRT_2PI } from '../math/special';
import type { Family } from './types';
import { WORKING_IDENTITY, anyNumber, normalVariate } from './shared';

export const gaussian: Family = {
  name: 'gaussian',
  link: 'identity',
  priorLink: 'identity',
  params: [{ name: 'sigma', lower: 0, defaultPrior: 'scale', stanDeclaration: '  real<lower=0> sigma;  // dispersion parameter', latex: '\\sigma' }],
  linksText: 'mu = identity; sigma = identity',
  response: { needs: 'numbers', trials: false, twoLevelFactor: false, check: anyNumber },
  logLik: {
    sums: 1,
    usesTrials: false,
    prepare(par, c) { c[0] = 1 / par[0]; },
    // c0 = 1 / sigma; sum 0 = sum of squared standardised residuals.
    row(y, e, _t, c0, _c1, D) {
      const res = (y - e) * c0;
      D[0] = res * c0;
      return res * res;
    },
    finish(ss, _s1, n, par, dPar) {
      const sigma = par[0];
      dPar[0] = (ss - n) / sigma;
      return -0.5 * ss - n * Math.log(sigma);
    },
    // The multi-pass kernel has always multiplied by 1 / sigma here; equal in exact arithmetic.
    finishPasses(ss, _s1, n, par, c, dPar) {
      dPar[0] = (ss - n) * c[0];
      return -0.5 * ss - n * Math.log(par[0]);
    },
    constant: () => -LOG_SQRT_2PI,
  },
  rowCost: 4,
  expectedValue: (e) => e,
  predict: (e, _t, par, u) => e + par[0] * normalVariate(u),
  discrete: false,
  working: WORKING_IDENTITY,
  classical: { glm: 'gaussian', varianceScale: 'response' },
  stan: {
    integerResponse: false,
    lpdf: 'normal_lpdf(Y | mu, sigma)',
    glm: (X) => `normal_id_glm_lpdf(Y | ${X}, mu, b, sigma)`,
  },
  brms: { call: 'gaussian()' },
  latex: { mean: '\\mu_{i}', distribution: '\\operatorname{Normal}(\\mu_{i}, \\sigma)' },
};
