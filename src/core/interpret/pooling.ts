// Complete pooling and no pooling for one grouping factor and one coefficient (Gelman & Hill 2007,
// ch. 12), the two ends between which a multilevel model's partial pooling lies:
//  - complete pooling: the model without its group terms, fitted to every row (lm for gaussian;
//    glm by IRLS for bernoulli/binomial with the logit link and poisson with the log link);
//  - no pooling: the same kind of fit for each group from that group's rows alone, with its
//    standard error. Groups where it cannot be estimated are returned with the reason (too few
//    rows, no variation in the response, a column that does not vary, a singular design,
//    separation), never dropped.
// The estimates equal R's lm()/glm() (summary()$coefficients), see tests/fixtures/interpret/make_pooling.R.
import { ModelError } from '../formula/errors';
import { FAMILY_REGISTRY, findLink, getFamily } from '../families';
import { weightedLeastSquares, type WlsFit } from './leastSquares';
import type { GroupTerm, ModelStructure } from '../types';

/** The parts of the model's design used here (a ModelStructure has them all; the analysis worker
 * receives only these). */
export type PoolingDesign = Pick<ModelStructure, 'family' | 'link' | 'N' | 'y' | 'trials' | 'offset' | 'hasIntercept' | 'X' | 'K' | 'bNames'> & {
  groups: Pick<GroupTerm, 'group' | 'levels' | 'index' | 'coefNames' | 'Z'>[];
};

export interface PoolingOptions {
  /** Grouping factor as brms names it ('Subject', 'county'). */
  group: string;
  /** 'Intercept' or a slope's name ('Days'). */
  coef: string;
  /**
   * Columns of each group's own fit: 'term' (default) the group term's coefficients (its
   * intercept and varying slopes: predictors that are constant within a group, such as a
   * level-2 predictor, cannot be told apart from its intercept); 'population' the model's whole
   * population design.
   */
  columns?: 'term' | 'population';
}

export interface Estimate { estimate: number; se: number }
export interface GroupEstimate { level: string; n: number; estimate: number; se: number; reason: string | null }

export interface PoolingResult {
  group: string;
  coef: string;
  family: string;
  complete: Estimate & { n: number; columns: string[] };
  noPooling: GroupEstimate[];
  /** Column names of each group's fit. */
  groupColumns: string[];
  note: string;
}

type GlmFamily = 'gaussian' | 'logit' | 'poisson';

function glmFamily(family: string, link: string | undefined): GlmFamily {
  const f = FAMILY_REGISTRY.get(family);
  const glm = f && (link === undefined || findLink(f, link)) ? getFamily(family, link).classical.glm : null;
  if (glm) return glm;
  throw new ModelError(`Pooling estimates are available for gaussian, bernoulli, binomial and poisson models with their default links, not ${family}${link && f && link !== f.link ? ` with the ${link} link` : ''}.`);
}

interface Data { cols: Float64Array[]; names: string[]; y: Float64Array; trials: Float64Array | null; offset: Float64Array | null }

/** A fit's estimate and standard error for column `k`, or the reason there is none. */
type FitOutcome = Estimate | { reason: string };

const isConstant = (c: Float64Array) => c.every((v) => v === c[0]);

function singularReason(d: Data, k: number): string {
  const name = d.names[k];
  if (isConstant(d.cols[k]) && d.cols.some((c, j) => j < k && isConstant(c))) return `singular design: ${name} does not vary in these rows`;
  return `singular design: ${name} is a linear combination of the other columns in these rows`;
}

function fitLm(d: Data, k: number): FitOutcome {
  const n = d.y.length;
  const p = d.cols.length;
  if (n <= p) return { reason: `too few rows: ${n} for ${p} coefficient${p === 1 ? '' : 's'} (a standard error needs more rows than coefficients)` };
  const y = d.offset ? d.y.map((v, i) => v - d.offset![i]) : d.y;
  const fit = weightedLeastSquares(d.cols, y);
  if ('dependent' in fit) return { reason: singularReason(d, fit.dependent) };
  const sigma2 = fit.rss / (n - p);
  return { estimate: fit.beta[k], se: Math.sqrt(sigma2 * fit.covUnscaled[k * p + k]) };
}

