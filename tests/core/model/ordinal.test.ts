// The cumulative (ordinal) family through the whole model: brms 2.18's priors table and names
// (tests/fixtures/ordinal, made by make_fixtures.R), the ordered transform of the thresholds with
// its Jacobian and priors, b_Intercept = Intercept + means' b, and the text response in a level order.
import { readFileSync } from 'node:fs';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { describe, expect, it } from 'vitest';
import { prepareModel } from '../../../src/core/model/spec';
import { buildModel } from '../../../src/core/model/buildModel';
import { checkBeforeSampling } from '../../../src/core/model/preflight';
import { gradCheck } from '../../../src/core/ad/gradcheck';
import { studentTLpdf } from '../../../src/core/dist/studentT';
import { cumulative } from '../../../src/core/families/cumulative';
import { pointwiseLogLik } from '../../../src/core/families';
import type { DataTable } from '../../../src/core/types';
import { table, tableFromRows } from '../design/csvTable';
import { randomTheta } from './structures';
import { fitLogLikSource } from '../../../src/core/loo/fitLogLik';
import { makeRng, ppcPlan, replicate } from '../../../src/app/workspace/ppc';

const FIX = 'tests/fixtures/ordinal';

/** The likert example (public/examples/likert.csv) as a DataTable. */
function likert(): DataTable {
  const lines = readFileSync('public/examples/likert.csv', 'utf8').split(/\r?\n/).filter((l) => l);
  return tableFromRows('likert.csv', lines[0].split(','), lines.slice(1).map((l) => l.split(',')));
}

/** get_prior's rows (prior, class, coef, group) from the fixture CSV (no commas inside fields but the prior's). */
function brmsPriors(file: string) {
  const lines = readFileSync(`${FIX}/${file}`, 'utf8').trim().split('\n').slice(1);
  return lines.map((l) => {
    const cells = [...l.matchAll(/"([^"]*)"/g)].map((m) => m[1]);
    return { prior: cells[0], class: cells[1], coef: cells[2], group: cells[3] };
  });
}

const LEVELS = ['strongly disagree', 'disagree', 'neutral', 'agree', 'strongly agree'];

describe('cumulative: priors and names as brms 2.18', () => {
  it('get_prior rows for score ~ x + (1 | id): class Intercept with coef 1..4, student_t(3, 0, 2.5)', () => {
    const p = prepareModel({ formula: 'score ~ x + (1 | id)', family: 'cumulative' }, likert());
    expect(p.priorTable.map(({ prior, class: c, coef, group }) => ({ prior, class: c, coef, group }))).toEqual(brmsPriors('get_prior_logit.csv'));
    // brms's variables(fit), first 12 (brms_variables_likert.txt, from fit_brms.R): disc fixed at 1 among them
    const brmsNames = readFileSync(`${FIX}/brms_variables_likert.txt`, 'utf8').trim().split('\n');
    expect(buildModel(p.structure).outputNames.slice(0, 12)).toEqual(brmsNames);
  });

  it('an unused middle category keeps its threshold: y in {1, 2, 4} has 3 (brms nthres = max(Y) - 1)', () => {
    const d = table({ y: [1, 2, 4, 1, 2, 4, 2, 1], x: [0.1, -0.3, 1.2, 0.4, -1, 2, 0.3, -0.5] });
    const p = prepareModel({ formula: 'y ~ x', family: 'cumulative' }, d);
    expect(p.priorTable.map(({ prior, class: c, coef, group }) => ({ prior, class: c, coef, group }))).toEqual(brmsPriors('get_prior_gap.csv'));
    expect(p.structure.thresholdPriors).toHaveLength(3);
  });

  it('a user prior on one threshold (class Intercept, coef 2) applies to that threshold only', () => {
    const d = table({ y: [1, 2, 3, 1, 3, 2], x: [0.1, -0.3, 1.2, 0.4, -1, 2] });
    const p = prepareModel({ formula: 'y ~ x', family: 'cumulative', priors: [{ prior: 'normal(0, 1)', class: 'Intercept', coef: '2' }] }, d);
    expect(p.structure.thresholdPriors!.map((q) => q.dist)).toEqual(['student_t', 'normal']);
    expect(() => prepareModel({ formula: 'y ~ x', family: 'cumulative', priors: [{ prior: 'normal(0, 1)', class: 'Intercept', coef: '3' }] }, d))
      .toThrow('the thresholds are coef 1 to 2');
  });

  it('the formula cannot drop the intercept (the thresholds take its place)', () => {
    const d = table({ y: [1, 2, 3, 1], x: [0.1, -0.3, 1.2, 0.4] });
    expect(() => prepareModel({ formula: 'y ~ 0 + x', family: 'cumulative' }, d)).toThrow('drop the 0 + (or - 1)');
  });
});

