import { describe, expect, test } from 'vitest';
import type { LogDensity } from '../../../src/core/types';
import { runChain, target } from './helpers';

// Rubin's eight schools (Gelman et al., BDA3 5.5), the standard funnel example: mu ~ N(0, 5),
// tau ~ half-Cauchy(0, 5), sampled on log tau (Jacobian included).
const Y = [28, 8, -3, 7, -1, 1, 18, 12];
const SIGMA = [15, 10, 16, 11, 9, 11, 10, 18];
const J = 8;

/** theta_j ~ N(mu, tau) sampled directly: the funnel. Coordinates: mu, log tau, theta[1..8]. */
const centered: LogDensity = target(J + 2, (q, g) => {
  const mu = q[0], eta = q[1], tau = Math.exp(eta);
  const u = tau / 5;
  let lp = -(mu * mu) / 50 - Math.log1p(u * u) + eta;
  let dMu = -mu / 25;
  let dEta = (-2 * u * u) / (1 + u * u) + 1;
  for (let j = 0; j < J; j++) {
    const th = q[2 + j];
    const d = th - mu;
    const r = (Y[j] - th) / (SIGMA[j] * SIGMA[j]);
    lp += -(d * d) / (2 * tau * tau) - eta - 0.5 * (Y[j] - th) * r;
    dMu += d / (tau * tau);
    dEta += (d * d) / (tau * tau) - 1;
    g[2 + j] = -d / (tau * tau) + r;
  }
  g[0] = dMu;
  g[1] = dEta;
  return lp;
}, ['mu', 'log tau', ...Y.map((_, j) => `theta[${j + 1}]`)]);

/** theta_j = mu + tau z_j with z_j ~ N(0, 1). Coordinates: mu, log tau, z[1..8]. */
const nonCentered: LogDensity = target(J + 2, (q, g) => {
  const mu = q[0], eta = q[1], tau = Math.exp(eta);
  const u = tau / 5;
  let lp = -(mu * mu) / 50 - Math.log1p(u * u) + eta;
  let dMu = -mu / 25;
  let dEta = (-2 * u * u) / (1 + u * u) + 1;
  for (let j = 0; j < J; j++) {
    const z = q[2 + j];
    const e = Y[j] - mu - tau * z;
    const r = e / (SIGMA[j] * SIGMA[j]);
    lp += -0.5 * z * z - 0.5 * e * r;
    dMu += r;
    dEta += r * tau * z;
    g[2 + j] = -z + tau * r;
  }
  g[0] = dMu;
  g[1] = dEta;
  return lp;
}, ['mu', 'log tau', ...Y.map((_, j) => `z[${j + 1}]`)]);

function checkGradient(t: LogDensity, q: number[]): number {
  const g = new Float64Array(t.dim), tmp = new Float64Array(t.dim);
  t.logDensityGradient(Float64Array.from(q), g);
  let worst = 0;
  for (let i = 0; i < t.dim; i++) {
    const h = 1e-6;
    const a = Float64Array.from(q), b = Float64Array.from(q);
    a[i] += h; b[i] -= h;
    const fd = (t.logDensityGradient(a, tmp) - t.logDensityGradient(b, tmp)) / (2 * h);
    worst = Math.max(worst, Math.abs(fd - g[i]) / Math.max(1, Math.abs(fd)));
  }
  return worst;
}

function divergences(t: LogDensity, adaptDelta: number, adaptation: 'fast' | 'stan' = 'fast', chains = 4): { divergent: number; draws: number; tauMean: number } {
  let divergent = 0, draws = 0, tauSum = 0;
  for (let c = 1; c <= chains; c++) {
    const out = runChain(t, { warmup: 1000, iter: 1000, seed: 1234, adaptDelta, adaptation }, c);
    for (let i = 0; i < out.stats[5].length; i++) { divergent += out.stats[5][i]; tauSum += Math.exp(out.draws[1][i]); }
    draws += out.stats[5].length;
  }
  return { divergent, draws, tauMean: tauSum / draws };
}

// Betancourt's case study "Diagnosing biased inference with divergences" (Stan, 4 x 1000 draws):
// centred ~2-5% divergent transitions that a higher adapt_delta does not remove; non-centred about
// 0.1% at adapt_delta 0.8 and none at 0.9.
describe('eight schools', () => {
  test('hand gradients match central finite differences', () => {
    const q = [1.3, 0.7, 3, -1, 2, 0.5, -2, 1, 4, 0.2];
    expect(checkGradient(centered, q)).toBeLessThan(1e-6);
    expect(checkGradient(nonCentered, q)).toBeLessThan(1e-6);
  });

  test('the centred parameterisation produces divergences (the funnel), even with adapt_delta 0.95 (Stan adaptation)', () => {
    expect(divergences(centered, 0.8, 'stan').divergent).toBeGreaterThan(20);
    expect(divergences(centered, 0.95, 'stan').divergent).toBeGreaterThan(5);
  });

  // Counts per 4 chains vary widely (fast, 0.95: 0 to 101 over six seeds, before and after the
  // running estimate), so 8 chains are pooled.
  test('the fast adaptation still reports the funnel with divergences', () => {
    const r8 = divergences(centered, 0.8, 'fast', 8), r95 = divergences(centered, 0.95, 'fast', 8);
    console.log('centred eight schools, fast adaptation: divergences', r8.divergent, r95.divergent);
    expect(r8.divergent).toBeGreaterThan(5);
    expect(r95.divergent).toBeGreaterThan(0);
  });

  test('the non-centred parameterisation has (almost) no divergences at 0.8 and none at 0.9', () => {
    const r = divergences(nonCentered, 0.8);
    expect(r.divergent / r.draws).toBeLessThan(0.002);
    expect(divergences(nonCentered, 0.9).divergent).toBe(0);
    // It explores the funnel's neck: posterior mean of tau about 3.6, as Stan reports.
    expect(r.tauMean).toBeGreaterThan(3.2);
    expect(r.tauMean).toBeLessThan(4);
  });
});
