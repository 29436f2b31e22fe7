// The analysis worker's 'views' message (workers/diagnostics.worker.ts) run in-process with a
// stand-in for the worker scope, and the views' numbers and CSV (src/core/interpret/views.ts)
// checked against values computed here independently: closed-form simple regressions for
// complete / no pooling, a direct loop over draws for partial pooling and variance shares.
import { describe, expect, it } from 'vitest';
import { send, useInProcessWorker } from './inProcessWorker';
import { prepareModel } from '../../../src/core/model/spec';
import { modelLayout } from '../../../src/core/model/layout';
import { poolingCsv, varianceCsv, type PoolingViewResult, type ViewsDesign } from '../../../src/core/interpret/views';
import { viewsDesign } from '../../../src/app/workspace/useInterpretView';
import type { FamilyName } from '../../../src/core/types';
import { loadCsv } from '../design/csvTable';

useInProcessWorker();

/** Deterministic pseudo-random numbers (LCG) so the test needs no sampler. */
function lcg(seed: number) {
  let state = seed;
  return () => { state = (state * 1103515245 + 12345) % 2147483648; return state / 2147483648; };
}

function fakeDraws(names: string[], S: number): Float64Array {
  const u = lcg(11);
  const rows = new Float64Array(S * names.length);
  for (let i = 0; i < S; i++) {
    names.forEach((n, j) => {
      rows[i * names.length + j] = n.startsWith('cor_') ? 2 * u() - 1 : n.startsWith('sd_') || n === 'sigma' ? 0.5 + 30 * u()
        : n.startsWith('b_') ? 100 * u() : 20 * (u() - 0.5);
    });
  }
  return rows;
}

function setup(file: string, formula: string, family: FamilyName = 'gaussian', link?: string) {
  const structure = prepareModel({ formula, family, ...(link ? { link } : {}) }, loadCsv(file)).structure;
  const names = modelLayout(structure).outputNames;
  return { structure, design: viewsDesign(structure), names };
}

/** Least-squares line y = a + b x (closed form), with the SE of the coefficient asked for. */
function simpleLm(x: number[], y: number[]) {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) { sxx += (x[i] - mx) ** 2; sxy += (x[i] - mx) * (y[i] - my); }
  const b = sxy / sxx;
  const a = my - b * mx;
  let rss = 0;
  for (let i = 0; i < n; i++) rss += (y[i] - a - b * x[i]) ** 2;
  const s2 = rss / (n - 2);
  return { a, b, seA: Math.sqrt(s2 * (1 / n + (mx * mx) / sxx)), seB: Math.sqrt(s2 / sxx) };
}

const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;

