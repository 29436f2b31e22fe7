// Strong-Wolfe line search, ported from Stan's src/stan/optimization/bfgs_linesearch.hpp
// (stan-dev/stan, commit 9048555070493679287a25086e7b85b72ad9531f): WolfeLineSearch (bracketing
// by growing the step tenfold), WolfLSZoom (cubic interpolation inside the bracket, bisection every
// fifth try) and CubicInterp (the minimiser of the cubic through two points and their slopes).
// The conditions (Nocedal & Wright, Numerical Optimization, 2nd ed., §3.1, Algorithms 3.5-3.6):
//   f(x + a p) <= f(x) + c1 a p'g(x)   and   |p'g(x + a p)| <= c2 |p'g(x)|.
// One deliberate difference from Stan: the sufficient-decrease test of the bracketing phase uses the
// step being tried (alpha1), as Algorithm 3.5 does; Stan's code compares with the first step's
// decrease (alpha), which accepts less decrease than asked once the step has grown.

/** f(x) to minimise; writes its gradient into g. Returns NaN or +-Infinity when undefined there. */
export type Objective = (x: Float64Array, g: Float64Array) => number;

export interface LineSearchBuffers {
  /** Output: the accepted point, its objective and gradient. */
  x1: Float64Array;
  g1: Float64Array;
}

export interface LineSearchSettings {
  c1: number;
  c2: number;
  minAlpha: number;
  maxIterations: number;
  maxRestarts: number;
}

/** Stan's LSOptions defaults. */
export const LINE_SEARCH_DEFAULTS: LineSearchSettings = { c1: 1e-4, c2: 0.9, minAlpha: 1e-12, maxIterations: 20, maxRestarts: 10 };

/**
 * Minimiser over [loX, hiX] of the cubic g with g(0) = 0, g'(0) = df0, g(x1) = f1, g'(x1) = df1
 * (Stan's CubicInterp, the two-point version with x0 = 0).
 */
