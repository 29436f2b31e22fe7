import { describe, expect, it } from 'vitest';
import { arrowBetween, covarianceEllipse, finiteExtent, radiusForN } from '../../../src/plots/compute/shrinkage';
import { stackShares } from '../../../src/plots/compute/stackShares';

describe('covarianceEllipse', () => {
  it('every point lies at the chi-square(2) Mahalanobis radius, -2 log(1 - p)', () => {
    const mean: [number, number] = [250, 10];
    const cov: [number, number, number] = [600, 0.07 * 24.7 * 5.9, 35];
    for (const p of [0.5, 0.95]) {
      const pts = covarianceEllipse(mean, cov, p, 40);
      expect(pts).toHaveLength(41);
      expect(pts[40][0]).toBeCloseTo(pts[0][0], 9);
      const det = cov[0] * cov[2] - cov[1] ** 2;
      for (const [x, y] of pts) {
        const dx = x - mean[0];
        const dy = y - mean[1];
        // (d' Sigma^-1 d) with the 2 x 2 inverse written out
        const m2 = (cov[2] * dx * dx - 2 * cov[1] * dx * dy + cov[0] * dy * dy) / det;
        expect(m2).toBeCloseTo(-2 * Math.log(1 - p), 9);
      }
    }
  });

  it('the 95% ellipse of independent coordinates reaches 2.4477 sd along each axis', () => {
    const pts = covarianceEllipse([0, 0], [4, 0, 9], 0.95, 4);
    // t = 0: (r sd_x, 0); t = pi/2: (0, r sd_y)
    expect(pts[0][0]).toBeCloseTo(2 * Math.sqrt(-2 * Math.log(0.05)), 9);
    expect(pts[1][1]).toBeCloseTo(3 * Math.sqrt(-2 * Math.log(0.05)), 9);
    expect(Math.sqrt(-2 * Math.log(0.05))).toBeCloseTo(2.4477, 4);
  });

  it('a correlation of 1 gives a flat ellipse, not NaN; bad input throws', () => {
    const pts = covarianceEllipse([0, 0], [1, 2.0000000001, 4], 0.5, 8);
    for (const [x, y] of pts) { expect(Number.isFinite(x) && Number.isFinite(y)).toBe(true); expect(y).toBeCloseTo(2 * x, 6); }
    expect(() => covarianceEllipse([0, 0], [1, 0, 1], 1)).toThrow(/prob must be in \(0, 1\)/);
    expect(() => covarianceEllipse([0, 0], [-1, 0, 1], 0.5)).toThrow(/variances >= 0/);
  });
});

describe('arrowBetween', () => {
  it('starts after the circle, stops short of the dot, and its head points at the end', () => {
    const a = arrowBetween(0, 0, 100, 0, 5, 3, 6)!;
    expect([a.x1, a.y1]).toEqual([5, 0]);
    expect(a.head[0]).toEqual([97, 0]);
    expect(a.x2).toBeCloseTo(91, 12);
    // base corners symmetric about the shaft
    expect(a.head[1][1]).toBeCloseTo(-a.head[2][1], 12);
    expect(a.head[1][0]).toBeCloseTo(91, 12);
    const diag = arrowBetween(0, 0, 30, 40, 0, 0, 5)!;
    expect(diag.head[0]).toEqual([30, 40]);
    expect(Math.hypot(30 - diag.x2, 40 - diag.y2)).toBeCloseTo(5, 12);
  });

  it('is null when the two points are too close to show an arrow', () => {
    expect(arrowBetween(0, 0, 6, 0, 4, 3, 6)).toBeNull();
    expect(arrowBetween(1, 1, 1, 1, 0, 0)).toBeNull();
  });
});

describe('radiusForN and finiteExtent', () => {
  it('circle area grows linearly with n between the two radii', () => {
    expect(radiusForN(1, 1, 11, 2, 10)).toBe(2);
    expect(radiusForN(11, 1, 11, 2, 10)).toBe(10);
    expect(radiusForN(6, 1, 11, 2, 10) ** 2).toBeCloseTo((4 + 100) / 2, 12);
    expect(radiusForN(5, 5, 5, 2, 10)).toBe(6);
  });

  it('ignores NaN and infinities', () => {
    expect(finiteExtent([1, NaN, 3], [Infinity, -2])).toEqual([-2, 3]);
    expect(finiteExtent([NaN])).toEqual([-1, 1]);
  });
});

describe('stackShares', () => {
  it('each segment starts where the previous one ends', () => {
    expect(stackShares([0.25, 0.5, 0.25])).toEqual([{ start: 0, end: 0.25 }, { start: 0.25, end: 0.75 }, { start: 0.75, end: 1 }]);
    expect(() => stackShares([0.5, NaN])).toThrow(/share 2 must be a finite number/);
  });
});
