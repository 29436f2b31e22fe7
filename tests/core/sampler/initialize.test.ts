import { describe, expect, test } from 'vitest';
import { initialize } from '../../../src/core/sampler/initialize';
import { createChainRng } from '../../../src/core/sampler/rng';
import { target } from './helpers';

describe('initialize', () => {
  test('draws every coordinate uniformly in (-R, R) and returns lp and gradient there', () => {
    const t = target(3, (q, g) => { for (let i = 0; i < 3; i++) g[i] = -q[i]; return -0.5 * (q[0] ** 2 + q[1] ** 2 + q[2] ** 2); });
    const r = initialize(t, createChainRng(1, 1), 0.5);
    expect(r.position.every((x) => Math.abs(x) < 0.5)).toBe(true);
    expect(r.logDensity).toBeCloseTo(-0.5 * r.position.reduce((a, x) => a + x * x, 0), 14);
    expect(r.gradient[1]).toBe(-r.position[1]);
    expect(r.evaluations).toBe(1);
  });

  test('radius 0 starts at zero with a single attempt', () => {
    let calls = 0;
    const t = target(2, () => { calls++; return -Infinity; });
    expect(() => initialize(t, createChainRng(1, 1), 0)).toThrow(/Initialization at zero failed after 1 attempt/);
    expect(calls).toBeGreaterThanOrEqual(1);
  });

  test('retries until an attempt has a finite value and gradient', () => {
    // Finite only when x > 1: about 1 in 4 attempts succeed.
    const t = target(1, (q, g) => { g[0] = 1; return q[0] > 1 ? 0 : -Infinity; });
    const r = initialize(t, createChainRng(2, 1));
    expect(r.position[0]).toBeGreaterThan(1);
    expect(r.evaluations).toBeGreaterThanOrEqual(1);
  });

  test('after 100 failures names the coordinate whose value makes the density non-finite', () => {
    const t = target(3, (q, g) => { g.fill(0); return q[1] === 0 ? 0 : -Infinity; }, ['b_Intercept', 'log sigma', 'z_1[1,1]']);
    expect(() => initialize(t, createChainRng(3, 1))).toThrow(/between \(-2, 2\) failed after 100 attempt.*not finite 100 time.*"log sigma"/);
  });

  test('names the coordinate with a non-finite gradient', () => {
    const t = target(2, (_q, g) => { g[0] = 0; g[1] = NaN; return 0; }, ['Intercept', 'sd_1[1]']);
    expect(() => initialize(t, createChainRng(3, 1))).toThrow(/gradient was not finite 100 time\(s\), in "sd_1\[1\]"/);
  });

  test('reports the model\'s own error message when the log density throws', () => {
    const t = target(1, () => { throw new Error('sigma must be positive'); });
    expect(() => initialize(t, createChainRng(3, 1))).toThrow(/threw an error 100 time\(s\) \(last: sigma must be positive\)/);
  });

  test('falls back to coordinate numbers when names are missing', () => {
    const t = { dim: 2, unconstrainedNames: [] as string[], logDensityGradient: (_q: Float64Array, g: Float64Array) => { g[0] = NaN; g[1] = 0; return 0; } };
    expect(() => initialize(t, createChainRng(3, 1))).toThrow(/coordinate 1/);
  });

  test('rejects a negative or non-finite radius', () => {
    const t = target(1, () => 0);
    expect(() => initialize(t, createChainRng(1, 1), -1)).toThrow(/Init radius/);
  });
});
