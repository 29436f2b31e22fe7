// The Stan program brms would generate for the model (brms R/stan-predictor.R, stan-likelihood.R,
// stan-prior.R, inst/chunks/fun_scale_r_cor.stan; shape of brms 2.18 output, in Stan's current
// array syntax) and its data as JSON, so a model runs unchanged on CmdStan.
import type { FamilyName, PriorDensity } from '../types';
import { getFamily } from '../families';
import { formatNumberR } from '../formula/deparse';
import type { Design } from '../design/buildDesign';
import type { ResolvedPrior, ResolvedPriors } from './priors';

const num = formatNumberR;

function stanArgs(d: PriorDensity): { fn: string; args: number[] } | null {
  switch (d.dist) {
    case 'flat': return null;
    case 'normal': return { fn: 'normal', args: [d.mu, d.sigma] };
    case 'student_t': return { fn: 'student_t', args: [d.nu, d.mu, d.sigma] };
    case 'cauchy': return { fn: 'cauchy', args: [d.mu, d.sigma] };
    case 'exponential': return { fn: 'exponential', args: [d.rate] };
    case 'gamma': return { fn: 'gamma', args: [d.shape, d.rate] };
    case 'inv_gamma': return { fn: 'inv_gamma', args: [d.shape, d.scale] };
    case 'lognormal': return { fn: 'lognormal', args: [d.mu, d.sigma] };
    case 'uniform': return { fn: 'uniform', args: [d.lower, d.upper] };
    case 'beta': return { fn: 'beta', args: [d.alpha, d.beta] };
    case 'lkj': return { fn: 'lkj_corr_cholesky', args: [d.eta] };
  }
}

/** Lowest value of the distribution's support (truncation at lb needs a correction above it). */
function supportLower(d: PriorDensity): number {
  switch (d.dist) {
    case 'exponential': case 'gamma': case 'inv_gamma': case 'lognormal': case 'beta': return 0;
    case 'uniform': return d.lower;
    default: return -Infinity;
  }
}

/** One `lprior +=` statement as brms writes it, with the truncation term for a lower bound. */
function lpriorLine(target: string, p: ResolvedPrior, lb: number | null, count: number): string | null {
  const s = stanArgs(p.density);
  if (!s) return null;
  const args = s.args.map(num).join(', ');
  let line = `  lprior += ${s.fn}_lpdf(${target} | ${args})`;
  if (lb !== null && supportLower(p.density) < lb) {
    line += `\n    - ${count} * ${s.fn}_lccdf(${num(lb)} | ${args})`;
  }
  return line + ';';
}

function vectorPriorLines(name: string, priors: ResolvedPrior[], lb: number | null): string[] {
  if (priors.length === 0) return [];
  const same = priors.every((p) => p.text === priors[0].text);
  if (same) {
    const l = lpriorLine(name, priors[0], lb, priors.length);
    return l ? [l] : [];
  }
  return priors.map((p, k) => lpriorLine(`${name}[${k + 1}]`, p, lb, 1)).filter((l): l is string => l !== null);
}

const hasCor = (g: Design['groups'][number]) => g.correlated && g.coefNames.length > 1;

