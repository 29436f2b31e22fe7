// Hand-built ModelStructure objects with simulated data for the model tests (seeded, no design code).
import { getFamily } from '../../../src/core/families';
import type { FamilyName, GroupParameterization, GroupTerm, ModelStructure, PriorDensity } from '../../../src/core/types';

/** Small seeded generator (mulberry32) so every test is deterministic. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface TermSpec {
  group: string;
  J: number;
  /** Coefficient names; 'Intercept' gets Z = 1, others a random predictor. */
  coefs: string[];
  correlated: boolean;
  parameterization?: GroupParameterization;
  /** Derive the index from another term's index (nesting): level = parent * per + k. */
}

export interface StructureSpec {
  family: FamilyName;
  N: number;
  K: number;
  hasIntercept: boolean;
  terms: TermSpec[];
  offset?: boolean;
  seed?: number;
}

const halfT: PriorDensity = { dist: 'student_t', nu: 3, mu: 0, sigma: 2.5 };

/** Priors of the distributional parameters, by name. */
const FAMILY_PRIORS: Record<string, PriorDensity> = {
  sigma: halfT, nu: { dist: 'gamma', shape: 2, rate: 0.1 }, shape: { dist: 'gamma', shape: 0.01, rate: 0.01 },
  zi: { dist: 'beta', alpha: 1, beta: 1 }, hu: { dist: 'beta', alpha: 2, beta: 3 },
};

/** Simulated responses per family (trials drawn first when the family has them). */
const SIMULATE: Record<string, { trials: boolean; y: (u: () => number, n: number, t: number) => number }> = {
  gaussian: { trials: false, y: (u, n) => 3 + 2 * (u() - 0.5) + (n % 3) },
  student: { trials: false, y: (u, n) => 3 + 2 * (u() - 0.5) + (n % 3) },
  bernoulli: { trials: false, y: (u) => (u() < 0.4 ? 1 : 0) },
  binomial: { trials: true, y: (u, _n, t) => Math.floor(u() * (t + 1)) },
  poisson: { trials: false, y: (u, n) => Math.floor(u() * 8) * (n % 4 === 0 ? 0 : 1) },
  negbinomial: { trials: false, y: (u, n) => Math.floor(u() * 8) * (n % 4 === 0 ? 0 : 1) },
  zero_inflated_poisson: { trials: false, y: (u, n) => Math.floor(u() * 8) * (n % 3 === 0 ? 0 : 1) },
  zero_inflated_negbinomial: { trials: false, y: (u, n) => Math.floor(u() * 8) * (n % 3 === 0 ? 0 : 1) },
  hurdle_poisson: { trials: false, y: (u, n) => (n % 3 === 0 ? 0 : 1 + Math.floor(u() * 7)) },
  hurdle_negbinomial: { trials: false, y: (u, n) => (n % 3 === 0 ? 0 : 1 + Math.floor(u() * 7)) },
};

export function makeStructure(spec: StructureSpec): ModelStructure {
  const u = rng(spec.seed ?? 1);
  const { N, K } = spec;
  const X = new Float64Array(N * K);
  for (let i = 0; i < X.length; i++) X[i] = 2 * u() - 0.5 + (i % K);
  const groups: GroupTerm[] = spec.terms.map((t, i) => {
    const index = new Int32Array(N);
    for (let n = 0; n < N; n++) index[n] = n < t.J ? n : Math.floor(u() * t.J);
    const Z = t.coefs.map((c) => {
      const z = new Float64Array(N);
      for (let n = 0; n < N; n++) z[n] = c === 'Intercept' ? 1 : 3 * u() - 1;
      return z;
    });
    return {
      id: i + 1,
      group: t.group,
      levels: Array.from({ length: t.J }, (_, j) => String(300 + j)),
      index,
      coefNames: t.coefs,
      Z,
      correlated: t.correlated,
      sdPriors: t.coefs.map(() => halfT),
      lkjEta: t.correlated ? 1.5 : 1,
      parameterization: t.parameterization ?? 'noncentered',
    };
  });
  const y = new Float64Array(N);
  const sim = SIMULATE[spec.family];
  const trials = sim.trials ? new Float64Array(N) : null;
  for (let n = 0; n < N; n++) {
    if (trials) trials[n] = 1 + Math.floor(u() * 12);
    y[n] = sim.y(u, n, trials ? trials[n] : 0);
  }
  const offset = spec.offset ? Float64Array.from({ length: N }, () => u() - 0.5) : null;
  return {
    family: spec.family,
    N,
    y,
    trials,
    offset,
    hasIntercept: spec.hasIntercept,
    X,
    K,
    bNames: Array.from({ length: K }, (_, k) => `x${k + 1}`),
    interceptPrior: { dist: 'student_t', nu: 3, mu: 1, sigma: 2.5 },
    bPriors: Array.from({ length: K }, (_, k): PriorDensity => (k === 0 ? { dist: 'flat' } : { dist: 'normal', mu: 0, sigma: 2 })),
    groups,
    familyPriors: getFamily(spec.family).params.map((p) => ({ name: p.name, prior: FAMILY_PRIORS[p.name] })),
  };
}

export function randomTheta(dim: number, seed: number, radius = 1): Float64Array {
  const u = rng(seed);
  return Float64Array.from({ length: dim }, () => radius * (2 * u() - 1));
}
