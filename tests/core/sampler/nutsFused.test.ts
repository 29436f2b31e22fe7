// The fused NUTS kernel (src/core/sampler/nuts.ts: leapfrog, Hamiltonian, velocity and the
// no-U-turn checks merged into few passes) must make exactly the transitions of the plain,
// line-by-line Stan port it replaced (referenceNuts.ts): same positions, lp, gradients and stats,
// bit for bit for a diagonal metric, through divergences and failed evaluations. With a dense
// metric the fused kernel carries A p and A grad (one matrix-vector product per leapfrog step
// instead of two), which changes rounding: each transition, from the same state and random
// stream, must match the reference to 1e-9 in every number and exactly in its tree.
import { describe, expect, test } from 'vitest';
import { nutsKernel as fusedKernel, type NutsKernel } from '../../../src/core/sampler/nuts';
import { nutsKernel as referenceKernel } from './referenceNuts';
import { denseMetric, diagMetric, type Metric } from '../../../src/core/sampler/metric';
import { createChainRng } from '../../../src/core/sampler/rng';
import type { LogDensity } from '../../../src/core/types';
import { normalTarget, target } from './helpers';

/** Neal's funnel in 5 dimensions: divergences at a large step size. */
const funnel: LogDensity = target(5, (q, g) => {
  const v = q[0];
  let lp = -v * v / 18;
  g[0] = -v / 9;
  const e = Math.exp(-v);
  for (let i = 1; i < 5; i++) {
    lp += -0.5 * q[i] * q[i] * e - 0.5 * v;
    g[0] += 0.5 * q[i] * q[i] * e - 0.5;
    g[i] = -q[i] * e;
  }
  return lp;
});

/** Throws outside a box: failed evaluations must be treated alike. */
const boxed: LogDensity = target(3, (q, g) => {
  if (Math.abs(q[0]) > 2.5) throw new Error('outside');
  let lp = 0;
  for (let i = 0; i < 3; i++) { lp -= 0.5 * q[i] * q[i] * (i + 1); g[i] = -q[i] * (i + 1); }
  return lp;
});

function trajectory(kernel: NutsKernel, metric: Metric, eps: number, n: number, x0: number[]) {
  const rng = createChainRng(7, 2);
  let state = kernel.init(x0);
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    const { state: s, info } = kernel.step(rng, state, { stepSize: eps, metric });
    rows.push([...s.position, ...s.gradient, s.logDensity, info.acceptStat, info.treeDepth, info.nLeapfrog, info.divergent ? 1 : 0, info.energy]);
    state = { position: Float64Array.from(s.position), gradient: Float64Array.from(s.gradient), logDensity: s.logDensity };
  }
  return rows;
}

function dense(dim: number, rho: number): Metric {
  const a = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) a[i * dim + j] = i === j ? 1 + i : rho;
  return denseMetric(a, dim);
}

const cases: [string, LogDensity, Metric, number, number[]][] = [
  ['normal, diagonal metric', normalTarget([1, 5, 0.2, 2, 10, 0.5]), diagMetric([1, 20, 0.05, 3, 90, 0.3]), 0.4, [0.1, -1, 0.05, 0.5, 3, 0]],
  ['funnel with divergences, diagonal', funnel, diagMetric([1, 1, 1, 1, 1]), 0.9, [-1, 0.1, 0.2, -0.3, 0.1]],
  ['failed evaluations, diagonal', boxed, diagMetric([1, 1, 1]), 1.2, [0, 0, 0]],
];

const denseCases: [string, LogDensity, Metric, number, number[]][] = [
  ['normal, dense metric', normalTarget([1, 5, 0.2, 2]), dense(4, 0.2), 0.3, [0.1, -1, 0.05, 0.5]],
  ['funnel with divergences, dense', funnel, dense(5, 0.1), 0.9, [-1, 0.1, 0.2, -0.3, 0.1]],
  ['failed evaluations, dense', boxed, dense(3, 0.3), 1.2, [0, 0, 0]],
];

type Row = number[];
const rowOf = (s: { position: Float64Array; gradient: Float64Array; logDensity: number }, info: { acceptStat: number; treeDepth: number; nLeapfrog: number; divergent: boolean; energy: number }): Row =>
  [...s.position, ...s.gradient, s.logDensity, info.acceptStat, info.treeDepth, info.nLeapfrog, info.divergent ? 1 : 0, info.energy];

