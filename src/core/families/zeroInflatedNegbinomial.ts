// zero_inflated_negbinomial (brms zero_inflated_negbinomial(), log link; brms's Stan function
// zero_inflated_neg_binomial_log_lpmf): a zero with probability zi, else NB2(mu = e^eta, shape phi).
// With d = eta - log phi, p = mu / (mu + phi) = inv_logit(d), log NB(y) = lgamma(y + phi)
// - lgamma(phi) - lgamma(y + 1) + y log p + phi log(1 - p) (negbinomial.ts) and a = phi log(1 - p)
// = log NB(0):
//   y = 0: lp_n = log_sum_exp(log zi, log1m(zi) + a); with q = (1 - zi) e^a / e^lp_n,
//          d/d eta = -q phi p, d/d phi = q (log(1 - p) + p), d/d zi = -expm1(a) e^-lp_n;
//   y > 0: lp_n = log1m(zi) + log NB(y); d/d eta = y - (y + phi) p,
//          d/d phi = digamma(y + phi) - digamma(phi) + log(1 - p) + p - (y / phi)(1 - p),
//          d/d zi = -1 / (1 - zi)                                (Stan Math neg_binomial_2_log_lpmf).
// Two distributional parameters, so two per-row partial sums besides lp (sums 1 and 2).
import { lgamma } from '../math/special';
import type { Family } from './types';
import { WORKING_COUNT, checkCounts, gammaVariate, poissonVariate } from './shared';
import { SHAPE_PARAMETER, ZI_PARAMETER } from './countMixtures';
import { ZERO_INFLATED_NEGBINOMIAL_FUNCTIONS } from './countMixtureStan';

export const zeroInflatedNegbinomial: Family = {
  name: 'zero_inflated_negbinomial',
  link: 'log',
  priorLink: 'log',
  params: [SHAPE_PARAMETER, ZI_PARAMETER],
  linksText: 'mu = log; shape = identity; zi = identity',
  response: { needs: 'counts', trials: false, twoLevelFactor: false, check: checkCounts('zero_inflated_negbinomial') },
  logLik: {
    sums: 3,
    constants: 4,
    usesTrials: false,
    prepare(par, c) {
      c[0] = par[0];
      c[1] = Math.log(par[0]);
      c[2] = Math.log(par[1]);
      c[3] = Math.log1p(-par[1]);
    },
    // c0 = phi, c1 = log phi, c2 = log zi, c3 = log1m(zi); sum 0 = lp, sum 1 = d lp / d phi,
    // sum 2 = d lp / d zi.
    row(y, e, _t, phi, logPhi, D, fn, lzi: number, l1mzi: number) {
      const dl = e - logPhi;
      const ab = Math.exp(-Math.abs(dl));
      const p = dl >= 0 ? 1 / (1 + ab) : ab / (1 + ab);
      const l1mp = -((dl > 0 ? dl : 0) + Math.log1p(ab));
      let lp = 0, de = 0, dphi = 0, dzi = 0;
      if (y === 0) {
        const a = phi * l1mp;
        const b = l1mzi + a;
        lp = (b > lzi ? b : lzi) + Math.log1p(Math.exp(-Math.abs(b - lzi)));
        const q = Math.exp(b - lp);
        de = -q * phi * p;
        dphi = q * (l1mp + p);
        dzi = -Math.expm1(a) * Math.exp(-lp);
      } else {
        lp = l1mzi + fn.lgammaRatio(phi, y) + y * (dl + l1mp) + phi * l1mp;
        de = y - (y + phi) * p;
        dphi = fn.digammaRatio(phi, y) + l1mp + p - (y / phi) * (1 - p);
        dzi = -Math.exp(-l1mzi);
      }
      D[0] = de;
      D[1] = dphi;
      D[2] = dzi;
      return lp;
    },
    finish(s0, s1, _n, _par, dPar, s2) {
      dPar[0] = s1;
      dPar[1] = s2;
      return s0;
    },
    constant: (y) => -lgamma(y + 1),
  },
  rowCost: 80,
  expectedValue: (e, _t, par) => (1 - par[1]) * Math.exp(e),
  predict: (e, _t, par, u) => (u() < par[1] ? 0 : poissonVariate(u, (Math.exp(e) * gammaVariate(u, par[0])) / par[0])),
  discrete: true,
  working: WORKING_COUNT,
  classical: { glm: null, varianceScale: null },
  stan: {
    integerResponse: true,
    lpdf: 'zero_inflated_neg_binomial_log_lpmf(Y[n] | mu[n], shape, zi)',
    perRow: true,
    functions: ZERO_INFLATED_NEGBINOMIAL_FUNCTIONS,
  },
  brms: { call: 'zero_inflated_negbinomial()' },
  latex: { mean: '\\lambda_{i}', distribution: '\\operatorname{ZINegBinomial}(\\lambda_{i}, \\phi, \\mathrm{zi})' },
};
