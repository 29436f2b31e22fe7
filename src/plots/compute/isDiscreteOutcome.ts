/**
 * True when every observed value is an integer and there are at most `maxLevels` distinct values:
 * the PPC then compares counts per value (bars) instead of densities (as bayesplot's ppc_bars).
 */
export function isDiscreteOutcome(y: ArrayLike<number>, maxLevels = 30): boolean {
  const seen = new Set<number>();
  for (let i = 0; i < y.length; i++) {
    if (!Number.isInteger(y[i])) return false;
    seen.add(y[i]);
    if (seen.size > maxLevels) return false;
  }
  return y.length > 0;
}
