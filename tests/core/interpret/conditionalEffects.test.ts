// Conditional effects and group lines (src/core/interpret/conditionalEffects.ts, groupLines.ts)
// through the analysis worker's 'views' message, checked against values computed here with a
// direct loop over the draws and a hand-written linear predictor (not the project's design code):
// sleepstudy's Days, vote_income's logistic probabilities, a numeric x numeric interaction, a
// factor, a factor x numeric interaction, I(x^2) and scale(z) on new data.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { send, useInProcessWorker } from './inProcessWorker';
import { prepareModel } from '../../../src/core/model/spec';
import { modelLayout } from '../../../src/core/model/layout';
import { viewsDesign } from '../../../src/app/workspace/useInterpretView';
import { conditionalEffectsCsv, type ConditionalEffectsResult, type EffectsJob } from '../../../src/core/interpret/conditionalEffects';
import { groupLinesCsv, shownLevels, type GroupLinesJob, type GroupLinesResult } from '../../../src/core/interpret/groupLines';
import type { DataTable, FamilyName } from '../../../src/core/types';
import { loadCsv, tableFromRows } from '../design/csvTable';

useInProcessWorker();

function lcg(seed: number) {
  let state = seed;
  return () => { state = (state * 1103515245 + 12345) % 2147483648; return state / 2147483648; };
}

let nextId = 1;
let nextKey = 1;

function setup(table: DataTable, formula: string, family: FamilyName = 'gaussian', S = 30, link?: string) {
  const structure = prepareModel({ formula, family, link }, table).structure;
  const names = modelLayout(structure).outputNames;
  const u = lcg(7);
  const rows = new Float64Array(S * names.length);
  for (let i = 0; i < S; i++) {
    names.forEach((n, j) => {
      rows[i * names.length + j] = n.startsWith('cor_') ? 2 * u() - 1 : n.startsWith('sd_') || n === 'sigma' ? 0.5 + 3 * u() : 2 * (u() - 0.5);
    });
  }
  const at = (name: string, i: number) => {
    const j = names.indexOf(name);
    if (j < 0) throw new Error(`no ${name}`);
    return rows[i * names.length + j];
  };
  const key = `k${nextKey++}`;
  send({ id: nextId++, type: 'table', table });
  let first = true;
  const run = <R>(job: EffectsJob | GroupLinesJob): R => {
    const reply = send({ id: nextId++, type: 'views', job, key, ...(first ? { draws: { names, rows: rows.slice(), nDraws: S }, design: viewsDesign(structure) } : {}) });
    first = false;
    if (reply.type === 'error') throw new Error(reply.error.message);
    if (reply.type !== 'views') throw new Error(reply.type);
    return reply.result as R;
  };
  return { structure, S, at, run, formula };
}

/** R's quantile(type = 7) of a sorted copy. */
function q7(x: number[], p: number): number {
  const s = x.slice().sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  return s[lo] + (h - lo) * ((s[Math.min(lo + 1, s.length - 1)]) - s[lo]);
}
/** erf by its Taylor series (accurate to ~1e-14 for the |x| < 2.5 used here); +-1 beyond |x| = 5. */
function erf(x: number): number {
  if (Math.abs(x) > 5) return Math.sign(x);
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) { term *= (-x * x) / n; sum += term / (2 * n + 1); if (Math.abs(term) < 1e-17) break; }
  return (2 / Math.sqrt(Math.PI)) * sum;
}
const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
const sd = (x: number[]) => { const m = mean(x); return Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1)); };
const median = (x: number[]) => q7(x, 0.5);
const draws = (S: number, f: (i: number) => number) => Array.from({ length: S }, (_, i) => f(i));
const column = (t: DataTable, name: string) => Array.from(t.columns.find((c) => c.name === name)!.numeric!);

