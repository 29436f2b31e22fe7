import { describe, expect, it } from 'vitest';
import { lbfgsMinimize } from '../../../src/core/approx/lbfgs';
import { cubicInterp, wolfeLineSearch } from '../../../src/core/approx/lineSearch';

/** f(x) = 0.5 (x - c)' A (x - c) with an ill-conditioned diagonal-plus-coupling A. */
function quadratic(n: number) {
  const A = new Float64Array(n * n);
  const c = Float64Array.from({ length: n }, (_, i) => i - n / 2);
  for (let i = 0; i < n; i++) {
    A[i * n + i] = 1 + 100 * i / n;
    if (i > 0) { A[i * n + i - 1] = 0.4; A[(i - 1) * n + i] = 0.4; }
  }
  const f = (x: Float64Array, g: Float64Array) => {
    let v = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += A[i * n + j] * (x[j] - c[j]);
      g[i] = s;
      v += 0.5 * (x[i] - c[i]) * s;
    }
    return v;
  };
  return { f, c };
}

function rosenbrock(x: Float64Array, g: Float64Array): number {
  const a = x[0], b = x[1];
  g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
  g[1] = 200 * (b - a * a);
  return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
}

describe('lbfgsMinimize (Stan defaults)', () => {
  it('finds the minimum of a 20-dimensional ill-conditioned quadratic', () => {
    const { f, c } = quadratic(20);
    const r = lbfgsMinimize(f, new Float64Array(20));
    expect(r.converged, r.message).toBe(true);
    // Stan's tolerances are relative to max(|f|, 1): here f* = 0, so x is good to ~1e-4.
    for (let i = 0; i < 20; i++) expect(Math.abs(r.x[i] - c[i])).toBeLessThan(1e-3);
    expect(r.value).toBeLessThan(1e-7);
    const tight = lbfgsMinimize(f, new Float64Array(20), { tolRelObj: 0, tolRelGrad: 0, tolObj: 0, tolParam: 0, tolGrad: 1e-10 });
    expect(tight.status).toBe('absGradient');
    for (let i = 0; i < 20; i++) expect(tight.x[i]).toBeCloseTo(c[i], 9);
  });

  it('finds the Rosenbrock minimum (1, 1) from (-1.2, 1)', () => {
    const r = lbfgsMinimize(rosenbrock, Float64Array.of(-1.2, 1));
    expect(r.converged, r.message).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 4);
    expect(r.x[1]).toBeCloseTo(1, 4);
    expect(r.iterations).toBeLessThan(200);
  });

  it('stops at the iteration bound and says it did not converge', () => {
    const r = lbfgsMinimize(rosenbrock, Float64Array.of(-1.2, 1), { maxIterations: 3 });
    expect(r.status).toBe('maxIterations');
    expect(r.converged).toBe(false);
    expect(r.iterations).toBe(3);
  });

  it('reports a non-finite objective at the start instead of iterating', () => {
    const r = lbfgsMinimize((x, g) => { g.fill(0); return Math.log(x[0]); }, Float64Array.of(-1));
    expect(r.status).toBe('initFailed');
    expect(r.converged).toBe(false);
  });

  it('backs off where the objective is undefined (x > 0 only) and still converges', () => {
    // f = x - log x, minimum at x = 1; steps that land on x <= 0 return NaN.
    const r = lbfgsMinimize((x, g) => { g[0] = 1 - 1 / x[0]; return x[0] > 0 ? x[0] - Math.log(x[0]) : NaN; }, Float64Array.of(20), { initAlpha: 1 });
    expect(r.converged, r.message).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 5);
  });

  it('reports an unbounded objective as not converged', () => {
    const r = lbfgsMinimize((x, g) => { g[0] = -1; return -x[0]; }, Float64Array.of(0), { maxIterations: 50 });
    expect(r.converged).toBe(false);
  });
});

describe('line search pieces', () => {
  it('cubicInterp recovers the minimiser of a cubic', () => {
    // g(x) = x^3/3 - x (g(0)=0, g'(0)=-1), minimum on [0, 3] at x = 1.
    const g = (x: number) => x ** 3 / 3 - x, dg = (x: number) => x * x - 1;
    expect(cubicInterp(dg(0), 3, g(3), dg(3), 0, 3)).toBeCloseTo(1, 12);
  });

  it('returns a step satisfying the strong Wolfe conditions', () => {
    const f = (x: Float64Array, g: Float64Array) => { g[0] = 4 * (x[0] - 3) ** 3; return (x[0] - 3) ** 4; };
    const x0 = Float64Array.of(0), g0 = new Float64Array(1);
    const f0 = f(x0, g0);
    const p = Float64Array.of(-g0[0]);
    const buf = { x1: new Float64Array(1), g1: new Float64Array(1) };
    const r = wolfeLineSearch(f, 1e-3, p, x0, f0, g0, buf);
    expect(r.value).toBeLessThanOrEqual(f0 + 1e-4 * r.alpha * g0[0] * p[0]);
    expect(Math.abs(buf.g1[0] * p[0])).toBeLessThanOrEqual(0.9 * Math.abs(g0[0] * p[0]));
  });
});
