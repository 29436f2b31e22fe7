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
import type { Family } from './types';
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

/** P(y = k + 1) = F(tau_{k+1} - e) - F(tau_k - e) into out[0..K). */
function logitProbabilities(e: number, tau: ArrayLike<number>, out: Float64Array): void {
  let below = 0;
  for (let k = 0; k < tau.length; k++) {
    const c = logistic(tau[k] - e);
    out[k] = c - below;
    below = c;
  }
  out[tau.length] = 1 - below;
}

/** sum_k k P(y = k): the mean response on the category scale 1..K. */
function meanCategory(e: number, tau: ArrayLike<number>): number {
  const p = new Float64Array(tau.length + 1);
  logitProbabilities(e, tau, p);
  let m = 0;
  for (let k = 0; k < p.length; k++) m += (k + 1) * p[k];
  return m;
}

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

export const cumulative: Family = {
  name: 'cumulative',
  link: 'logit',
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
    row(y, e, _t, _c0, _c1, D, _fn, cv) {
      const tu = cv[y];
      const tl = cv[y - 1];
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
  expectedValue: (e, _t, par) => meanCategory(e, par),
  predict(e, _t, par, u) {
    const v = u();
    for (let k = 0; k < par.length; k++) if (v <= logistic(par[k] - e)) return k + 1;
    return par.length + 1;
  },
  discrete: true,
  ordinal: {
    categories(y) {
      let m = 0;
      for (let i = 0; i < y.length; i++) if (y[i] > m) m = y[i];
      return m;
    },
    probabilities: logitProbabilities,
  },
  // The category codes as numbers: a rough working scale for choosing the parameterisation.
  working: { stabilise: (y) => ({ w: y, weight: 1 }), information: 'flat' },
  classical: { glm: null, varianceScale: null },
  stan: { integerResponse: true, lpdf: 'ordered_logistic_lpmf(Y[n] | mu[n], Intercept)', rowwise: true, functions: STAN_FUNCTIONS },
  brms: { call: 'cumulative(link = "logit")' },
  latex: { mean: '\\eta_{i}', distribution: '\\operatorname{Cumulative}(\\eta_{i}, \\tau_{1}, \\ldots, \\tau_{K-1})' },
};