describe('conditional effects', () => {
  const sleep = loadCsv('sleepstudy.csv');

  it('sleepstudy Days: 100 points over 0..9, eta = b_Intercept + b_Days x per draw, mean or median and type-7 interval', () => {
    const m = setup(sleep, 'Reaction ~ Days + (Days | Subject)');
    const job: EffectsJob = { kind: 'effects', formula: m.formula, prob: 0.9, robust: false };
    const r = m.run<ConditionalEffectsResult>(job);
    expect(r.choices).toEqual(['Days']);
    expect([r.effect, r.types, r.columns, r.probability]).toEqual(['Days', ['numeric'], ['Days', 'Reaction', 'Subject'], false]);
    expect(r.rows).toHaveLength(100);
    expect(r.rows[0].effect1).toBe(0);
    expect(r.rows[99].effect1).toBe(9);
    for (const k of [0, 1, 50, 99]) {
      const x = k === 99 ? 9 : k * (9 / 99);
      expect(r.rows[k].effect1 as number).toBeCloseTo(x, 12);
      const mu = draws(m.S, (i) => m.at('b_Intercept', i) + m.at('b_Days', i) * x);
      expect(r.rows[k].estimate).toBeCloseTo(mean(mu), 12);
      expect(r.rows[k].se).toBeCloseTo(sd(mu), 12);
      expect(r.rows[k].lower).toBeCloseTo(q7(mu, 0.05), 12);
      expect(r.rows[k].upper).toBeCloseTo(q7(mu, 0.95), 12);
    }
    // brms's default: the median (and MAD as se__)
    const robust = m.run<ConditionalEffectsResult>({ ...job, robust: true, prob: 0.95 });
    const mu50 = draws(m.S, (i) => m.at('b_Intercept', i) + m.at('b_Days', i) * (robust.rows[50].effect1 as number));
    expect(robust.rows[50].estimate).toBeCloseTo(median(mu50), 12);
    expect(robust.rows[50].lower).toBeCloseTo(q7(mu50, 0.025), 12);
    // the observed points: all 180 rows, Reaction against Days
    expect(r.nPoints).toBe(180);
    expect(r.points[0]).toEqual({ x: column(sleep, 'Days')[0], y: column(sleep, 'Reaction')[0], n: 1, level2: null });
  });

  it('the CSV of sleepstudy Days has brms\'s columns and 100 rows', () => {
    const m = setup(sleep, 'Reaction ~ Days + (Days | Subject)');
    const r = m.run<ConditionalEffectsResult>({ kind: 'effects', formula: m.formula, prob: 0.95, robust: true });
    const lines = conditionalEffectsCsv(r).trim().split('\n');
    expect(lines[0]).toBe('Days,Reaction,Subject,effect1__,estimate__,se__,lower__,upper__');
    expect(lines).toHaveLength(101);
    const last = lines[100].split(',').map(Number);
    // the response at its mean and the grouping column NA, as brms's data frame has them
    const reaction = column(sleep, 'Reaction');
    expect(last[0]).toBe(9);
    expect(last[1]).toBeCloseTo(mean(reaction), 10);
    expect(lines[100].split(',')[2]).toBe('NA');
    expect(last[3]).toBe(9);
    expect(last[4]).toBe(r.rows[99].estimate);
    expect(last[6]).toBeLessThanOrEqual(last[4]);
  });

  it('one subject included: its r_ draws are added (re_formula with that group), and only its points shown', () => {
    const m = setup(sleep, 'Reaction ~ Days + (Days | Subject)');
    const r = m.run<ConditionalEffectsResult>({ kind: 'effects', formula: m.formula, prob: 0.95, robust: false, group: { group: 'Subject', level: '308' } });
    const x = r.rows[30].effect1 as number;
    const mu = draws(m.S, (i) => m.at('b_Intercept', i) + m.at('r_Subject[308,Intercept]', i) + (m.at('b_Days', i) + m.at('r_Subject[308,Days]', i)) * x);
    expect(r.rows[30].estimate).toBeCloseTo(mean(mu), 12);
    expect(r.nPoints).toBe(10);
    expect(() => m.run({ kind: 'effects', formula: m.formula, prob: 0.95, robust: false, group: { group: 'Subject', level: '999' } })).toThrow("'999' is not a level of Subject.");
  });

  it('vote_income (bernoulli): probabilities 1 / (1 + exp(-(b_Intercept + b_income x))), on a 0..1 scale', () => {
    const vote = loadCsv('vote_income.csv');
    const m = setup(vote, 'vote ~ income + (1 | state)', 'bernoulli');
    const r = m.run<ConditionalEffectsResult>({ kind: 'effects', formula: m.formula, prob: 0.95, robust: false });
    expect(r.probability).toBe(true);
    const inc = column(vote, 'income');
    expect(r.rows[0].effect1).toBe(Math.min(...inc));
    expect(r.rows[99].effect1).toBe(Math.max(...inc));
    for (const k of [0, 33, 99]) {
      const x = r.rows[k].effect1 as number;
      const p = draws(m.S, (i) => 1 / (1 + Math.exp(-(m.at('b_Intercept', i) + m.at('b_income', i) * x))));
      expect(r.rows[k].estimate).toBeCloseTo(mean(p), 12);
      expect(r.rows[k].upper).toBeCloseTo(q7(p, 0.975), 12);
    }
    for (const row of r.rows) expect(row.lower > 0 && row.upper < 1).toBe(true);
    // observed points: the proportion voting 1 at each of income's 5 values, not 5866 points at 0 and 1
    const votes = column(vote, 'vote');
    const values = [...new Set(inc)].sort((a, b) => a - b);
    expect(r.points.map((p) => p.x)).toEqual(values);
    for (const p of r.points) {
      const rows = inc.map((v, i) => (v === p.x ? i : -1)).filter((i) => i >= 0);
      expect(p.n).toBe(rows.length);
      expect(p.y).toBeCloseTo(mean(rows.map((i) => votes[i])), 12);
    }
  });

  it('vote_income with the probit link: Phi(b_Intercept + b_income x), the link the fit used', () => {
    const vote = loadCsv('vote_income.csv');
    const m = setup(vote, 'vote ~ income + (1 | state)', 'bernoulli', 30, 'probit');
    const r = m.run<ConditionalEffectsResult>({ kind: 'effects', formula: m.formula, prob: 0.95, robust: false });
    // the normal cdf Phi(z) = (1 + erf(z / sqrt 2)) / 2, erf by its Taylor series (not the project's Phi)
    const phi = (z: number) => 0.5 * (1 + erf(z / Math.SQRT2));
    const x = r.rows[60].effect1 as number;
    const p = draws(m.S, (i) => phi(m.at('b_Intercept', i) + m.at('b_income', i) * x));
    expect(r.rows[60].estimate).toBeCloseTo(mean(p), 6);
  });

  // a small table: numeric x and z, a factor f (a, b, c), groups g
  const u = lcg(3);
  const small = tableFromRows('small.csv', ['y', 'x', 'z', 'f', 'g'], Array.from({ length: 60 }, (_, i) => [
    String(u() * 10), String(1 + 4 * u()), String(-2 + 6 * u()), ['b', 'a', 'c'][i % 3], `g${i % 6}`,
  ]));
  const xs = column(small, 'x');
  const zs = column(small, 'z');

  it('x * z: x over its range at z = mean - sd, mean, mean + sd (effect2__ rounded, decreasing levels), rows sorted by x then z', () => {
    const m = setup(small, 'y ~ x * z + f + (1 | g)');
    expect(m.run<ConditionalEffectsResult>({ kind: 'effects', formula: m.formula, prob: 0.95, robust: false }).choices).toEqual(['x', 'z', 'f', 'x:z']);
    const r = m.run<ConditionalEffectsResult>({ kind: 'effects', formula: m.formula, effect: 'x:z', prob: 0.95, robust: false });
    expect(r.columns).toEqual(['x', 'z', 'y', 'f', 'g']);
    expect(r.rows).toHaveLength(300);
    const zv = [-1, 0, 1].map((k) => mean(zs) + k * sd(zs));
    expect(r.effect2Levels).toEqual(zv.map((v) => String(Math.round(v * 100) / 100)).reverse());
    for (const k of [0, 1, 2, 151, 299]) {
      const x = Math.min(...xs) + Math.floor(k / 3) * ((Math.max(...xs) - Math.min(...xs)) / 99);
      const z = zv[k % 3];
      expect(r.rows[k].values[0] as number).toBeCloseTo(x, 10);
      expect(r.rows[k].values[1] as number).toBeCloseTo(z, 12);
      expect(r.rows[k].values[3]).toBe('a');
      // f at its reference level 'a': no f column enters
      const mu = draws(m.S, (i) => m.at('b_Intercept', i) + m.at('b_x', i) * x + m.at('b_z', i) * z + m.at('b_x:z', i) * x * z);
      expect(r.rows[k].estimate).toBeCloseTo(mean(mu), 10);
    }
    const csv = conditionalEffectsCsv(r).trim().split('\n');
    expect(csv[0]).toBe('x,z,y,f,g,effect1__,effect2__,estimate__,se__,lower__,upper__');
    expect(csv[1].split(',')[6]).toBe(r.effect2Levels![2]);
    // points: only rows at f's reference level 'a' (brms shows the points matching the conditions)
    expect(r.nPoints).toBe(20);
  });

  it('a factor: one row per level, the others at their means; f * x is drawn with x first, one line per level of f', () => {
    const m = setup(small, 'y ~ f + x + (1 | g)');
    const r = m.run<ConditionalEffectsResult>({ kind: 'effects', formula: m.formula, effect: 'f', prob: 0.95, robust: false });
    expect(r.rows.map((row) => row.effect1)).toEqual(['a', 'b', 'c']);
    expect(r.conditions).toEqual([{ name: 'x', value: mean(xs) }]);
    const mx = mean(xs);
    const fb = draws(m.S, (i) => m.at('b_Intercept', i) + m.at('b_fb', i) + m.at('b_x', i) * mx);
    expect(r.rows[1].estimate).toBeCloseTo(mean(fb), 12);
    const fi = setup(small, 'y ~ f * x');
    const ri = fi.run<ConditionalEffectsResult>({ kind: 'effects', formula: fi.formula, effect: 'f:x', prob: 0.95, robust: false });
    expect([ri.effect, ri.vars, ri.effect2Levels]).toEqual(['x:f', ['x', 'f'], ['a', 'b', 'c']]);
    const row = ri.rows[3 * 40 + 2]; // x's 41st value, f = c
    const x = row.effect1 as number;
    const mu = draws(fi.S, (i) => fi.at('b_Intercept', i) + fi.at('b_fc', i) + (fi.at('b_x', i) + fi.at('b_fc:x', i)) * x);
    expect(row.effect2).toBe('c');
    expect(row.estimate).toBeCloseTo(mean(mu), 12);
  });

  it('I(x^2) and scale(z) on new data: the square of the grid value, z scaled by the data\'s mean and sd', () => {
    const m = setup(small, 'y ~ x + I(x^2) + scale(z)');
    const r = m.run<ConditionalEffectsResult>({ kind: 'effects', formula: m.formula, prob: 0.95, robust: false });
    expect(r.choices).toEqual(['x', 'z']);
    const x = r.rows[70].effect1 as number;
    const mu = draws(m.S, (i) => m.at('b_Intercept', i) + m.at('b_x', i) * x + m.at('b_IxE2', i) * x * x);
    expect(r.rows[70].estimate).toBeCloseTo(mean(mu), 10);
    const rz = m.run<ConditionalEffectsResult>({ kind: 'effects', formula: m.formula, effect: 'z', prob: 0.95, robust: false });
    const z = rz.rows[10].effect1 as number;
    const mx = mean(xs);
    const mz = draws(m.S, (i) => m.at('b_Intercept', i) + m.at('b_x', i) * mx + m.at('b_IxE2', i) * mx * mx + m.at('b_scalez', i) * (z - mean(zs)) / sd(zs));
    expect(rz.rows[10].estimate).toBeCloseTo(mean(mz), 10);
  });

  it('cbpp (binomial, factor period): the probability per level with trials 1, observed proportions per level', () => {
    const cbpp = loadCsv('cbpp.csv', ['period']);
    const m = setup(cbpp, 'incidence | trials(size) ~ period + (1 | herd)', 'binomial');
    const r = m.run<ConditionalEffectsResult>({ kind: 'effects', formula: m.formula, prob: 0.95, robust: false });
    expect([r.types, r.rows.map((row) => row.effect1), r.probability]).toEqual([['factor'], ['1', '2', '3', '4'], true]);
    const p3 = draws(m.S, (i) => 1 / (1 + Math.exp(-(m.at('b_Intercept', i) + m.at('b_period3', i)))));
    expect(r.rows[2].estimate).toBeCloseTo(mean(p3), 12);
    const inc = column(cbpp, 'incidence');
    const size = column(cbpp, 'size');
    const per = cbpp.columns.find((c) => c.name === 'period')!.numeric!;
    const rows3 = inc.map((_, i) => i).filter((i) => per[i] === 3);
    const p = r.points.find((q) => q.x === '3')!;
    expect(p.n).toBe(rows3.reduce((a, i) => a + size[i], 0));
    expect(p.y).toBeCloseTo(rows3.reduce((a, i) => a + inc[i], 0) / p.n, 12);
  });

  it('grouseticks (poisson): the expected count exp(eta) over cHEIGHT, YEAR held at its reference level', () => {
    const g = loadCsv('grouseticks.csv', ['YEAR']);
    const m = setup(g, 'TICKS ~ cHEIGHT + YEAR + (1 | BROOD)', 'poisson');
    const r = m.run<ConditionalEffectsResult>({ kind: 'effects', formula: m.formula, prob: 0.95, robust: false });
    expect(r.conditions).toEqual([{ name: 'YEAR', value: '95' }]);
    const x = r.rows[40].effect1 as number;
    const mu = draws(m.S, (i) => Math.exp(m.at('b_Intercept', i) + m.at('b_cHEIGHT', i) * x));
    expect(r.rows[40].estimate).toBeCloseTo(mean(mu), 12);
    // points only from rows at YEAR's reference level (brms shows the points matching the conditions)
    expect(r.nPoints).toBe(column(g, 'YEAR').filter((v) => v === 95).length);
  });

  it('grouseticks (zero-inflated poisson): the expected count (1 - zi) exp(eta), zi from the draws', () => {
    const g = loadCsv('grouseticks.csv', ['YEAR']);
    const m = setup(g, 'TICKS ~ cHEIGHT + (1 | BROOD)', 'zero_inflated_poisson');
    const r = m.run<ConditionalEffectsResult>({ kind: 'effects', formula: m.formula, prob: 0.95, robust: false });
    const x = r.rows[70].effect1 as number;
    const mu = draws(m.S, (i) => (1 - m.at('zi', i)) * Math.exp(m.at('b_Intercept', i) + m.at('b_cHEIGHT', i) * x));
    expect(r.rows[70].estimate / mean(mu)).toBeCloseTo(1, 12); // relative: the fake draws make large counts
  });

  it('likert (cumulative logit): one line per category, P(y = k) = F(t_k - eta) - F(t_k-1 - eta) with eta = b_x x', () => {
    const lines = readFileSync(new URL('../../../public/examples/likert.csv', import.meta.url), 'utf8').trim().split('\n').map((l) => l.split(','));
    const likert = tableFromRows('likert.csv', lines[0], lines.slice(1));
    const answer = likert.columns.find((c) => c.name === 'answer')!;
    answer.levels = ['strongly disagree', 'disagree', 'neutral', 'agree', 'strongly agree'];
    const m = setup(likert, 'answer ~ x + (1 | id)', 'cumulative');
    const r = m.run<ConditionalEffectsResult>({ kind: 'effects', formula: m.formula, prob: 0.95, robust: false });
    expect(r.categories).toEqual(answer.levels);
    expect(r.rows).toHaveLength(5 * 100);
    expect(r.columns.at(-1)).toBe('cats__');
    const F = (v: number) => 1 / (1 + Math.exp(-v));
    const row = r.rows[2 * 100 + 30]; // 'neutral' at the 31st x
    const x = row.effect1 as number;
    const p = draws(m.S, (i) => F(m.at('b_Intercept[3]', i) - m.at('b_x', i) * x) - F(m.at('b_Intercept[2]', i) - m.at('b_x', i) * x));
    expect([row.effect2, row.values.at(-1)]).toEqual(['neutral', 'neutral']);
    expect(row.estimate).toBeCloseTo(mean(p), 12);
    const csv = conditionalEffectsCsv(r).trim().split('\n');
    expect(csv[0].endsWith(',cats__,effect1__,effect2__,estimate__,se__,lower__,upper__')).toBe(true);
    expect(csv).toHaveLength(501);
  });

  it('an unknown effect or a model without predictors is a message naming what there is', () => {
    const m = setup(small, 'y ~ x + (1 | g)');
    expect(() => m.run({ kind: 'effects', formula: m.formula, effect: 'w', prob: 0.95, robust: false })).toThrow("'w' is not an effect of this model; its effects are x.");
    const none = setup(small, 'y ~ 1 + (1 | g)');
    expect(() => none.run({ kind: 'effects', formula: none.formula, prob: 0.95, robust: false })).toThrow(/no population-level predictors/);
  });
});

