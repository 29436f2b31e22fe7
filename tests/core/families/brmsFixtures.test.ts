// The new families and links against brms 2.18 (tests/fixtures/families, made by make_brms.R from
// the data of make_data.R): get_prior's default priors and make_stancode's program, which our Stan
// export must equal line for line once brms's old array syntax (`int J_1[N];`) is written in the
// current one (`array[N] int J_1;`) and the header comment is set aside.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { prepareModel } from '../../../src/core/model/spec';
import { tableFromRows } from '../design/csvTable';

const DIR = 'tests/fixtures/families';

export function fixtureTable(file: string) {
  const lines = readFileSync(`${DIR}/${file}`, 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
  return tableFromRows(file, lines[0].split(','), lines.slice(1).map((l) => l.split(',')));
}

/** brms 2.18's `T name[dims];` declarations in the current `array[dims] T name;` syntax. */
export function currentArraySyntax(code: string): string {
  return code.replace(/^(\s*)(\w+(?:<[^>]*>)?(?:\[[^\]]*\])?) (\w+)\[([^\]]+)\];/gm, '$1array[$4] $2 $3;');
}

const body = (code: string) => code.split('\n').slice(1).join('\n').trimEnd();

const MODELS: { name: string; family: string; link?: string }[] = [
  { name: 'probit', family: 'bernoulli', link: 'probit' },
  { name: 'probit_intercept', family: 'bernoulli', link: 'probit' },
  { name: 'probit_binomial', family: 'binomial', link: 'probit' },
  { name: 'lognormal', family: 'lognormal' },
  { name: 'gamma', family: 'gamma' },
  { name: 'gamma_intercept', family: 'gamma' },
  { name: 'beta', family: 'beta' },
];

describe('brms 2.18 fixtures: default priors and Stan programs', () => {
  it('the array-syntax rewrite turns brms declarations into the current syntax', () => {
    expect(currentArraySyntax('  int<lower=1> J_1[N];  // x\n  vector[N_1] z_1[M_1];\n  vector[N] Y;'))
      .toBe('  array[N] int<lower=1> J_1;  // x\n  array[M_1] vector[N_1] z_1;\n  vector[N] Y;');
  });
  for (const m of MODELS) {
    const ref = JSON.parse(readFileSync(`${DIR}/${m.name}.priors.json`, 'utf8'));
    const p = prepareModel({ formula: ref.formula, family: m.family, ...(m.link ? { link: m.link } : {}) }, fixtureTable(ref.data_file));
    it(`${m.name}: get_prior's defaults (${ref.family}, ${ref.formula})`, () => {
      const rows = (r: { prior: string; class: string; coef: string; group: string }[]) => r.map((x) => [x.class, x.coef, x.group, x.prior].join(' | '));
      expect(rows(p.priorTable)).toEqual(rows(ref.default_priors));
    });
    it(`${m.name}: make_stancode's program`, () => {
      const brms = currentArraySyntax(readFileSync(`${DIR}/${m.name}.stan`, 'utf8'));
      expect(body(p.stanProgram)).toBe(body(brms));
    });
  }
});

describe('the link in the brms call, the equations and the structure', () => {
  const p = prepareModel({ formula: 'vote ~ x + (1 | g)', family: 'bernoulli', link: 'probit' }, fixtureTable('probit_vote.csv'));
  it('writes brms\'s family call with the link', () => {
    expect(p.brmsCall).toContain('  family = bernoulli(link = "probit"),');
    expect(p.equations).toContain('\\operatorname{probit}(p_{i}) &=');
    expect(p.structure.link).toBe('probit');
  });
  it('leaves the default link out of the call, as before', () => {
    const d = prepareModel({ formula: 'vote ~ x + (1 | g)', family: 'bernoulli' }, fixtureTable('probit_vote.csv'));
    expect(d.brmsCall).toContain('  family = bernoulli(),');
    expect(d.structure.link).toBe('logit');
    expect(d.stanProgram).toContain('bernoulli_logit_glm_lpmf(Y | Xc, mu, b)');
  });
});

describe('Gamma and Beta in the brms call and the equations', () => {
  it('Gamma(link = "log") with a log-linked mean and shape alpha', () => {
    const p = prepareModel({ formula: 'rt ~ x + (1 | g)', family: 'gamma' }, fixtureTable('gamma_rt.csv'));
    expect(p.brmsCall).toContain('  family = Gamma(link = "log"),');
    expect(p.equations).toContain('\\operatorname{Gamma}(\\alpha, \\alpha / \\mu_{i})');
    expect(p.equations).toContain('\\log(\\mu_{i}) &=');
  });
  it('Beta() with a logit-linked mean and precision phi', () => {
    const p = prepareModel({ formula: 'share ~ x + (1 | g)', family: 'beta' }, fixtureTable('beta_share.csv'));
    expect(p.brmsCall).toContain('  family = Beta(),');
    expect(p.equations).toContain('\\operatorname{Beta}(\\mu_{i} \\phi, (1 - \\mu_{i}) \\phi)');
    expect(p.equations).toContain('\\operatorname{logit}(\\mu_{i}) &=');
  });
});
