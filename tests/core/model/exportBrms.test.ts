import { describe, expect, it } from 'vitest';
import { prepareModel } from '../../../src/core/model/spec';
import { loadCsv } from '../design/csvTable';

describe('brmsCall writes the equivalent brms R code', () => {
  it('has formula, data, family, priors and sampler settings (iter = warmup + draws)', () => {
    const p = prepareModel({
      formula: 'Reaction ~ Days + (Days | Subject)', family: 'gaussian',
      priors: [{ prior: 'normal(0, 5)', class: 'b' }, { prior: 'student_t(3, 0, 10)', class: 'sd', group: 'Subject' }, { prior: 'lkj(2)', class: 'cor' }],
    }, loadCsv('sleepstudy.csv'), { settings: { chains: 2, warmup: 500, iter: 750, seed: 7 } });
    const r = p.brmsCall;
    expect(r).toContain('library(brms)');
    expect(r).toContain('data <- read.csv("sleepstudy.csv", check.names = FALSE)');
    expect(r).toContain('  Reaction ~ Days + (Days | Subject),');
    expect(r).toContain('family = gaussian(),');
    expect(r).toContain('set_prior("normal(0, 5)", class = "b"),');
    expect(r).toContain('set_prior("student_t(3, 0, 10)", class = "sd", group = "Subject"),');
    expect(r).toContain('set_prior("lkj(2)", class = "cor")');
    expect(r).toContain('chains = 2, iter = 1250, warmup = 500, seed = 7,');
    expect(r).toContain('control = list(adapt_delta = 0.8, max_treedepth = 10)');
  });
  it('omits prior = when there are no user priors', () => {
    const p = prepareModel({ formula: 'Reaction ~ Days + (1 | Subject)', family: 'gaussian' }, loadCsv('sleepstudy.csv'));
    expect(p.brmsCall).not.toContain('prior =');
  });
  it('makes numeric columns marked as factors into factors and rewrites cbind() with trials()', () => {
    const p = prepareModel({ formula: 'cbind(incidence, size - incidence) ~ period + (1 | herd)', family: 'binomial' }, loadCsv('cbpp.csv', ['period']));
    expect(p.brmsCall).toContain('data$period <- factor(data$period)');
    expect(p.brmsCall).toContain('incidence | trials(incidence + (size - incidence)) ~ period + (1 | herd),');
    expect(p.brmsCall).toContain('family = binomial(),');
  });
  it('recodes a two-level text response for bernoulli, second level as 1', () => {
    const p = prepareModel({ formula: 'use ~ age + urban + (1 | district)', family: 'bernoulli' }, loadCsv('contraception.csv'));
    expect(p.brmsCall).toContain('data$use <- as.integer(data$use == "Y")');
  });
});
