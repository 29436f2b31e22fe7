// fitLogLikSource / fitEpredSource against an independent computation: R's dnorm / dbinom / dpois
// and brms's .bayes_R2 on the same draws, read by column name from the CLI's draws CSV
// (tests/fixtures/loo/make_fit_loglik.R), for a gaussian, a binomial and a poisson fit with an offset.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDataFile } from '../../../src/cli/readData';
import { prepareModel } from '../../../src/core/model/spec';
import { bayesR2Draws, psisLoo } from '../../../src/core/loo';
import { fitEpredSource, fitLogLikSource } from '../../../src/core/loo/fitLogLik';
import type { FamilyName, ModelStructure } from '../../../src/core/types';
import { readDrawsCsv } from './drawsCsvFixture';

const ROOT = resolve(__dirname, '../../..');
const FIXTURES = resolve(ROOT, 'tests/fixtures/loo');

interface Case { name: string; n_obs: number; n_draws: number; log_lik: number[][]; bayes_r2: number[] }
const fixture = JSON.parse(readFileSync(resolve(FIXTURES, 'fit_loglik.json'), 'utf8')) as { cases: Case[] };

const MODELS: { name: string; data: string; formula: string; family: FamilyName; link?: string; r: string }[] = [
  { name: 'sleepstudy', data: 'sleepstudy.csv', formula: 'Reaction ~ Days + (Days | Subject)', family: 'gaussian', r: 'dnorm' },
  { name: 'cbpp', data: 'cbpp.csv', formula: 'incidence | trials(size) ~ factor(period) + (1 | herd)', family: 'binomial', r: 'dbinom' },
  { name: 'grouseticks', data: 'grouseticks.csv', formula: 'TICKS ~ factor(YEAR) + offset(log(HEIGHT)) + (1 | LOCATION)', family: 'poisson', r: 'dpois' },
  { name: 'probit_vote', data: '../../tests/fixtures/families/probit_vote.csv', formula: 'vote ~ x + (1 | g)', family: 'bernoulli', link: 'probit', r: 'dbinom(pnorm)' },
];

function load(m: (typeof MODELS)[number]): { s: ModelStructure; draws: ReturnType<typeof readDrawsCsv>; ref: Case } {
  const table = readDataFile(resolve(ROOT, 'public/examples', m.data)).table;
  const s = prepareModel({ formula: m.formula, family: m.family, link: m.link }, table).structure;
  return { s, draws: readDrawsCsv(resolve(FIXTURES, 'fit', `${m.name}_draws.csv`)), ref: fixture.cases.find((c) => c.name === m.name)! };
}

describe('fitLogLikSource: the pointwise log-likelihood of a fit from its draws', () => {
  for (const m of MODELS) {
    it(`${m.name} (${m.family}${m.link ? `, ${m.link}` : ''}) equals R's ${m.r} on the same draws, in any chunking`, () => {
      const { s, draws, ref } = load(m);
      expect(s.N).toBe(ref.n_obs);
      const src = fitLogLikSource(s, draws.names, draws.chains, draws.nIterations);
      const S = src.nChains * src.nIterations;
      expect(S).toBe(ref.n_draws);
      for (const chunk of [7, s.N]) {
        const buf = new Float64Array(chunk * S);
        let worst = 0;
        for (let i0 = 0; i0 < s.N; i0 += chunk) {
          const i1 = Math.min(s.N, i0 + chunk);
          src.fill(i0, i1, buf);
          for (let i = i0; i < i1; i++) {
            for (let d = 0; d < S; d++) {
              const want = ref.log_lik[i][d];
              worst = Math.max(worst, Math.abs(buf[(i - i0) * S + d] - want) / Math.max(1, Math.abs(want)));
            }
          }
        }
        expect(worst).toBeLessThan(1e-12);
      }
      // and it runs through psisLoo (finite values, one k per observation)
      expect(psisLoo(src, { chunkSize: 50 }).pointwise.paretoK.length).toBe(s.N);
    });

    it(`${m.name}: Bayes R2 per draw from fitEpredSource equals brms's .bayes_R2 on R's posterior_epred`, () => {
      const { s, draws, ref } = load(m);
      const r2 = bayesR2Draws(fitEpredSource(s, draws.names, draws.chains, draws.nIterations), 13);
      expect(r2.length).toBe(ref.bayes_r2.length);
      r2.forEach((v, d) => expect(v).toBeCloseTo(ref.bayes_r2[d], 11));
    });
  }

  it('names the missing column when the draws belong to another model', () => {
    const { s, draws } = load(MODELS[0]);
    const names = draws.names.map((n) => (n === 'sigma' ? 'nu' : n));
    expect(() => fitLogLikSource(s, names, draws.chains, draws.nIterations)).toThrow(/PSIS-LOO: the draws have no column 'sigma'/);
  });

  it('refuses chains shorter than nIterations', () => {
    const { s, draws } = load(MODELS[0]);
    expect(() => fitLogLikSource(s, draws.names, draws.chains, draws.nIterations + 1)).toThrow(/chain 1 holds 10 draws, fewer than the 11/);
  });
});
