// Checks a ModelStructure before compiling it, so bad input fails with a message that says what is
// wrong and where, instead of a NaN deep inside the sampler.
import type { GroupTerm, ModelStructure, PriorDensity } from '../types';
import { priorProblem } from '../dist/priorDensity';
import { FAMILY_REGISTRY, findLink, linkMessage } from '../families';

function checkPrior(p: PriorDensity | undefined, where: string): void {
  if (!p) return;
  const problem = priorProblem(p);
  if (problem) throw new Error(`buildModel: prior on ${where}: ${problem}`);
  if (p.dist === 'lkj') throw new Error(`buildModel: prior on ${where}: lkj applies only to correlations (class cor)`);
}

/** Throws an Error naming the first problem found. */
export function validateStructure(s: ModelStructure): void {
  const N = s.N;
  if (!Number.isInteger(N) || N < 1) throw new Error(`buildModel: the model needs at least one observation (N = ${N})`);
  if (s.y.length !== N) throw new Error(`buildModel: response has ${s.y.length} values but N = ${N}`);
  if (s.X.length !== N * s.K) throw new Error(`buildModel: X has ${s.X.length} entries, expected N x K = ${N} x ${s.K}`);
  if (s.bNames.length !== s.K || s.bPriors.length !== s.K) {
    throw new Error(`buildModel: K = ${s.K} but ${s.bNames.length} coefficient names and ${s.bPriors.length} priors`);
  }
  for (let i = 0; i < s.X.length; i++) {
    if (!Number.isFinite(s.X[i])) {
      throw new Error(`buildModel: predictor ${s.bNames[i % s.K]} is not finite in row ${Math.floor(i / s.K) + 1}`);
    }
  }
  if (s.offset) {
    if (s.offset.length !== N) throw new Error(`buildModel: offset has ${s.offset.length} values but N = ${N}`);
    for (let n = 0; n < N; n++) if (!Number.isFinite(s.offset[n])) throw new Error(`buildModel: offset is not finite in row ${n + 1}`);
  }
  const fam = FAMILY_REGISTRY.get(s.family);
  if (!fam) throw new Error(`buildModel: unknown family '${s.family}' (known: ${[...FAMILY_REGISTRY.keys()].join(', ')})`);
  if (s.link !== undefined && !findLink(fam, s.link)) throw new Error(`buildModel: ${linkMessage(fam, s.link)}`);
  for (let n = 0; n < N; n++) {
    const y = s.y[n];
    if (!Number.isFinite(y)) throw new Error(`buildModel: response is not finite in row ${n + 1} (${y})`);
  }
  const bad = fam.response.check(s.y, 'the response', (i) => i + 1);
  if (bad) throw new Error(`buildModel: ${bad}`);
  if (fam.logLik.usesTrials) {
    const t = s.trials;
    if (!t || t.length !== N) throw new Error(`buildModel: ${fam.name} needs trials for every row (y | trials(n))`);
    for (let n = 0; n < N; n++) {
      if (!Number.isInteger(t[n]) || t[n] < s.y[n]) {
        throw new Error(`buildModel: ${fam.name} trials must be integers at least the number of successes; row ${n + 1} has ${s.y[n]} successes of ${t[n]}`);
      }
    }
  }
  if (s.hasIntercept) checkPrior(s.interceptPrior, 'Intercept');
  if (fam.ordinal && !(s.thresholdPriors && s.thresholdPriors.length === fam.ordinal.categories(s.y) - 1)) {
    throw new Error(`buildModel: the ${fam.name} family needs one threshold prior per threshold (max(y) - 1 = ${fam.ordinal.categories(s.y) - 1})`);
  }
  if (!fam.ordinal && s.thresholdPriors) throw new Error(`buildModel: the ${fam.name} family has no thresholds`);
  s.thresholdPriors?.forEach((p, k) => checkPrior(p, `Intercept[${k + 1}]`));
  s.bPriors.forEach((p, k) => checkPrior(p, `b_${s.bNames[k]}`));
  const priors = s.familyPriors ?? [];
  for (const fp of priors) {
    if (!fam.params.some((p) => p.name === fp.name)) {
      throw new Error(`buildModel: the ${fam.name} family has no parameter '${fp.name}' (it has ${fam.params.map((p) => p.name).join(', ') || 'none'})`);
    }
    checkPrior(fp.prior, fp.name);
  }
  s.groups.forEach((g) => {
    const M = g.coefNames.length;
    const J = g.levels.length;
    if (M < 1) throw new Error(`buildModel: group term for ${g.group} has no coefficients`);
    if (J < 1) throw new Error(`buildModel: grouping factor ${g.group} has no levels`);
    if (g.index.length !== N) throw new Error(`buildModel: group index of ${g.group} has ${g.index.length} values but N = ${N}`);
    for (let n = 0; n < N; n++) {
      const j = g.index[n];
      if (!(j >= 0 && j < J)) throw new Error(`buildModel: group index of ${g.group} is ${j} in row ${n + 1}, outside 0..${J - 1}`);
    }
    if (g.Z.length !== M) throw new Error(`buildModel: group term for ${g.group} has ${M} coefficients but ${g.Z.length} Z columns`);
    g.Z.forEach((z, m) => {
      if (z.length !== N) throw new Error(`buildModel: Z column ${g.coefNames[m]} of ${g.group} has ${z.length} values but N = ${N}`);
      for (let n = 0; n < N; n++) {
        if (!Number.isFinite(z[n])) throw new Error(`buildModel: group-level predictor ${g.coefNames[m]} (${g.group}) is not finite in row ${n + 1}`);
      }
    });
    if (g.sdPriors.length !== M) throw new Error(`buildModel: group term for ${g.group} needs ${M} sd priors, got ${g.sdPriors.length}`);
    g.sdPriors.forEach((p, m) => checkPrior(p, `sd_${g.group}__${g.coefNames[m]}`));
    if (g.correlated && M > 1 && !(g.lkjEta > 0 && Number.isFinite(g.lkjEta))) {
      throw new Error(`buildModel: lkj eta for ${g.group} must be a positive number, got ${g.lkjEta}`);
    }
    if (g.parameterization !== 'noncentered' && g.parameterization !== 'centered' && g.parameterization !== 'hcentered') {
      throw new Error(`buildModel: parameterization of ${g.group} must be 'noncentered', 'centered' or 'hcentered', got '${String(g.parameterization)}'`);
    }
    if (g.parameterization === 'hcentered') {
      const why = hcenteredProblem(s, g);
      if (why) throw new Error(`buildModel: group term for ${g.group} cannot be centred on the population intercept: ${why}`);
    }
  });
  const absorbing = s.groups.filter((g) => g.parameterization === 'hcentered');
  if (absorbing.length > 1) {
    throw new Error(`buildModel: only one group term may be centred on the population intercept ('hcentered'), got ${absorbing.map((g) => g.group).join(', ')}`);
  }
}

/**
 * Why a group term cannot absorb the population intercept (parameterization 'hcentered'), or null
 * when it can: the model needs an intercept and the term's first coefficient must be its
 * intercept (named 'Intercept', Z all ones).
 */
export function hcenteredProblem(s: Pick<ModelStructure, 'hasIntercept' | 'thresholdPriors'>, g: Pick<GroupTerm, 'coefNames' | 'Z'>): string | null {
  if (!s.hasIntercept) return 'the model has no population intercept';
  if (s.thresholdPriors) return 'the model has ordinal thresholds instead of one intercept';
  if (g.coefNames[0] !== 'Intercept') return 'its first coefficient is not an intercept';
  const z = g.Z[0];
  for (let n = 0; n < z.length; n++) if (z[n] !== 1) return `its Intercept column is not all ones (row ${n + 1})`;
  return null;
}