describe('analysis worker: views', () => {
  const S = 40;
  const sleep = setup('sleepstudy.csv', 'Reaction ~ Days + (Days | Subject)');
  const rows = fakeDraws(sleep.names, S);
  const col = (name: string) => { const j = sleep.names.indexOf(name); return Array.from({ length: S }, (_, i) => rows[i * sleep.names.length + j]); };

  it('asks for the draws and the design once per key, then answers pooling from the kept ones', () => {
    const job = { kind: 'pooling' as const, group: 'Subject', coef: 'Days', prob: 0.95 };
    expect(send({ id: 1, type: 'views', job, key: 'fit1:1' })).toEqual({ id: 1, type: 'needDraws' });
    const first = send({ id: 2, type: 'views', job, key: 'fit1:1', draws: { names: sleep.names, rows: rows.slice(), nDraws: S }, design: sleep.design });
    if (first.type !== 'views' || first.result.kind !== 'pooling') throw new Error(first.type);
    const r = first.result;
    expect([r.group, r.coef, r.scale]).toEqual(['Subject', 'Days', '']);
    expect(r.rows).toHaveLength(18);
    // complete pooling: lm(Reaction ~ Days) on all 180 rows
    const y = Array.from(sleep.structure.y);
    const days = Array.from(sleep.structure.X);
    const all = simpleLm(days, y);
    expect(r.complete.estimate).toBeCloseTo(all.b, 9);
    expect(r.complete.se).toBeCloseTo(all.seB, 9);
    // no pooling: each subject's own line; partial pooling: mean over draws of b_Days + r_Subject[s,Days]
    const term = sleep.structure.groups[0];
    for (const g of r.rows) {
      const l = term.levels.indexOf(g.level);
      const idx = Array.from(term.index.keys()).filter((i) => term.index[i] === l);
      const own = simpleLm(idx.map((i) => days[i]), idx.map((i) => y[i]));
      expect(g.n).toBe(10);
      expect(g.reason).toBeNull();
      expect(g.noPooling).toBeCloseTo(own.b, 9);
      expect(g.noPoolingSe).toBeCloseTo(own.seB, 9);
      const direct = col('b_Days').map((b, i) => b + col(`r_Subject[${g.level},Days]`)[i]);
      expect(g.partial.estimate).toBeCloseTo(mean(direct), 10);
      const sorted = direct.slice().sort((a, b) => a - b);
      expect(g.partial.lower).toBeGreaterThanOrEqual(sorted[0]);
      expect(g.partial.upper).toBeLessThanOrEqual(sorted[S - 1]);
    }
    // sorted by the partial-pooling estimate
    expect(r.rows.map((g) => g.partial.estimate)).toEqual(r.rows.map((g) => g.partial.estimate).sort((a, b) => a - b));
    // the intercept-and-slope picture: both no-pooling coefficients of each subject, the covariance from sd and cor means
    const two = r.twoD!;
    expect(two.slope).toBe('Days');
    expect(two.groups).toHaveLength(18);
    const g0 = two.groups[0];
    const l0 = term.levels.indexOf(g0.level);
    const idx0 = Array.from(term.index.keys()).filter((i) => term.index[i] === l0);
    const own0 = simpleLm(idx0.map((i) => days[i]), idx0.map((i) => y[i]));
    expect(g0.noPooling![0]).toBeCloseTo(own0.a, 9);
    expect(g0.noPooling![1]).toBeCloseTo(own0.b, 9);
    const sdI = mean(col('sd_Subject__Intercept'));
    const sdD = mean(col('sd_Subject__Days'));
    const cor = mean(col('cor_Subject__Intercept__Days'));
    expect(two.cov[0]).toBeCloseTo(sdI * sdI, 9);
    expect(two.cov[1]).toBeCloseTo(cor * sdI * sdD, 9);
    expect(two.cov[2]).toBeCloseTo(sdD * sdD, 9);
    expect(two.mean).toEqual([expect.closeTo(mean(col('b_Intercept')), 10), expect.closeTo(mean(col('b_Days')), 10)]);
    expect(two.complete[0]).toBeCloseTo(all.a, 9);

    // a new choice reuses the kept inputs (no draws sent), a new key asks again
    const again = send({ id: 3, type: 'views', job: { kind: 'variance', prob: 0.9 }, key: 'fit1:1' });
    if (again.type !== 'views' || again.result.kind !== 'variance') throw new Error(again.type);
    expect(again.result.levels.map((l) => l.name)).toEqual(['Subject', 'Residual']);
    expect(again.result.note).toMatch(/evaluated here at its mean \(Days = 4\.5\)/);
    expect(send({ id: 4, type: 'views', job, key: 'fit1:2' })).toEqual({ id: 4, type: 'needDraws' });
  });

  it('an unsupported family or an unknown group comes back as an error naming what works', () => {
    const nb = setup('grouseticks.csv', 'TICKS ~ 1 + (1 | BROOD)', 'negbinomial');
    const nbRows = fakeDraws(nb.names, 5);
    const bad = send({ id: 5, type: 'views', job: { kind: 'pooling', prob: 0.95 }, key: 'nb:1', draws: { names: nb.names, rows: nbRows, nDraws: 5 }, design: nb.design });
    expect(bad.type).toBe('error');
    if (bad.type !== 'error') return;
    expect(bad.error.message).toBe('The Pooling view supports gaussian (identity scale) and bernoulli, binomial and poisson models (link scale), not negbinomial.');
    const shares = send({ id: 6, type: 'views', job: { kind: 'variance', prob: 0.95 }, key: 'nb:1' });
    expect(shares.type === 'error' && shares.error.message).toMatch(/^Variance shares are defined here for gaussian models and for bernoulli\/binomial models on the latent scale/);
    const unknown = send({ id: 7, type: 'views', job: { kind: 'pooling', group: 'Subjekt', prob: 0.95 }, key: 'fit1:3', draws: { names: sleep.names, rows: rows.slice(), nDraws: S }, design: sleep.design });
    expect(unknown.type === 'error' && unknown.error.message).toBe("The model has no group term for 'Subjekt'; its grouping factors are Subject.");
  });
});

