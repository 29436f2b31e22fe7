// hurdle_negbinomial (brms hurdle_negbinomial(), log link; brms's Stan function
// hurdle_neg_binomial_log_lpmf): a zero with probability hu, else a zero-truncated NB2(mu = e^eta,
// shape phi). With d = eta - log phi, p = mu / (mu + phi) = inv_logit(d), a = phi log(1 - p)
// = log NB(0) and w = e^a / (1 - e^a) = 1 / expm1(-a):
//   y = 0: lp_n = log hu,
//   y > 0: lp_n = log1m(hu) + log NB(y) - log1m_exp(a),
//          d/d eta = y - (y + phi) p - w phi p,
//          d/d phi = digamma(y + phi) - digamma(phi) + log(1 - p) + p - (y / phi)(1 - p) + w (log(1 - p) + p)
// (da / d eta = -phi p, da / d phi = log(1 - p) + p; Stan Math neg_binomial_2_log_lpmf for log NB).
// brms writes log1m((phi / (mu + phi))^phi), the same quantity. Sum 1 is d lp / d phi, sum 2
// counts the zeros for the hurdle part (hurdleShared.ts).
import { lgamma } from '../math/special';
import type { Family } from './types';
import { WORKING_COUNT, checkCounts } from './shared';
import { HU_PARAMETER, SHAPE_PARAMETER, positiveNegBinomialVariate } from './countMixtures';
import { HURDLE_NEGBINOMIAL_FUNCTIONS } from './countMixtureStan';
import { hurdleFinish } from './hurdleShared';

export const hurdleNegbinomial: Family = {
  name: 'hurdle_negbinomial',
  link: 'log',
  priorLink: 'log',
  params: [SHAPE_PARAMETER, HU_PARAMETER],
  linksText: 'mu = log; shape = identity; hu = identity',
  response: { needs: 'counts', trials: false, twoLevelFactor: false, check: checkCounts('hurdle_negbinomial') },
  logLik: {
    sums: 3,
    usesTrials: false,
    prepare(par, c) {
      c[0] = par[0];
      c[1] = Math.log(par[0]);
    },
    // c0 = phi, c1 = log phi; sum 0 = the truncated NB part, sum 1 = its d / d phi, sum 2 = zeros.
    row(y, e, _t, phi, logPhi, D, fn) {
      let lp = 0, de = 0, dphi = 0, zero = 1;
      if (y !== 0) {
        const dl = e - logPhi;
        const ab = Math.exp(-Math.abs(dl));
        const p = dl >= 0 ? 1 / (1 + ab) : ab / (1 + ab);
        const l1mp = -((dl > 0 ? dl : 0) + Math.log1p(ab));
        const a = phi * l1mp;
        // log1m_exp(a), switching at a = -log 2 (Maechler 2012)
        const l1m = a > -0.6931471805599453 ? Math.log(-Math.expm1(a)) : Math.log1p(-Math.exp(a));
        const w = 1 / Math.expm1(-a);
        lp = fn.lgammaRatio(phi, y) + y * (dl + l1mp) + a - l1m;
        de = y - (y + phi) * p - w * phi * p;
        dphi = fn.digammaRatio(phi, y) + l1mp + p - (y / phi) * (1 - p) + w * (l1mp + p);
        zero = 0;
      }
      D[0] = de;
      D[1] = dphi;
      D[2] = zero;
      return lp;
    },
    finish(s0, s1, n, par, dPar, zeros) {
      dPar[0] = s1;
      return hurdleFinish(s0, zeros, n, par[1], dPar, 1);
    },
    constant: (y) => -lgamma(y + 1),
  },
  rowCost: 80,
  // brms posterior_epred: (1 - hu) mu / (1 - P(0)), P(0) = (phi / (mu + phi))^phi.
  expectedValue: (e, _t, par) => {
    const mu = Math.exp(e);
    const phi = par[0];
    return ((1 - par[1]) * mu) / -Math.expm1(phi * (Math.log(phi) - Math.log(mu + phi)));
  },
  predict: (e, _t, par, u) => (u() < par[1] ? 0 : positiveNegBinomialVariate(u, Math.exp(e), par[0])),
  discrete: true,
  working: WORKING_COUNT,
  classical: { glm: null, varianceScale: null },
  stan: {
    integerResponse: true,
    lpdf: 'hurdle_neg_binomial_log_lpmf(Y[n] | mu[n], shape, hu)',
    perRow: true,
    functions: HURDLE_NEGBINOMIAL_FUNCTIONS,
  },
  brms: { call: 'hurdle_negbinomial()' },
  latex: { mean: '\\lambda_{i}', distribution: '\\operatorname{HurdleNegBinomial}(\\lambda_{i}, \\phi, \\mathrm{hu})' },
};
