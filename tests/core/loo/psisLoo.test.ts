import { describe, expect, it } from 'vitest';
import { psisLooMatrix } from '../../../src/core/loo/loo';
import { fixtures, kOf, logLikOf } from './fixtures';

const TOL = 1e-6;

describe('psisLooMatrix equals loo 2.5.1 on the R fixtures', () => {
  it('was made with loo 2.5.1', () => expect(fixtures.loo_version).toBe('2.5.1'));
  for (const c of Object.values(fixtures.cases)) {
    describe(`${c.name} (${c.note})`, () => {
      const r = psisLooMatrix(logLikOf(c), { nObs: c.n_obs, nChains: c.chains, nIterations: c.n_iter });
      it('r_eff per observation (loo::relative_eff of exp(log_lik))', () => {
        for (let i = 0; i < c.n_obs; i++) expect(r.pointwise.rEff[i]).toBeCloseTo(c.r_eff[i], 9);
      });
      it('every pointwise Pareto k to 1e-6', () => {
        for (let i = 0; i < c.n_obs; i++) {
          const want = kOf(c.pointwise.pareto_k[i]);
          if (want === Infinity) expect(r.pointwise.paretoK[i]).toBe(Infinity);
          else expect(Math.abs(r.pointwise.paretoK[i] - want)).toBeLessThan(TOL);
        }
      });
      it('elpd_loo, p_loo, looic and their SEs to 1e-6', () => {
        const e = c.estimates;
        expect(Math.abs(r.elpdLoo.estimate - e.elpd_loo)).toBeLessThan(TOL);
        expect(Math.abs(r.pLoo.estimate - e.p_loo)).toBeLessThan(TOL);
        expect(Math.abs(r.looic.estimate - e.looic)).toBeLessThan(2 * TOL);
        expect(Math.abs(r.elpdLoo.se - e.se_elpd_loo)).toBeLessThan(TOL);
        expect(Math.abs(r.pLoo.se - e.se_p_loo)).toBeLessThan(TOL);
        expect(Math.abs(r.looic.se - e.se_looic)).toBeLessThan(2 * TOL);
      });
      it('pointwise elpd_loo, p_loo, looic, n_eff and mcse_elpd_loo', () => {
        for (let i = 0; i < c.n_obs; i++) {
          expect(Math.abs(r.pointwise.elpdLoo[i] - c.pointwise.elpd_loo[i])).toBeLessThan(TOL);
          expect(Math.abs(r.pointwise.pLoo[i] - c.pointwise.p_loo[i])).toBeLessThan(TOL);
          expect(Math.abs(r.pointwise.looic[i] - c.pointwise.looic[i])).toBeLessThan(2 * TOL);
          expect(r.pointwise.nEff[i] / c.pointwise.n_eff[i]).toBeCloseTo(1, 6);
          const mcse = c.pointwise.mcse_elpd_loo[i] as number | null; // null: R's NA (exp(ll) underflows)
          if (mcse === null) expect(r.pointwise.mcseElpdLoo[i]).toBeNaN();
          else expect(r.pointwise.mcseElpdLoo[i]).toBeCloseTo(mcse, 6);
        }
        if (c.mcse_elpd_loo === null) expect(r.mcseElpdLoo).toBeNull();
        else expect(r.mcseElpdLoo).toBeCloseTo(c.mcse_elpd_loo, 8);
      });
      it('the Pareto k table counts and min n_eff', () => {
        const t = r.paretoK;
        expect([t.good.count, t.ok.count, t.bad.count, t.very_bad.count]).toEqual(c.pareto_k_table.count);
        const mins = [t.good.minNEff, t.ok.minNEff, t.bad.minNEff, t.very_bad.minNEff];
        mins.forEach((m, j) => {
          const want = c.pareto_k_table.min_n_eff[j];
          if (want === null) expect(m).toBeNull();
          else expect((m as number) / want).toBeCloseTo(1, 6);
        });
      });
    });
  }
});

describe('psisLooMatrix with r_eff = 1 equals loo(log_lik, r_eff = rep(1, N))', () => {
  for (const c of Object.values(fixtures.cases)) {
    it(`${c.name}: elpd_loo, p_loo and every Pareto k to 1e-6`, () => {
      const r = psisLooMatrix(logLikOf(c), { nObs: c.n_obs, nChains: c.chains, nIterations: c.n_iter }, { rEff: 1 });
      const w = c.without_r_eff;
      expect(Math.abs(r.elpdLoo.estimate - w.elpd_loo)).toBeLessThan(TOL);
      expect(Math.abs(r.pLoo.estimate - w.p_loo)).toBeLessThan(TOL);
      w.pareto_k.forEach((k, i) => {
        if (k === null) expect(r.pointwise.paretoK[i]).toBe(Infinity);
        else expect(Math.abs(r.pointwise.paretoK[i] - k)).toBeLessThan(TOL);
      });
    });
  }
});
