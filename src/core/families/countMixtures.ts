// Pieces the zero-inflated and hurdle count families share (brms R/families.R
// zero_inflated_poisson, zero_inflated_negbinomial, hurdle_poisson, hurdle_negbinomial): their
// distributional parameter (zi, hu in (0, 1), brms 2.18 default beta(1, 1)) and the zero-truncated
// variates the hurdle families' posterior predictive draws need.
import type { DistParameter } from './types';
import { gammaVariate, poissonVariate } from './shared';

/** The zero-inflation probability zi (brms: real<lower=0,upper=1> zi ~ beta(1, 1)). */
export const ZI_PARAMETER: DistParameter = {
  name: 'zi', lower: 0, upper: 1, defaultPrior: 'beta(1, 1)', latex: '\\mathrm{zi}',
  stanDeclaration: '  real<lower=0,upper=1> zi;  // zero-inflation probability',
};

/** The hurdle probability hu (brms: real<lower=0,upper=1> hu ~ beta(1, 1)). */
export const HU_PARAMETER: DistParameter = {
  name: 'hu', lower: 0, upper: 1, defaultPrior: 'beta(1, 1)', latex: '\\mathrm{hu}',
  stanDeclaration: '  real<lower=0,upper=1> hu;  // hurdle probability',
};

/** The negative binomial shape (brms 2.18: gamma(0.01, 0.01); as in negbinomial.ts). */
export const SHAPE_PARAMETER: DistParameter = {
  name: 'shape', lower: 0, defaultPrior: 'gamma(0.01, 0.01)', latex: '\\phi',
  stanDeclaration: '  real<lower=0> shape;  // shape parameter',
};

/** log(1 - e^a) for a < 0 (Stan's log1m_exp; Maechler 2012's switch at -log 2). */
export function log1mExp(a: number): number {
  return a > -Math.LN2 ? Math.log(-Math.expm1(a)) : Math.log1p(-Math.exp(a));
}

/**
 * A draw from the count distribution given its pmf recursion, conditioned on y > 0: by inversion
 * from y = 1 (p1 = P(1 | y > 0), P(k+1) = P(k) ratio(k)) when zeros are likely (rejection would
 * take many tries), else by drawing until positive.
 */
function positiveVariate(u: () => number, p0: number, p1: number, ratio: (k: number) => number, draw: () => number): number {
  if (p0 < 0.9) {
    for (;;) {
      const y = draw();
      if (y > 0) return y;
    }
  }
  const target = u();
  let k = 1;
  let pk = p1;
  let cum = pk;
  // The mass beyond 1e6 terms is below double rounding for the rates where p0 >= 0.9.
  while (cum < target && k < 1e6) {
    pk *= ratio(k);
    k++;
    cum += pk;
  }
  return k;
}

/** Zero-truncated Poisson(mu): P(1 | y > 0) = mu / expm1(mu), P(k+1) / P(k) = mu / (k + 1). */
export function positivePoissonVariate(u: () => number, mu: number): number {
  return positiveVariate(u, Math.exp(-mu), mu / Math.expm1(mu), (k) => mu / (k + 1), () => poissonVariate(u, mu));
}

/**
 * Zero-truncated negative binomial (mean mu, shape phi): with p = mu / (mu + phi) and
 * P(0) = (1 - p)^phi, P(1 | y > 0) = phi p P(0) / (1 - P(0)), P(k+1) / P(k) = p (k + phi) / (k + 1).
 */
export function positiveNegBinomialVariate(u: () => number, mu: number, phi: number): number {
  const p = mu / (mu + phi);
  const logP0 = phi * Math.log1p(-p);
  const p0 = Math.exp(logP0);
  const p1 = (phi * p * p0) / -Math.expm1(logP0);
  return positiveVariate(u, p0, p1, (k) => (p * (k + phi)) / (k + 1), () => poissonVariate(u, (mu * gammaVariate(u, phi)) / phi));
}
