import { describe, expect, test } from 'vitest';
import { evaluate, hamiltonian, leapfrog } from '../../../src/core/sampler/leapfrog';
import { createPhasePoint } from '../../../src/core/sampler/phasePoint';
import { diagMetric, unitMetric } from '../../../src/core/sampler/metric';
import { normalTarget, target } from './helpers';

function oscillator(q0: number, p0: number) {
  const t = normalTarget([1]); // V = q^2 / 2
  const z = createPhasePoint(1);
  z.q[0] = q0; z.p[0] = p0;
  evaluate(t, z);
  return { t, z, v: new Float64Array(1) };
}

describe('leapfrog', () => {
  test('conserves energy on a harmonic oscillator: error bounded over 1000 steps and O(eps^2)', () => {
    const maxErr = (eps: number) => {
      const { t, z, v } = oscillator(1, 0);
      const m = unitMetric('diag', 1);
      const H0 = hamiltonian(m, z);
      let worst = 0;
      for (let i = 0; i < 1000; i++) {
        leapfrog(t, m, z, eps, v);
        worst = Math.max(worst, Math.abs(hamiltonian(m, z) - H0));
      }
      return worst;
    };
    const e1 = maxErr(0.1), e2 = maxErr(0.05);
    expect(e1).toBeLessThan(0.01);
    expect(e1 / e2).toBeGreaterThan(3.5); // second order: halving eps quarters the error
    expect(e1 / e2).toBeLessThan(4.5);
  });

  test('follows the exact oscillator solution q(t) = cos t closely for small steps', () => {
    const { t, z, v } = oscillator(1, 0);
    const m = unitMetric('diag', 1);
    for (let i = 0; i < 1000; i++) leapfrog(t, m, z, 0.001, v);
    expect(z.q[0]).toBeCloseTo(Math.cos(1), 6);
    expect(z.p[0]).toBeCloseTo(-Math.sin(1), 6);
  });

  test('is reversible: n steps forward then n steps back returns to the start', () => {
    const t = normalTarget([1, 2, 0.5]);
    const m = diagMetric([1, 4, 0.25]);
    const z = createPhasePoint(3);
    z.q.set([0.3, -1, 2]); z.p.set([1, 0.5, -0.2]);
    evaluate(t, z);
    const v = new Float64Array(3);
    for (let i = 0; i < 25; i++) leapfrog(t, m, z, 0.2, v);
    for (let i = 0; i < 25; i++) leapfrog(t, m, z, -0.2, v);
    expect(Array.from(z.q).map((x) => +x.toFixed(10))).toEqual([0.3, -1, 2]);
    expect(Array.from(z.p).map((x) => +x.toFixed(10))).toEqual([1, 0.5, -0.2]);
  });

  test('a log density that throws or returns NaN gives infinite energy instead of an exception', () => {
    const m = unitMetric('diag', 1);
    for (const f of [() => { throw new Error('domain'); }, () => NaN, () => -Infinity]) {
      const t = target(1, f as never);
      const z = createPhasePoint(1);
      z.p[0] = 1;
      leapfrog(t, m, z, 0.1, new Float64Array(1));
      expect(hamiltonian(m, z)).toBe(Infinity);
    }
  });
});
