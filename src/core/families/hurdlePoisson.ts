// hurdle_poisson (brms hurdle_poisson(), log link; brms's Stan function hurdle_poisson_log_lpmf):
// a zero with probability hu, else a zero-truncated Poisson(mu), mu = e^eta:
//   y = 0: lp_n = log hu,
//   y > 0: lp_n = log1m(hu) + y eta - mu - lgamma(y + 1) - log1m_exp(-mu);
//          d lp_n / d eta = y - mu - mu e^-mu / (1 - e^-mu) = y - mu - mu / expm1(mu).
// The hu part depends on the rows only through the number of zeros Z (sum 1 counts them):
//   lp = sum_{y > 0} (...) + Z log hu + (n - Z) log1m(hu), d lp / d hu = Z / hu - (n - Z) / (1 - hu).
import { lgamma } from '../math/special';
import type { Family } from './types';
import { WORKING_COUNT, checkCounts } from './shared';
import { HU_PARAMETER, positivePoissonVariate } from './countMixtures';
import { HURDLE_POISSON_FUNCTIONS } from './countMixtureStan';
import { hurdleFinish } from './hurdleShared';

export const hurdlePoisson: Family = {
  name: 'hurdle_poisson',
  link: 'log',
  priorLink: 'log',
  params: [HU_PARAMETER],
  linksText: 'mu = log; hu = identity',
  response: { needs: 'counts', trials: false, twoLevelFactor: false, check: checkCounts('hurdle_poisson') },
  logLik: {
    sums: 2,
    usesTrials: false,
    prepare() {},
    // sum 0 = the truncated Poisson part, sum 1 = the number of zeros.
    row(y, e, _t, _c0, _c1, D) {
      let lp = 0, de = 0, zero = 1;
      if (y !== 0) {
        const mu = Math.exp(e);
        // log1m_exp(-mu), switching at mu = log 2 (Maechler 2012)
        const l1m = mu < 0.6931471805599453 ? Math.log(-Math.expm1(-mu)) : Math.log1p(-Math.exp(-mu));
        lp = y * e - mu - l1m;
        de = y - mu - mu / Math.expm1(mu);
        zero = 0;
      }
      D[0] = de;
      D[1] = zero;
      return lp;
    },
    finish(s0, zeros, n, par, dPar) {
      return hurdleFinish(s0, zeros, n, par[0], dPar, 0);
    },
    constant: (y) => -lgamma(y + 1),
  },
  rowCost: 45,
  // brms posterior_epred: (1 - hu) mu / (1 - e^-mu).
  expectedValue: (e, _t, par) => {
    const mu = Math.exp(e);
    return ((1 - par[0]) * mu) / -Math.expm1(-mu);
  },
  predict: (e, _t, par, u) => (u() < par[0] ? 0 : positivePoissonVariate(u, Math.exp(e))),
  discrete: true,
  working: WORKING_COUNT,
  classical: { glm: null, varianceScale: null },
  stan: {
    integerResponse: true,
    lpdf: 'hurdle_poisson_log_lpmf(Y[n] | mu[n], hu)',
    perRow: true,
    functions: HURDLE_POISSON_FUNCTIONS,
  },
  brms: { call: 'hurdle_poisson()' },
  latex: { mean: '\\lambda_{i}', distribution: '\\operatorname{HurdlePoisson}(\\lambda_{i}, \\mathrm{hu})' },
};