describe('cumulative: the compiled model', () => {
  const d = table({ y: [1, 2, 3, 4, 2, 3, 1, 4, 3, 2, 4, 1], x: [0.3, -1, 0.5, 2, 0.1, -0.4, -1.5, 1.1, 0.8, -0.2, 1.6, -0.9], g: ['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c', 'd', 'd', 'd'] });
  const p = prepareModel({ formula: 'y ~ x + (1 | g)', family: 'cumulative', priors: [{ prior: 'normal(0, 5)', class: 'b' }] }, d, { parameterization: 'noncentered' });
  const fused = buildModel(p.structure, { kernel: 'fused' });
  const passes = buildModel(p.structure, { kernel: 'passes' });

  it('gradient matches finite differences; the fused loop and the passes agree', () => {
    for (const seed of [1, 2, 3]) {
      const theta = randomTheta(fused.dim, seed, 1);
      const ga = new Float64Array(fused.dim), gb = new Float64Array(fused.dim);
      const la = fused.logDensityGradient(theta, ga);
      const lb = passes.logDensityGradient(theta, gb);
      expect(Math.abs(la - lb)).toBeLessThan(1e-10 * Math.max(1, Math.abs(lb)));
      ga.forEach((v, i) => expect(Math.abs(v - gb[i])).toBeLessThan(1e-9 * Math.max(1, Math.abs(gb[i]))));
      for (const m of [fused, passes]) {
        const r = gradCheck((x, g) => m.logDensityGradient(x, g), theta, { rtol: 1e-5, atol: 1e-6 });
        expect(r.ok, r.message).toBe(true);
      }
    }
  });

  it('probit: gradient matches finite differences; the fused loop and the passes agree', () => {
    const q = prepareModel({ formula: 'y ~ x + (1 | g)', family: 'cumulative', link: 'probit' }, d, { parameterization: 'noncentered' });
    const a = buildModel(q.structure, { kernel: 'fused' }), b = buildModel(q.structure, { kernel: 'passes' });
    const theta = randomTheta(a.dim, 9, 1);
    const ga = new Float64Array(a.dim), gb = new Float64Array(a.dim);
    expect(a.logDensityGradient(theta, ga)).toBeCloseTo(b.logDensityGradient(theta, gb), 10);
    ga.forEach((v, i) => expect(v).toBeCloseTo(gb[i], 9));
    const r = gradCheck((x, g) => a.logDensityGradient(x, g), theta, { rtol: 1e-5, atol: 1e-6 });
    expect(r.ok, r.message).toBe(true);
    // and its log density differs from the logit model's
    expect(a.logDensityGradient(theta, ga)).not.toBeCloseTo(fused.logDensityGradient(theta, gb), 3);
  });

  it('log density = likelihood + priors + Jacobian of the ordered transform, written out directly (up to a constant)', () => {
    // theta: Intercept[1], log-gaps (2), b_x, log sd_g, z_g (4)
    expect(fused.unconstrainedNames.slice(0, 3)).toEqual(['Intercept[1]', 'log(Intercept[2] - Intercept[1])', 'log(Intercept[3] - Intercept[2])']);
    const X = p.structure.X;
    const meanX = X.reduce((a, b) => a + b, 0) / X.length;
    const groupOf = [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3];
    const direct = (th: Float64Array): number => {
      const tau = [th[0], th[0] + Math.exp(th[1]), th[0] + Math.exp(th[1]) + Math.exp(th[2])];
      const b = th[3], sd = Math.exp(th[4]), z = [...th.subarray(5, 9)];
      let lp = 0;
      p.structure.y.forEach((y, n) => { lp += pointwiseLogLik(cumulative, y, (X[n] - meanX) * b + sd * z[groupOf[n]], 0, Float64Array.from(tau)); });
      for (const t of tau) lp += studentTLpdf(t, 3, 0, 2.5);
      lp += th[1] + th[2]; // ordered transform
      lp += -0.5 * (b / 5) ** 2; // normal(0, 5) on b
      lp += studentTLpdf(sd, 3, 0, 2.5) + th[4]; // half student_t on sd, log transform
      for (const v of z) lp += -0.5 * v * v;
      return lp;
    };
    const t1 = randomTheta(fused.dim, 11, 1), t2 = randomTheta(fused.dim, 12, 1);
    const g = new Float64Array(fused.dim);
    const diff = fused.logDensityGradient(t1, g) - fused.logDensityGradient(t2, g);
    expect(diff).toBeCloseTo(direct(t1) - direct(t2), 9);
  });

  it('writeDraw: b_Intercept[k] = Intercept[k] + means_X b (brms generated quantities)', () => {
    const theta = randomTheta(fused.dim, 4, 1);
    const out = new Float64Array(fused.outputNames.length);
    fused.writeDraw(theta, out);
    const X = p.structure.X;
    const meanX = X.reduce((a, b) => a + b, 0) / X.length;
    const tau = [theta[0], theta[0] + Math.exp(theta[1]), theta[0] + Math.exp(theta[1]) + Math.exp(theta[2])];
    tau.forEach((t, k) => expect(out[k]).toBeCloseTo(t + meanX * theta[3], 14));
    expect(out[3]).toBe(theta[3]);
    expect(out[fused.outputNames.indexOf('disc')]).toBe(1);
  });
});

