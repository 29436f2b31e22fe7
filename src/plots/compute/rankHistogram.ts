/**
 * Counts of ranks (1..total) in `bins` equal-width bins over [0.5, total + 0.5], one Int32Array per
 * chain. Under convergence every chain's histogram is near-uniform with total / (chains * bins) per bin.
 */
export function rankHistogram(ranks: readonly Float64Array[], total: number, bins: number): Int32Array[] {
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`rankHistogram: bins must be a positive integer, got ${bins}`);
  if (!Number.isInteger(total) || total < 0) throw new Error(`rankHistogram: total must be a count, got ${total}`);
  return ranks.map((r, c) => {
    const counts = new Int32Array(bins);
    for (let i = 0; i < r.length; i++) {
      const x = r[i];
      if (!(x >= 1 && x <= total)) {
        throw new Error(`rankHistogram: chain ${c + 1} has rank ${x} outside 1..${total}; pass the pooled draw count as total`);
      }
      counts[Math.min(bins - 1, Math.floor(((x - 0.5) / total) * bins))]++;
    }
    return counts;
  });
}