describe('group lines', () => {
  it('sleepstudy: each subject\'s line is the mean over draws of b + r at 50 points; the population line has its interval', () => {
    const sleep = loadCsv('sleepstudy.csv');
    const m = setup(sleep, 'Reaction ~ Days + (Days | Subject)');
    const r = m.run<GroupLinesResult>({ kind: 'groupLines', formula: m.formula, picked: [], prob: 0.9 });
    expect([r.group, r.predictor, r.x.length, r.lines.length, r.hidden]).toEqual(['Subject', 'Days', 50, 18, 0]);
    const l = r.lines.find((g) => g.level === '331')!;
    expect(l.n).toBe(10);
    expect(l.points).toHaveLength(10);
    for (const k of [0, 17, 49]) {
      const x = r.x[k];
      const mu = draws(m.S, (i) => m.at('b_Intercept', i) + m.at('r_Subject[331,Intercept]', i) + (m.at('b_Days', i) + m.at('r_Subject[331,Days]', i)) * x);
      expect(l.estimate[k]).toBeCloseTo(mean(mu), 10);
      const pop = draws(m.S, (i) => m.at('b_Intercept', i) + m.at('b_Days', i) * x);
      expect(r.population.estimate[k]).toBeCloseTo(mean(pop), 10);
      expect(r.population.lower[k]).toBeCloseTo(q7(pop, 0.05), 10);
    }
    const csv = groupLinesCsv(r).trim().split('\n');
    expect(csv[0]).toBe('Subject,Days,estimate__,lower__,upper__');
    expect(csv).toHaveLength(1 + 50 * 19);
    expect(csv[1].startsWith('(population),0,')).toBe(true);
  });

  it('vote_income: probabilities per state (logistic of b + r)', () => {
    const vote = loadCsv('vote_income.csv');
    const m = setup(vote, 'vote ~ income + (1 + income | state)', 'bernoulli', 10);
    const r = m.run<GroupLinesResult>({ kind: 'groupLines', formula: m.formula, picked: [], prob: 0.95 });
    expect(r.probability).toBe(true);
    const l = r.lines[3];
    const x = r.x[20];
    const p = draws(m.S, (i) => 1 / (1 + Math.exp(-(m.at('b_Intercept', i) + m.at(`r_state[${l.level},Intercept]`, i) + (m.at('b_income', i) + m.at(`r_state[${l.level},income]`, i)) * x))));
    expect(l.estimate[20]).toBeCloseTo(mean(p), 12);
    expect(l.points.reduce((a, q) => a + q.n, 0)).toBe(l.n);
  });

  it('orthodont: a group-level predictor (Sex, constant within Subject) is held at each subject\'s own value', () => {
    const ortho = loadCsv('orthodont.csv');
    const m = setup(ortho, 'distance ~ age * Sex + (1 + age | Subject)');
    const r = m.run<GroupLinesResult>({ kind: 'groupLines', formula: m.formula, picked: [], prob: 0.95 });
    expect([r.predictor, r.perGroup, r.conditions]).toEqual(['age', ['Sex'], [{ name: 'Sex', value: 'Female' }]]);
    const male = r.lines.find((l) => l.level === 'M01')!;
    const female = r.lines.find((l) => l.level === 'F01')!;
    const x = r.x[10];
    const boys = draws(m.S, (i) => m.at('b_Intercept', i) + m.at('b_SexMale', i) + m.at('r_Subject[M01,Intercept]', i)
      + (m.at('b_age', i) + m.at('b_age:SexMale', i) + m.at('r_Subject[M01,age]', i)) * x);
    expect(male.estimate[10]).toBeCloseTo(mean(boys), 10);
    expect(male.population[10]).toBeCloseTo(mean(draws(m.S, (i) => m.at('b_Intercept', i) + m.at('b_SexMale', i) + (m.at('b_age', i) + m.at('b_age:SexMale', i)) * x)), 10);
    const girls = draws(m.S, (i) => m.at('b_Intercept', i) + m.at('r_Subject[F01,Intercept]', i) + (m.at('b_age', i) + m.at('r_Subject[F01,age]', i)) * x);
    expect(female.estimate[10]).toBeCloseTo(mean(girls), 10);
    expect(female.population).toEqual(r.population.estimate);
  });

  it('likert (cumulative): a respondent\'s line is the expected category sum_k k P(y = k) with eta = (b_x + 0) x + r', () => {
    const lines = readFileSync(new URL('../../../public/examples/likert.csv', import.meta.url), 'utf8').trim().split('\n').map((l) => l.split(','));
    const likert = tableFromRows('likert.csv', lines[0], lines.slice(1));
    likert.columns.find((c) => c.name === 'answer')!.levels = ['strongly disagree', 'disagree', 'neutral', 'agree', 'strongly agree'];
    const m = setup(likert, 'answer ~ x + (1 | id)', 'cumulative');
    const r = m.run<GroupLinesResult>({ kind: 'groupLines', formula: m.formula, picked: [], prob: 0.95 });
    const F = (v: number) => 1 / (1 + Math.exp(-v));
    const l = r.lines[4];
    const x = r.x[25];
    const e = draws(m.S, (i) => {
      const eta = m.at('b_x', i) * x + m.at(`r_id[${l.level},Intercept]`, i);
      const cum = [1, 2, 3, 4].map((k) => F(m.at(`b_Intercept[${k}]`, i) - eta));
      const p = [cum[0], cum[1] - cum[0], cum[2] - cum[1], cum[3] - cum[2], 1 - cum[3]];
      return p.reduce((a, pk, k) => a + (k + 1) * pk, 0);
    });
    expect(l.estimate[25]).toBeCloseTo(mean(e), 12);
  });

  it('with more than 60 groups: the 60 with the most rows plus the ones picked, in level order', () => {
    const levels = Array.from({ length: 100 }, (_, j) => `L${j}`);
    const counts = Int32Array.from(levels, (_, j) => (j % 2 === 0 ? 10 : 1));
    const shown = shownLevels(levels, counts, ['L21', 'L99']);
    expect(shown).toHaveLength(62);
    expect(shown.filter((j) => j % 2 === 0)).toHaveLength(50);
    expect(shown).toContain(21);
    expect(shown).toContain(99);
    expect(shown).toEqual(shown.slice().sort((a, b) => a - b));
    expect(shownLevels(levels.slice(0, 20), counts, [])).toHaveLength(20);
  });
});
