// poisson (brms poisson(), log link): lp_n = y eta - e^eta - lgamma(y + 1);
// d lp_n / d eta = y - e^eta (Stan Math poisson_log_lpmf.hpp). The dropped constant is -lgamma(y + 1).
import { lgamma } from '../math/special';
import type { Family } from './types';
import { WORKING_COUNT, checkCounts, poissonVariate } from './shared';

export const poisson: Family = {
  name: 'poisson',
  link: 'log',
  priorLink: 'log',
  params: [],
  linksText: 'mu = log',
  response: { needs: 'counts', trials: false, twoLevelFactor: false, check: checkCounts('poisson') },
  logLik: {
    sums: 1,
    usesTrials: false,
    prepare() {},
    row(y, e, _t, _c0, _c1, D) {
      const mu = Math.exp(e);
      D[0] = y - mu;
      return y * e - mu;
    },
    finish: (s0) => s0,
    constant: (y) => -lgamma(y + 1),
  },
  rowCost: 30,
  expectedValue: (e) => Math.exp(e),
  predict: (e, _t, _par, u) => poissonVariate(u, Math.exp(e)),
  discrete: true,
  working: WORKING_COUNT,
  classical: { glm: 'poisson', varianceScale: null },
  stan: {
    integerResponse: true,
    lpdf: 'poisson_log_lpmf(Y | mu)',
    glm: (X) => `poisson_log_glm_lpmf(Y | ${X}, mu, b)`,
  },
  brms: { call: 'poisson()' },
  latex: { mean: '\\lambda_{i}', distribution: '\\operatorname{Poisson}(\\lambda_{i})' },
};
