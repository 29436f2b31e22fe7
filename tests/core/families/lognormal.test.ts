import { describe, expect, it } from 'vitest';
import { lognormal } from '../../../src/core/families/lognormal';
import { prepareModel } from '../../../src/core/model/spec';
import { loadCsv } from '../design/csvTable';
import { checkFamilyContract, randomPoints } from './familyContract';

describe('lognormal family', () => {
  checkFamilyContract({
    family: lognormal,
    reference: (y, eta, _t, [sigma]) => -0.5 * ((Math.log(y) - eta) / sigma) ** 2 - Math.log(sigma) - Math.log(y) - 0.5 * Math.log(2 * Math.PI),
    // ly: the response on the row's scale (log y)
    tape: (tape, ly, eta, _t, [sigma]) => tape.sub(
      tape.scale(tape.sum(tape.square(tape.div(tape.sub(ly, eta), sigma))), -0.5),
      tape.scale(tape.log(sigma), tape.length(eta)),
    ),
    points: [
      ...randomPoints(17, 6, 7, [-2, 3], (u) => [0.2 + 2 * u()], (u, e) => ({ y: Math.exp(e + 2 * (u() - 0.5)) })),
      { label: 'y near 0 and huge', y: [1e-8, 1e8], eta: [-18, 18], par: [0.5] },
      { label: 'tiny sigma', y: [2.001, 1.999], eta: [Math.log(2), Math.log(2)], par: [1e-3], fd: { step: 1e-9, rtol: 1e-4 } },
    ],
    predictAt: { eta: 0.4, t: 0, par: [0.6] },
  });

  it('counts the non-positive responses and names the first', () => {
    expect(lognormal.response.check(Float64Array.from([1.5, 0, 2, -3]), 'cost', (i) => i + 2))
      .toBe('The lognormal family needs positive values, but cost has 2 values of 0 or below (the first, 0, at data row 3). Drop or recode those rows, or pick gaussian.');
  });

  it('default priors as brms 2.18 get_prior gives them: location and scale from log(y)', () => {
    // R: y <- log(sleepstudy$Reaction); round(median(y), 1) = 5.7; round(mad(y), 1) = 0.2 < 2.5
    const p = prepareModel({ formula: 'Reaction ~ Days + (Days | Subject)', family: 'lognormal' }, loadCsv('sleepstudy.csv'));
    const prior = (cls: string) => p.priorTable.find((r) => r.class === cls && r.coef === '' && r.group === '')!.prior;
    expect(prior('Intercept')).toBe('student_t(3, 5.7, 2.5)');
    expect(prior('sigma')).toBe('student_t(3, 0, 2.5)');
    expect(prior('sd')).toBe('student_t(3, 0, 2.5)');
    expect(p.structure.familyPriors).toEqual([{ name: 'sigma', prior: { dist: 'student_t', nu: 3, mu: 0, sigma: 2.5 } }]);
    expect(p.brmsCall).toContain('family = lognormal(),');
    expect(p.stanProgram).toContain('target += lognormal_lpdf(Y | mu, sigma);');
    expect(p.stanProgram).toContain('real<lower=0> sigma;');
    expect(p.equations).toContain('\\operatorname{LogNormal}');
  });
});