/** n transitions of the reference; the fused kernel makes each one from the same state and stream. */
function stepwise(t: LogDensity, metric: Metric, eps: number, n: number, x0: number[]): { ref: Row[]; ours: Row[] } {
  const reference = referenceKernel(t, { maxTreedepth: 8 }), fused = fusedKernel(t, { maxTreedepth: 8 });
  const rng = createChainRng(7, 2);
  let state = reference.init(x0);
  const ref: Row[] = [], ours: Row[] = [];
  for (let i = 0; i < n; i++) {
    const saved = rng.getState();
    const a = fused.step(rng, state, { stepSize: eps, metric });
    ours.push(rowOf(a.state, a.info));
    rng.setState(saved);
    const b = reference.step(rng, state, { stepSize: eps, metric });
    ref.push(rowOf(b.state, b.info));
    state = { position: Float64Array.from(b.state.position), gradient: Float64Array.from(b.state.gradient), logDensity: b.state.logDensity };
  }
  return { ref, ours };
}

function expectClose(ours: Row[], ref: Row[], tol: number): void {
  expect(ours.length).toBe(ref.length);
  ours.forEach((row, i) => row.forEach((v, k) => {
    const r = ref[i][k];
    if (!Number.isFinite(r) || !Number.isFinite(v)) expect(v).toBe(r);
    else expect(Math.abs(v - r), `transition ${i}, entry ${k}: ${v} vs ${r}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(r)));
  }));
}

describe('fused NUTS kernel', () => {
  test.each(cases)('%s: bit-identical to the reference port', (_, t, metric, eps, x0) => {
    const ours = trajectory(fusedKernel(t, { maxTreedepth: 8 }), metric, eps, 300, x0);
    const ref = trajectory(referenceKernel(t, { maxTreedepth: 8 }), metric, eps, 300, x0);
    expect(ours).toEqual(ref);
  });

  test.each(denseCases)('%s: each transition matches the reference to 1e-9', (_, t, metric, eps, x0) => {
    const { ref, ours } = stepwise(t, metric, eps, 300, x0);
    expectClose(ours, ref, 1e-9);
    // Not trivially: the trees differ in depth, and the funnel diverges.
    expect(new Set(ref.map((r) => r[r.length - 4])).size).toBeGreaterThan(1);
  });

  test('the dense comparison can fail: a broken kernel is not within 1e-9', () => {
    const t = normalTarget([1, 5, 0.2, 2]);
    const ours = trajectory(fusedKernel(t, { fault: 'momentumSign' }), dense(4, 0.2), 0.3, 5, [0.1, -1, 0.05, 0.5]);
    const ref = trajectory(referenceKernel(t), dense(4, 0.2), 0.3, 5, [0.1, -1, 0.05, 0.5]);
    expect(() => expectClose(ours, ref, 1e-9)).toThrow();
  });

  test('the comparison can fail: a broken kernel differs from the reference', () => {
    const t = normalTarget([1, 5, 0.2]);
    const m = diagMetric([1, 20, 0.05]);
    const ours = trajectory(fusedKernel(t, { fault: 'momentumSign' }), m, 0.4, 50, [0, 0, 0]);
    const ref = trajectory(referenceKernel(t), m, 0.4, 50, [0, 0, 0]);
    expect(ours).not.toEqual(ref);
  });

  test('the cases exercise divergences and failed evaluations', () => {
    const rows = trajectory(fusedKernel(funnel), diagMetric([1, 1, 1, 1, 1]), 0.9, 300, [-1, 0.1, 0.2, -0.3, 0.1]);
    expect(rows.filter((r) => r[r.length - 2] === 1).length).toBeGreaterThan(0);
    const boxedRows = trajectory(fusedKernel(boxed), diagMetric([1, 1, 1]), 1.2, 300, [0, 0, 0]);
    expect(boxedRows.filter((r) => r[r.length - 2] === 1).length).toBeGreaterThan(0);
    for (const [, t, metric, eps, x0] of denseCases.slice(1)) {
      const { ref } = stepwise(t, metric, eps, 300, x0);
      expect(ref.filter((r) => r[r.length - 2] === 1).length).toBeGreaterThan(0);
    }
  });
});
