import { describe, expect, test } from 'vitest';
import { nutsKernel, type NutsOptions } from '../../../src/core/sampler/nuts';
import { diagMetric, denseMetric, unitMetric } from '../../../src/core/sampler/metric';
import { createChainRng } from '../../../src/core/sampler/rng';
import {
  concat, correlatedTarget, mean, momentZ, normalTarget, runChain, target, variance,
} from './helpers';

/**
 * Start N points exactly from the target N(0, diag(sd^2)) and make one NUTS transition from each
 * with a fixed step size: an exact sampler leaves the distribution invariant, and the N end points
 * are independent, so their moments have exact standard errors.
 */
function invarianceZ(sd: number[], eps: number, options: NutsOptions = {}, n = 4000) {
  const t = normalTarget(sd);
  const k = nutsKernel(t, options);
  const rng = createChainRng(11, 1);
  const tuning = { stepSize: eps, metric: unitMetric('diag', sd.length) };
  const out = sd.map(() => new Float64Array(n));
  const x0 = new Float64Array(sd.length);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < sd.length; d++) x0[d] = sd[d] * rng.normal();
    const { state } = k.step(rng, k.init(x0), tuning);
    for (let d = 0; d < sd.length; d++) out[d][i] = state.position[d] / sd[d];
  }
  // z of the mean (SE 1/sqrt n) and of the variance (SE sqrt(2/n)) of the standardised draws
  return out.map((x) => ({ zMean: mean(x) * Math.sqrt(n), zVar: (variance(x) - 1) / Math.sqrt(2 / n) }));
}

describe('NUTS kernel', () => {
  test('leaves the target invariant: one transition from exact draws keeps N(0, diag(1, 9, 0.25))', () => {
    for (const z of invarianceZ([1, 3, 0.5], 0.8)) {
      expect(Math.abs(z.zMean)).toBeLessThan(4);
      expect(Math.abs(z.zVar)).toBeLessThan(4);
    }
  });

  test('the same invariance check catches a wrong-signed momentum update', () => {
    const zs = invarianceZ([1, 3, 0.5], 0.8, { fault: 'momentumSign' });
    expect(Math.max(...zs.map((z) => Math.abs(z.zVar)))).toBeGreaterThan(4);
  });

  test('the same invariance check catches always taking the last state (no multinomial correction)', () => {
    const zs = invarianceZ([1, 3, 0.5], 0.8, { fault: 'lastState' });
    expect(Math.max(...zs.map((z) => Math.abs(z.zVar)))).toBeGreaterThan(4);
  });

  test('with a dense metric (deliberately not the covariance) a correlated gaussian stays invariant', () => {
    const r = 0.8, n = 4000;
    const k = nutsKernel(correlatedTarget(r));
    const rng = createChainRng(12, 1);
    const tuning = { stepSize: 0.6, metric: denseMetric([1, 0.5, 0.5, 2], 2) };
    const x = new Float64Array(n), y = new Float64Array(n), xy = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const z1 = rng.normal(), z2 = rng.normal();
      const { state } = k.step(rng, k.init([z1, r * z1 + Math.sqrt(1 - r * r) * z2]), tuning);
      x[i] = state.position[0]; y[i] = state.position[1]; xy[i] = x[i] * y[i];
    }
    expect(Math.abs(mean(x)) * Math.sqrt(n)).toBeLessThan(4);
    expect(Math.abs(variance(y) - 1) / Math.sqrt(2 / n)).toBeLessThan(4);
    // E[xy] = r with Var(xy) = 1 + r^2
    expect(Math.abs(mean(xy) - r) / Math.sqrt((1 + r * r) / n)).toBeLessThan(4);
  });

  test('stops at max treedepth with 2^depth - 1 leapfrog steps when the step size is tiny', () => {
    const k = nutsKernel(normalTarget([1, 1]), { maxTreedepth: 4 });
    const { info } = k.step(createChainRng(1, 1), k.init([1, 0]), { stepSize: 1e-4, metric: unitMetric('diag', 2) });
    expect(info.treeDepth).toBe(4);
    expect(info.nLeapfrog).toBe(15);
    expect(info.divergent).toBe(false);
  });

  test('reports leapfrog counts consistent with the depth, energy >= -lp, accept_stat in [0, 1]', () => {
    const t = normalTarget([1, 2, 3]);
    const k = nutsKernel(t);
    const rng = createChainRng(3, 1);
    let s = k.init([0.1, 0.2, 0.3]);
    const tuning = { stepSize: 0.7, metric: diagMetric([1, 4, 9]) };
    for (let i = 0; i < 200; i++) {
      const { state, info } = k.step(rng, s, tuning);
      expect(info.nLeapfrog).toBeGreaterThanOrEqual(2 ** info.treeDepth - 1);
      expect(info.nLeapfrog).toBeLessThanOrEqual(2 ** (info.treeDepth + 1) - 1);
      expect(info.energy).toBeGreaterThanOrEqual(-state.logDensity);
      expect(info.acceptStat).toBeGreaterThanOrEqual(0);
      expect(info.acceptStat).toBeLessThanOrEqual(1);
      s = state;
    }
  });

  test('a log density that throws or is -Infinity outside the support is a divergence, not a crash', () => {
    // Half-normal on x > 0 without a transform: the sampler must refuse to cross 0.
    for (const outside of ['throw', 'inf'] as const) {
      const t = target(1, (q, g) => {
        if (q[0] <= 0) { if (outside === 'throw') throw new Error('x must be positive'); return -Infinity; }
        g[0] = -q[0];
        return -0.5 * q[0] * q[0];
      });
      const k = nutsKernel(t);
      const rng = createChainRng(4, 1);
      let s = k.init([0.5]);
      let divergences = 0;
      for (let i = 0; i < 300; i++) {
        const { state, info } = k.step(rng, s, { stepSize: 0.6, metric: unitMetric('diag', 1) });
        divergences += info.divergent ? 1 : 0;
        expect(state.position[0]).toBeGreaterThan(0);
        expect(Number.isFinite(state.logDensity)).toBe(true);
        s = state;
      }
      expect(divergences).toBeGreaterThan(0);
    }
  });

  test('an energy error above 1000 is a divergence', () => {
    // Steep quadratic with a huge step: the first leapfrog explodes.
    const k = nutsKernel(normalTarget([0.01]));
    const { info, state } = k.step(createChainRng(5, 1), k.init([0.01]), { stepSize: 10, metric: unitMetric('diag', 1) });
    expect(info.divergent).toBe(true);
    expect(info.treeDepth).toBe(0);
    expect(state.position[0]).toBe(0.01);
  });

  test('init rejects a position of the wrong length or with a non-finite log density', () => {
    const k = nutsKernel(normalTarget([1, 1]));
    expect(() => k.init([1])).toThrow(/length 1.*dimension 2/);
    const bad = nutsKernel(target(1, () => -Infinity));
    expect(() => bad.init([0])).toThrow(/not finite/);
  });
});

