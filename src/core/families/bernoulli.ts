// bernoulli (brms bernoulli(), logit link): lp_n = y eta - log(1 + e^eta), evaluated as
// y eta - max(eta, 0) - log1p(e^-|eta|), finite for any eta; d lp_n / d eta = y - inv_logit(eta)
// (Stan Math bernoulli_logit_lpmf.hpp). No constant is dropped.
// With the probit link (brms bernoulli(link = "probit")): p = Phi(eta), and with s = 2y - 1,
// lp_n = log Phi(s eta), d lp_n / d eta = s phi(eta) / Phi(s eta) = s exp(log phi(eta) - lp_n),
// log Phi finite far into both tails (math/special.ts logPhi).
import { Phi } from '../math/special';
import type { Family, LinkVariant } from './types';
import { firstBad, logistic } from './shared';

const probit: LinkVariant = {
  linksText: 'mu = probit',
  logLik: {
    sums: 1,
    usesTrials: false,
    prepare() {},
    row(y, e, _t, _c0, _c1, D, fn) {
      const s = 2 * y - 1;
      const lp = fn.logPhi(s * e);
      D[0] = s * Math.exp(-0.5 * e * e - 0.9189385332046728 - lp); // 0.9189... = log sqrt(2 pi)
      return lp;
    },
    finish: (s0) => s0,
    constant: () => 0,
  },
  rowCost: 60,
  expectedValue: (e) => Phi(e),
  predict: (e, _t, _par, u) => (u() < Phi(e) ? 1 : 0),
  // No probit IRLS for the pooling views; the latent residual of the probit is normal, variance 1.
  classical: { glm: null, varianceScale: 'latent' },
  stan: { integerResponse: true, lpdf: 'bernoulli_lpmf(Y | mu)', inverseLink: 'Phi' },
  brms: { call: 'bernoulli(link = "probit")' },
};

export const bernoulli: Family = {
  name: 'bernoulli',
  link: 'logit',
  links: ['logit', 'probit'],
  linkVariants: new Map([['probit', probit]]),
  priorLink: 'logit',
  params: [],
  linksText: 'mu = logit',
  response: {
    needs: 'a 0/1 response',
    trials: false,
    twoLevelFactor: true,
    check(y, label, row) {
      const b = firstBad(y, (v) => v === 0 || v === 1);
      return b < 0 ? null : `The bernoulli family needs a 0/1 response, but ${label} is ${y[b]} at data row ${row(b)}. Recode it to 0/1 (or pick binomial/poisson for counts).`;
    },
  },
  logLik: {
    sums: 1,
    usesTrials: false,
    prepare() {},
    row(y, e, _t, _c0, _c1, D) {
      const ab = Math.exp(-Math.abs(e));
      const p = e >= 0 ? 1 / (1 + ab) : ab / (1 + ab);
      D[0] = y - p;
      return y * e - (e > 0 ? e : 0) - Math.log1p(ab);
    },
    finish: (s0) => s0,
    constant: () => 0,
  },
  rowCost: 30,
  expectedValue: (e) => logistic(e),
  predict: (e, _t, _par, u) => (u() < logistic(e) ? 1 : 0),
  discrete: true,
  // 0/1 rows as they are; the information of a level is p (1 - p) of its share of ones.
  working: { stabilise: (y) => ({ w: y, weight: 1 }), information: 'proportion' },
  classical: { glm: 'logit', varianceScale: 'latent' },
  stan: {
    integerResponse: true,
    lpdf: 'bernoulli_logit_lpmf(Y | mu)',
    glm: (X) => `bernoulli_logit_glm_lpmf(Y | ${X}, mu, b)`,
  },
  brms: { call: 'bernoulli()' },
  latex: { mean: 'p_{i}', distribution: '\\operatorname{Bernoulli}(p_{i})' },
};
