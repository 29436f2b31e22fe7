// cumulative (brms cumulative("logit"), disc fixed at 1): an ordinal response y in 1..K with
// K - 1 ordered thresholds tau (brms class Intercept) and a latent mean eta without intercept:
//   P(y = k) = F(tau_k - eta) - F(tau_{k-1} - eta),  tau_0 = -inf, tau_K = +inf,
// F the standard logistic CDF (Stan Math ordered_logistic_lpmf; brms R/families.R cumulative).
// With a = tau_y - eta, b = tau_{y-1} - eta (b < a) and the identity
//   F(a) - F(b) = F(a) (1 - F(b)) (1 - e^(b - a)),
// the row evaluates
//   lp = log(1 - e^(b - a)) - log1p(e^-a) - log1p(e^b),
// finite for any eta and for thresholds close together (b - a = tau_{y-1} - tau_y exactly, no
// cancellation), with the partials
//   d lp / d tau_y     =  f(a) / P = (1 - F(a)) / ((1 - F(b)) (1 - e^(b - a))),
//   d lp / d tau_{y-1} = -f(b) / P = -F(b) / (F(a) (1 - e^(b - a))),
//   d lp / d eta       = -(d lp / d tau_y + d lp / d tau_{y-1}),
// the ratios taken as exponentials of log-CDF differences so they stay finite at extreme eta.
// No constant is dropped.
// With the probit link (brms cumulative("probit")) F = Phi:
//   lp = log(Phi(a) - Phi(b)) = log Phi(a) + log(1 - e^(log Phi(b) - log Phi(a))),
// through the upper tails (Phi(-b) - Phi(-a)) when a + b > 0 so that neither CDF rounds to 1;
// d lp / d tau_y = phi(a) / P, d lp / d tau_{y-1} = -phi(b) / P as exponentials of log-differences.
import { Phi } from '../math/special';
import type { Family, LinkVariant } from './types';
import { logistic } from './shared';

/** Thresholds cv[1..K-1] = tau, cv[0] = -inf, cv[K] = +inf: the row reads cv[y] and cv[y - 1]. */
function prepareThresholds(tau: Float64Array, cv: Float64Array): void {
  const n = tau.length;
  cv[0] = -Infinity;
  for (let k = 0; k < n; k++) cv[k + 1] = tau[k];
  cv[n + 1] = Infinity;
}

/**
 * d lp / d tau_k: rows of category k (tau_k their upper threshold, G1[k]) and of category k + 1
 * (tau_k their lower threshold: -D[0] - D[1] per row).
 */
function finishThresholds(G0: Float64Array, G1: Float64Array, dTau: Float64Array): void {
  for (let k = 1; k <= dTau.length; k++) dTau[k - 1] = G1[k] - G0[k + 1] - G1[k + 1];
}

/** The response check: whole numbers 1, 2, ... with at least 3 categories (max(y) >= 3, as brms's nthres >= 2). */
function checkOrdinal(y: Float64Array, label: string, row: (i: number) => number): string | null {
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (!(Number.isInteger(v) && v >= 1)) {
      return `The cumulative family needs ordered categories coded 1, 2, ..., K (or text levels you order), but ${label} is ${v} at data row ${row(i)}. Recode it to 1..K, or give the order of its levels.`;
    }
  }
  const found = [...new Set(y)].sort((a, b) => a - b);
  if (found.length === 0 || found[found.length - 1] < 3) {
    return `The cumulative family needs at least 3 ordered categories, but ${label} has only the value${found.length === 1 ? '' : 's'} ${found.join(', ')}. For a two-level outcome pick bernoulli.`;
  }
  return null;
}

/** P(y = k + 1) = F(tau_{k+1} - e) - F(tau_k - e) into out[0..K), F the latent variable's CDF. */
function categoryProbabilities(F: (x: number) => number) {
  return (e: number, tau: ArrayLike<number>, out: Float64Array): void => {
    let below = 0;
    for (let k = 0; k < tau.length; k++) {
      const c = F(tau[k] - e);
      out[k] = c - below;
      below = c;
    }
    out[tau.length] = 1 - below;
  };
}

/** sum_k k P(y = k): the mean response on the category scale 1..K. */
function meanCategory(probabilities: ReturnType<typeof categoryProbabilities>) {
  return (e: number, _t: number, tau: ArrayLike<number>): number => {
    const p = new Float64Array(tau.length + 1);
    probabilities(e, tau, p);
    let m = 0;
    for (let k = 0; k < p.length; k++) m += (k + 1) * p[k];
    return m;
  };
}

