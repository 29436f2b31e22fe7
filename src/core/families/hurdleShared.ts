// The hurdle part of the hurdle families' log likelihood: with Z zeros among n rows,
// Z log hu + (n - Z) log1m(hu), d / d hu = Z / hu - (n - Z) / (1 - hu) (a count of 0 contributes
// nothing, so hu at a bound with no rows on that side stays finite).

/** s0 + the hurdle part; writes d lp / d hu into dPar[k]. */
export function hurdleFinish(s0: number, zeros: number, n: number, hu: number, dPar: Float64Array, k: number): number {
  const pos = n - zeros;
  dPar[k] = (zeros > 0 ? zeros / hu : 0) - (pos > 0 ? pos / (1 - hu) : 0);
  return s0 + (zeros > 0 ? zeros * Math.log(hu) : 0) + (pos > 0 ? pos * Math.log1p(-hu) : 0);
}
