// The Laplace approximation on a real model against the brms/NUTS reference: population-level
// means within 2 posterior sd, and the group-level sds reported as unreliable (the funnel) rather
// than silently wrong.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { laplaceApproximation } from '../../../src/core/approx/laplace';
import { summariseDraws } from '../../../src/core/diagnostics';
import { readCsvText } from '../../../src/core/io/csvRead';
import { buildModel } from '../../../src/core/model/buildModel';
import { prepareModel } from '../../../src/core/model/spec';

const root = join(__dirname, '..', '..', '..');
const FORMULA = 'Reaction ~ Days + (Days | Subject)';

function sleepstudyModel(parameterization: 'noncentered' | 'centered') {
  const { table } = readCsvText(readFileSync(join(root, 'public', 'examples', 'sleepstudy.csv'), 'utf8'), 'sleepstudy.csv');
  const prepared = prepareModel({ formula: FORMULA, family: 'gaussian' }, table!, { parameterization });
  return buildModel(prepared.structure);
}

interface RefRow { variable: string; mean: number; sd: number }
const reference = (JSON.parse(readFileSync('/work/shared/fixtures/reference/sleepstudy.json', 'utf8')) as { summary: RefRow[] }).summary;

function column(draws: Float64Array, nDraws: number, P: number, p: number): { mean: number; sd: number } {
  let s = 0, s2 = 0;
  for (let d = 0; d < nDraws; d++) { const v = draws[d * P + p]; s += v; s2 += v * v; }
  const mean = s / nDraws;
  return { mean, sd: Math.sqrt(Math.max(0, s2 / nDraws - mean * mean)) };
}

describe('Laplace approximation on sleepstudy ' + FORMULA, () => {
  const model = sleepstudyModel('noncentered');
  const res = laplaceApproximation(model, { draws: 2000, seed: 5 });

  it('converges and maps the draws to brms names', () => {
    expect(res.mode.status).toBe('converged');
    expect(res.newton?.converged).toBe(true);
    expect(res.names).toEqual(model.outputNames);
    expect(res.nDraws).toBe(2000);
    // Summarised like one chain of MCMC draws.
    const rows = summariseDraws({ names: res.names, chains: [res.draws], nIterations: [res.nDraws] });
    const sigma = rows.find((r) => r.name === 'sigma')!;
    expect(sigma.mean).toBeGreaterThan(0);
    expect(rows.find((r) => r.name === 'cor_Subject__Intercept__Days')!.quantiles.q95).toBeLessThanOrEqual(1);
  });

  it('population-level means are within 2 posterior sd of the NUTS reference', () => {
    for (const name of ['b_Intercept', 'b_Days']) {
      const ref = reference.find((r) => r.variable === name)!;
      const ours = column(res.draws, res.nDraws, res.names.length, res.names.indexOf(name));
      expect(Math.abs(ours.mean - ref.mean) / ref.sd, `${name}: ${ours.mean} vs ${ref.mean} (sd ${ref.sd})`).toBeLessThan(2);
    }
  });

  it('reports the group-level sds at the joint mode as unreliable (shrunken z, inflated sd)', () => {
    expect(res.scales.map((s) => s.name)).toEqual(['sd_Subject__Intercept', 'sd_Subject__Days']);
    for (const s of res.scales) {
      const ref = reference.find((r) => r.variable === s.name)!;
      // The joint mode's sd is far above the posterior mean (pushed towards the prior's scale) ...
      expect(s.atMode).toBeGreaterThan(ref.mean + 2 * ref.sd);
      // ... which the result detects from the standardised effects, and says so.
      expect(s.rmsZ).toBeLessThan(0.5);
      expect(s.suspect).toBe(true);
      expect(res.notes.some((n) => n.startsWith(s.name) && /funnel/.test(n))).toBe(true);
    }
    for (const n of res.notes) expect(n.length).toBeLessThan(500);
  });

  it('the importance-ratio Pareto k says the approximation is far from the posterior', () => {
    expect(res.paretoK).toBeGreaterThan(0.7);
    expect(res.notes.some((n) => /Pareto k/.test(n))).toBe(true);
  });

  it('flags every sd of a centred term: that parameterisation has no joint mode', () => {
    const centred = laplaceApproximation(sleepstudyModel('centered'), { draws: 10 });
    expect(centred.scales.length).toBe(2);
    for (const s of centred.scales) { expect(s.centred).toBe(true); expect(s.suspect).toBe(true); }
  });
});