/** A category by inversion: the first k with u <= F(tau_k - e). */
function predictCategory(F: (x: number) => number) {
  return (e: number, _t: number, tau: ArrayLike<number>, u: () => number): number => {
    const v = u();
    for (let k = 0; k < tau.length; k++) if (v <= F(tau[k] - e)) return k + 1;
    return tau.length + 1;
  };
}

/** K from the response: brms takes max(y) (standata nthres = max(Y) - 1). */
function maxCategory(y: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < y.length; i++) if (y[i] > m) m = y[i];
  return m;
}

const logitProbabilities = categoryProbabilities(logistic);
const probitProbabilities = categoryProbabilities(Phi);

/** The functions block brms 2.18 writes for cumulative("logit") (current array syntax). */
const STAN_FUNCTIONS = [
  '  /* cumulative-logit log-PDF for a single response',
  '   * Args:',
  '   *   y: response category',
  '   *   mu: latent mean parameter',
  '   *   disc: discrimination parameter',
  '   *   thres: ordinal thresholds',
  '   * Returns:',
  '   *   a scalar to be added to the log posterior',
  '   */',
  '   real cumulative_logit_lpmf(int y, real mu, real disc, vector thres) {',
  '     int nthres = num_elements(thres);',
  '     if (y == 1) {',
  '       return log_inv_logit(disc * (thres[1] - mu));',
  '     } else if (y == nthres + 1) {',
  '       return log1m_inv_logit(disc * (thres[nthres] - mu));',
  '     } else {',
  '       return log_diff_exp(',
  '         log_inv_logit(disc * (thres[y] - mu)), ',
  '         log_inv_logit(disc * (thres[y - 1] - mu))',
  '       );',
  '     }',
  '   }',
  '  /* cumulative-logit log-PDF for a single response and merged thresholds',
  '   * Args:',
  '   *   y: response category',
  '   *   mu: latent mean parameter',
  '   *   disc: discrimination parameter',
  '   *   thres: vector of merged ordinal thresholds',
  "   *   j: start and end index for the applid threshold within 'thres'",
  '   * Returns:',
  '   *   a scalar to be added to the log posterior',
  '   */',
  '   real cumulative_logit_merged_lpmf(int y, real mu, real disc, vector thres, array[] int j) {',
  '     return cumulative_logit_lpmf(y | mu, disc, thres[j[1]:j[2]]);',
  '   }',
  '  /* ordered-logistic log-PDF for a single response and merged thresholds',
  '   * Args:',
  '   *   y: response category',
  '   *   mu: latent mean parameter',
  '   *   thres: vector of merged ordinal thresholds',
  "   *   j: start and end index for the applid threshold within 'thres'",
  '   * Returns:',
  '   *   a scalar to be added to the log posterior',
  '   */',
  '   real ordered_logistic_merged_lpmf(int y, real mu, vector thres, array[] int j) {',
  '     return ordered_logistic_lpmf(y | mu, thres[j[1]:j[2]]);',
  '   }',
];

/** The functions block brms 2.18 writes for cumulative("probit") (current array syntax). */
const STAN_FUNCTIONS_PROBIT = [
  '  /* cumulative-probit log-PDF for a single response',
  '   * Args:',
  '   *   y: response category',
  '   *   mu: latent mean parameter',
  '   *   disc: discrimination parameter',
  '   *   thres: ordinal thresholds',
  '   * Returns:',
  '   *   a scalar to be added to the log posterior',
  '   */',
  '   real cumulative_probit_lpmf(int y, real mu, real disc, vector thres) {',
  '     int nthres = num_elements(thres);',
  '     real p;',
  '     if (y == 1) {',
  '       p = Phi(disc * (thres[1] - mu));',
  '     } else if (y == nthres + 1) {',
  '       p = 1 - Phi(disc * (thres[nthres] - mu));',
  '     } else {',
  '       p = Phi(disc * (thres[y] - mu)) -',
  '           Phi(disc * (thres[y - 1] - mu));',
  '     }',
  '     return log(p);',
  '   }',
  '  /* cumulative-probit log-PDF for a single response and merged thresholds',
  '   * Args:',
  '   *   y: response category',
  '   *   mu: latent mean parameter',
  '   *   disc: discrimination parameter',
  '   *   thres: vector of merged ordinal thresholds',
  "   *   j: start and end index for the applid threshold within 'thres'",
  '   * Returns:',
  '   *   a scalar to be added to the log posterior',
  '   */',
  '   real cumulative_probit_merged_lpmf(int y, real mu, real disc, vector thres, array[] int j) {',
  '     return cumulative_probit_lpmf(y | mu, disc, thres[j[1]:j[2]]);',
  '   }',
];