describe('NUTS with Stan warmup recovers known posteriors (within 4 MCSE)', () => {
  test('100-dimensional standard normal: every mean and variance, and accept_stat near delta', () => {
    const out = runChain(normalTarget(Array(100).fill(1)), { warmup: 1000, iter: 1000, seed: 42 });
    for (const d of out.draws) {
      const z = momentZ(d, 0, 1);
      expect(Math.abs(z.zMean)).toBeLessThan(4);
      expect(Math.abs(z.zVar)).toBeLessThan(4);
    }
    const accept = mean(out.stats[1]);
    expect(accept).toBeGreaterThan(0.7);
    expect(accept).toBeLessThan(0.95);
    expect(mean(out.stats[5])).toBe(0);
  });

  test('a higher adapt_delta gives a smaller step size and higher accept_stat', () => {
    const t = normalTarget(Array(20).fill(1));
    const lo = runChain(t, { warmup: 500, iter: 500, seed: 3, adaptDelta: 0.6 });
    const hi = runChain(t, { warmup: 500, iter: 500, seed: 3, adaptDelta: 0.95 });
    expect(hi.stats[2][0]).toBeLessThan(lo.stats[2][0]);
    expect(mean(hi.stats[1])).toBeGreaterThan(mean(lo.stats[1]));
    expect(Math.abs(mean(hi.stats[1]) - 0.95)).toBeLessThan(0.05);
  });

  test('diagonal metric adapts to the scales: inverse metric ~ posterior variances', () => {
    const sd = [0.1, 1, 10];
    const out = runChain(normalTarget(sd), { warmup: 1000, iter: 1000, seed: 5 });
    const inv = out.runner.currentTuning!.inverseMetric;
    sd.forEach((s, i) => {
      expect(inv[i] / (s * s)).toBeGreaterThan(0.6);
      expect(inv[i] / (s * s)).toBeLessThan(1.6);
      const z = momentZ(out.draws[i], 0, s * s);
      expect(Math.abs(z.zMean)).toBeLessThan(4);
      expect(Math.abs(z.zVar)).toBeLessThan(4);
    });
  });

  test('strongly correlated 2-D gaussian (r = 0.99) with a dense metric', () => {
    const r = 0.99;
    const t = correlatedTarget(r);
    const chains = [1, 2, 3, 4].map((c) => runChain(t, { warmup: 1000, iter: 1000, seed: 7, metric: 'dense' }, c));
    for (let d = 0; d < 2; d++) {
      const z = momentZ(concat(chains.map((c) => c.draws[d])), 0, 1);
      expect(Math.abs(z.zMean)).toBeLessThan(4);
      expect(Math.abs(z.zVar)).toBeLessThan(4);
    }
    const inv = chains[0].runner.currentTuning!.inverseMetric;
    expect(inv[1] / Math.sqrt(inv[0] * inv[3])).toBeGreaterThan(0.95); // learned the correlation
    // The dense metric makes the problem easy: short trajectories.
    expect(mean(chains[0].stats[4])).toBeLessThan(8);
    const diag = runChain(t, { warmup: 1000, iter: 1000, seed: 7, metric: 'diag' });
    expect(mean(diag.stats[4])).toBeGreaterThan(3 * mean(chains[0].stats[4]));
  });

  test('conjugate normal model: posterior mean and variance of mu', () => {
    // y_i ~ N(mu, 2), mu ~ N(1, 3): posterior precision 1/9 + n/4.
    const y = [2.1, 0.3, 1.7, 3.9, -0.4, 2.2, 1.1, 2.8, 0.9, 1.5];
    const t = target(1, (q, g) => {
      const mu = q[0];
      let lp = -((mu - 1) ** 2) / 18;
      let d = -(mu - 1) / 9;
      for (const yi of y) { lp -= (yi - mu) ** 2 / 8; d += (yi - mu) / 4; }
      g[0] = d;
      return lp;
    });
    const prec = 1 / 9 + y.length / 4;
    const postMean = (1 / 9 + y.reduce((a, b) => a + b, 0) / 4) / prec;
    const chains = [1, 2, 3, 4].map((c) => runChain(t, { warmup: 1000, iter: 1000, seed: 9 }, c));
    const z = momentZ(concat(chains.map((c) => c.draws[0])), postMean, 1 / prec);
    expect(Math.abs(z.zMean)).toBeLessThan(4);
    expect(Math.abs(z.zVar)).toBeLessThan(4);
  });
});
