// Beta (brms Beta(), logit link; Stan beta_lpdf(y | mu phi, (1 - mu) phi)): mean mu = inv_logit(eta),
// precision phi, variance mu (1 - mu) / (1 + phi). With a = mu phi and b = (1 - mu) phi:
//   lp_n = lgamma(phi) - lgamma(a) - lgamma(b) + (a - 1) log y + (b - 1) log(1 - y),
//   d lp_n / d eta = phi mu (1 - mu) [(log y - digamma(a)) - (log(1 - y) - digamma(b))],
//   d lp_n / d phi = digamma(phi) + mu (log y - digamma(a)) + (1 - mu) (log(1 - y) - digamma(b))
// (Stan Math beta_lpdf.hpp, chained through a and b). mu and 1 - mu are each computed from
// e^-|eta| so neither loses digits when the other is near 1. Nothing is dropped.
import { digamma, lgamma } from '../math/special';
import type { Family } from './types';
import { firstBad, logGammaVariate, logistic } from './shared';

/** Beta needs 0 < y < 1: counts the 0s and 1s (and values outside) and suggests what to do. */
function checkUnitInterval(y: Float64Array, label: string, row: (i: number) => number): string | null {
  const b = firstBad(y, (v) => v > 0 && v < 1);
  if (b < 0) return null;
  let zeros = 0, ones = 0, outside = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (v === 0) zeros++;
    else if (v === 1) ones++;
    else if (!(v > 0 && v < 1)) outside++;
  }
  const parts = [
    zeros ? `${zeros} value${zeros === 1 ? '' : 's'} of exactly 0` : '',
    ones ? `${ones} of exactly 1` : '',
    outside ? `${outside} outside [0, 1]` : '',
  ].filter((p) => p !== '');
  const fix = outside
    ? 'Rescale it to a proportion first (e.g. divide a percentage by 100).'
    : 'Shrink it into (0, 1), e.g. (y (n - 1) + 0.5) / n with n the number of rows (Smithson and Verkuilen 2006), or use a zero-one-inflated beta model in brms (zero_one_inflated_beta).';
  return `The beta family needs values strictly between 0 and 1, but ${label} has ${parts.join(', ')} (the first, ${y[b]}, at data row ${row(b)}). ${fix}`;
}

export const beta: Family = {
  name: 'beta',
  link: 'logit',
  priorLink: 'logit',
  // gamma(0.01, 0.01) as in brms 2.18 get_prior (tests/fixtures/families/beta.priors.json).
  params: [{ name: 'phi', lower: 0, defaultPrior: 'gamma(0.01, 0.01)', stanDeclaration: '  real<lower=0> phi;  // precision parameter', latex: '\\phi' }],
  linksText: 'mu = logit; phi = identity',
  response: { needs: 'proportions strictly between 0 and 1', trials: false, twoLevelFactor: false, check: checkUnitInterval },
  logLik: {
    sums: 2,
    usesTrials: false,
    prepare(par, c) { c[0] = par[0]; },
    // c0 = phi; sum 0 = sum (lp_n - lgamma(phi)), sum 1 = sum (d lp_n / d phi - digamma(phi)).
    row(y, e, _t, phi, _c1, D, fn) {
      const ab = Math.exp(-Math.abs(e));
      const mu = e >= 0 ? 1 / (1 + ab) : ab / (1 + ab);
      const nu = e >= 0 ? ab / (1 + ab) : 1 / (1 + ab); // 1 - mu
      const a = mu * phi;
      const b = nu * phi;
      const ly = Math.log(y);
      const l1y = Math.log1p(-y);
      const da = ly - fn.digamma(a);
      const db = l1y - fn.digamma(b);
      D[1] = mu * da + nu * db;
      D[0] = phi * mu * nu * (da - db);
      return (a - 1) * ly + (b - 1) * l1y - fn.lgamma(a) - fn.lgamma(b);
    },
    finish(s0, s1, n, par, dPar) {
      const phi = par[0];
      dPar[0] = n * digamma(phi) + s1;
      return n * lgamma(phi) + s0;
    },
    constant: () => 0,
  },
  rowCost: 120,
  expectedValue: (e) => logistic(e),
  // y = G1 / (G1 + G2) = inv_logit(log G1 - log G2), G1 ~ Gamma(mu phi), G2 ~ Gamma((1 - mu) phi),
  // on the log scale so that tiny shapes (both G underflowing) still give a draw.
  predict: (e, _t, par, u) => logistic(logGammaVariate(u, logistic(e) * par[0]) - logGammaVariate(u, logistic(-e) * par[0])),
  discrete: false,
  // logit y: the variance of a proportion's logit is about 1 / (phi mu (1 - mu)), rows weighted alike.
  working: { stabilise: (y) => ({ w: Math.log(y / (1 - y)), weight: 1 }), information: 'flat' },
  classical: { glm: null, varianceScale: null },
  stan: { integerResponse: false, lpdf: 'beta_lpdf(Y | mu * phi, (1 - mu) * phi)', inverseLink: 'inv_logit' },
  brms: { call: 'Beta()' },
  latex: { mean: '\\mu_{i}', distribution: '\\operatorname{Beta}(\\mu_{i} \\phi, (1 - \\mu_{i}) \\phi)' },
};