export function cubicInterp(df0: number, x1: number, f1: number, df1: number, loX: number, hiX: number): number {
  const c3 = (-12 * f1 + 6 * x1 * (df0 + df1)) / (x1 * x1 * x1);
  const c2 = -(4 * df0 + 2 * df1) / x1 + 6 * f1 / (x1 * x1);
  const c1 = df0;
  const tS = Math.sqrt(c2 * c2 - 2 * c1 * c3);
  const s1 = -(c2 + tS) / c3;
  const s2 = -(c2 - tS) / c3;
  const g = (x: number) => x * (x * (x * c3 / 3 + c2) / 2 + c1);
  let minX = loX, minF = g(loX);
  if (g(hiX) < minF) { minF = g(hiX); minX = hiX; }
  if (loX < s1 && s1 < hiX && g(s1) < minF) { minF = g(s1); minX = s1; }
  if (loX < s2 && s2 < hiX && g(s2) < minF) { minX = s2; }
  return minX;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function moveTo(out: Float64Array, x: Float64Array, alpha: number, p: Float64Array): void {
  for (let i = 0; i < x.length; i++) out[i] = x[i] + alpha * p[i];
}

/** Evaluates f at x1, treating a throw, a non-finite value or a non-finite gradient as failure (NaN). */
export function evaluate(f: Objective, x: Float64Array, g: Float64Array): number {
  let v: number;
  try { v = f(x, g); } catch { return NaN; }
  if (!Number.isFinite(v)) return NaN;
  for (let i = 0; i < g.length; i++) if (!Number.isFinite(g[i])) return NaN;
  return v;
}

interface Bracket { lo: number; loF: number; loDFp: number; hi: number; hiF: number; hiDFp: number }

/** Stan's WolfLSZoom. Returns the accepted step (point in buf) or NaN when the bracket collapses. */
function zoom(f: Objective, x: Float64Array, f0: number, dfp: number, p: Float64Array, b: Bracket, buf: LineSearchBuffers, s: LineSearchSettings): { alpha: number; value: number } {
  const minRange = 1e-16;
  const c1dfp = s.c1 * dfp, c2dfp = s.c2 * dfp;
  for (let it = 1; ; it++) {
    if (Math.abs(b.lo - b.hi) < minRange) return { alpha: NaN, value: NaN };
    let alpha: number;
    if (it % 5 === 0) alpha = 0.5 * (b.lo + b.hi);
    else {
      const d1 = b.loDFp + b.hiDFp - 3 * (b.loF - b.hiF) / (b.lo - b.hi);
      let d2 = Math.sqrt(d1 * d1 - b.loDFp * b.hiDFp);
      if (b.hi < b.lo) d2 = -d2;
      alpha = b.hi - (b.hi - b.lo) * (b.hiDFp + d2 - d1) / (b.hiDFp - b.loDFp + 2 * d2);
      const width = Math.abs(b.lo - b.hi);
      if (!Number.isFinite(alpha) || alpha < Math.min(b.lo, b.hi) + 0.01 * width || alpha > Math.max(b.lo, b.hi) - 0.01 * width) alpha = 0.5 * (b.lo + b.hi);
    }
    moveTo(buf.x1, x, alpha, p);
    let value = evaluate(f, buf.x1, buf.g1);
    while (Number.isNaN(value)) {
      // Undefined there: move towards the lower end of the bracket (Stan's recovery).
      alpha = 0.5 * (alpha + Math.min(b.lo, b.hi));
      if (Math.abs(Math.min(b.lo, b.hi) - alpha) < minRange) return { alpha: NaN, value: NaN };
      moveTo(buf.x1, x, alpha, p);
      value = evaluate(f, buf.x1, buf.g1);
    }
    const newDFp = dot(buf.g1, p);
    if (value > f0 + alpha * c1dfp || value >= b.loF) {
      b.hi = alpha; b.hiF = value; b.hiDFp = newDFp;
    } else {
      if (Math.abs(newDFp) <= -c2dfp) return { alpha, value };
      if (newDFp * (b.hi - b.lo) >= 0) { b.hi = b.lo; b.hiF = b.loF; b.hiDFp = b.loDFp; }
      b.lo = alpha; b.loF = value; b.loDFp = newDFp;
    }
  }
}

/**
 * Stan's WolfeLineSearch from x0 (objective f0, gradient g0) along the descent direction p, first
 * trying step alpha. On success returns the step and the objective at buf.x1 (gradient in buf.g1);
 * on failure alpha and value are NaN.
 */
export function wolfeLineSearch(
  f: Objective, alpha: number, p: Float64Array, x0: Float64Array, f0: number, g0: Float64Array,
  buf: LineSearchBuffers, s: LineSearchSettings = LINE_SEARCH_DEFAULTS,
): { alpha: number; value: number } {
  const dfp = dot(g0, p);
  const c1dfp = s.c1 * dfp, c2dfp = s.c2 * dfp;
  let alpha0 = s.minAlpha, alpha1 = alpha;
  let prevF = f0, prevDFp = dfp;
  let restarts = 0;
  for (let nits = 0; nits < s.maxIterations;) {
    moveTo(buf.x1, x0, alpha1, p);
    const value = evaluate(f, buf.x1, buf.g1);
    if (Number.isNaN(value)) {
      if (restarts >= s.maxRestarts) break;
      alpha1 = 0.5 * (alpha0 + alpha1);
      restarts++;
      continue;
    }
    restarts = 0;
    const newDFp = dot(buf.g1, p);
    if (value > f0 + alpha1 * c1dfp || (value >= prevF && nits > 0)) {
      return zoom(f, x0, f0, dfp, p, { lo: alpha0, loF: prevF, loDFp: prevDFp, hi: alpha1, hiF: value, hiDFp: newDFp }, buf, s);
    }
    if (Math.abs(newDFp) <= -c2dfp) return { alpha: alpha1, value };
    if (newDFp >= 0) {
      return zoom(f, x0, f0, dfp, p, { lo: alpha1, loF: value, loDFp: newDFp, hi: alpha0, hiF: prevF, hiDFp: prevDFp }, buf, s);
    }
    alpha0 = alpha1; prevF = value; prevDFp = newDFp;
    alpha1 *= 10;
    nits++;
  }
  return { alpha: NaN, value: NaN };
}