describe('views: numbers and CSV', () => {
  it('math_3level: three levels whose mean shares sum to 1, each against a direct loop over draws', () => {
    const m = setup('math_3level.csv', 'math ~ 1 + (1 | district_id/class_id)');
    const S = 30;
    const rows = fakeDraws(m.names, S);
    const res = send({ id: 7, type: 'views', job: { kind: 'variance', prob: 0.95 }, key: 'm3:1', draws: { names: m.names, rows, nDraws: S }, design: m.design });
    if (res.type !== 'views' || res.result.kind !== 'variance') throw new Error(res.type);
    const r = res.result;
    expect(r.levels.map((l) => l.name)).toEqual(['district_id', 'district_id:class_id', 'Residual']);
    const at = (name: string, i: number) => rows[i * m.names.length + m.names.indexOf(name)];
    const direct = [0, 1, 2].map(() => 0);
    for (let i = 0; i < S; i++) {
      const v = [at('sd_district_id__Intercept', i) ** 2, at('sd_district_id:class_id__Intercept', i) ** 2, at('sigma', i) ** 2];
      const t = v[0] + v[1] + v[2];
      v.forEach((x, k) => { direct[k] += x / t / S; });
    }
    r.levels.forEach((l, k) => expect(l.mean).toBeCloseTo(direct[k], 12));
    expect(r.levels.reduce((a, l) => a + l.mean, 0)).toBeCloseTo(1, 12);
    expect(r.note).toBeNull();
    const csv = varianceCsv(r).trim().split('\n');
    expect(csv[0]).toBe('level,kind,share_mean,share_q2.5,share_q97.5,scale');
    expect(csv).toHaveLength(4);
    expect(csv[2].split(',').slice(0, 2)).toEqual(['district_id:class_id', 'group']);
    expect(Number(csv[3].split(',')[2])).toBe(r.levels[2].mean);
    expect(csv[3].endsWith(',response')).toBe(true);
  });

  it('a bernoulli model: pooling on the log-odds scale, variance on the latent scale', () => {
    const v = setup('vote_income.csv', 'vote ~ income + (1 | state)', 'bernoulli');
    const rows = fakeDraws(v.names, 10);
    const res = send({ id: 8, type: 'views', job: { kind: 'pooling', prob: 0.95 }, key: 'v:1', draws: { names: v.names, rows, nDraws: 10 }, design: v.design });
    if (res.type !== 'views' || res.result.kind !== 'pooling') throw new Error(res.type);
    expect(res.result.scale).toBe('log-odds');
    expect(res.result.twoD).toBeNull();
    const share = send({ id: 9, type: 'views', job: { kind: 'variance', prob: 0.95 }, key: 'v:1' });
    if (share.type !== 'views' || share.result.kind !== 'variance') throw new Error(share.type);
    expect(share.result.scale).toBe('latent');
    expect(share.result.note).toMatch(/latent scale: the residual variance is pi\^2\/3/);
  });

  it('a probit bernoulli model: variance on the latent scale with the normal residual (1); no pooling view', () => {
    const v = setup('vote_income.csv', 'vote ~ income + (1 | state)', 'bernoulli', 'probit');
    const rows = fakeDraws(v.names, 10);
    const share = send({ id: 10, type: 'views', job: { kind: 'variance', prob: 0.95 }, key: 'p:1', draws: { names: v.names, rows, nDraws: 10 }, design: v.design });
    if (share.type !== 'views' || share.result.kind !== 'variance') throw new Error(share.type);
    expect(share.result.residual).toBe('1 (the latent normal residual)');
    const sd = rows.filter((_, i) => v.names[i % v.names.length] === 'sd_state__Intercept');
    const want = sd.reduce((a, x) => a + (x * x) / (x * x + 1), 0) / sd.length; // sd^2 / (sd^2 + 1) per draw
    expect(share.result.levels[0].mean).toBeCloseTo(want, 12);
    const pooling = send({ id: 11, type: 'views', job: { kind: 'pooling', prob: 0.95 }, key: 'p:1' });
    expect(pooling.type === 'error' && pooling.error.message).toMatch(/not bernoulli with the probit link/);
  });

  it('pooling CSV: one row per group in the table order, NA and the reason for a group without its own fit', () => {
    const r: PoolingViewResult = {
      kind: 'pooling', group: 'county', coef: 'Intercept', family: 'gaussian', scale: '', prob: 0.9,
      complete: { estimate: 1.5, se: 0.1, n: 3 }, population: { estimate: 1.4, estError: 0.2, lower: 1, upper: 1.8 },
      rows: [
        { level: 'LAC QUI PARLE', n: 1, noPooling: NaN, noPoolingSe: NaN, reason: 'too few rows: 1 for 2 coefficients', partial: { estimate: 1.2, estError: 0.3, lower: 0.7, upper: 1.7 } },
        { level: 'say "x"', n: 2, noPooling: 2.25, noPoolingSe: 0.5, reason: null, partial: { estimate: 1.9, estError: 0.2, lower: 1.5, upper: 2.2 } },
      ],
      twoD: null, note: '', choices: [],
    };
    const lines = poolingCsv(r).trim().split('\n');
    expect(lines[0]).toBe('county,n,coef,complete_pooling,population_mean,no_pooling,no_pooling_se,no_pooling_reason,partial_pooling,partial_pooling_sd,partial_pooling_q5,partial_pooling_q95');
    expect(lines[1]).toBe('LAC QUI PARLE,1,Intercept,1.5,1.4,NA,NA,too few rows: 1 for 2 coefficients,1.2,0.3,0.7,1.7');
    expect(lines[2]).toBe('"say ""x""",2,Intercept,1.5,1.4,2.25,0.5,,1.9,0.2,1.5,2.2');
  });

  it('radon: counties the intercept-and-floor fit cannot estimate are kept with the reason', () => {
    const rd = setup('radon.csv', 'log_radon ~ floor + (1 + floor | county)');
    const rows = fakeDraws(rd.names, 8);
    const res = send({ id: 10, type: 'views', job: { kind: 'pooling', group: 'county', coef: 'Intercept', prob: 0.95 }, key: 'r:1', draws: { names: rd.names, rows, nDraws: 8 }, design: rd.design as ViewsDesign });
    if (res.type !== 'views' || res.result.kind !== 'pooling') throw new Error(res.type);
    const r = res.result;
    expect(r.rows).toHaveLength(85);
    const one = r.rows.filter((g) => g.n === 1);
    expect(one.length).toBeGreaterThan(0);
    for (const g of one) expect(g.reason).toMatch(/^too few rows: 1 for 2 coefficients/);
    expect(r.twoD!.groups.filter((g) => g.noPooling === null)).toHaveLength(r.rows.filter((g) => g.reason).length);
    const csv = poolingCsv(r).trim().split('\n');
    expect(csv).toHaveLength(86);
  });
});

