// PSIS-LOO and Bayes R2 split over criteria threads (src/cli/criteriaOnThreads.ts,
// workers/criteria-thread.ts) give the one-thread result bit for bit: observations split for LOO,
// chains split for Bayes R2.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDataFile } from '../../src/cli/readData';
import { bayesR2OnThreads, looOnThreads, spawnCriteriaThreads } from '../../src/cli/criteriaOnThreads';
import { fitBayesR2, fitLoo } from '../../src/core/loo';
import { prepareModel } from '../../src/core/model/spec';
import { readDrawsCsv } from '../core/loo/drawsCsvFixture';
import { buildCli, ROOT } from './helpers';

const threads: Worker[] = [];
beforeAll(() => {
  buildCli();
  threads.push(...spawnCriteriaThreads(pathToFileURL(resolve(ROOT, 'dist-cli/criteria-thread.mjs')), 3));
});
afterAll(async () => { await Promise.all(threads.map((t) => t.terminate())); });

const FIT = {
  data: 'public/examples/grouseticks.csv', draws: 'tests/fixtures/loo/fit/grouseticks_draws.csv',
  formula: 'TICKS ~ factor(YEAR) + offset(log(HEIGHT)) + (1 | LOCATION)', family: 'poisson' as const,
};

describe('criteria on threads', () => {
  const table = readDataFile(resolve(ROOT, FIT.data)).table;
  const s = prepareModel({ formula: FIT.formula, family: FIT.family }, table).structure;
  const { names, chains, nIterations } = readDrawsCsv(resolve(ROOT, FIT.draws));

  it('PSIS-LOO over 3 threads equals the one-thread fitLoo in every pointwise value', async () => {
    const here = fitLoo(s, names, chains, nIterations);
    const split = await looOnThreads(threads, s, names, chains, nIterations);
    expect(split.pointwise).toEqual(here.pointwise);
    expect(split.elpdLoo).toEqual(here.elpdLoo);
    expect(split.paretoK).toEqual(here.paretoK);
  });

  it('Bayes R2 with the chains over the threads equals fitBayesR2', async () => {
    expect(await bayesR2OnThreads(threads, s, names, chains, nIterations)).toEqual(fitBayesR2(s, names, chains, nIterations));
  });

  it("a thread's error is reported (the draws belong to another model)", async () => {
    const wrong = names.map((n) => (n === 'b_factorYEAR96' ? 'b_other' : n));
    await expect(looOnThreads(threads, s, wrong, chains, nIterations)).rejects.toThrow(/no column 'b_factorYEAR96'/);
  });
});
