// PSIS-LOO and Bayes R2 split over the CLI's chain threads (src/cli/criteriaOnThreads.ts) give
// the one-thread result: observations split for LOO, chains split for Bayes R2. Equal to 1e-12,
// not bit for bit: the chain threads run the portable deterministic Math (workers/installDeterministicMath.ts),
// whose exp and log may differ from V8's in the last bit.
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDataFile } from '../../src/cli/readData';
import { bayesR2OnThreads, looOnThreads } from '../../src/cli/criteriaOnThreads';
import { fitBayesR2, fitLoo } from '../../src/core/loo';
import { prepareModel } from '../../src/core/model/spec';
import { readDrawsCsv } from '../core/loo/drawsCsvFixture';
import { buildCli, ROOT } from './helpers';

const threads: Worker[] = [];
beforeAll(() => {
  buildCli();
  for (let t = 0; t < 3; t++) threads.push(new Worker(resolve(ROOT, 'dist-cli/chain-thread.mjs')));
});
afterAll(async () => { await Promise.all(threads.map((t) => t.terminate())); });

const FIT = {
  data: 'public/examples/grouseticks.csv', draws: 'tests/fixtures/loo/fit/grouseticks_draws.csv',
  formula: 'TICKS ~ factor(YEAR) + offset(log(HEIGHT)) + (1 | LOCATION)', family: 'poisson' as const,
};

const relDiff = (a: number, b: number): number => (a === b ? 0 : Math.abs(a - b) / Math.max(1e-300, Math.abs(b)));

describe('criteria on threads', () => {
  const table = readDataFile(resolve(ROOT, FIT.data)).table;
  const s = prepareModel({ formula: FIT.formula, family: FIT.family }, table).structure;
  const { names, chains, nIterations } = readDrawsCsv(resolve(ROOT, FIT.draws));

  it('PSIS-LOO over 3 threads equals the one-thread fitLoo in every pointwise value', async () => {
    const here = fitLoo(s, names, chains, nIterations);
    const split = await looOnThreads(threads, s, names, chains, nIterations);
    for (const key of Object.keys(here.pointwise) as (keyof typeof here.pointwise)[]) {
      here.pointwise[key].forEach((v, i) => expect(relDiff(split.pointwise[key][i], v), `${key}[${i}]`).toBeLessThan(1e-12));
    }
    expect(relDiff(split.elpdLoo.estimate, here.elpdLoo.estimate)).toBeLessThan(1e-12);
    expect(split.paretoK).toEqual(here.paretoK);
  });

  it('Bayes R2 with the chains over the threads equals fitBayesR2', async () => {
    const split = await bayesR2OnThreads(threads, s, names, chains, nIterations);
    const here = fitBayesR2(s, names, chains, nIterations);
    for (const key of ['mean', 'sd', 'q5', 'q95'] as const) expect(relDiff(split[key], here[key])).toBeLessThan(1e-12);
  });

  it("a thread's error is reported (the draws belong to another model)", async () => {
    const wrong = names.map((n) => (n === 'b_factorYEAR96' ? 'b_other' : n));
    await expect(looOnThreads(threads, s, wrong, chains, nIterations)).rejects.toThrow(/no column 'b_factorYEAR96'/);
  });
});
