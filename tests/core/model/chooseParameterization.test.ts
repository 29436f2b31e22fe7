// The data decide each group term's parameterisation: centred (on the population intercept) where
// the typical group is well informed, brms's non-centred where it is not.
import { describe, expect, it } from 'vitest';
import { prepareModel } from '../../../src/core/model/spec';
import { centringScore, CENTRE_ABOVE, chooseParameterizations, groupSignals, hasGroupLevelPredictor, nestedInAnother, quantile } from '../../../src/core/model/chooseParameterization';
import type { DataTable, FamilyName } from '../../../src/core/types';
import { loadCsv, table } from '../design/csvTable';
import { rng } from './structures';
import { getFamily } from '../../../src/core/families';
import { rawCellsFromStrings } from '../../../src/core/io/rawCells';

function normal(u: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

function poisson(u: () => number, mu: number): number {
  const L = Math.exp(-mu);
  let k = 0;
  let p = u();
  while (p > L) { k++; p *= u(); }
  return k;
}

interface Sim { family: FamilyName; J: number; n: number; tau: number; intercept: number; sigma?: number; trials?: number; seed?: number }

/** y ~ x + (1 | g): J groups of n rows, group sd tau on the linear-predictor scale. */
function simulate(sim: Sim): DataTable {
  const u = rng(sim.seed ?? 7);
  const cols: Record<string, (string | number)[]> = { y: [], x: [], g: [], size: [] };
  for (let j = 0; j < sim.J; j++) {
    const a = sim.tau * normal(u);
    for (let i = 0; i < sim.n; i++) {
      const x = u() * 2 - 1;
      const eta = sim.intercept + 0.5 * x + a;
      let y: number;
      switch (sim.family) {
        case 'poisson': y = poisson(u, Math.exp(eta)); break;
        case 'binomial': {
          const p = 1 / (1 + Math.exp(-eta));
          y = 0;
          for (let k = 0; k < sim.trials!; k++) if (u() < p) y++;
          break;
        }
        case 'bernoulli': y = u() < 1 / (1 + Math.exp(-eta)) ? 1 : 0; break;
        default: y = eta + (sim.sigma ?? 1) * normal(u);
      }
      cols.y.push(y);
      cols.x.push(x);
      cols.g.push(`g${j}`);
      cols.size.push(sim.trials ?? 1);
    }
  }
  return table(cols);
}

function choose(sim: Sim, formula?: string) {
  const f = formula ?? (getFamily(sim.family).response.trials ? 'y | trials(size) ~ x + (1 | g)' : 'y ~ x + (1 | g)');
  const p = prepareModel({ formula: f, family: sim.family }, simulate(sim));
  return { choice: p.structure.groups.map((g) => g.parameterization), ratio: groupSignals(p.structure)[0].ratio };
}

describe('chooseParameterizations from the data', () => {
  it('centres exam_scores students on the population intercept (5 exams each, sd 0.7 against noise 0.2)', () => {
    const p = prepareModel({ formula: 'score ~ hours + (1 | student)', family: 'gaussian' }, loadCsv('exam_scores.csv'));
    expect(p.structure.groups[0].parameterization).toBe('hcentered');
    // R = n tau^2 / sigma^2 = 5 * 0.49 / 0.04 ~ 60 in truth
    expect(groupSignals(p.structure)[0].ratio).toBeGreaterThan(20);
  });

  it('gaussian: well-informed groups are centred, weakly informed ones stay non-centred', () => {
    const strong = choose({ family: 'gaussian', J: 30, n: 6, tau: 1, sigma: 0.3, intercept: 2 });
    expect(strong.choice).toEqual(['hcentered']);
    expect(strong.ratio).toBeGreaterThan(10); // truth 6 / 0.09 = 67
    const weak = choose({ family: 'gaussian', J: 30, n: 6, tau: 0.15, sigma: 1, intercept: 2 });
    expect(weak.choice).toEqual(['noncentered']);
    expect(weak.ratio).toBeLessThan(0.5); // truth 6 * 0.0225 = 0.14
  });

  it('poisson: many counts per group centre, few small counts do not', () => {
    expect(choose({ family: 'poisson', J: 40, n: 5, tau: 0.8, intercept: 2.5 }).choice).toEqual(['hcentered']); // R ~ 5 * 12 * 0.64
    expect(choose({ family: 'poisson', J: 40, n: 3, tau: 0.2, intercept: -0.5 }).choice).toEqual(['noncentered']); // R ~ 3 * 0.6 * 0.04
  });

  it('binomial and bernoulli: the same rule on the probability scale', () => {
    expect(choose({ family: 'binomial', J: 30, n: 4, tau: 1, intercept: 0, trials: 40 }).choice).toEqual(['hcentered']); // R ~ 4 * 40 * 0.2 * 1
    expect(choose({ family: 'binomial', J: 30, n: 4, tau: 0.2, intercept: -1.5, trials: 3 }).choice).toEqual(['noncentered']);
    expect(choose({ family: 'bernoulli', J: 30, n: 5, tau: 0.3, intercept: 0 }).choice).toEqual(['noncentered']);
  });

  it('nested terms stay non-centred: the data determine only the sum of a brood\'s and its location\'s effects', () => {
    // 40 locations of 2 broods of 4 chicks: brood sd 1 and noise 0.2 (R ~ 100), location sd 0.5
    const u = rng(11);
    const cols: Record<string, (string | number)[]> = { y: [], loc: [], brood: [] };
    for (let l = 0; l < 40; l++) {
      const a = 0.5 * normal(u);
      for (let b = 0; b < 2; b++) {
        const c = normal(u);
        for (let i = 0; i < 4; i++) { cols.y.push(a + c + 0.2 * normal(u)); cols.loc.push(`l${l}`); cols.brood.push(`b${l}_${b}`); }
      }
    }
    const p = prepareModel({ formula: 'y ~ 1 + (1 | loc) + (1 | brood)', family: 'gaussian' }, table(cols));
    expect(groupSignals(p.structure)[0].ratio).toBeGreaterThan(10); // the broods alone would be centred
    expect(nestedInAnother(p.structure, 0)).toBe(true);
    expect(nestedInAnother(p.structure, 1)).toBe(false);
    expect(p.structure.groups.map((g) => [g.group, g.parameterization])).toEqual([['brood', 'noncentered'], ['loc', 'noncentered']]);
  });

  it('grouseticks: a fifth of the broods have no tick at all, so neither term is centred', () => {
    const data = loadCsv('grouseticks.csv', ['YEAR']);
    const p = prepareModel({ formula: 'TICKS ~ YEAR + scale(HEIGHT) + (1 | BROOD) + (1 | LOCATION)', family: 'poisson' }, data);
    expect(p.structure.groups.map((g) => [g.group, g.parameterization])).toEqual([['BROOD', 'noncentered'], ['LOCATION', 'noncentered']]);
    const [brood, location] = groupSignals(p.structure);
    expect(brood.ratio).toBeGreaterThan(1); // the typical brood is informed ...
    expect(centringScore(brood, 118)).toBeLessThan(1); // ... the tick-free ones are not
    expect(location.ratio).toBeLessThan(0.5);
  });

  it('of two well-informed crossed terms the better-informed absorbs the intercept, the other is centred', () => {
    const u = rng(3);
    const cols: Record<string, (string | number)[]> = { y: [], a: [], b: [] };
    const ea = Array.from({ length: 15 }, () => normal(u));
    const eb = Array.from({ length: 12 }, () => 0.6 * normal(u));
    for (let i = 0; i < 15; i++) for (let k = 0; k < 12; k++) {
      cols.y.push(1 + ea[i] + eb[k] + 0.3 * normal(u));
      cols.a.push(`a${i}`);
      cols.b.push(`b${k}`);
    }
    const p = prepareModel({ formula: 'y ~ 1 + (1 | a) + (1 | b)', family: 'gaussian' }, table(cols));
    const sig = groupSignals(p.structure);
    expect(sig.every((x) => x.ratio > 1)).toBe(true);
    const best = sig[0].ratio > sig[1].ratio ? 0 : 1;
    expect(p.structure.groups[best].parameterization).toBe('hcentered');
    expect(p.structure.groups[1 - best].parameterization).toBe('centered');
  });

  it('migration: a term with a group-level predictor (src_log_pop for source_state) stays non-centred', () => {
    const data = loadCsv('migration.csv', []);
    const p = prepareModel({ formula: 'log_flow ~ adjacent + src_log_pop + dst_log_pop + (1 | source_state) + (1 | dest_state)', family: 'gaussian' }, data);
    const t = p.structure.groups.findIndex((g) => g.group === 'source_state');
    const u = p.structure.groups.findIndex((g) => g.group === 'dest_state');
    expect(hasGroupLevelPredictor(p.structure, t)).toBe(true);
    expect(hasGroupLevelPredictor(p.structure, u)).toBe(true);
    expect(p.structure.groups.map((g) => g.parameterization)).toEqual(['noncentered', 'noncentered']);
    // The same data without those predictors: the well-informed states would be centred.
    const q = prepareModel({ formula: 'log_flow ~ adjacent + (1 | source_state) + (1 | dest_state)', family: 'gaussian' }, data);
    expect(q.structure.groups.some((g) => g.parameterization !== 'noncentered')).toBe(true);
    expect(hasGroupLevelPredictor(q.structure, 0)).toBe(false);
  });

  it('a predictor that varies within the groups does not count as group-level (exam_scores hours)', () => {
    const p = prepareModel({ formula: 'score ~ hours + (1 | student)', family: 'gaussian' }, loadCsv('exam_scores.csv', []));
    expect(hasGroupLevelPredictor(p.structure, 0)).toBe(false);
  });

  it('without a population intercept a well-informed term is centred plainly', () => {
    expect(choose({ family: 'gaussian', J: 30, n: 6, tau: 1, sigma: 0.3, intercept: 2 }, 'y ~ 0 + x + (1 | g)').choice).toEqual(['centered']);
  });

  it('centres a term with slopes only when intercepts and slopes are all well informed (oxboys, sleepstudy: yes; radon: no)', () => {
    const ox = prepareModel({ formula: 'height ~ age + (age | Subject)', family: 'gaussian' }, loadCsv('oxboys.csv'));
    expect(ox.structure.groups[0].parameterization).toBe('hcentered');
    const radon = prepareModel({ formula: 'log_radon ~ floor + (1 + floor | county)', family: 'gaussian' }, loadCsv('radon.csv'));
    expect(radon.structure.groups[0].parameterization).toBe('noncentered');
    // 18 subjects, median R ~ 1.8, conservative score 1.09: just centred. Measured (4 x 1000 + 1000,
    // diag metric): 21k sampling gradients per chain and min ESS/1k gradients 10 centred, against
    // 40k and 6.5 non-centred.
    const sleep = prepareModel({ formula: 'Reaction ~ Days + (Days | Subject)', family: 'gaussian' }, loadCsv('sleepstudy.csv'));
    expect(sleep.structure.groups[0].parameterization).toBe('hcentered');
    expect(centringScore(groupSignals(sleep.structure)[0], 18)).toBeGreaterThan(CENTRE_ABOVE);
    expect(centringScore(groupSignals(sleep.structure)[0], 18)).toBeLessThan(1.3);
  });

  it('asks for more with few levels (tau is uncertain) and looks at the weakly informed levels, not the typical one', () => {
    expect(choose({ family: 'gaussian', J: 6, n: 5, tau: 1, sigma: 1, intercept: 0 }).choice).toEqual(['noncentered']); // R ~ 5
    expect(choose({ family: 'gaussian', J: 6, n: 5, tau: 1, sigma: 0.2, intercept: 0 }).choice).toEqual(['hcentered']); // R ~ 125
    const p = prepareModel({ formula: 'y ~ x + (1 | g)', family: 'gaussian' }, simulate({ family: 'gaussian', J: 40, n: 6, tau: 1, sigma: 0.3, intercept: 0 }));
    const sig = groupSignals(p.structure)[0];
    expect(centringScore(sig, 40)).toBeGreaterThan(10);
    // a fifth of the levels with one row each at ten times the noise: the typical level is still well informed, the score is not
    const weakened = { ...sig, levelRatios: sig.levelRatios.map((r, j) => (j % 5 === 0 ? r / 60 : r)) };
    expect(quantile(weakened.levelRatios, 0.5)).toBeGreaterThan(10);
    expect(centringScore(weakened, 40)).toBeLessThan(2);
  });
});

describe('prepareModel: the parameterization option', () => {
  const data = simulate({ family: 'gaussian', J: 30, n: 6, tau: 1, sigma: 0.3, intercept: 2 });
  const spec = { formula: 'y ~ x + (1 | g) + (1 | h)', family: 'gaussian' as const };
  const withH: DataTable = { ...data, columns: [...data.columns, { ...data.columns.find((c) => c.name === 'g')!, name: 'h', raw: rawCellsFromStrings(Array.from({ length: data.nRows }, (_, i) => `h${i % 7}`)) }] };

  it('forces every term non-centred (brms) or centred, and rejects an unknown value', () => {
    expect(prepareModel(spec, withH, { parameterization: 'noncentered' }).structure.groups.map((g) => g.parameterization)).toEqual(['noncentered', 'noncentered']);
    expect(prepareModel(spec, withH, { parameterization: 'centered' }).structure.groups.map((g) => g.parameterization)).toEqual(['hcentered', 'centered']);
    expect(prepareModel(spec, withH).structure.groups.map((g) => [g.group, g.parameterization])).toEqual([['g', 'hcentered'], ['h', 'noncentered']]);
    expect(() => prepareModel(spec, withH, { parameterization: 'sideways' as never })).toThrow(/Unknown parameterization 'sideways'/);
  });

  it('chooseParameterizations: no groups, no choice', () => {
    const p = prepareModel({ formula: 'y ~ x', family: 'gaussian' }, data);
    expect(chooseParameterizations(p.structure)).toEqual([]);
    expect(groupSignals(p.structure)).toEqual([]);
  });
});
