/**
 * Energy Bayesian fraction of missing information of one chain (Betancourt 2016, eq. 5):
 * sum_{n>=2} (E_n - E_{n-1})^2 / sum_n (E_n - mean(E))^2, the ArviZ / MCMCDiagnosticTools
 * definition. Low values (< 0.3) mean the momentum resampling moves slowly through energy
 * levels: the sampler explores the tails poorly.
 *
 * Returns NaN while undefined (fewer than 2 iterations, or constant energy), so a live view can
 * call it from the first batch on; samplerWarnings ignores NaN. Throws for a non-finite energy,
 * which only a broken sampler produces.
 */
export function ebfmi(energy: ArrayLike<number>): number {
  const n = energy.length;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(energy[i])) {
      throw new Error(`ebfmi: energy__ at iteration ${i + 1} is ${energy[i]}; energies must be finite numbers`);
    }
    sum += energy[i];
  }
  if (n < 2) return NaN;
  const mu = sum / n;
  let ss = 0;
  let diffs = 0;
  for (let i = 0; i < n; i++) {
    const d = energy[i] - mu;
    ss += d * d;
    if (i > 0) {
      const step = energy[i] - energy[i - 1];
      diffs += step * step;
    }
  }
  return ss > 0 ? diffs / ss : NaN;
}
