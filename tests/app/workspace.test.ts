import { describe, expect, it } from 'vitest';
import { twoRowTable } from './fixtures';
import type { DataTable, ModelStructure, SummaryRow } from '../../src/core/types';
import { DEFAULT_SETTINGS } from '../../src/core/types';
import { DrawStore } from '../../src/client/drawStore';
import { linearPredictor, makeRng, posteriorPredictive, ppcPlan, replicate } from '../../src/app/workspace/ppc';
import { displayName, groupSummary, intervalProbs, requestedProbs } from '../../src/app/workspace/summaryGroups';
import { parseSettings, DEFAULT_FORM, formOf } from '../../src/app/workspace/settings';
import { summaryCsvText, fileStem } from '../../src/app/workspace/exports';
import { iccDraws } from '../../src/app/workspace/icc';
import { commonDraws, diagnosticsCopy, SamplerCounts, usableChains } from '../../src/app/workspace/fit';
import { getFamily } from '../../src/core/families';

/** y ~ x + (1 + x | g): 4 observations, 2 levels. */
function structure(family: ModelStructure['family'] = 'gaussian'): ModelStructure {
  return {
    family, N: 4, y: Float64Array.from([1, 2, 3, 4]), trials: getFamily(family).response.trials ? Float64Array.from([10, 10, 10, 10]) : null,
    offset: null, hasIntercept: true, X: Float64Array.from([0, 1, 2, 3]), K: 1, bNames: ['x'],
    interceptPrior: { dist: 'flat' }, bPriors: [{ dist: 'flat' }], familyPriors: [],
    groups: [{
      id: 1, group: 'g', levels: ['a', 'b'], index: Int32Array.from([0, 0, 1, 1]), coefNames: ['Intercept', 'x'],
      Z: [Float64Array.from([1, 1, 1, 1]), Float64Array.from([0, 1, 2, 3])], correlated: true,
      sdPriors: [{ dist: 'flat' }, { dist: 'flat' }], lkjEta: 1, parameterization: 'noncentered',
    }],
  };
}
const NAMES = ['b_Intercept', 'b_x', 'sd_g__Intercept', 'sd_g__x', 'cor_g__Intercept__x', 'sigma',
  'r_g[a,Intercept]', 'r_g[b,Intercept]', 'r_g[a,x]', 'r_g[b,x]'];

describe('ppc', () => {
  it('linearPredictor adds intercept, X b and each level\'s r times Z', () => {
    const s = structure();
    const draw = [10, 2, 1, 1, 0, 0.5, 1, -1, 0.5, -0.5];
    const eta = new Float64Array(4);
    linearPredictor(s, ppcPlan(s, NAMES), draw, eta);
    // i=0: 10 + 0*2 + 1 + 0*0.5 = 11; i=1: 10+2+1+0.5 = 13.5; i=2: 10+4-1-1 = 12; i=3: 10+6-1-1.5 = 13.5
    expect(Array.from(eta)).toEqual([11, 13.5, 12, 13.5]);
  });

  it('ppcPlan names the missing column when draws belong to another model', () => {
    expect(() => ppcPlan(structure(), NAMES.slice(0, 6))).toThrow(/no column 'r_g\[a,Intercept\]'/);
  });

  it('binomial replicates stay within 0..trials and gaussian ones centre on eta', () => {
    const s = structure('binomial');
    const names = NAMES.filter((n) => n !== 'sigma');
    const draw = [0, 0, 1, 1, 0, 0, 0, 0, 0];
    const out = new Float64Array(4);
    replicate(s, ppcPlan(s, names), draw, makeRng(3), new Float64Array(4), out);
    for (const v of out) { expect(Number.isInteger(v)).toBe(true); expect(v).toBeGreaterThanOrEqual(0); expect(v).toBeLessThanOrEqual(10); }
    const g = structure();
    let sum = 0;
    const u = makeRng(1);
    for (let k = 0; k < 2000; k++) {
      replicate(g, ppcPlan(g, NAMES), [5, 0, 1, 1, 0, 1, 0, 0, 0, 0], u, new Float64Array(4), out);
      sum += out[0];
    }
    expect(sum / 2000).toBeCloseTo(5, 1);
  });

  it('posteriorPredictive spreads its draws over the pooled draws', async () => {
    const s = structure();
    const seen: number[] = [];
    const yrep = await posteriorPredictive(s, NAMES, 100, (k) => { seen.push(k); return [0, 0, 1, 1, 0, 1, 0, 0, 0, 0]; }, 20);
    expect(yrep).toHaveLength(20);
    expect(seen[0]).toBe(2);
    expect(seen[19]).toBe(97);
  });
});

const row = (name: string, extra: Partial<SummaryRow> = {}): SummaryRow => ({
  name, mean: 1, sd: 0.5, median: 1, mad: 0.5, quantiles: { q5: 0.2, q95: 1.8 }, rhat: 1.001, ess_bulk: 900, ess_tail: 800, mcse_mean: 0.01, ...extra,
});

