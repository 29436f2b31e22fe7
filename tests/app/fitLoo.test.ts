// A fit's PSIS-LOO in the analysis worker ('loo', run in this process): the model compiled on
// the fit's table, the worst Pareto k named by the original data row (rows dropped for missing
// values do not count), Bayes R2 where defined; and the comparison view's content (compare.ts).
import { describe, expect, it } from 'vitest';
import { readCsvText } from '../../src/core/io/csvRead';
import { prepareModel } from '../../src/core/model/spec';
import { modelLayout } from '../../src/core/model/layout';
import { psisLoo, psisLooMatrix, looCompare } from '../../src/core/loo';
import { fitLogLikSource } from '../../src/core/loo/fitLogLik';
import { DrawStore } from '../../src/client/drawStore';
import { DEFAULT_SETTINGS, type DataTable } from '../../src/core/types';
import { makeFit } from '../../src/app/workspace/fit';
import { compareFits, estimatesTable, populationEstimates } from '../../src/app/workspace/store/compare';
import type { LooOutcome } from '../../workers/diagnostics.worker';
import { send, useInProcessWorker } from '../core/interpret/inProcessWorker';

useInProcessWorker();

/** A small data set with a missing response in row 3 and an outlier in row 7. */
function table(): DataTable {
  const lines = ['y,x'];
  for (let i = 1; i <= 30; i++) lines.push(`${i === 3 ? 'NA' : i === 7 ? 40 : (0.5 * i + Math.sin(i)).toFixed(3)},${i}`);
  return readCsvText(lines.join('\n'), 'toy.csv').table!;
}

/** Seeded draws around a least-squares fit (names in the model's output order). */
function draws(names: string[], nChains: number, n: number): Float64Array[] {
  let u = 7;
  const rand = () => { u = (u * 16807) % 2147483647; return u / 2147483647; };
  const centre = new Map([['b_Intercept', 0.3], ['b_x', 0.5], ['sigma', 1.5], ['Intercept', 8]]);
  return Array.from({ length: nChains }, () => {
    const out = new Float64Array(n * names.length);
    for (let i = 0; i < n; i++) names.forEach((nm, j) => { out[i * names.length + j] = (centre.get(nm) ?? 0) + (nm === 'sigma' ? 0.2 : 0.05) * (rand() - 0.5); });
    return out;
  });
}

describe("the analysis worker's 'loo'", () => {
  it('equals psisLoo on the same draws and names the worst observations by their data row', () => {
    const t = table();
    const spec = { formula: 'y ~ x', family: 'gaussian' as const, priors: [] };
    const s = prepareModel(spec, t).structure;
    const names = modelLayout(s).outputNames;
    const chains = draws(names, 2, 100);
    expect(send({ id: 1, type: 'table', table: t }).type).toBe('ok');
    const reply = send({ id: 2, type: 'loo', ...spec, names, chains: chains.map((c) => c.slice()), nIterations: 100 });
    expect(reply.type, JSON.stringify(reply)).toBe('loo');
    const { loo, worst, bayesR2 } = (reply as { outcome: LooOutcome }).outcome;
    const direct = psisLoo(fitLogLikSource(s, names, chains, 100));
    expect(loo.nObs).toBe(29);
    expect(loo.elpdLoo.estimate).toBe(direct.elpdLoo.estimate);
    expect(Array.from(loo.pointwise.paretoK)).toEqual(Array.from(direct.pointwise.paretoK));
    // row 7 (the outlier) is observation 6 once row 3 is dropped: named by its data row
    expect(worst[0]?.row).toBe(7);
    expect(worst.every((w, i) => i === 0 || w.k <= worst[i - 1].k)).toBe(true);
    expect(bayesR2).not.toBeNull();
    expect(bayesR2!.mean).toBeGreaterThan(0);
    expect(bayesR2!.mean).toBeLessThan(1);
  });
  it('reports a model error as data', () => {
    const reply = send({ id: 3, type: 'loo', formula: 'y ~ nope', family: 'gaussian', priors: [], names: [], chains: [], nIterations: 1 });
    expect(reply.type).toBe('error');
  });
});

