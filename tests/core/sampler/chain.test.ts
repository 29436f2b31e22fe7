import { describe, expect, test } from 'vitest';
import { ChainRunner, coordinatesFingerprint } from '../../../src/core/sampler/chain';
import { DEFAULT_SETTINGS, SAMPLER_STAT_NAMES, type SamplerSettings } from '../../../src/core/types';
import { collect, normalTarget, runChain, target } from './helpers';

const t = normalTarget([1, 2, 0.5]);
const S = (over: Partial<SamplerSettings>): SamplerSettings => ({ ...DEFAULT_SETTINGS, ...over });

function allDraws(r: ChainRunner): number[][] {
  const theta = new Float64Array(r.dim), st = new Float64Array(7);
  const rows: number[][] = [];
  while (r.step(theta, st)) rows.push([...theta, ...st]);
  return rows;
}

describe('ChainRunner', () => {
  test('the same seed and chain id give bit-identical draws and stats', () => {
    const a = allDraws(new ChainRunner(t, S({ warmup: 150, iter: 100, seed: 17 }), 2));
    const b = allDraws(new ChainRunner(t, S({ warmup: 150, iter: 100, seed: 17 }), 2));
    expect(b).toEqual(a);
  });

  test('runners stepped alternately (one with a dense metric) give the draws and counts each gives alone', () => {
    // The kernel, metric and gradient counter keep their state per instance (they are classes whose
    // methods every chain on a worker shares): interleaving must not leak anything between chains.
    const settings = [S({ warmup: 150, iter: 60, seed: 5 }), S({ warmup: 150, iter: 60, seed: 5, metric: 'dense' })];
    const alone = settings.map((s, i) => {
      const r = new ChainRunner(t, s, i + 1);
      return { rows: allDraws(r), gradients: r.gradientEvaluations };
    });
    const runners = settings.map((s, i) => new ChainRunner(t, s, i + 1));
    const rows: number[][][] = [[], []];
    const theta = new Float64Array(3), st = new Float64Array(7);
    for (let k = 0; k < 210; k++) {
      for (let i = 0; i < 2; i++) {
        expect(runners[i].step(theta, st)).toBe(true);
        rows[i].push([...theta, ...st]);
      }
    }
    for (let i = 0; i < 2; i++) {
      expect(rows[i]).toEqual(alone[i].rows);
      expect(runners[i].gradientEvaluations).toBe(alone[i].gradients);
    }
    expect(alone[1].rows).not.toEqual(alone[0].rows);
  });

  test('different chain ids (and seeds) give different draws', () => {
    const a = allDraws(new ChainRunner(t, S({ warmup: 50, iter: 20, seed: 17 }), 1));
    const b = allDraws(new ChainRunner(t, S({ warmup: 50, iter: 20, seed: 17 }), 2));
    const c = allDraws(new ChainRunner(t, S({ warmup: 50, iter: 20, seed: 18 }), 1));
    expect(b).not.toEqual(a);
    expect(c).not.toEqual(a);
  });

  test('phases and counters: warmup, then sampling, then done; step returns false when done', () => {
    const r = new ChainRunner(t, S({ warmup: 30, iter: 10 }), 1);
    expect(r.totalIterations).toBe(40);
    expect(r.warmupIterations).toBe(30);
    expect(r.phase).toBe('warmup');
    const theta = new Float64Array(3).fill(NaN), st = new Float64Array(7).fill(NaN);
    for (let i = 0; i < 30; i++) r.step(theta, st);
    expect(r.phase).toBe('sampling');
    for (let i = 0; i < 10; i++) expect(r.step(theta, st)).toBe(true);
    expect(r.phase).toBe('done');
    const before = [...theta];
    expect(r.step(theta, st)).toBe(false);
    expect([...theta]).toEqual(before);
    expect(r.iterationsDone).toBe(40);
  });

  test('writes the 7 stats in SAMPLER_STAT_NAMES order with Stan\'s meanings', () => {
    expect(SAMPLER_STAT_NAMES).toEqual(['lp__', 'accept_stat__', 'stepsize__', 'treedepth__', 'n_leapfrog__', 'divergent__', 'energy__']);
    const out = runChain(t, { warmup: 200, iter: 200, seed: 3 });
    for (let j = 0; j < 200; j++) {
      const theta = out.draws.map((d) => d[j]);
      const lp = -0.5 * (theta[0] ** 2 + (theta[1] / 2) ** 2 + (theta[2] / 0.5) ** 2);
      expect(out.stats[0][j]).toBeCloseTo(lp, 12);
      expect(out.stats[1][j]).toBeGreaterThanOrEqual(0);
      expect(out.stats[1][j]).toBeLessThanOrEqual(1);
      expect(out.stats[4][j]).toBeGreaterThanOrEqual(2 ** out.stats[3][j] - 1);
      expect([0, 1]).toContain(out.stats[5][j]);
      expect(out.stats[6][j]).toBeGreaterThanOrEqual(-out.stats[0][j]);
    }
  });

  test('the step size is fixed after warmup (the final adapted one) and varies during warmup', () => {
    const out = runChain(t, { warmup: 200, iter: 100, seed: 4 });
    expect(new Set(out.stats[2]).size).toBe(1);
    expect(new Set(out.warmupStats[2]).size).toBeGreaterThan(10);
    expect(out.stats[2][0]).toBe(out.runner.currentTuning!.stepSize);
  });

  test('counts gradient evaluations: at least the leapfrog steps plus initialisation', () => {
    const out = runChain(t, { warmup: 100, iter: 100, seed: 5 });
    const leapfrogs = [...out.warmupStats[4], ...out.stats[4]].reduce((a, b) => a + b, 0);
    expect(out.runner.gradientEvaluations).toBeGreaterThan(leapfrogs);
    expect(out.runner.gradientEvaluations).toBeLessThan(leapfrogs + 200);
  });

  test('constructing is cheap: no log density evaluation before the first step', () => {
    let calls = 0;
    const counted = target(1, (q, g) => { calls++; g[0] = -q[0]; return -0.5 * q[0] * q[0]; });
    const r = new ChainRunner(counted, S({ warmup: 10, iter: 10 }), 1);
    expect(calls).toBe(0);
    r.step(new Float64Array(1), new Float64Array(7));
    expect(calls).toBeGreaterThan(0);
  });

  test('checkpoint + resume continues without warmup and equals an uninterrupted longer run', () => {
    const settings = S({ warmup: 150, iter: 60, seed: 21, metric: 'dense' });
    const first = new ChainRunner(t, settings, 3);
    const head = allDraws(first);
    const cp = structuredClone(first.checkpoint());
    expect(cp.iterationsDone).toBe(210);
    expect(cp.metric).toBe('dense');
    expect(cp.inverseMetric.length).toBe(9);
    const resumed = new ChainRunner(t, S({ ...settings, iter: 40 }), 3, cp);
    expect(resumed.warmupIterations).toBe(0);
    expect(resumed.totalIterations).toBe(40);
    expect(resumed.phase).toBe('sampling');
    const tail = allDraws(resumed);
    const whole = allDraws(new ChainRunner(t, S({ ...settings, iter: 100 }), 3));
    expect([...head, ...tail]).toEqual(whole);
    expect(resumed.checkpoint().iterationsDone).toBe(250);
  });

  test('resume rejects a checkpoint from another chain or model', () => {
    const r = new ChainRunner(t, S({ warmup: 20, iter: 5 }), 1);
    allDraws(r);
    const cp = r.checkpoint();
    expect(() => new ChainRunner(t, S({}), 2, cp)).toThrow(/chain 1, not chain 2/);
    expect(() => new ChainRunner(normalTarget([1]), S({}), 1, cp)).toThrow(/3 coordinates; the model has 1/);
    // Same dimension, other coordinates (e.g. a group term now centred): refused, not misread.
    const renamed = target(3, t.logDensityGradient, ['a', 'b', 'c']);
    expect(() => new ChainRunner(renamed, S({}), 1, cp)).toThrow(/different parameterisation/);
    const { coordinates: _omitted, ...old } = cp;
    expect(() => new ChainRunner(t, S({}), 1, old)).toThrow(/different parameterisation of the model \(or by an older version\)/);
    expect(() => new ChainRunner(t, S({}), 1, cp)).not.toThrow();
  });

  test('coordinatesFingerprint changes with any name or their order', () => {
    const f = coordinatesFingerprint(['Intercept', 'z[1]', 'z[2]']);
    expect(coordinatesFingerprint(['Intercept', 'z[1]', 'z[2]'])).toBe(f);
    expect(coordinatesFingerprint(['Intercept', 'z[2]', 'z[1]'])).not.toBe(f);
    expect(coordinatesFingerprint(['Intercept + r_g[1,Intercept]', 'z[1]', 'z[2]'])).not.toBe(f);
    expect(coordinatesFingerprint(['Interceptz[1]', 'z[2]'])).not.toBe(coordinatesFingerprint(['Intercept', 'z[1]z[2]']));
  });

  test('checkpoint before the first iteration is a clear error', () => {
    expect(() => new ChainRunner(t, S({}), 1).checkpoint()).toThrow(/run at least one iteration/);
  });

  test('no warmup: step size 1 and the unit metric, as Stan', () => {
    const out = runChain(t, { warmup: 0, iter: 20 });
    expect(out.stats[2].every((e) => e === 1)).toBe(true);
    expect(Array.from(out.runner.currentTuning!.inverseMetric)).toEqual([1, 1, 1]);
  });

  test('very short warmup (< 20) adapts the step size but not the metric', () => {
    const out = runChain(normalTarget([10]), { warmup: 15, iter: 5 });
    expect(out.runner.currentTuning!.inverseMetric[0]).toBe(1);
    expect(out.stats[2][0]).not.toBe(1);
  });

  test('invalid settings give specific errors', () => {
    expect(() => new ChainRunner(t, S({ adaptDelta: 1 }), 1)).toThrow(/adapt_delta/);
    expect(() => new ChainRunner(t, S({ warmup: -5 }), 1)).toThrow(/warmup/);
    expect(() => new ChainRunner(t, S({ maxTreedepth: 0 }), 1)).toThrow(/tree depth/);
    expect(() => new ChainRunner(t, S({}), 0)).toThrow(/Chain id/);
    expect(() => new ChainRunner(t, S({ seed: -1 }), 1)).toThrow(/Seed/);
  });

  test('initialisation failure surfaces on the first step with the parameter name', () => {
    const bad = target(2, (q, g) => { g[0] = 0; g[1] = q[1] > 100 ? 0 : NaN; return 0; }, ['Intercept', 'log sd_1[1]']);
    const r = new ChainRunner(bad, S({}), 1);
    expect(() => r.step(new Float64Array(2), new Float64Array(7))).toThrow(/log sd_1\[1\]/);
  });

  test('collects with the helper the same draws as a manual loop', () => {
    const a = collect(new ChainRunner(t, S({ warmup: 20, iter: 10, seed: 8 }), 1), 20);
    const b = allDraws(new ChainRunner(t, S({ warmup: 20, iter: 10, seed: 8 }), 1)).slice(20);
    expect(Array.from(a.draws[0])).toEqual(b.map((row) => row[0]));
  });
});
