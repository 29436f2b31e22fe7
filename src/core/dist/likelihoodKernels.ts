// Fused likelihood kernels: one pass over the observations computing the log likelihood (with
// constants dropped, as Stan's `~`) and d lp / d eta for every observation, plus the partials of the
// family parameters (algorithms.md §f; the partials_propagator idea of Stan Math, one node with
// N edges). The dropped constants are available from likelihoodConstant().
import { LOG_SQRT_2PI, digamma, digammaRatio, lchoose, lgamma, lgammaRatio } from '../math/special';

/**
 * gaussian (identity link): sum_n normal(y_n | eta_n, sigma) without -N log sqrt(2 pi).
 * Writes dEta[n]; returns lp and puts d lp / d sigma in out[0].
 */
export function normalIdKernel(
  y: Float64Array, eta: Float64Array, n: number, sigma: number, dEta: Float64Array, out: Float64Array,
): number {
  const inv = 1 / sigma;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const r = (y[i] - eta[i]) * inv;
    ss += r * r;
    dEta[i] = r * inv;
  }
  out[0] = (ss - n) * inv;
  return -0.5 * ss - n * Math.log(sigma);
}

/**
 * student (identity link): sum_n student_t(y_n | nu, eta_n, sigma) without -N log(pi)/2.
 * Writes dEta; returns lp; out[0] = d/dsigma, out[1] = d/dnu.
 */
export function studentIdKernel(
  y: Float64Array, eta: Float64Array, n: number, sigma: number, nu: number, dEta: Float64Array, out: Float64Array,
): number {
  const s2nu = sigma * sigma * nu;
  const half = 0.5 * (nu + 1);
  let sumLog = 0;
  let sumFrac = 0; // sum t / (1 + t)
  for (let i = 0; i < n; i++) {
    const d = y[i] - eta[i];
    const q = s2nu + d * d;
    const t = (d * d) / s2nu;
    sumLog += Math.log1p(t);
    sumFrac += (d * d) / q;
    dEta[i] = (nu + 1) * d / q;
  }
  out[0] = (-n + (nu + 1) * sumFrac) / sigma;
  out[1] = n * 0.5 * (digamma(half) - digamma(0.5 * nu) - 1 / nu) - 0.5 * sumLog + (half / nu) * sumFrac;
  return n * (lgamma(half) - lgamma(0.5 * nu) - 0.5 * Math.log(nu) - Math.log(sigma)) - half * sumLog;
}

/**
 * bernoulli (logit link): sum_n y_n eta_n - log(1 + e^eta_n), evaluated as
 * y eta - max(eta, 0) - log1p(e^-|eta|). dEta[n] = y_n - inv_logit(eta_n).
 */
export function bernoulliLogitKernel(y: Float64Array, eta: Float64Array, n: number, dEta: Float64Array): number {
  let lp = 0;
  for (let i = 0; i < n; i++) {
    const e = eta[i];
    const a = Math.exp(-Math.abs(e));
    const p = e >= 0 ? 1 / (1 + a) : a / (1 + a);
    lp += y[i] * e - (e > 0 ? e : 0) - Math.log1p(a);
    dEta[i] = y[i] - p;
  }
  return lp;
}

/**
 * binomial (logit link): sum_n y_n eta_n - trials_n log(1 + e^eta_n) (log choose dropped).
 * dEta[n] = y_n - trials_n inv_logit(eta_n).
 */
export function binomialLogitKernel(
  y: Float64Array, trials: Float64Array, eta: Float64Array, n: number, dEta: Float64Array,
): number {
  let lp = 0;
  for (let i = 0; i < n; i++) {
    const e = eta[i];
    const a = Math.exp(-Math.abs(e));
    const p = e >= 0 ? 1 / (1 + a) : a / (1 + a);
    lp += y[i] * e - trials[i] * ((e > 0 ? e : 0) + Math.log1p(a));
    dEta[i] = y[i] - trials[i] * p;
  }
  return lp;
}

/** poisson (log link): sum_n y_n eta_n - e^eta_n (lgamma(y+1) dropped). dEta[n] = y_n - e^eta_n. */
export function poissonLogKernel(y: Float64Array, eta: Float64Array, n: number, dEta: Float64Array): number {
  let lp = 0;
  for (let i = 0; i < n; i++) {
    const mu = Math.exp(eta[i]);
    lp += y[i] * eta[i] - mu;
    dEta[i] = y[i] - mu;
  }
  return lp;
}

/**
 * negbinomial (log link, neg_binomial_2_log with shape phi): see negBinomial2Log.ts for the stable
 * form. lgamma(y + 1) dropped. Writes dEta; returns lp; out[0] = d/dphi.
 */
export function negBinomial2LogKernel(
  y: Float64Array, eta: Float64Array, n: number, phi: number, dEta: Float64Array, out: Float64Array,
): number {
  const logPhi = Math.log(phi);
  let lp = 0;
  let dPhi = 0;
  for (let i = 0; i < n; i++) {
    const yi = y[i];
    const d = eta[i] - logPhi;
    // p = inv_logit(d); l1mp = log(1 - p) = -log1p(e^d); logp = log p = d + l1mp
    const a = Math.exp(-Math.abs(d));
    const p = d >= 0 ? 1 / (1 + a) : a / (1 + a);
    const l1mp = -((d > 0 ? d : 0) + Math.log1p(a));
    lp += lgammaRatio(phi, yi) + yi * (d + l1mp) + phi * l1mp;
    dEta[i] = yi - (yi + phi) * p;
    dPhi += digammaRatio(phi, yi) + l1mp + p - (yi / phi) * (1 - p);
  }
  out[0] = dPhi;
  return lp;
}

/**
 * The constant a kernel drops, so kernel + constant is the full log likelihood (`_lpdf`).
 * trials is only read for binomial.
 */
export function likelihoodConstant(
  family: 'gaussian' | 'student' | 'bernoulli' | 'binomial' | 'poisson' | 'negbinomial',
  y: Float64Array, n: number, trials: Float64Array | null,
): number {
  switch (family) {
    case 'gaussian': return -n * LOG_SQRT_2PI;
    case 'student': return -n * 0.5 * Math.log(Math.PI);
    case 'bernoulli': return 0;
    case 'binomial': {
      if (!trials) throw new Error('likelihoodConstant: binomial needs trials');
      let s = 0;
      for (let i = 0; i < n; i++) s += lchoose(trials[i], y[i]);
      return s;
    }
    case 'poisson':
    case 'negbinomial': {
      let s = 0;
      for (let i = 0; i < n; i++) s -= lgamma(y[i] + 1);
      return s;
    }
  }
}