const probit: LinkVariant = {
  linksText: 'mu = probit; disc = identity',
  logLik: {
    sums: 1,
    usesTrials: false,
    prepare() {},
    row(y, e, _t, _c0, _c1, D, fn, _c2, _c3, cv) {
      const a = cv![y] - e;
      const b = cv![y - 1] - e;
      const flip = a + b > 0; // both CDFs near 1: P = Phi(-b) - Phi(-a)
      const hi = flip ? fn.logPhi(-b) : fn.logPhi(a);
      const lo = flip ? fn.logPhi(-a) : fn.logPhi(b);
      const d = lo - hi; // < 0; log(1 - e^d) as log(-expm1(d)) near 0, log1p(-e^d) below log 1/2
      const lP = hi + (d > -0.6931471805599453 ? Math.log(-Math.expm1(d)) : Math.log1p(-Math.exp(d)));
      const up = Math.exp(-0.5 * a * a - 0.9189385332046728 - lP); // phi(a) / P; 0.9189... = log sqrt(2 pi)
      const low = Math.exp(-0.5 * b * b - 0.9189385332046728 - lP); // phi(b) / P
      D[1] = up;
      D[0] = low - up;
      return lP;
    },
    finish: (s0) => s0,
    constant: () => 0,
    categories: { prepare: prepareThresholds, finish: finishThresholds },
  },
  rowCost: 120,
  expectedValue: meanCategory(probitProbabilities),
  predict: predictCategory(Phi),
  ordinal: { categories: maxCategory, probabilities: probitProbabilities },
  classical: { glm: null, varianceScale: null },
  stan: { integerResponse: true, lpdf: 'cumulative_probit_lpmf(Y[n] | mu[n], disc, Intercept)', perRow: true, functions: STAN_FUNCTIONS_PROBIT.join('\n') },
  brms: { call: 'cumulative(link = "probit")' },
};

export const cumulative: Family = {
  name: 'cumulative',
  link: 'logit',
  links: ['logit', 'probit'],
  linkVariants: new Map([['probit', probit]]),
  priorLink: 'logit',
  params: [],
  // brms: `real disc = 1;` in transformed parameters, a draws column and a Family Specific row.
  fixedParams: [{ name: 'disc', value: 1 }],
  linksText: 'mu = logit; disc = identity',
  response: { needs: 'ordered categories 1..K', trials: false, twoLevelFactor: false, check: checkOrdinal },
  logLik: {
    sums: 1,
    usesTrials: false,
    prepare() {},
    row(y, e, _t, _c0, _c1, D, _fn, _c2, _c3, cv) {
      const tu = cv![y];
      const tl = cv![y - 1];
      const a = tu - e;
      const b = tl - e;
      const la = (a < 0 ? -a : 0) + Math.log1p(Math.exp(-Math.abs(a))); // -log F(a)
      const lb = (b > 0 ? b : 0) + Math.log1p(Math.exp(-Math.abs(b))); // -log(1 - F(b))
      const r = -Math.expm1(tl - tu); // 1 - e^(b - a)
      const up = Math.exp(lb - la - a) / r; // log(1 - F(a)) = -a - la
      const low = Math.exp(b - lb + la) / r; // log F(b) = b - lb
      D[1] = up;
      D[0] = low - up;
      return Math.log(r) - la - lb;
    },
    finish: (s0) => s0,
    constant: () => 0,
    categories: { prepare: prepareThresholds, finish: finishThresholds },
  },
  rowCost: 90,
  expectedValue: meanCategory(logitProbabilities),
  predict: predictCategory(logistic),
  discrete: true,
  ordinal: { categories: maxCategory, probabilities: logitProbabilities },
  // The category codes as numbers: a rough working scale for choosing the parameterisation.
  working: { stabilise: (y) => ({ w: y, weight: 1 }), information: 'flat' },
  classical: { glm: null, varianceScale: null },
  stan: { integerResponse: true, lpdf: 'ordered_logistic_lpmf(Y[n] | mu[n], Intercept)', perRow: true, functions: STAN_FUNCTIONS.join('\n') },
  brms: { call: 'cumulative(link = "logit")' },
  latex: { mean: '\\eta_{i}', distribution: '\\operatorname{Cumulative}(\\eta_{i}, \\tau_{1}, \\ldots, \\tau_{K-1})' },
};
