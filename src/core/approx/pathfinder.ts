// Single-path Pathfinder (Zhang, Carpenter, Gelman & Vehtari 2022, JMLR 23(306), Algorithm 1): along
// the L-BFGS path x_0, x_1, ... towards the mode, fit at each iterate l the Gaussian
// N(mu_l, Sigma_l) with Sigma_l the L-BFGS inverse Hessian there and mu_l = x_l + Sigma_l grad log p(x_l)
// (a quasi-Newton step), estimate its ELBO = E_q[log p - log q] from K draws, and return draws from
// the one with the largest ELBO. On hierarchical models the path crosses the typical set before it
// runs up the ridge or funnel to the joint mode, which is where a Laplace approximation fails.
// As Stan's services/pathfinder/single.hpp (stan-dev/stan commit a133e1db): the initial inverse
// Hessian is diagonal, updated from each pair that passes the curvature check (s'y > 0 and
// y'y / s'y <= 1e12) by Gilbert & Lemarechal's (1989) eq. 4.9 (form_diag), and Sigma_l is the BFGS
// inverse Hessian from it and the last `historySize` pairs. Differences, said here so the comparison
// is fair: only pairs that pass the check enter the history (Stan keeps every pair), and Sigma_l is
// formed densely by the BFGS recursion (O(dim^2) memory, a dim^3 / 3 Cholesky per iterate) instead
// of Stan's compact form with thin QR for large dims, so it is limited to maxDim.
// Defaults as Stan's pathfinder: K = 25 ELBO draws, history 5, 1000 draws.
import { choleskyDecompose } from '../math/cholesky';
import { createChainRng, type Rng } from '../sampler/rng';
import { initialize } from '../sampler/initialize';
import { lbfgsMinimize, type LbfgsOptions, type LbfgsStatus } from './lbfgs';
import { PARETO_K_UNRELIABLE, paretoKNote, paretoKOfRatios } from './importance';
import type { ApproxTarget } from './laplace';

export interface PathfinderOptions {
  seed: number;
  initRadius: number;
  elboDraws: number;
  draws: number;
  historySize: number;
  maxDim: number;
  lbfgs: Partial<LbfgsOptions>;
}

export const PATHFINDER_DEFAULTS: PathfinderOptions = {
  seed: 1, initRadius: 2, elboDraws: 25, draws: 1000, historySize: 5, maxDim: 300, lbfgs: { maxIterations: 1000 },
};

export interface PathfinderResult {
  status: 'ok' | 'failed';
  names: string[];
  /** nDraws x names.length, row-major. */
  draws: Float64Array;
  nDraws: number;
  /** Pareto k of the importance ratios over the draws (importance.ts). */
  paretoK: number;
  /** Iterate (0 = the init) whose approximation was chosen, its ELBO, and the path length. */
  bestIteration: number;
  elbo: number;
  pathLength: number;
  lbfgsStatus: LbfgsStatus | null;
  /** Log density + gradient evaluations in all. */
  evaluations: number;
  notes: string[];
}

/**
 * Dense BFGS inverse Hessian from diag(alpha) and (s, y) pairs, oldest first:
 * H <- V' H V + rho s s', V = I - rho y s', rho = 1 / y's (Nocedal & Wright 2006, eq. 6.17).
 */
export function denseInverseHessian(pairs: { s: Float64Array; y: Float64Array }[], n: number, alpha: Float64Array): Float64Array {
  const H = new Float64Array(n * n);
  for (let i = 0; i < n; i++) H[i * n + i] = alpha[i];
  const u = new Float64Array(n);
  for (const { s, y } of pairs) {
    const rho = 1 / dot(y, s);
    for (let i = 0; i < n; i++) { let v = 0; for (let j = 0; j < n; j++) v += H[i * n + j] * y[j]; u[i] = v; }
    const c = rho * rho * dot(y, u) + rho;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) H[i * n + j] += -rho * (s[i] * u[j] + u[i] * s[j]) + c * s[i] * s[j];
    }
  }
  return H;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/**
 * Gilbert & Lemarechal's diagonal update (their eq. 4.9; Stan's form_diag):
 * alpha_i <- y's / (y'Ay / alpha_i + y_i^2 - (y'Ay / s'A^-1 s) (s_i / alpha_i)^2), A = diag(alpha).
 */
export function updateDiagonal(alpha: Float64Array, s: Float64Array, y: Float64Array): void {
  const n = alpha.length;
  let yAy = 0, sy = 0, sAs = 0;
  for (let i = 0; i < n; i++) { yAy += y[i] * alpha[i] * y[i]; sy += y[i] * s[i]; sAs += s[i] * s[i] / alpha[i]; }
  for (let i = 0; i < n; i++) {
    const r = s[i] / alpha[i];
    alpha[i] = sy / (yAy / alpha[i] + y[i] * y[i] - (yAy / sAs) * r * r);
  }
}

interface Fit { mu: Float64Array; C: Float64Array; logDetC: number }

/** N(mu, Sigma) at iterate x with gradient g of log p: mu = x + Sigma g, C = chol(Sigma). */
function fitAt(x: Float64Array, g: Float64Array, pairs: { s: Float64Array; y: Float64Array }[], n: number, alpha: Float64Array): Fit | null {
  const H = denseInverseHessian(pairs, n, alpha);
  const C = new Float64Array(n * n);
  if (!choleskyDecompose(H, n, C)) return null;
  const mu = new Float64Array(n);
  for (let i = 0; i < n; i++) { let v = x[i]; for (let j = 0; j < n; j++) v += H[i * n + j] * g[j]; mu[i] = v; }
  let logDetC = 0;
  for (let i = 0; i < n; i++) logDetC += Math.log(C[i * n + i]);
  return { mu, C, logDetC };
}