export function stanProgram(design: Design, family: FamilyName, priors: ResolvedPriors, link?: string): string {
  const hasX = design.K > 0;
  const centred = design.hasIntercept && hasX;
  // Ordinal families: thresholds in place of the intercept, X without an intercept column.
  const ordinal = getFamily(family).ordinal !== undefined;
  const Xname = centred ? 'Xc' : 'X';
  const Kname = centred ? 'Kc' : 'K';
  const fam = getFamily(family, link);
  const groups = design.groups;
  const L: string[] = [];
  L.push('// generated with Multilevel Studio in the shape brms 2.18 generates (current Stan array syntax)');
  L.push('functions {');
  if (groups.some(hasCor)) {
    L.push(' /* compute correlated group-level effects',
      '  * Args:',
      '  *   z: matrix of unscaled group-level effects',
      '  *   SD: vector of standard deviation parameters',
      '  *   L: cholesky factor correlation matrix',
      '  * Returns:',
      '  *   matrix of scaled group-level effects',
      '  */',
      '  matrix scale_r_cor(matrix z, vector SD, matrix L) {',
      '    // r is stored in another dimension order than z',
      '    return transpose(diag_pre_multiply(SD, L) * z);',
      '  }');
  }
  if (fam.stan.functions) L.push(fam.stan.functions);
  L.push('}');
  L.push('data {');
  L.push('  int<lower=1> N;  // total number of observations');
  L.push(fam.stan.integerResponse ? '  array[N] int Y;  // response variable' : '  vector[N] Y;  // response variable');
  if (fam.logLik.usesTrials) L.push('  array[N] int trials;  // number of trials');
  if (ordinal) L.push('  int<lower=2> nthres;  // number of thresholds');
  if (hasX) {
    L.push('  int<lower=1> K;  // number of population-level effects');
    L.push('  matrix[N, K] X;  // population-level design matrix');
  }
  if (design.offset) L.push('  vector[N] offsets;');
  for (const g of groups) {
    const i = g.id;
    L.push(`  // data for group-level effects of ID ${i}`);
    L.push(`  int<lower=1> N_${i};  // number of grouping levels`);
    L.push(`  int<lower=1> M_${i};  // number of coefficients per level`);
    L.push(`  array[N] int<lower=1> J_${i};  // grouping indicator per observation`);
    L.push('  // group-level predictor values');
    g.coefNames.forEach((_, k) => L.push(`  vector[N] Z_${i}_${k + 1};`));
    if (hasCor(g)) L.push(`  int<lower=1> NC_${i};  // number of group-level correlations`);
  }
  L.push('  int prior_only;  // should the likelihood be ignored?');
  L.push('}');
  L.push('transformed data {');
  if (centred && ordinal) {
    L.push('  int Kc = K;',
      '  matrix[N, Kc] Xc;  // centered version of X',
      '  vector[Kc] means_X;  // column means of X before centering',
      '  for (i in 1:K) {',
      '    means_X[i] = mean(X[, i]);',
      '    Xc[, i] = X[, i] - means_X[i];',
      '  }');
  } else if (centred) {
    L.push('  int Kc = K - 1;',
      '  matrix[N, Kc] Xc;  // centered version of X without an intercept',
      '  vector[Kc] means_X;  // column means of X before centering',
      '  for (i in 2:K) {',
      '    means_X[i - 1] = mean(X[, i]);',
      '    Xc[, i - 1] = X[, i] - means_X[i - 1];',
      '  }');
  }
  L.push('}');
  L.push('parameters {');
  if (hasX) L.push(`  vector[${Kname}] b;  // population-level effects`);
  if (ordinal) L.push('  ordered[nthres] Intercept;  // temporary thresholds for centered predictors');
  else if (design.hasIntercept) L.push('  real Intercept;  // temporary intercept for centered predictors');
  for (const p of fam.params) L.push(p.stanDeclaration);
  for (const g of groups) {
    const i = g.id;
    L.push(`  vector<lower=0>[M_${i}] sd_${i};  // group-level standard deviations`);
    if (hasCor(g)) {
      L.push(`  matrix[M_${i}, N_${i}] z_${i};  // standardized group-level effects`);
      L.push(`  cholesky_factor_corr[M_${i}] L_${i};  // cholesky factor of correlation matrix`);
    } else {
      L.push(`  array[M_${i}] vector[N_${i}] z_${i};  // standardized group-level effects`);
    }
  }
  L.push('}');
  L.push('transformed parameters {');
  if (ordinal) L.push('  real disc = 1;  // discrimination parameters');
  for (const g of groups) {
    const i = g.id;
    if (hasCor(g)) {
      L.push(`  matrix[N_${i}, M_${i}] r_${i};  // actual group-level effects`);
      L.push('  // using vectors speeds up indexing in loops');
    }
    g.coefNames.forEach((_, k) => L.push(`  vector[N_${i}] r_${i}_${k + 1};${hasCor(g) ? '' : '  // actual group-level effects'}`));
  }
  L.push('  real lprior = 0;  // prior contributions to the log posterior');
  for (const g of groups) {
    const i = g.id;
    if (hasCor(g)) {
      L.push('  // compute actual group-level effects');
      L.push(`  r_${i} = scale_r_cor(z_${i}, sd_${i}, L_${i});`);
      g.coefNames.forEach((_, k) => L.push(`  r_${i}_${k + 1} = r_${i}[, ${k + 1}];`));
    } else {
      g.coefNames.forEach((_, k) => L.push(`  r_${i}_${k + 1} = (sd_${i}[${k + 1}] * (z_${i}[${k + 1}]));`));
    }
  }
  const lp: (string | null)[] = [];
  if (hasX) lp.push(...vectorPriorLines('b', priors.b, null));
  if (ordinal) lp.push(...vectorPriorLines('Intercept', priors.thresholds, null));
  else if (priors.intercept) lp.push(lpriorLine('Intercept', priors.intercept, null, 1));
  for (const p of fam.params) {
    const resolved = priors.family.find((fp) => fp.name === p.name);
    if (resolved) lp.push(lpriorLine(p.name, resolved.prior, p.lower, 1));
  }
  groups.forEach((g, t) => {
    lp.push(...vectorPriorLines(`sd_${g.id}`, priors.sd[t], 0));
    const c = priors.cor[t];
    if (c) lp.push(lpriorLine(`L_${g.id}`, c, null, 1));
  });
  L.push(...lp.filter((l): l is string => l !== null));
  L.push('}');
  L.push('model {');
  L.push('  // likelihood including constants');
  L.push('  if (!prior_only) {');
  const glm = hasX ? fam.stan.glm : undefined;
  L.push('    // initialize linear predictor term');
  L.push('    vector[N] mu = rep_vector(0.0, N);');
  const fixed: string[] = [];
  if (design.hasIntercept && !ordinal) fixed.push('Intercept');
  if (hasX && !glm) fixed.push(`${Xname} * b`);
  if (fixed.length) L.push(`    mu += ${fixed.join(' + ')};`);
  if (design.offset) L.push('    mu += offsets;');
  if (groups.length) {
    L.push('    for (n in 1:N) {');
    L.push('      // add more terms to the linear predictor');
    const parts = groups.flatMap((g) => g.coefNames.map((_, k) => `r_${g.id}_${k + 1}[J_${g.id}[n]] * Z_${g.id}_${k + 1}[n]`));
    L.push(`      mu[n] += ${parts.join(' + ')};`);
    L.push('    }');
  }
  if (fam.stan.inverseLink && !glm) L.push(`    mu = ${fam.stan.inverseLink}(mu);`);
  if (fam.stan.perRow) L.push('    for (n in 1:N) {', `      target += ${fam.stan.lpdf};`, '    }');
  else L.push(`    target += ${glm ? glm(Xname) : fam.stan.lpdf};`);
  L.push('  }');
  L.push('  // priors including constants');
  L.push('  target += lprior;');
  for (const g of groups) {
    if (hasCor(g)) L.push(`  target += std_normal_lpdf(to_vector(z_${g.id}));`);
    else g.coefNames.forEach((_, k) => L.push(`  target += std_normal_lpdf(z_${g.id}[${k + 1}]);`));
  }
  L.push('}');
  L.push('generated quantities {');
  if (ordinal) {
    L.push('  // compute actual thresholds');
    L.push(`  vector[nthres] b_Intercept = Intercept${centred ? ' + dot_product(means_X, b)' : ''};`);
  } else if (design.hasIntercept) {
    L.push('  // actual population-level intercept');
    L.push(centred ? '  real b_Intercept = Intercept - dot_product(means_X, b);' : '  real b_Intercept = Intercept;');
  }
  for (const g of groups) {
    if (!hasCor(g)) continue;
    const i = g.id;
    L.push('  // compute group-level correlations',
      `  corr_matrix[M_${i}] Cor_${i} = multiply_lower_tri_self_transpose(L_${i});`,
      `  vector<lower=-1,upper=1>[NC_${i}] cor_${i};`,
      '  // extract upper diagonal of correlation matrix',
      `  for (k in 1:M_${i}) {`,
      '    for (j in 1:(k - 1)) {',
      `      cor_${i}[choose(k - 1, 2) + j] = Cor_${i}[j, k];`,
      '    }',
      '  }');
  }
  L.push('}');
  return L.join('\n') + '\n';
}