describe('summary groups', () => {
  it('groups rows as brms prints them, r_ blocks last and collapsible', () => {
    const groups = groupSummary(['b_Intercept', 'b_x', 'sd_district_id:class_id__age_c', 'cor_g__Intercept__x', 'sd_g__Intercept', 'sigma', 'r_g[a,Intercept]'].map((n) => row(n)));
    expect(groups.map((g) => [g.title, g.rows.length, g.collapsible])).toEqual([
      ['Population-level effects', 2, false],
      ['Group-level effects: ~district_id:class_id', 1, false],
      ['Group-level effects: ~g', 2, false],
      ['Family-specific parameters', 1, false],
      ['Group effects r_g (1)', 1, true],
    ]);
  });
  it('shows short labels and interval probabilities', () => {
    expect(displayName('sd_g__Intercept')).toBe('sd(Intercept)');
    expect(displayName('cor_g__Intercept__x')).toBe('cor(Intercept,x)');
    expect(displayName('b_age_c:size_c')).toBe('age_c:size_c');
    expect(displayName('r_g[a b,x]')).toBe('a b,x');
    expect(intervalProbs(0.9)).toEqual([0.05, 0.95]);
    expect(intervalProbs(0.95)).toEqual([0.025, 0.975]);
    expect(requestedProbs(0.5)).toEqual([0.05, 0.25, 0.75, 0.95]);
  });
});

describe('settings', () => {
  it('defaults are 4 chains, 1000 + 1000, seed 1, 0.8, 10, diag, fast adaptation', () => {
    expect(parseSettings(DEFAULT_FORM).settings).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_FORM.adaptation).toBe('fast');
  });
  it('passes the chosen warmup adaptation through and back', () => {
    const s = parseSettings({ ...DEFAULT_FORM, adaptation: 'stan' }).settings!;
    expect(s.adaptation).toBe('stan');
    expect(formOf(s).adaptation).toBe('stan');
  });
  it('names every bad field', () => {
    const { settings, errors } = parseSettings({ ...DEFAULT_FORM, chains: '0', iter: '1.5', adaptDelta: '1.2' });
    expect(settings).toBeNull();
    expect(errors.chains).toMatch(/Chains must be a whole number from 1 to 16/);
    expect(errors.iter).toMatch(/Iterations must be a whole number.*got '1.5'/);
    expect(errors.adaptDelta).toMatch(/between 0 and 1/);
  });
});

const table = twoRowTable;

function storeOf(nWarm: number, nSamp: number[]): DrawStore {
  const names = ['b_Intercept', 'sigma'];
  const s = new DrawStore(names, nSamp.length);
  nSamp.forEach((n, i) => {
    const w = { phase: 'warmup' as const, count: nWarm, draws: new Float64Array(nWarm * 2).fill(-1), stats: new Float64Array(nWarm * 7) };
    if (nWarm) s.append(i + 1, w);
    if (n) {
      const draws = new Float64Array(n * 2);
      const stats = new Float64Array(n * 7);
      for (let k = 0; k < n; k++) { draws[2 * k] = i * 100 + k; draws[2 * k + 1] = 1 + k / 10; stats[k * 7 + 5] = k === 0 ? 1 : 0; stats[k * 7 + 3] = 10; stats[k * 7 + 6] = k; }
      s.append(i + 1, { phase: 'sampling', count: n, draws, stats });
    }
  });
  return s;
}

describe('fit helpers', () => {
  it('leaves out chains without post-warmup draws and cuts to the shortest', () => {
    const s = storeOf(2, [5, 0, 3]);
    expect(usableChains(s)).toEqual([1, 3]);
    expect(commonDraws(s)).toBe(3);
    const copy = diagnosticsCopy(s)!;
    expect(copy.chains).toHaveLength(2);
    expect(copy.nIterations).toEqual([3, 3]);
    expect(Array.from(copy.energy[1])).toEqual([0, 1, 2]);
    const counts = new SamplerCounts();
    counts.update(s, 10);
    expect(counts.divergent).toBe(2);
    expect(counts.treedepthHits).toBe(8);
    counts.update(s, 10);
    expect(counts.divergent).toBe(2);
  });
  it('summary CSV has one row per parameter and NA for missing diagnostics', () => {
    const text = summaryCsvText([row('b_Intercept'), row('r_g[a,Intercept]', { rhat: null })], [0.05, 0.95]);
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe('variable,mean,sd,median,mad,q5,q95,rhat,ess_bulk,ess_tail,mcse_mean');
    expect(lines[2].startsWith('"r_g[a,Intercept]",1,0.5,1,0.5,0.2,1.8,NA,')).toBe(true);
    expect(fileStem('sleep study.csv')).toBe('sleep_study');
  });
  it('summary CSV keeps hostile parameter names in one quoted cell; file stems are plain', async () => {
    const Papa = (await import('papaparse')).default;
    const names = ['r_g[Y\nsystem("x")\n#,Intercept]', 'b_a"b', 'b_x\r\ny', 'b_u\u2028v', 'b_100%$\\{}', `b_${'x'.repeat(5000)}`];
    const text = summaryCsvText(names.map((n) => row(n)), [0.05, 0.95]);
    const parsed = Papa.parse<string[]>(text.trimEnd(), { header: false }).data;
    expect(parsed.slice(1).map((r) => r[0])).toEqual(names);
    expect(parsed.every((r) => r.length === 11)).toBe(true);
    for (const n of ['a\nb.csv', '../../etc/passwd', 'x\u2028y"z`.csv', '\u0000.csv']) expect(fileStem(n)).toMatch(/^[A-Za-z0-9._-]+$/);
  });
  it('ICC of a random-intercept gaussian model is sd^2 / (sd^2 + sigma^2)', () => {
    const s = structure();
    s.groups[0].coefNames = ['Intercept'];
    s.groups[0].Z = [s.groups[0].Z[0]];
    const names = ['b_Intercept', 'sd_g__Intercept', 'sigma'];
    const rows = Float64Array.from([0, 3, 4, 0, 1, 1]);
    const icc = iccDraws(s, names, rows, 2);
    expect(icc[0].group).toBe('g');
    expect(Array.from(icc[0].values)).toEqual([9 / 25, 0.5]);
    expect(iccDraws(structure(), NAMES, new Float64Array(10), 1)).toEqual([]);
  });
});
