// zero_inflated_poisson (brms zero_inflated_poisson(), log link; brms's Stan function
// zero_inflated_poisson_log_lpmf): a zero with probability zi, else Poisson(mu), mu = e^eta:
//   y = 0: lp_n = log(zi + (1 - zi) e^-mu) = log_sum_exp(log zi, log1m(zi) - mu),
//   y > 0: lp_n = log1m(zi) + y eta - mu - lgamma(y + 1).
// Partials, with q = (1 - zi) e^-mu / e^lp_n (the chance that a zero is a Poisson zero):
//   y = 0: d lp_n / d eta = -mu q,    d lp_n / d zi = (1 - e^-mu) / e^lp_n = -expm1(-mu) e^-lp_n;
//   y > 0: d lp_n / d eta = y - mu,   d lp_n / d zi = -1 / (1 - zi).
// The zi partial is summed row by row (sum 1) rather than formed in finish from the rows' counts:
// -n / (1 - zi) plus terms near 1 / (zi (1 - zi)) would cancel when zi is near 1.
import { lgamma } from '../math/special';
import type { Family } from './types';
import { WORKING_COUNT, checkCounts, poissonVariate } from './shared';
import { ZI_PARAMETER } from './countMixtures';
import { ZERO_INFLATED_POISSON_FUNCTIONS } from './countMixtureStan';

export const zeroInflatedPoisson: Family = {
  name: 'zero_inflated_poisson',
  link: 'log',
  priorLink: 'log',
  params: [ZI_PARAMETER],
  linksText: 'mu = log; zi = identity',
  response: { needs: 'counts', trials: false, twoLevelFactor: false, check: checkCounts('zero_inflated_poisson') },
  logLik: {
    sums: 2,
    constants: 3,
    usesTrials: false,
    prepare(par, c) {
      c[0] = Math.log(par[0]);
      c[1] = Math.log1p(-par[0]);
      c[2] = 1 / (1 - par[0]);
    },
    // c0 = log zi, c1 = log1m(zi), c2 = 1 / (1 - zi); sum 0 = lp, sum 1 = d lp / d zi.
    row(y, e, _t, lzi, l1mzi, D, _fn, inv1mzi: number) {
      const mu = Math.exp(e);
      let lp = 0, de = 0, dzi = 0;
      if (y === 0) {
        const a = l1mzi - mu;
        lp = (a > lzi ? a : lzi) + Math.log1p(Math.exp(-Math.abs(a - lzi)));
        de = -mu * Math.exp(a - lp);
        dzi = -Math.expm1(-mu) * Math.exp(-lp);
      } else {
        lp = l1mzi + y * e - mu;
        de = y - mu;
        dzi = -inv1mzi;
      }
      D[0] = de;
      D[1] = dzi;
      return lp;
    },
    finish(s0, s1, _n, _par, dPar) {
      dPar[0] = s1;
      return s0;
    },
    constant: (y) => -lgamma(y + 1),
  },
  rowCost: 45,
  // brms posterior_epred: (1 - zi) mu.
  expectedValue: (e, _t, par) => (1 - par[0]) * Math.exp(e),
  predict: (e, _t, par, u) => (u() < par[0] ? 0 : poissonVariate(u, Math.exp(e))),
  discrete: true,
  working: WORKING_COUNT,
  classical: { glm: null, varianceScale: null },
  stan: {
    integerResponse: true,
    lpdf: 'zero_inflated_poisson_log_lpmf(Y[n] | mu[n], zi)',
    perRow: true,
    functions: ZERO_INFLATED_POISSON_FUNCTIONS,
  },
  brms: { call: 'zero_inflated_poisson()' },
  latex: { mean: '\\lambda_{i}', distribution: '\\operatorname{ZIPoisson}(\\lambda_{i}, \\mathrm{zi})' },
};
