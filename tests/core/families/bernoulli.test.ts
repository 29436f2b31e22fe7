import { describe, expect, it } from 'vitest';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { bernoulli } from '../../../src/core/families/bernoulli';
import { getFamily } from '../../../src/core/families';
import { checkFamilyContract, randomPoints } from './familyContract';
import { tapePhi } from './tapeOps';

describe('bernoulli family', () => {
  checkFamilyContract({
    family: bernoulli,
    // log p or log(1 - p), p = 1 / (1 + e^-eta), computed directly (fine for |eta| < 30)
    reference: (y, eta) => (Math.abs(eta) < 30
      ? (y === 1 ? Math.log(1 / (1 + Math.exp(-eta))) : Math.log(1 - 1 / (1 + Math.exp(-eta))))
      : (y === 1 ? -Math.log1p(Math.exp(-eta)) : -Math.log1p(Math.exp(eta)))),
    tape: (tape, y, eta) => tape.sub(tape.dot(y, eta), tape.sum(tape.log1pExp(eta))),
    points: [
      ...randomPoints(13, 6, 9, [-6, 6], () => [], (u, e) => ({ y: u() < 1 / (1 + Math.exp(-e)) ? 1 : 0 })),
      { label: 'eta extremes', y: [1, 0, 1, 0], eta: [40, -40, -40, 40], par: [] },
    ],
    predictAt: { eta: 0.7, t: 0, par: [] },
  });
  it('names the first value that is not 0/1', () => {
    expect(bernoulli.response.check(Float64Array.from([0, 1, 2]), 'vote', (i) => i + 10))
      .toBe('The bernoulli family needs a 0/1 response, but vote is 2 at data row 12. Recode it to 0/1 (or pick binomial/poisson for counts).');
  });
});

describe('bernoulli family, probit link', () => {
  const probit = getFamily('bernoulli', 'probit');
  it('is the bernoulli family with the probit link, written as brms writes it', () => {
    expect([probit.name, probit.link, probit.linksText, probit.brms.call]).toEqual(['bernoulli', 'probit', 'mu = probit', 'bernoulli(link = "probit")']);
    expect(probit.params).toBe(bernoulli.params);
    expect(getFamily('bernoulli', 'logit')).toBe(bernoulli);
  });
  checkFamilyContract({
    family: probit,
    // log Phi(eta) or log(1 - Phi(eta)) = log Phi(-eta) from @stdlib's normal CDF
    reference: (y, eta) => Math.log(normalCdf(y === 1 ? eta : -eta, 0, 1)),
    tape: (tape, y, eta) => { // sum y log Phi(eta) + (1 - y) log Phi(-eta)
      const l1 = tape.log(tapePhi(tape, eta));
      const l0 = tape.log(tapePhi(tape, tape.neg(eta)));
      return tape.add(tape.dot(y, l1), tape.sub(tape.sum(l0), tape.dot(y, l0)));
    },
    points: [
      ...randomPoints(31, 6, 9, [-4, 4], () => [], (u, e) => ({ y: u() < normalCdf(e, 0, 1) ? 1 : 0 })),
      { label: 'eta in the tails', y: [1, 0, 1, 0, 1, 0], eta: [7.5, -7.5, -7.5, 7.5, -0.001, 0.001], par: [] },
    ],
    predictAt: { eta: 0.4, t: 0, par: [] },
  });
  it('stays finite and accurate far in the tails, where Phi underflows', () => {
    // log Phi(-40) = -804.608442013754... (Mills ratio series); d/d eta = phi(40)/Phi(-40) ~ 40.025
    const D = new Float64Array(2);
    const lp = probit.logLik.row(1, -40, 0, 0, 0, D, { logPhi: (x: number) => logPhiRef(x) } as never);
    expect(lp).toBeCloseTo(-804.6084420137538, 8);
    expect(D[0]).toBeCloseTo(40.02496901, 6);
  });
});

/** log Phi(x) for x < -30 from the continued fraction Phi(x) = phi(x) / (|x| + 1/(|x| + 2/(|x| + ...))). */
function logPhiRef(x: number): number {
  const z = -x;
  let f = z;
  for (let k = 60; k >= 1; k--) f = z + k / f;
  return -0.5 * x * x - 0.5 * Math.log(2 * Math.PI) - Math.log(f);
}
