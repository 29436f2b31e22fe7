// binomial (brms binomial(), logit link): lp_n = y eta - T log(1 + e^eta) + log choose(T, y),
// evaluated as y eta - T (max(eta, 0) + log1p(e^-|eta|)); d lp_n / d eta = y - T inv_logit(eta)
// (Stan Math binomial_logit_lpmf.hpp). The dropped constant is log choose(T, y).
// With the probit link (brms binomial(link = "probit")): p = Phi(eta),
// lp_n = y log Phi(eta) + (T - y) log Phi(-eta) + log choose(T, y),
// d lp_n / d eta = phi(eta) (y / Phi(eta) - (T - y) / Phi(-eta)), each ratio as exp(log phi - log Phi).
import { Phi, lchoose } from '../math/special';
import type { Family, LinkVariant } from './types';
import { binomialVariate, firstBad, isCount, logistic } from './shared';

const probit: LinkVariant = {
  linksText: 'mu = probit',
  logLik: {
    sums: 1,
    usesTrials: true,
    prepare() {},
    row(y, e, t, _c0, _c1, D, fn) {
      const lp1 = fn.logPhi(e);
      const lp0 = fn.logPhi(-e);
      const lphi = -0.5 * e * e - 0.9189385332046728; // log phi(eta); 0.9189... = log sqrt(2 pi)
      D[0] = y * Math.exp(lphi - lp1) - (t - y) * Math.exp(lphi - lp0);
      return y * lp1 + (t - y) * lp0;
    },
    finish: (s0) => s0,
    constant: (y, t) => lchoose(t, y),
  },
  rowCost: 90,
  expectedValue: (e, t) => t * Phi(e),
  predict: (e, t, _par, u) => binomialVariate(u, t, Phi(e)),
  classical: { glm: null, varianceScale: 'latent' },
  stan: { integerResponse: true, lpdf: 'binomial_lpmf(Y | trials, mu)', inverseLink: 'Phi' },
  brms: { call: 'binomial(link = "probit")' },
};

export const binomial: Family = {
  name: 'binomial',
  link: 'logit',
  links: ['logit', 'probit'],
  linkVariants: new Map([['probit', probit]]),
  priorLink: 'logit',
  params: [],
  linksText: 'mu = logit',
  response: {
    needs: 'counts',
    trials: true,
    twoLevelFactor: false,
    check(y, label, row) {
      const b = firstBad(y, isCount);
      return b < 0 ? null : `Binomial successes ${label} must be non-negative whole numbers, but it is ${y[b]} at data row ${row(b)}.`;
    },
  },
  logLik: {
    sums: 1,
    usesTrials: true,
    prepare() {},
    row(y, e, t, _c0, _c1, D) {
      const ab = Math.exp(-Math.abs(e));
      const p = e >= 0 ? 1 / (1 + ab) : ab / (1 + ab);
      D[0] = y - t * p;
      return y * e - t * ((e > 0 ? e : 0) + Math.log1p(ab));
    },
    finish: (s0) => s0,
    constant: (y, t) => lchoose(t, y),
  },
  rowCost: 40,
  expectedValue: (e, t) => t * logistic(e),
  predict: (e, t, _par, u) => binomialVariate(u, t, logistic(e)),
  discrete: true,
  // Anscombe: asin(sqrt((y + 3/8) / (T + 3/4))) has variance ~1 / (4 T), so weight T.
  working: { stabilise: (y, t) => ({ w: Math.asin(Math.sqrt((y + 0.375) / (t + 0.75))), weight: t }), information: 'proportion' },
  classical: { glm: 'logit', varianceScale: 'latent' },
  stan: { integerResponse: true, lpdf: 'binomial_logit_lpmf(Y | trials, mu)' },
  brms: { call: 'binomial()' },
  latex: { mean: 'p_{i}', distribution: '\\operatorname{Binomial}(n_{i}, p_{i})' },
};