/** The data block's values, as CmdStan reads them from JSON. */
export function stanData(design: Design, family: FamilyName): Record<string, unknown> {
  const N = design.N;
  const out: Record<string, unknown> = { N, Y: Array.from(design.y) };
  const fam = getFamily(family);
  if (fam.logLik.usesTrials) out.trials = Array.from(design.trials!);
  if (fam.ordinal) out.nthres = fam.ordinal.categories(design.y) - 1;
  // brms's X for ordinal families has no intercept column (the thresholds take its place)
  const interceptColumn = design.hasIntercept && !fam.ordinal;
  if (design.K > 0) {
    const K = design.K + (interceptColumn ? 1 : 0);
    const X: number[][] = new Array(N);
    for (let i = 0; i < N; i++) {
      const r = new Array<number>(K);
      let c = 0;
      if (interceptColumn) r[c++] = 1;
      for (let k = 0; k < design.K; k++) r[c++] = design.X[i * design.K + k];
      X[i] = r;
    }
    out.K = K;
    out.X = X;
  }
  if (design.offset) out.offsets = Array.from(design.offset);
  for (const g of design.groups) {
    out[`N_${g.id}`] = g.levels.length;
    out[`M_${g.id}`] = g.coefNames.length;
    out[`J_${g.id}`] = Array.from(g.index, (v) => v + 1);
    g.Z.forEach((z, k) => { out[`Z_${g.id}_${k + 1}`] = Array.from(z); });
    // brms's make_standata gives NC for every correlated term, 0 for a single coefficient
    if (g.correlated) out[`NC_${g.id}`] = (g.coefNames.length * (g.coefNames.length - 1)) / 2;
  }
  out.prior_only = 0;
  return out;
}
