import { describe, expect, it } from 'vitest';
import { bayesR2Draws, bayesR2Matrix, summariseBayesR2 } from '../../../src/core/loo/bayesR2';
import { decodeF32, fixtures } from './fixtures';

describe('Bayes R2 equals brms .bayes_R2 (R fixture)', () => {
  const f = fixtures.bayes_r2;
  const epred = decodeF32(f.epred_f32_base64);

  it('per-draw R2 = var(mu) / (var(mu) + var(y - mu)), to 1e-10', () => {
    const r2 = bayesR2Matrix(epred, f.y, f.n_draws);
    expect(r2.length).toBe(f.n_draws);
    let worst = 0;
    for (let s = 0; s < f.n_draws; s++) worst = Math.max(worst, Math.abs(r2[s] - f.r2[s]));
    expect(worst).toBeLessThan(1e-10);
  });
  it("brms's summary (Estimate, Est.Error, Q2.5, Q97.5) and issue 20's (mean, sd, q5, q95)", () => {
    const sm = summariseBayesR2(bayesR2Matrix(epred, f.y, f.n_draws));
    expect(sm.mean).toBeCloseTo(f.brms_summary.Estimate, 10);
    expect(sm.sd).toBeCloseTo(f.brms_summary['Est.Error'], 10);
    expect(sm.q2_5).toBeCloseTo(f.brms_summary['Q2.5'], 10);
    expect(sm.q97_5).toBeCloseTo(f.brms_summary['Q97.5'], 10);
    expect(sm.q5).toBeCloseTo(f.issue_summary.q5, 10);
    expect(sm.q95).toBeCloseTo(f.issue_summary.q95, 10);
  });
  it('gives the same draws whatever the chunk size', () => {
    const whole = bayesR2Matrix(epred, f.y, f.n_draws);
    for (const chunk of [1, 7, 30]) {
      const r2 = bayesR2Draws({
        nObs: f.n_obs, nDraws: f.n_draws, y: f.y,
        fill: (i0, i1, out) => out.set(epred.subarray(i0 * f.n_draws, i1 * f.n_draws)),
      }, chunk);
      for (let s = 0; s < f.n_draws; s++) expect(r2[s]).toBeCloseTo(whole[s], 12);
    }
  });
  it('keeps its precision when mu is far from 0 (shifted sums)', () => {
    const shifted = epred.map((v) => v + 1e6);
    const y = f.y.map((v) => v + 1e6);
    const a = bayesR2Matrix(shifted, y, f.n_draws);
    for (let s = 0; s < f.n_draws; s++) expect(Math.abs(a[s] - f.r2[s])).toBeLessThan(1e-6);
  });
  it('refuses fewer than two observations and mismatched sizes', () => {
    expect(() => bayesR2Matrix(new Float64Array(3), [1], 3)).toThrow(/at least 2 observations/);
    expect(() => bayesR2Matrix(new Float64Array(5), [1, 2], 3)).toThrow(/6|2 observations x 3 draws/);
  });
});
