// Random initial values as Stan's services/util/initialize.hpp: every unconstrained coordinate
// uniform(-R, R), up to 100 attempts (1 when R = 0), rejecting attempts where the log density
// throws, is not finite, or has a non-finite gradient entry.
import type { LogDensity } from '../types';
import type { Rng } from './rng';

export const MAX_INIT_ATTEMPTS = 100;

export interface Initialized {
  position: Float64Array;
  logDensity: number;
  gradient: Float64Array;
  /** Log density evaluations used. */
  evaluations: number;
}

function coordinateName(target: LogDensity, i: number): string {
  const names = target.unconstrainedNames;
  return names && names[i] ? `"${names[i]}"` : `coordinate ${i + 1}`;
}

function evalSafe(target: LogDensity, q: Float64Array, g: Float64Array): { lp: number; error: string | null } {
  try {
    return { lp: target.logDensityGradient(q, g), error: null };
  } catch (e) {
    return { lp: NaN, error: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * Draws initial values. Throws an Error naming the parameter(s) with a non-finite value or
 * gradient when every attempt fails.
 */
export function initialize(target: LogDensity, rng: Rng, radius = 2): Initialized {
  if (!(radius >= 0) || !Number.isFinite(radius)) {
    throw new Error(`Init radius must be a finite number >= 0; got ${radius}.`);
  }
  const dim = target.dim;
  const q = new Float64Array(dim);
  const g = new Float64Array(dim);
  const attempts = radius === 0 ? 1 : MAX_INIT_ATTEMPTS;
  let evaluations = 0;
  let nValue = 0, nGrad = 0, nThrown = 0;
  let lastError = '';
  const badGradient = new Int32Array(dim);
  let lastValueFailure: Float64Array | null = null;
  for (let attempt = 0; attempt < attempts; attempt++) {
    for (let i = 0; i < dim; i++) q[i] = radius === 0 ? 0 : radius * (2 * rng.uniform() - 1);
    g.fill(0);
    const { lp, error } = evalSafe(target, q, g);
    evaluations++;
    if (error !== null) { nThrown++; lastError = error; lastValueFailure = Float64Array.from(q); continue; }
    if (!Number.isFinite(lp)) { nValue++; lastValueFailure = Float64Array.from(q); continue; }
    let gradOk = true;
    for (let i = 0; i < dim; i++) if (!Number.isFinite(g[i])) { badGradient[i]++; gradOk = false; }
    if (!gradOk) { nGrad++; continue; }
    return { position: q, logDensity: lp, gradient: g, evaluations };
  }

  const where = radius === 0 ? 'at zero' : `between (${-radius}, ${radius})`;
  const parts: string[] = [];
  if (nThrown > 0) parts.push(`the log density threw an error ${nThrown} time(s) (last: ${lastError})`);
  if (nValue > 0 || nThrown > 0) {
    let culprit = '';
    if (lastValueFailure !== null) {
      // Attribute the failure: which single coordinate, reset to 0, makes the log density finite?
      const names: string[] = [];
      for (let i = 0; i < dim && names.length < 5; i++) {
        q.set(lastValueFailure);
        q[i] = 0;
        const r = evalSafe(target, q, g);
        evaluations++;
        if (r.error === null && Number.isFinite(r.lp)) names.push(coordinateName(target, i));
      }
      if (names.length > 0) culprit = `; it becomes finite when ${names.join(' or ')} is set to 0, so look there first`;
    }
    if (nValue > 0) parts.push(`the log density was not finite ${nValue} time(s)${culprit}`);
    else if (culprit) parts.push(culprit.slice(2));
  }
  if (nGrad > 0) {
    const idx = Array.from(badGradient.keys()).filter((i) => badGradient[i] > 0).sort((a, b) => badGradient[b] - badGradient[a]);
    const named = idx.slice(0, 5).map((i) => coordinateName(target, i)).join(', ');
    parts.push(`the gradient was not finite ${nGrad} time(s), in ${named}${idx.length > 5 ? ' and others' : ''}`);
  }
  throw new Error(
    `Initialization ${where} failed after ${attempts} attempt(s): ${parts.join('; ')}. ` +
    'Check the data and priors for values that make the model undefined (e.g. a zero or negative scale, ' +
    'log of a non-positive number), or try a smaller init radius.',
  );
}
