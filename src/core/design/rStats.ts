// Small statistics exactly as R computes them, for brms's data-dependent default priors.

/** R's median(): the middle value, or the mean of the two middle values. */
export function medianR(x: ArrayLike<number>): number {
  const s = Float64Array.from(x).sort();
  const n = s.length;
  if (n === 0) return NaN;
  const h = n >> 1;
  return n % 2 === 1 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/** R's mad(): 1.4826 * median(|x - median(x)|) (constant = 1.4826, the normal-consistency factor). */
export function madR(x: ArrayLike<number>): number {
  const m = medianR(x);
  const dev = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) dev[i] = Math.abs(x[i] - m);
  return 1.4826 * medianR(dev);
}

/**
 * R (>= 4.0.0) round(x, digits): of the two candidates with `digits` decimals around x, take the
 * one nearer to x as a double; on an exact tie take the one with an even last digit (IEC 60559
 * half-to-even). So round(0.15, 1) = 0.1 (0.15 is stored as 0.1499...), round(2.5) = 2.
 */
export function roundR(x: number, digits = 0): number {
  if (!Number.isFinite(x)) return x;
  const p = 10 ** digits;
  const lo = Math.floor(x * p);
  const hi = Math.ceil(x * p);
  if (lo === hi) return lo / p;
  const xlo = lo / p;
  const xhi = hi / p;
  const dlo = x - xlo;
  const dhi = xhi - x;
  if (dlo < dhi) return xlo;
  if (dhi < dlo) return xhi;
  return lo % 2 === 0 ? xlo : xhi;
}