const t0: DataTable = { name: 'sleepstudy.csv', nRows: 180, columns: [] };
function looOf(shift: number, nObs = 20) {
  const S = 40;
  const m = new Float64Array(nObs * S);
  for (let i = 0; i < nObs; i++) for (let s = 0; s < S; s++) m[i * S + s] = -1 - shift - 0.01 * ((i * 7 + s * 13) % 17);
  return psisLooMatrix(m, { nObs, nChains: 2, nIterations: 20 });
}
const fitWith = (id: number, name: string, formula: string, loo: ReturnType<typeof looOf> | null, extra = {}) =>
  makeFit({ id, name, source: 'run', spec: { formula, family: 'gaussian', priors: [] }, settings: DEFAULT_SETTINGS, table: t0,
    data: { name: 'sleepstudy.csv', nRows: 180, nObs: loo?.nObs ?? 0, dropped: [] },
    loo: loo ? { state: 'ok', loo, worst: [], bayesR2: null } : { state: 'pending' }, ...extra });

describe('compareFits', () => {
  it('asks for two fits, then compares as looCompare', () => {
    const a = fitWith(1, 'model 1', 'Reaction ~ Days', looOf(0.5));
    const b = fitWith(2, 'model 2', 'Reaction ~ Days + (1 | Subject)', looOf(0));
    expect(compareFits([a]).blocked).toMatch(/two or more/);
    const c = compareFits([a, b]);
    expect(c.blocked).toBeNull();
    expect(c.rowWarnings).toEqual([]);
    expect(c.table).toEqual(looCompare([{ name: 'model 1', loo: looOf(0.5) }, { name: 'model 2', loo: looOf(0) }]));
    expect(c.table!.rows[0].name).toBe('model 2');
  });
  it('asks to rename when two picked fits share a name', () => {
    expect(compareFits([fitWith(1, 'm', 'Reaction ~ Days', looOf(0)), fitWith(2, 'm', 'Reaction ~ 1', looOf(0))]).blocked)
      .toBe("Two of these fits are called 'm': rename one in the model list so the table can tell them apart.");
  });
  it('refuses different responses, waits for LOO, names failed ones', () => {
    const a = fitWith(1, 'a', 'Reaction ~ Days', looOf(0));
    expect(compareFits([a, fitWith(2, 'b', 'Days ~ Reaction', looOf(0))]).blocked).toMatch(/different responses \('a': Reaction, 'b': Days\)/);
    expect(compareFits([a, fitWith(3, 'c', 'Reaction ~ 1', null)]).blocked).toMatch(/Waiting for the PSIS-LOO of 'c'/);
    expect(compareFits([a, fitWith(4, 'd', 'Reaction ~ 1', null, { loo: { state: 'error', message: 'x' } })]).blocked).toMatch(/failed for 'd'/);
  });
  it('warns when the fits used different rows, and gives loo\'s error for a different N', () => {
    const a = fitWith(1, 'a', 'Reaction ~ Days', looOf(0));
    const dropped = fitWith(2, 'b', 'Reaction ~ Days', looOf(0), { data: { name: 'sleepstudy.csv', nRows: 180, nObs: 20, dropped: ['Dropped 2 of 180 rows with missing values in Days.'] } });
    expect(compareFits([a, dropped]).rowWarnings[0]).toMatch(/^These fits used different rows: 'a' sleepstudy.csv, 20 observations; 'b' .*Dropped 2 of 180/);
    const fewer = compareFits([a, fitWith(3, 'c', 'Reaction ~ 1', looOf(0, 18))]);
    expect(fewer.rowWarnings.length).toBe(1);
    expect(fewer.blocked).toMatch(/same number of data points/);
    expect(fewer.table).toBeNull();
  });
});

describe('population-level estimates side by side', () => {
  it('mean and sd of each b_ over the usable chains cut to the shortest', () => {
    const store = new DrawStore(['b_Intercept', 'sd_g__Intercept', 'b_x'], 2);
    const rows = (vals: number[][]) => ({ phase: 'sampling' as const, count: vals.length, draws: Float64Array.from(vals.flat()), stats: new Float64Array(7 * vals.length) });
    store.append(1, rows([[1, 9, 10], [3, 9, 20], [100, 9, 0]]));
    store.append(2, rows([[5, 9, 30], [7, 9, 40]]));
    const est = populationEstimates(store);
    expect([...est.keys()]).toEqual(['Intercept', 'x']);
    expect(est.get('Intercept')!.mean).toBe(4);
    expect(est.get('Intercept')!.sd).toBeCloseTo(Math.sqrt(20 / 3), 12);
    expect(est.get('x')!.mean).toBe(25);
    const f = (id: number) => makeFit({ id, source: 'run', spec: { formula: 'y ~ x', family: 'gaussian' }, settings: DEFAULT_SETTINGS, table: t0, restored: { store, progress: [], nObs: 0 } });
    expect(estimatesTable([f(1), f(2)]).coefs).toEqual(['Intercept', 'x']);
  });
});
