// lkj_corr_cholesky(L | eta) for the Cholesky factor L (K x K, row-major, lower) of a correlation
// matrix: log p(L) = log c_K(eta) + sum_{i=2..K} (K - i + 2 eta - 2) log L_ii
// (Stan Math lkj_corr_cholesky_lpdf.hpp; i is 1-based). The normalising constant is
// Lewandowski, Kurowicka & Joe (2009): the LKJ density c det(R)^(eta-1) has
// 1/c = prod_{k=1}^{K-1} [2^{(2 eta - 2 + K - k)(K - k)} B(b_k, b_k)^(K-k)], b_k = eta + (K-k-1)/2.
import { LOG_2, digamma, lbeta } from '../math/special';
import { outsideSupport } from './domain';

/** log c_K(eta), the LKJ normalising constant (log of the density's multiplier). */
export function lkjLogConstant(eta: number, K: number): number {
  let s = 0;
  for (let k = 1; k < K; k++) {
    const b = eta + 0.5 * (K - k - 1);
    s += (2 * eta - 2 + K - k) * (K - k) * LOG_2 + (K - k) * lbeta(b, b);
  }
  return -s;
}

function lkjLogConstantDeta(eta: number, K: number): number {
  let s = 0;
  for (let k = 1; k < K; k++) {
    const b = eta + 0.5 * (K - k - 1);
    s += 2 * (K - k) * LOG_2 + (K - k) * 2 * (digamma(b) - digamma(2 * b));
  }
  return -s;
}

/**
 * log lkj_corr_cholesky(L | eta). gradL (optional, length K*K) receives d/dL (only the diagonal is
 * non-zero); gradEta (optional, length 1) receives d/deta. `propto` drops log c_K(eta).
 * A non-positive diagonal or eta <= 0: -Infinity.
 */
export function lkjCorrCholeskyLpdf(
  L: Float64Array, K: number, eta: number, propto = false, gradL?: Float64Array, gradEta?: Float64Array,
): number {
  if (!(eta > 0) || !Number.isFinite(eta)) {
    if (gradEta) gradEta[0] = 0;
    return outsideSupport(gradL, K * K);
  }
  if (gradL) for (let i = 0; i < K * K; i++) gradL[i] = 0; // a loop: fill()'s fixed cost dominates for K*K entries
  let lp = 0;
  let dEta = 0;
  for (let i = 1; i < K; i++) {
    const lii = L[i * K + i];
    if (!(lii > 0)) {
      if (gradEta) gradEta[0] = 0;
      return outsideSupport(gradL, K * K);
    }
    const coef = K - (i + 1) + 2 * eta - 2;
    if (gradL) gradL[i * K + i] = coef / lii;
    if (coef === 0 && !gradEta) continue; // LKJ(1) in 2-d: the term is 0 * log L_ii, skip the log
    const logLii = Math.log(lii);
    lp += coef * logLii;
    dEta += 2 * logLii;
  }
  if (!propto) {
    lp += lkjLogConstant(eta, K);
    dEta += lkjLogConstantDeta(eta, K);
  }
  if (gradEta) gradEta[0] = dEta;
  return lp;
}
