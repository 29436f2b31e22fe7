// negbinomial (brms negbinomial(), log link; Stan's neg_binomial_2_log with shape phi): mean
// mu = e^eta, variance mu + mu^2 / phi. With d = eta - log phi, mu / (mu + phi) = inv_logit(d) = p:
//   lp_n = lgamma(y + phi) - lgamma(phi) + y log p + phi log(1 - p) - lgamma(y + 1),
//   d lp_n / d eta = y - (y + phi) p,
//   d lp_n / d phi = digamma(y + phi) - digamma(phi) + log(1 - p) + p - (y / phi)(1 - p)
// (Stan Math neg_binomial_2_log_lpmf.hpp), with the lgamma/digamma differences as exact sums for
// small y (lgammaRatio, digammaRatio) and log p, log(1 - p) finite for any d. Those two depend on
// (phi, y) only, so the row takes them remembered for the current phi (shapeRatioMemo.ts).
import { lgamma } from '../math/special';
import type { Family } from './types';
import { WORKING_COUNT, checkCounts, gammaVariate, poissonVariate } from './shared';

export const negbinomial: Family = {
  name: 'negbinomial',
  link: 'log',
  priorLink: 'log',
  // gamma(0.01, 0.01) as in brms 2.18-2.20 (brms >= 2.21: inv_gamma(0.4, 0.3)).
  params: [{ name: 'shape', lower: 0, defaultPrior: 'gamma(0.01, 0.01)', stanDeclaration: '  real<lower=0> shape;  // shape parameter', latex: '\\phi' }],
  linksText: 'mu = log; shape = identity',
  response: { needs: 'counts', trials: false, twoLevelFactor: false, check: checkCounts('negbinomial') },
  logLik: {
    sums: 2,
    usesTrials: false,
    prepare(par, c) {
      c[0] = par[0];
      c[1] = Math.log(par[0]);
    },
    // c0 = phi, c1 = log phi; sum 0 = lp, sum 1 = d lp / d phi.
    row(y, e, _t, phi, logPhi, D, fn) {
      const dl = e - logPhi;
      const ab = Math.exp(-Math.abs(dl));
      const p = dl >= 0 ? 1 / (1 + ab) : ab / (1 + ab);
      const l1mp = -((dl > 0 ? dl : 0) + Math.log1p(ab));
      D[1] = fn.digammaRatioRemembered(phi, y) + l1mp + p - (y / phi) * (1 - p);
      D[0] = y - (y + phi) * p;
      return fn.lgammaRatioRemembered(phi, y) + y * (dl + l1mp) + phi * l1mp;
    },
    finish(s0, s1, _n, _par, dPar) {
      dPar[0] = s1;
      return s0;
    },
    constant: (y) => -lgamma(y + 1),
  },
  rowCost: 60,
  expectedValue: (e) => Math.exp(e),
  // A gamma-Poisson mixture: lambda ~ Gamma(shape, shape / mu).
  predict: (e, _t, par, u) => poissonVariate(u, (Math.exp(e) * gammaVariate(u, par[0])) / par[0]),
  discrete: true,
  working: WORKING_COUNT,
  classical: { glm: null, varianceScale: null },
  stan: {
    integerResponse: true,
    lpdf: 'neg_binomial_2_log_lpmf(Y | mu, shape)',
    glm: (X) => `neg_binomial_2_log_glm_lpmf(Y | ${X}, mu, b, shape)`,
  },
  brms: { call: 'negbinomial()' },
  latex: { mean: '\\lambda_{i}', distribution: '\\operatorname{NegBinomial}(\\lambda_{i}, \\phi)' },
};
