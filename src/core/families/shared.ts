// Pieces several families share: inverse links, random variates for posterior predictive draws
// (seeded uniforms in, so replicated data are reproducible), response checks and working models.

import type { LinkName } from './types';

/** The link applied to x in LaTeX: x, \\log(x), \\operatorname{logit}(x). */
export function linkLatex(link: LinkName, x: string): string {
  if (link === 'identity') return x;
  return link === 'log' ? `\\log(${x})` : `\\operatorname{${link}}(${x})`;
}

/** Inverse logit without overflow: 1 / (1 + e^-x). */
export const logistic = (x: number): number => 1 / (1 + Math.exp(-x));

/** Standard normal by Box-Muller (two uniforms). */
export function normalVariate(u: () => number): number {
  return Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

/** Gamma(shape, 1) by Marsaglia and Tsang (2000); shape < 1 boosted with U^(1/shape). */
export function gammaVariate(u: () => number, shape: number): number {
  if (shape < 1) return gammaVariate(u, shape + 1) * Math.pow(u(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do { x = normalVariate(u); v = 1 + c * x; } while (v <= 0);
    v = v * v * v;
    const w = u();
    if (w < 1 - 0.0331 * x * x * x * x || Math.log(w) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** log of a Gamma(shape, 1) draw, finite for tiny shapes: log G(shape + 1) + log(U) / shape. */
export function logGammaVariate(u: () => number, shape: number): number {
  return shape < 1 ? Math.log(gammaVariate(u, shape + 1)) + Math.log(u()) / shape : Math.log(gammaVariate(u, shape));
}

/** Poisson: multiplication method for small means, normal approximation (rounded) above 50. */
export function poissonVariate(u: () => number, lambda: number): number {
  if (!(lambda > 0)) return 0;
  if (lambda > 50) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * normalVariate(u)));
  const L = Math.exp(-lambda);
  let k = 0;
  let p = u();
  while (p > L) { k++; p *= u(); }
  return k;
}

/** Binomial: sum of Bernoulli draws up to 200 trials, normal approximation (clamped) beyond. */
export function binomialVariate(u: () => number, n: number, p: number): number {
  if (n <= 200) {
    let k = 0;
    for (let i = 0; i < n; i++) if (u() < p) k++;
    return k;
  }
  const v = Math.round(n * p + Math.sqrt(n * p * (1 - p)) * normalVariate(u));
  return Math.min(n, Math.max(0, v));
}

export const isCount = (v: number): boolean => Number.isInteger(v) && v >= 0;

/** Index of the first value failing ok, or -1. */
export function firstBad(y: Float64Array, ok: (v: number) => boolean): number {
  for (let i = 0; i < y.length; i++) if (!ok(y[i])) return i;
  return -1;
}

/** The count families' response check (poisson, negbinomial). */
export function checkCounts(family: string) {
  return (y: Float64Array, label: string, row: (i: number) => number): string | null => {
    const b = firstBad(y, isCount);
    return b < 0 ? null : `The ${family} family needs non-negative whole-number counts, but ${label} is ${y[b]} at data row ${row(b)}.`;
  };
}

/** Any finite number is a valid response (gaussian, student). */
export const anyNumber = (): string | null => null;

/** Working models for chooseParameterization.ts (see WorkingModel). */
export const WORKING_IDENTITY = { stabilise: (y: number) => ({ w: y, weight: 1 }), information: 'flat' as const };
/** Anscombe (1948): 2 sqrt(y + 3/8) has variance ~1 for Poisson counts. */
export const WORKING_COUNT = { stabilise: (y: number) => ({ w: 2 * Math.sqrt(y + 0.375), weight: 1 }), information: 'count' as const };

/** The positive-response check (lognormal): counts the non-positive values, names the first. */
export function checkPositive(family: string) {
  return (y: Float64Array, label: string, row: (i: number) => number): string | null => {
    const b = firstBad(y, (v) => v > 0);
    if (b < 0) return null;
    let count = 0;
    for (let i = 0; i < y.length; i++) if (!(y[i] > 0)) count++;
    return `The ${family} family needs positive values, but ${label} has ${count} value${count === 1 ? '' : 's'} of 0 or below (the first, ${y[b]}, at data row ${row(b)}). Drop or recode those rows, or pick gaussian.`;
  };
}