describe('cumulative: a text response in a level order', () => {
  it('codes the levels 1..K in the column order and fits the same model as the integer codes', () => {
    const data = likert();
    const ordered = { ...data, columns: data.columns.map((c) => (c.name === 'answer' ? { ...c, levels: LEVELS } : c)) };
    const text = prepareModel({ formula: 'answer ~ x + (1 | id)', family: 'cumulative' }, ordered);
    const codes = prepareModel({ formula: 'score ~ x + (1 | id)', family: 'cumulative' }, data);
    expect([...text.structure.y]).toEqual([...codes.structure.y]);
    expect(text.messages.join(' ')).not.toContain('as R sorts them');
  });

  it('without an order, takes R\'s sort order as brms would and says so', () => {
    const p = prepareModel({ formula: 'answer ~ x', family: 'cumulative' }, likert());
    expect(p.messages.join(' ')).toContain("its categories are ordered as R sorts them (agree, disagree, neutral, strongly agree, strongly disagree)");
  });

  it('names the values the order does not list, with the first data row', () => {
    const data = likert();
    const ordered = { ...data, columns: data.columns.map((c) => (c.name === 'answer' ? { ...c, levels: ['strongly disagree', 'disagree', 'agree', 'strongly agree'] } : c)) };
    expect(() => prepareModel({ formula: 'answer ~ x', family: 'cumulative' }, ordered))
      .toThrow("The order of the levels of answer (strongly disagree, disagree, agree, strongly agree) does not list 'neutral' (first at data row 2). Add it to the order, or drop those rows.");
  });

  it('two text levels are too few, and the message says which were found', () => {
    const d = table({ y: ['no', 'yes', 'no', 'yes'], x: [1, 2, 3, 4] });
    expect(() => prepareModel({ formula: 'y ~ x', family: 'cumulative' }, d)).toThrow("The cumulative family needs at least 3 ordered categories, but y has only 'no', 'yes'. For a two-level outcome pick bernoulli.");
  });
});

