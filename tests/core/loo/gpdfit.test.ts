import { describe, expect, it } from 'vitest';
import { adjustKWip, gpdfit, meanLog1pNeg, qgpd } from '../../../src/core/loo/gpdfit';

/** Straight translation of loo:::gpdfit (wip = TRUE, min_grid_pts = 30, sort_x = FALSE) with log1p sums. */
function gpdfitReference(x: Float64Array): { k: number; sigma: number } {
  const n = x.length;
  const m = 30 + Math.floor(Math.sqrt(n));
  const xStar = x[Math.floor(n / 4 + 0.5) - 1];
  const theta: number[] = [];
  const l: number[] = [];
  const meanLog1p = (a: number): number => x.reduce((s, v) => s + Math.log1p(a * v), 0) / n;
  for (let j = 1; j <= m; j++) {
    const t = 1 / x[n - 1] + (1 - Math.sqrt(m / (j - 0.5))) / 3 / xStar;
    theta.push(t);
    const kk = meanLog1p(-t);
    l.push(n * (Math.log(-t / kk) - kk - 1));
  }
  const lMax = Math.max(...l);
  const lse = lMax + Math.log(l.reduce((s, v) => s + Math.exp(v - lMax), 0));
  const thetaHat = theta.reduce((s, t, j) => s + t * Math.exp(l[j] - lse), 0);
  const k = meanLog1p(-thetaHat);
  const sigma = -k / thetaHat;
  return { k: adjustKWip(k, n), sigma };
}

function paretoTail(n: number, shape: number, seed: number): Float64Array {
  let st = seed;
  const u = (): number => {
    st = (Math.imul(st, 1664525) + 1013904223) >>> 0;
    return (st + 0.5) / 4294967296;
  };
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = shape === 0 ? -Math.log(u()) : (Math.pow(u(), -shape) - 1) / shape;
  return x.sort();
}

describe('gpdfit (loo:::gpdfit)', () => {
  for (const [n, shape] of [[190, 0.2], [262, 0.6], [800, -0.3], [40, 1.5], [5, 0.1], [190, 0]] as const) {
    it(`matches the direct log1p computation for n = ${n}, true k = ${shape}`, () => {
      const x = paretoTail(n, shape, 7 + n);
      const fast = gpdfit(x, n);
      const ref = gpdfitReference(x);
      expect(Math.abs(fast.k - ref.k)).toBeLessThan(1e-12);
      expect(Math.abs(fast.sigma / ref.sigma - 1)).toBeLessThan(1e-12);
    });
  }
  it('the product-form mean equals the log1p sum across the whole grid, tiny and huge factors included', () => {
    const x = paretoTail(300, 0.9, 3);
    for (const theta of [-1e-9, 1e-7, -3, 0.5 / x[299], 0.999999 / x[299], -1e30, 1e-3]) {
      const direct = x.reduce((s, v) => s + Math.log1p(-theta * v), 0) / 300;
      expect(Math.abs(meanLog1pNeg(theta, x, 300) - direct)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(direct)));
    }
  });
  it('returns k = Inf for a NaN shape (a tail of zeros)', () => {
    expect(gpdfit(new Float64Array(20), 20).k).toBe(Infinity);
  });
  it('qgpd is NaN for sigma <= 0 and the GPD quantile otherwise', () => {
    expect(qgpd(0.5, 0.3, 0)).toBeNaN();
    expect(qgpd(0.5, 0.3, 2)).toBeCloseTo((2 * (Math.pow(0.5, -0.3) - 1)) / 0.3, 14);
  });
});