/** Reasons a logit/log GLM has no finite estimate before any fitting. */
function glmDataReason(d: Data, fam: GlmFamily): string | null {
  const n = d.y.length;
  const p = d.cols.length;
  if (n < p) return `too few rows: ${n} for ${p} coefficients`;
  let sy = 0;
  let st = 0;
  for (let i = 0; i < n; i++) { sy += d.y[i]; st += d.trials ? d.trials[i] : 1; }
  if (fam === 'logit' && sy === 0) return 'no variation: every response is 0 (the log-odds is minus infinity)';
  if (fam === 'logit' && sy === st) return 'no variation: every response is a success (the log-odds is infinite)';
  if (fam === 'poisson' && sy === 0) return 'no variation: every count is 0 (the log rate is minus infinity)';
  return null;
}

/**
 * glm by iteratively reweighted least squares (McCullagh & Nelder 1989, sec. 2.5), started as R's
 * glm.fit (binomial mustart (n y + 0.5)/(n + 1), poisson y + 0.1) and iterated to a relative
 * deviance change of 1e-13 (R stops at 1e-8); the covariance is (X'WX)^{-1} at the estimate
 * (dispersion 1).
 */
function fitGlm(d: Data, k: number, fam: 'logit' | 'poisson'): FitOutcome {
  const early = glmDataReason(d, fam);
  if (early) return { reason: early };
  const n = d.y.length;
  const p = d.cols.length;
  const m = d.trials ?? new Float64Array(n).fill(1);
  const off = d.offset ?? new Float64Array(n);
  const eta = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const mu0 = fam === 'logit' ? (d.y[i] + 0.5) / (m[i] + 1) : d.y[i] + 0.1;
    eta[i] = fam === 'logit' ? Math.log(mu0 / (1 - mu0)) : Math.log(mu0);
  }
  const w = new Float64Array(n);
  const z = new Float64Array(n);
  let devOld = Infinity;
  let fit: WlsFit | null = null;
  let converged = false;
  for (let iter = 0; iter < 100 && !converged; iter++) {
    for (let i = 0; i < n; i++) {
      if (fam === 'logit') {
        const mu = 1 / (1 + Math.exp(-eta[i]));
        const v = mu * (1 - mu);
        w[i] = m[i] * v;
        z[i] = eta[i] - off[i] + (m[i] > 0 ? (d.y[i] / m[i] - mu) / v : 0);
      } else {
        const mu = Math.exp(eta[i]);
        w[i] = mu;
        z[i] = eta[i] - off[i] + (d.y[i] - mu) / mu;
      }
    }
    const step = weightedLeastSquares(d.cols, z, w);
    if ('dependent' in step) return { reason: singularReason(d, step.dependent) };
    fit = step;
    for (let i = 0; i < n; i++) { let e = off[i]; for (let j = 0; j < p; j++) e += d.cols[j][i] * fit.beta[j]; eta[i] = e; }
    const dev = deviance(d.y, m, eta, fam);
    converged = Math.abs(dev - devOld) / (Math.abs(dev) + 0.1) < 1e-13;
    devOld = dev;
  }
  const extreme = eta.some((e) => (fam === 'logit' ? Math.abs(e) > 20 : e < -20));
  if (!converged || extreme || !fit) {
    return { reason: fam === 'logit'
      ? 'separation: the responses are perfectly predicted in these rows, so a coefficient goes to infinity'
      : 'separation: some fitted counts go to 0 in these rows, so a coefficient goes to minus infinity' };
  }
  // the covariance at the estimate: one more weighted step's (X'WX)^{-1}
  for (let i = 0; i < n; i++) {
    if (fam === 'logit') { const mu = 1 / (1 + Math.exp(-eta[i])); w[i] = m[i] * mu * (1 - mu); } else w[i] = Math.exp(eta[i]);
  }
  const last = weightedLeastSquares(d.cols, z, w);
  const cov = 'dependent' in last ? fit.covUnscaled : last.covUnscaled;
  return { estimate: fit.beta[k], se: Math.sqrt(cov[k * p + k]) };
}