/** brms 2.18's old array syntax in the current one: `int Y[N]` -> `array[N] int Y`, `int[] j` -> `array[] int j`. */
function currentArraySyntax(code: string): string {
  return code
    .replace(/^(\s*)((?:int|real|vector|matrix)(?:<[^>]*>)?(?:\[[^\]]*\])?) (\w+)\[([^\]]+)\];/gm, '$1array[$4] $2 $3;')
    .replace(/\bint\[\] (\w+)/g, 'array[] int $1');
}

/** The program without its first line (brms: "// generated with brms 2.18.0"), trailing blank lines trimmed. */
const body = (code: string) => code.split('\n').slice(1).join('\n').trimEnd();

describe('cumulative: the Stan program equals brms 2.18 make_stancode (up to array syntax)', () => {
  const cases: [string, string][] = [
    ['score ~ x + (1 | id)', 'stancode_logit.stan'],
    ['score ~ x', 'stancode_logit_nogroup.stan'],
    ['score ~ 1 + (1 | id)', 'stancode_logit_intercept_only.stan'],
  ];
  for (const [formula, file] of cases) {
    it(formula, () => {
      const ours = prepareModel({ formula, family: 'cumulative' }, likert());
      const brms = currentArraySyntax(readFileSync(`${FIX}/${file}`, 'utf8'));
      expect(body(ours.stanProgram)).toBe(body(brms));
    });
  }

  it('a prior on one threshold is written per element, as brms writes it', () => {
    const ours = prepareModel({ formula: 'score ~ x', family: 'cumulative', priors: [{ prior: 'normal(0, 1)', class: 'Intercept', coef: '2' }] }, likert());
    expect(body(ours.stanProgram)).toBe(body(currentArraySyntax(readFileSync(`${FIX}/stancode_logit_threshold_prior.stan`, 'utf8'))));
  });

  it('score ~ x + (1 | id), cumulative("probit"): the probit functions and cumulative_probit_lpmf', () => {
    const ours = prepareModel({ formula: 'score ~ x + (1 | id)', family: 'cumulative', link: 'probit' }, likert());
    expect(body(ours.stanProgram)).toBe(body(currentArraySyntax(readFileSync(`${FIX}/stancode_probit.stan`, 'utf8'))));
    expect(ours.priorTable.map(({ prior, class: c, coef, group }) => ({ prior, class: c, coef, group }))).toEqual(brmsPriors('get_prior_probit.csv'));
    expect(ours.brmsCall).toContain('family = cumulative(link = "probit"),');
    expect(ours.equations).toContain('\\Pr(\\text{score}_{i} \\le k) &= \\Phi(\\tau_{k} - \\eta_{i})');
  });

  it('the Stan data have nthres = max(y) - 1 and X without an intercept column (brms make_standata)', () => {
    const d = table({ y: [1, 2, 4, 1, 2, 4, 2, 1], x: [0.1, -0.3, 1.2, 0.4, -1, 2, 0.3, -0.5] });
    const p = prepareModel({ formula: 'y ~ x', family: 'cumulative' }, d);
    const [nthres, Y] = readFileSync(`${FIX}/standata_gap.txt`, 'utf8').trim().split('\n').map((l) => l.split(' ').slice(1).map(Number));
    expect(p.stanData.nthres).toBe(nthres[0]);
    expect(p.stanData.Y).toEqual(Y);
    expect(p.stanData.K).toBe(1);
    expect((p.stanData.X as number[][])[0]).toEqual([0.1]);
    expect(body(p.stanProgram)).toBe(body(currentArraySyntax(readFileSync(`${FIX}/stancode_gap.stan`, 'utf8'))));
  });
});

