// The posterior mode on the unconstrained scale, Jacobian included (the density NUTS samples; Stan's
// laplace_sample and Pathfinder use the same one, i.e. optimize with jacobian=true): L-BFGS on
// -log p from a few random inits drawn exactly as the sampler draws them (initialize.ts,
// uniform(-R, R), start s using chain s's stream). The best converged start wins; starts whose modes
// disagree are reported, since a Gaussian at one of several modes misses the others.
import { initialize } from '../sampler/initialize';
import { createChainRng } from '../sampler/rng';
import type { LogDensity } from '../types';
import { LBFGS_DEFAULTS, lbfgsMinimize, type LbfgsOptions, type LbfgsStatus } from './lbfgs';

export interface ModeOptions {
  /** Random starts (default 4, as the chains). */
  starts: number;
  seed: number;
  initRadius: number;
  lbfgs: Partial<LbfgsOptions>;
}

export const MODE_DEFAULTS: ModeOptions = { starts: 4, seed: 1, initRadius: 2, lbfgs: {} };

export interface ModeStart {
  start: number;
  status: LbfgsStatus;
  converged: boolean;
  lp: number;
  iterations: number;
  evaluations: number;
  message: string;
}

export interface ModeResult {
  /** 'converged': the best start converged; 'notConverged': none did (best point returned);
   *  'failed': no start had a finite log density (mode, lp are then NaN). */
  status: 'converged' | 'notConverged' | 'failed';
  mode: Float64Array;
  lp: number;
  gradient: Float64Array;
  /** Start (1-based) whose result is used. */
  best: number;
  starts: ModeStart[];
  /** Converged starts whose lp differs from the best by more than 0.5 (another local mode). */
  otherModes: number;
  iterations: number;
  evaluations: number;
  /** Plain-language notes for the user (not converged, several modes, init failures). */
  notes: string[];
}

/** Runs L-BFGS on -lp from `starts` random inits. Never throws for a bad model: says so in the result. */
export function findMode(target: LogDensity, options: Partial<ModeOptions> = {}): ModeResult {
  const o = { ...MODE_DEFAULTS, ...options };
  const neg = (x: Float64Array, g: Float64Array): number => {
    const lp = target.logDensityGradient(x, g);
    for (let i = 0; i < g.length; i++) g[i] = -g[i];
    return -lp;
  };
  const runs: { start: ModeStart; x: Float64Array; g: Float64Array }[] = [];
  const notes: string[] = [];
  let evaluations = 0;
  for (let s = 1; s <= o.starts; s++) {
    let x0: Float64Array;
    try {
      const init = initialize(target, createChainRng(o.seed, s), o.initRadius);
      evaluations += init.evaluations;
      x0 = init.position;
    } catch (e) {
      notes.push(`Start ${s}: ${e instanceof Error ? e.message : String(e)}`);
      continue;
    }
    let r = lbfgsMinimize(neg, x0, o.lbfgs);
    evaluations += r.evaluations;
    if (r.status === 'lineSearchFailed' && r.iterations <= 1) {
      // Stan's first step is initAlpha x the gradient; at an init where |grad| is ~1e10 (a tiny
      // sigma against a large response), ten halvings cannot bring it back to where log p is finite
      // and Stan gives up. Retry once with the first step's length capped at initAlpha.
      const alpha = (o.lbfgs.initAlpha ?? LBFGS_DEFAULTS.initAlpha) / Math.max(1, norm(r.gradient));
      r = lbfgsMinimize(neg, x0, { ...o.lbfgs, initAlpha: alpha });
      evaluations += r.evaluations;
    }
    const g = r.gradient.map((v) => -v);
    runs.push({ x: r.x, g, start: { start: s, status: r.status, converged: r.converged, lp: -r.value, iterations: r.iterations, evaluations: r.evaluations, message: r.message } });
  }
  return chooseBest(runs, notes, evaluations, target.dim);
}

function norm(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

function chooseBest(runs: { start: ModeStart; x: Float64Array; g: Float64Array }[], notes: string[], evaluations: number, dim: number): ModeResult {
  const starts = runs.map((r) => r.start);
  const iterations = starts.reduce((a, s) => a + s.iterations, 0);
  const finite = runs.filter((r) => Number.isFinite(r.start.lp));
  if (finite.length === 0) {
    notes.push('No start reached a finite log density, so there is no approximation.');
    return { status: 'failed', mode: new Float64Array(dim).fill(NaN), lp: NaN, gradient: new Float64Array(dim).fill(NaN), best: 0, starts, otherModes: 0, iterations, evaluations, notes };
  }
  const converged = finite.filter((r) => r.start.converged);
  const pool = converged.length > 0 ? converged : finite;
  const best = pool.reduce((a, b) => (b.start.lp > a.start.lp ? b : a));
  const otherModes = converged.filter((r) => best.start.lp - r.start.lp > 0.5).length;
  if (converged.length === 0) {
    notes.push(`The optimizer did not converge from any of ${runs.length} start(s) (best: ${best.start.message}); the approximation is centred on the best point found, not on a mode.`);
  }
  if (otherModes > 0) {
    notes.push(`${otherModes} start(s) converged to a different mode with a lower log density than the best (by more than 0.5): the posterior may be multimodal, which a single Gaussian cannot represent.`);
  }
  return {
    status: converged.length > 0 ? 'converged' : 'notConverged', mode: best.x, lp: best.start.lp, gradient: best.g,
    best: best.start.start, starts, otherModes, iterations, evaluations, notes,
  };
}