function deviance(y: Float64Array, m: Float64Array, eta: Float64Array, fam: 'logit' | 'poisson'): number {
  let dev = 0;
  for (let i = 0; i < y.length; i++) {
    if (fam === 'logit') {
      // -2 log-likelihood up to a constant: the relative change is what matters
      const lp = -Math.log1p(Math.exp(-eta[i]));
      const lq = -Math.log1p(Math.exp(eta[i]));
      dev -= 2 * (y[i] * lp + (m[i] - y[i]) * lq);
    } else {
      dev -= 2 * (y[i] * eta[i] - Math.exp(eta[i]));
    }
  }
  return dev;
}

function fitOne(d: Data, k: number, fam: GlmFamily): FitOutcome {
  return fam === 'gaussian' ? fitLm(d, k) : fitGlm(d, k, fam);
}

function populationColumns(s: PoolingDesign): { cols: Float64Array[]; names: string[] } {
  const cols: Float64Array[] = [];
  const names: string[] = [];
  if (s.hasIntercept) { cols.push(new Float64Array(s.N).fill(1)); names.push('Intercept'); }
  for (let k = 0; k < s.K; k++) {
    const c = new Float64Array(s.N);
    for (let i = 0; i < s.N; i++) c[i] = s.X[i * s.K + k];
    cols.push(c);
    names.push(s.bNames[k]);
  }
  return { cols, names };
}

function subset(a: Float64Array, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = a[rows[i]];
  return out;
}

function rowsByLevel(index: Int32Array, nLevels: number): Int32Array[] {
  const counts = new Int32Array(nLevels);
  for (const j of index) counts[j]++;
  const out = Array.from(counts, (c) => new Int32Array(c));
  const fill = new Int32Array(nLevels);
  index.forEach((j, i) => { out[j][fill[j]++] = i; });
  return out;
}

/** Complete-pooling and no-pooling estimates of `coef` for the levels of `group`. */
export function poolingEstimates(s: PoolingDesign, options: PoolingOptions): PoolingResult {
  const fam = glmFamily(s.family, s.link);
  const term = s.groups.find((g) => g.group === options.group);
  if (!term) throw new ModelError(`The model has no group term for '${options.group}'; its grouping factors are ${s.groups.map((g) => g.group).join(', ') || 'none'}.`);
  const pop = populationColumns(s);
  const kc = pop.names.indexOf(options.coef);
  if (kc < 0) throw new ModelError(`'${options.coef}' is not a population-level coefficient (${pop.names.join(', ')}): complete pooling estimates one of those.`);
  const columns = options.columns ?? 'term';
  const own = columns === 'term' ? { cols: term.Z, names: term.coefNames } : pop;
  const kg = own.names.indexOf(options.coef);
  if (kg < 0) throw new ModelError(`'${options.coef}' does not vary by ${options.group} (its coefficients are ${term.coefNames.join(', ')}): choose one of those, or columns 'population'.`);
  const whole: Data = { cols: pop.cols, names: pop.names, y: s.y, trials: s.trials, offset: s.offset };
  const c = fitOne(whole, kc, fam);
  if ('reason' in c) throw new ModelError(`The complete-pooling model cannot be estimated: ${c.reason}.`);
  const noPooling = rowsByLevel(term.index, term.levels.length).map((rows, j): GroupEstimate => {
    const d: Data = {
      cols: own.cols.map((col) => subset(col, rows)), names: own.names, y: subset(s.y, rows),
      trials: s.trials ? subset(s.trials, rows) : null, offset: s.offset ? subset(s.offset, rows) : null,
    };
    const f = rows.length === 0 ? { reason: 'no rows' } : fitOne(d, kg, fam);
    return 'reason' in f
      ? { level: term.levels[j], n: rows.length, estimate: NaN, se: NaN, reason: f.reason }
      : { level: term.levels[j], n: rows.length, estimate: f.estimate, se: f.se, reason: null };
  });
  const link = fam === 'gaussian' ? '' : fam === 'logit' ? ' on the log-odds scale' : ' on the log scale';
  return {
    group: options.group, coef: options.coef, family: s.family,
    complete: { ...c, n: s.N, columns: pop.names },
    noPooling, groupColumns: own.names,
    note: `Complete pooling: ${fam === 'gaussian' ? 'lm' : 'glm'} of the population terms (${pop.names.join(', ')}) on all ${s.N} rows. `
      + `No pooling: the same fit of ${own.names.join(', ')} on each ${options.group}'s rows alone${link}.`,
  };
}