describe('cumulative: brms call and equations', () => {
  it('the brms call orders a text response as the model does and names cumulative(link = "logit")', () => {
    const data = likert();
    const ordered = { ...data, columns: data.columns.map((c) => (c.name === 'answer' ? { ...c, levels: LEVELS } : c)) };
    const p = prepareModel({ formula: 'answer ~ x + (1 | id)', family: 'cumulative' }, ordered);
    expect(p.brmsCall).toContain('data$answer <- factor(data$answer, levels = c("strongly disagree", "disagree", "neutral", "agree", "strongly agree"), ordered = TRUE)');
    expect(p.brmsCall).toContain('  family = cumulative(link = "logit"),');
  });

  it('the equations give P(y <= k) through the thresholds and no population intercept', () => {
    const p = prepareModel({ formula: 'score ~ x + (1 | id)', family: 'cumulative' }, likert());
    expect(p.equations).toContain('\\Pr(\\text{score}_{i} \\le k) &= \\operatorname{logit}^{-1}(\\tau_{k} - \\eta_{i})');
    expect(p.equations).toContain('\\eta_{i} &= \\beta_{0j[i]} + \\beta_{1}\\,\\text{x}_{i}');
    expect(p.equations).toContain('\\beta_{0j} &= u_{0j}');
    expect(p.equations).not.toContain('gamma_{00}');
  });
});

describe('cumulative: from draws (pointwise log-likelihood for LOO, posterior predictive draws)', () => {
  const d = table({ y: [1, 2, 3, 4, 2, 3, 1, 4], x: [0.3, -1, 0.5, 2, 0.1, -0.4, -1.5, 1.1], g: ['a', 'a', 'b', 'b', 'c', 'c', 'd', 'd'] });
  for (const link of ['logit', 'probit']) {
    it(`${link}: log_lik of a draw is log P(y | b_Intercept - X b - r) written directly`, () => {
      const p = prepareModel({ formula: 'y ~ x + (1 | g)', family: 'cumulative', link }, d);
      const m = buildModel(p.structure);
      const draw = new Float64Array(m.outputNames.length);
      m.writeDraw(randomTheta(m.dim, 3, 1), draw);
      const col = (n: string) => draw[m.outputNames.indexOf(n)];
      const F = link === 'logit' ? (x: number) => 1 / (1 + Math.exp(-x)) : (x: number) => normalCdf(x, 0, 1);
      const out = new Float64Array(8);
      fitLogLikSource(p.structure, m.outputNames, [draw], 1).fill(0, 8, out);
      p.structure.y.forEach((y, i) => {
        const eta = p.structure.X[i] * col('b_x') + col(`r_g[${['a', 'b', 'c', 'd'][i >> 1]},Intercept]`);
        const upper = y === 4 ? 1 : F(col(`b_Intercept[${y}]`) - eta);
        const lower = y === 1 ? 0 : F(col(`b_Intercept[${y - 1}]`) - eta);
        expect(out[i]).toBeCloseTo(Math.log(upper - lower), 10);
      });
      // posterior predictive draws are categories 1..4
      const rep = new Float64Array(8);
      replicate(p.structure, ppcPlan(p.structure, m.outputNames), draw, makeRng(2), new Float64Array(8), rep);
      rep.forEach((v) => expect([1, 2, 3, 4]).toContain(v));
    });
  }
});

describe('cumulative: checks before sampling', () => {
  it('no 0/1 separation warning for categories (a group all in category 1 is not "all successes")', () => {
    const d = table({ y: [1, 1, 1, 2, 3, 3, 2, 1, 3, 2], x: [0, 0, 0, 1, 1, 1, 1, 1, 1, 1] });
    const p = prepareModel({ formula: 'y ~ x', family: 'cumulative' }, d);
    const checks = checkBeforeSampling(p.structure, { warmup: 1000, iter: 1000 }, { table: d, response: p.formula.response });
    expect(checks.warnings.map((w) => w.kind)).not.toContain('separation');
  });
});
