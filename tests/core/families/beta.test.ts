import betaLogpdf from '@stdlib/stats-base-dists-beta-logpdf';
import { describe, expect, it } from 'vitest';
import { beta } from '../../../src/core/families/beta';
import { makeRng } from '../../../src/app/workspace/ppc';
import { checkFamilyContract, randomPoints } from './familyContract';

const invLogit = (x: number) => 1 / (1 + Math.exp(-x));

describe('Beta family (logit link)', () => {
  checkFamilyContract({
    family: beta,
    // @stdlib's beta log density with a = mu phi, b = (1 - mu) phi, mu = inv_logit(eta)
    reference: (y, eta, _t, [phi]) => betaLogpdf(y, invLogit(eta) * phi, invLogit(-eta) * phi),
    tape: (tape, y, eta, _t, [phi]) => tape.lpdf('beta', y, tape.mul(tape.invLogit(eta), phi), tape.mul(tape.invLogit(tape.neg(eta)), phi)),
    points: [
      ...randomPoints(51, 6, 8, [-3, 3], (u) => [0.5 + 40 * u()], (u, e) => {
        const mu = invLogit(e);
        return { y: Math.min(0.999, Math.max(0.001, mu + 0.3 * (u() - 0.5))) };
      }),
      { label: 'mu near 0 and 1', y: [1e-4, 0.9999, 0.002, 0.998], eta: [-9, 9, -6, 6], par: [20] },
      { label: 'y near 0 and 1, mu central', y: [1e-9, 1 - 1e-9, 0.5], eta: [0.2, -0.2, 0], par: [3] },
      { label: 'large phi', y: [0.3001, 0.2999, 0.3], eta: [Math.log(0.3 / 0.7), Math.log(0.3 / 0.7) + 1e-3, -0.85], par: [1e5], fd: { rtol: 1e-4 } },
      { label: 'small phi', y: [0.01, 0.99, 0.5], eta: [1, -1, 0], par: [0.05] },
    ],
    predictAt: { eta: -0.6, t: 0, par: [8] },
  });

  it('draws finite values in [0, 1] even when both shapes are tiny (phi 0.002)', () => {
    const u = makeRng(3);
    for (let i = 0; i < 2000; i++) {
      const v = beta.predict(0.3, 0, [0.002], u);
      expect(v >= 0 && v <= 1, `draw ${i}: ${v}`).toBe(true);
    }
  });

  it('counts the 0s and 1s and suggests a transformation or a zero-one-inflated model', () => {
    expect(beta.response.check(Float64Array.from([0.3, 0, 1, 0.5, 0]), 'share', (i) => i + 2))
      .toBe('The beta family needs values strictly between 0 and 1, but share has 2 values of exactly 0, 1 of exactly 1 (the first, 0, at data row 3). Shrink it into (0, 1), e.g. (y (n - 1) + 0.5) / n with n the number of rows (Smithson and Verkuilen 2006), or use a zero-one-inflated beta model in brms (zero_one_inflated_beta).');
    expect(beta.response.check(Float64Array.from([0.3, 1]), 'share', (i) => i + 1))
      .toBe('The beta family needs values strictly between 0 and 1, but share has 1 of exactly 1 (the first, 1, at data row 2). Shrink it into (0, 1), e.g. (y (n - 1) + 0.5) / n with n the number of rows (Smithson and Verkuilen 2006), or use a zero-one-inflated beta model in brms (zero_one_inflated_beta).');
  });

  it('asks for a rescaling when values lie outside [0, 1] (percentages)', () => {
    expect(beta.response.check(Float64Array.from([30, 0.5, 45]), 'pct', (i) => i + 1))
      .toBe('The beta family needs values strictly between 0 and 1, but pct has 2 outside [0, 1] (the first, 30, at data row 1). Rescale it to a proportion first (e.g. divide a percentage by 100).');
    expect(beta.response.check(Float64Array.from([0.3, 0.5]), 'share', (i) => i + 1)).toBeNull();
  });
});
