import { describe, expect, it } from 'vitest';
import { prepareModel } from '../../../src/core/model/spec';
import { loadCsv, table } from '../design/csvTable';

describe('stanProgram is written in the shape brms generates', () => {
  const sleep = prepareModel({ formula: 'Reaction ~ Days + (Days | Subject)', family: 'gaussian' }, loadCsv('sleepstudy.csv'));
  const code = sleep.stanProgram;
  it('centres X, keeps a temporary Intercept and recovers b_Intercept', () => {
    expect(code).toContain('Xc[, i - 1] = X[, i] - means_X[i - 1];');
    expect(code).toContain('real Intercept;  // temporary intercept for centered predictors');
    expect(code).toContain('real b_Intercept = Intercept - dot_product(means_X, b);');
  });
  it('builds correlated effects with scale_r_cor from sd_1, z_1 and L_1', () => {
    expect(code).toContain('matrix scale_r_cor(matrix z, vector SD, matrix L) {');
    expect(code).toContain('matrix[M_1, N_1] z_1;');
    expect(code).toContain('cholesky_factor_corr[M_1] L_1;');
    expect(code).toContain('r_1 = scale_r_cor(z_1, sd_1, L_1);');
    expect(code).toContain('target += std_normal_lpdf(to_vector(z_1));');
    expect(code).toContain('corr_matrix[M_1] Cor_1 = multiply_lower_tri_self_transpose(L_1);');
    expect(code).toContain('cor_1[choose(k - 1, 2) + j] = Cor_1[j, k];');
  });
  it('writes the default priors as brms does, half-t with the lccdf correction', () => {
    expect(code).toContain('lprior += student_t_lpdf(Intercept | 3, 288.7, 59.3);');
    expect(code).toContain('lprior += student_t_lpdf(sigma | 3, 0, 59.3)\n    - 1 * student_t_lccdf(0 | 3, 0, 59.3);');
    expect(code).toContain('lprior += student_t_lpdf(sd_1 | 3, 0, 59.3)\n    - 2 * student_t_lccdf(0 | 3, 0, 59.3);');
    expect(code).toContain('lprior += lkj_corr_cholesky_lpdf(L_1 | 1);');
    expect(code).not.toMatch(/lpdf\(b \|/);
  });
  it('uses the GLM primitive with the random effects in mu', () => {
    expect(code).toContain('mu[n] += r_1_1[J_1[n]] * Z_1_1[n] + r_1_2[J_1[n]] * Z_1_2[n];');
    expect(code).toContain('target += normal_id_glm_lpdf(Y | Xc, mu, b, sigma);');
  });
  it('uses the current array syntax only', () => {
    expect(code).toContain('array[N] int<lower=1> J_1;');
    expect(code).not.toMatch(/int<lower=1> J_1\[N\]/);
  });
  it('has balanced braces', () => {
    expect(code.split('{').length).toBe(code.split('}').length);
  });

  it('writes uncorrelated terms as separate z vectors', () => {
    const data = table({ y: [1, 2, 3, 4, 5, 6], x: [1, 3, 2, 4, 6, 5], g: ['a', 'a', 'b', 'b', 'c', 'c'] });
    const p = prepareModel({ formula: 'y ~ x + (x || g)', family: 'gaussian' }, data);
    expect(p.stanProgram).toContain('array[M_1] vector[N_1] z_1;');
    expect(p.stanProgram).toContain('r_1_2 = (sd_1[2] * (z_1[2]));');
    expect(p.stanProgram).toContain('target += std_normal_lpdf(z_1[2]);');
    expect(p.stanProgram).not.toContain('scale_r_cor');
  });
  it('binomial uses binomial_logit_lpmf with trials; poisson and bernoulli use GLM primitives', () => {
    const cbpp = prepareModel({ formula: 'incidence | trials(size) ~ period + (1 | herd)', family: 'binomial' }, loadCsv('cbpp.csv', ['period']));
    expect(cbpp.stanProgram).toContain('array[N] int trials;');
    expect(cbpp.stanProgram).toContain('mu += Intercept + Xc * b;');
    expect(cbpp.stanProgram).toContain('target += binomial_logit_lpmf(Y | trials, mu);');
    const data = table({ y: [0, 1, 1, 0, 1, 0], n: [1, 4, 2, 0, 3, 5], x: [1, 3, 2, 4, 6, 5], g: ['a', 'a', 'b', 'b', 'c', 'c'] });
    expect(prepareModel({ formula: 'n ~ x + (1 | g)', family: 'poisson' }, data).stanProgram).toContain('poisson_log_glm_lpmf(Y | Xc, mu, b)');
    expect(prepareModel({ formula: 'y ~ x + (1 | g)', family: 'bernoulli' }, data).stanProgram).toContain('bernoulli_logit_glm_lpmf(Y | Xc, mu, b)');
    const nb = prepareModel({ formula: 'n ~ 1 + (1 | g)', family: 'negbinomial' }, data).stanProgram;
    expect(nb).toContain('neg_binomial_2_log_lpmf(Y | mu, shape)');
    expect(nb).toContain('lprior += gamma_lpdf(shape | 0.01, 0.01);');
    expect(nb).toContain('real b_Intercept = Intercept;');
    expect(nb).not.toContain('matrix[N, K] X;');
  });
  it('student: nu has lower bound 1 and the gamma prior is truncated there', () => {
    const p = prepareModel({ formula: 'Reaction ~ Days + (1 | Subject)', family: 'student' }, loadCsv('sleepstudy.csv'));
    expect(p.stanProgram).toContain('real<lower=1> nu;');
    expect(p.stanProgram).toContain('lprior += gamma_lpdf(nu | 2, 0.1)\n    - 1 * gamma_lccdf(1 | 2, 0.1);');
    expect(p.stanProgram).toContain('target += student_t_lpdf(Y | nu, mu, sigma);');
  });
  it('writes per-coefficient priors element by element and no correction for exponential', () => {
    const p = prepareModel({
      formula: 'distance ~ age * Sex + (1 | Subject)', family: 'gaussian',
      priors: [{ prior: 'normal(0, 5)', class: 'b' }, { prior: 'normal(0, 1)', class: 'b', coef: 'age' }, { prior: 'exponential(1)', class: 'sigma' }],
    }, loadCsv('orthodont.csv'));
    expect(p.stanProgram).toContain('lprior += normal_lpdf(b[1] | 0, 1);');
    expect(p.stanProgram).toContain('lprior += normal_lpdf(b[3] | 0, 5);');
    expect(p.stanProgram).toContain('lprior += exponential_lpdf(sigma | 1);\n');
  });
  it('a model without intercept uses X and b directly', () => {
    const data = table({ y: [1, 2, 3, 4, 5, 6], x: [1, 3, 2, 4, 6, 5], g: ['a', 'a', 'b', 'b', 'c', 'c'] });
    const p = prepareModel({ formula: 'y ~ 0 + x + (1 | g)', family: 'gaussian' }, data);
    expect(p.stanProgram).toContain('vector[K] b;');
    expect(p.stanProgram).toContain('normal_id_glm_lpdf(Y | X, mu, b, sigma)');
    expect(p.stanProgram).not.toContain('Intercept');
  });
});

describe('stanData matches the data block', () => {
  it('sleepstudy: X with the intercept column, 1-based J, raw Z', () => {
    const sleep = loadCsv('sleepstudy.csv');
    const d = prepareModel({ formula: 'Reaction ~ Days + (Days | Subject)', family: 'gaussian' }, sleep).stanData;
    expect(d.N).toBe(180);
    expect(d.K).toBe(2);
    expect((d.X as number[][])[13]).toEqual([1, sleep.columns[1].numeric![13]]);
    expect((d.J_1 as number[]).slice(0, 11)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2]);
    expect(d.Z_1_2).toEqual(Array.from(sleep.columns[1].numeric!));
    expect(d.Z_1_1).toEqual(new Array(180).fill(1));
    expect([d.N_1, d.M_1, d.NC_1, d.prior_only]).toEqual([18, 2, 1, 0]);
    expect(JSON.parse(JSON.stringify(d)).Y[0]).toBeCloseTo(249.56, 10);
  });
  it('cbpp: integer Y and trials, period dummies in X', () => {
    const cbpp = loadCsv('cbpp.csv', ['period']);
    const d = prepareModel({ formula: 'incidence | trials(size) ~ period + (1 | herd)', family: 'binomial' }, cbpp).stanData;
    expect(d.trials).toEqual(Array.from(cbpp.columns[3].numeric!));
    expect((d.X as number[][])[1]).toEqual([1, 1, 0, 0]);
    expect(d.NC_1).toBe(0); // as make_standata (tests/fixtures/stancode/cbpp-standata.json)
  });
});
