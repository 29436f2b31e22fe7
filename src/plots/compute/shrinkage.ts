// Geometry of the shrinkage plot (src/plots/shrinkagePlot.ts): covariance ellipses, arrows that
// stop short of their end points, point sizes by group size.

/**
 * Points of the ellipse holding probability `prob` of a bivariate normal with `mean` and
 * covariance [var_x, cov_xy, var_y]: { mean + L (r cos t, r sin t) } with L the Cholesky factor
 * of the covariance and r^2 the chi-square(2) quantile, -2 log(1 - prob) (the squared
 * Mahalanobis distance of a bivariate normal is chi-square with 2 degrees of freedom, whose
 * distribution function is 1 - exp(-r^2 / 2)). The first point is repeated at the end.
 */
export function covarianceEllipse(mean: readonly [number, number], cov: readonly [number, number, number], prob: number, points = 72): [number, number][] {
  if (!(prob > 0 && prob < 1)) throw new Error(`covarianceEllipse: prob must be in (0, 1), got ${prob}`);
  const [a, b, c] = cov;
  if (!(a >= 0 && c >= 0) || !Number.isFinite(b)) throw new Error('covarianceEllipse: the covariance needs finite variances >= 0');
  const r = Math.sqrt(-2 * Math.log(1 - prob));
  const l11 = Math.sqrt(a);
  const l21 = l11 > 0 ? b / l11 : 0;
  // max(0, ...) keeps a correlation of +-1 (rounded past it) a flat ellipse, not NaN
  const l22 = Math.sqrt(Math.max(0, c - l21 * l21));
  const out: [number, number][] = [];
  for (let k = 0; k <= points; k++) {
    const t = (2 * Math.PI * k) / points;
    const u = r * Math.cos(t);
    const v = r * Math.sin(t);
    out.push([mean[0] + l11 * u, mean[1] + l21 * u + l22 * v]);
  }
  return out;
}

export interface Arrow {
  /** Start and end of the shaft (pixels), after the gaps. */
  x1: number; y1: number; x2: number; y2: number;
  /** Arrowhead triangle: tip, then the two base corners. */
  head: [number, number][];
}

/**
 * An arrow from (x0, y0) to (x1, y1) in pixels that starts `startGap` after the first point (the
 * radius of its circle) and ends with its tip `endGap` before the second, with a head `size`
 * long. Null when the points are too close for a visible arrow (no shrinkage to show).
 */
export function arrowBetween(x0: number, y0: number, x1: number, y1: number, startGap: number, endGap: number, size = 6): Arrow | null {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const len = Math.hypot(dx, dy);
  if (!(len > startGap + endGap + size * 0.5)) return null;
  const ux = dx / len;
  const uy = dy / len;
  const tipX = x1 - ux * endGap;
  const tipY = y1 - uy * endGap;
  const h = Math.min(size, len - startGap - endGap);
  const baseX = tipX - ux * h;
  const baseY = tipY - uy * h;
  const half = h * 0.45;
  return {
    x1: x0 + ux * startGap, y1: y0 + uy * startGap, x2: baseX, y2: baseY,
    head: [[tipX, tipY], [baseX - uy * half, baseY + ux * half], [baseX + uy * half, baseY - ux * half]],
  };
}

/** Radius for a group of `n` rows: the circle's area grows with n, from rMin at nMin to rMax at nMax. */
export function radiusForN(n: number, nMin: number, nMax: number, rMin = 2.5, rMax = 9): number {
  if (!(nMax > nMin)) return (rMin + rMax) / 2;
  const t = Math.min(1, Math.max(0, (n - nMin) / (nMax - nMin)));
  return Math.sqrt(rMin * rMin + t * (rMax * rMax - rMin * rMin));
}

/** Smallest and largest finite value of several lists (for a shared axis), or [-1, 1] when none. */
export function finiteExtent(...lists: readonly (readonly number[])[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const l of lists) for (const v of l) if (Number.isFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v; }
  return lo <= hi ? [lo, hi] : [-1, 1];
}