/** theta = mu + C z; returns log q(theta) up to the constant -n/2 log(2 pi). */
function drawFrom(fit: Fit, rng: Rng, z: Float64Array, theta: Float64Array): number {
  const n = z.length;
  let zz = 0;
  for (let i = 0; i < n; i++) { z[i] = rng.normal(); zz += z[i] * z[i]; }
  for (let i = 0; i < n; i++) {
    let v = fit.mu[i];
    for (let k = 0; k <= i; k++) v += fit.C[i * n + k] * z[k];
    theta[i] = v;
  }
  return -0.5 * zz - fit.logDetC;
}

function elboOf(target: ApproxTarget, fit: Fit, rng: Rng, K: number, buf: { z: Float64Array; theta: Float64Array; g: Float64Array }): number {
  let sum = 0;
  for (let k = 0; k < K; k++) {
    const logQ = drawFrom(fit, rng, buf.z, buf.theta);
    const lp = target.logDensityGradient(buf.theta, buf.g);
    if (!Number.isFinite(lp)) return -Infinity;
    sum += lp - logQ;
  }
  return sum / K;
}

function failedResult(names: string[], notes: string[], evaluations: number, status: LbfgsStatus | null = null): PathfinderResult {
  return { status: 'failed', names, draws: new Float64Array(0), nDraws: 0, paretoK: NaN, bestIteration: -1, elbo: NaN, pathLength: 0, lbfgsStatus: status, evaluations, notes };
}

/** Single-path Pathfinder from one init drawn as chain 1's. Never throws for a bad model. */
export function pathfinder(target: ApproxTarget, options: Partial<PathfinderOptions> = {}): PathfinderResult {
  const o = { ...PATHFINDER_DEFAULTS, ...options };
  const n = target.dim;
  const names = target.writeDraw && target.outputNames ? target.outputNames : target.unconstrainedNames;
  if (n > o.maxDim) return failedResult(names, [`Pathfinder (dense) is limited to ${o.maxDim} parameters; this model has ${n}.`], 0);
  let x0: Float64Array;
  let evaluations = 0;
  try {
    const init = initialize(target, createChainRng(o.seed, 1), o.initRadius);
    x0 = init.position;
    evaluations += init.evaluations;
  } catch (e) {
    return failedResult(names, [e instanceof Error ? e.message : String(e)], evaluations);
  }
  const rng = createChainRng(o.seed, 0);
  const buf = { z: new Float64Array(n), theta: new Float64Array(n), g: new Float64Array(n) };
  const pairs: { s: Float64Array; y: Float64Array }[] = [];
  const alpha = new Float64Array(n).fill(1);
  let prevX: Float64Array | null = null, prevG: Float64Array | null = null;
  let best: Fit | null = null, bestElbo = -Infinity, bestIteration = -1, l = -1;
  const neg = (x: Float64Array, g: Float64Array): number => {
    const lp = target.logDensityGradient(x, g);
    for (let i = 0; i < n; i++) g[i] = -g[i];
    return -lp;
  };
  const trace = (x: Float64Array, _f: number, gradF: Float64Array): void => {
    l++;
    const g = gradF.map((v) => -v); // gradient of log p
    if (prevX && prevG) {
      const s = new Float64Array(n), y = new Float64Array(n);
      for (let i = 0; i < n; i++) { s[i] = x[i] - prevX[i]; y[i] = prevG[i] - g[i]; } // y: change in grad(-log p)
      const sy = dot(s, y);
      if (sy > 0 && dot(y, y) / sy <= 1e12) {
        updateDiagonal(alpha, s, y);
        pairs.push({ s, y });
        if (pairs.length > o.historySize) pairs.shift();
      }
    }
    prevX = Float64Array.from(x); prevG = g;
    if (pairs.length === 0) return;
    const fit = fitAt(x, g, pairs, n, alpha);
    if (!fit) return;
    const elbo = elboOf(target, fit, rng, o.elboDraws, buf);
    evaluations += o.elboDraws;
    if (elbo > bestElbo) { bestElbo = elbo; best = fit; bestIteration = l; }
  };
  const r = lbfgsMinimize(neg, x0, { historySize: o.historySize, ...o.lbfgs }, trace);
  evaluations += r.evaluations;
  const chosen = best as Fit | null;
  if (!chosen) return failedResult(names, [`No approximation along the optimization path had a finite ELBO (L-BFGS: ${r.message}).`], evaluations, r.status);
  const P = names.length;
  const draws = new Float64Array(o.draws * P);
  const out = new Float64Array(P);
  const logRatios = new Float64Array(o.draws);
  for (let d = 0; d < o.draws; d++) {
    const logQ = drawFrom(chosen, rng, buf.z, buf.theta);
    logRatios[d] = target.logDensityGradient(buf.theta, buf.g) - logQ;
    if (target.writeDraw) target.writeDraw(buf.theta, out);
    else out.set(buf.theta);
    draws.set(out, d * P);
  }
  evaluations += o.draws;
  const paretoK = paretoKOfRatios(logRatios);
  const notes: string[] = [];
  if (!(paretoK <= PARETO_K_UNRELIABLE)) notes.push(paretoKNote(paretoK, 'Pathfinder approximation'));
  if (!r.converged) notes.push(`The optimization path ended without converging (${r.message}); the best approximation along it is used.`);
  return { status: 'ok', names, draws, nDraws: o.draws, paretoK, bestIteration, elbo: bestElbo, pathLength: l + 1, lbfgsStatus: r.status, evaluations, notes };
}
