// Is the approximation close to the posterior? The Pareto k of the importance ratios p / q over its
// own draws (Yao, Vehtari, Simpson & Gelman 2018, "Yes, but did it work?: Evaluating variational
// inference", ICML; the same diagnostic Stan's laplace_sample enables by writing log_p__ and log_g__):
// k < 0.5 the approximation is good, up to 0.7 usable with importance weights, above 0.7 it is far
// from the posterior (a tail of q too light somewhere). Uses the PSIS tail fit of core/loo, with
// r_eff = 1 for independent draws.
import { paretoTailLength, PsisWorkspace, smoothTail } from '../loo/psis';

/** Pareto k of the log importance ratios (log p - log q per draw); Infinity when no tail fit exists. */
export function paretoKOfRatios(logRatios: Float64Array): number {
  const S = logRatios.length;
  let max = -Infinity;
  for (let s = 0; s < S; s++) if (logRatios[s] > max) max = logRatios[s];
  if (!Number.isFinite(max)) return Infinity;
  let min = Infinity;
  for (let s = 0; s < S; s++) if (logRatios[s] < min) min = logRatios[s];
  // Equal ratios (up to rounding relative to their size): q is p up to a constant, uniform weights,
  // no tail at all. PSIS cannot fit a Pareto to equal values; report 0.
  if (max - min <= 1e-9 * Math.max(1, Math.abs(max))) return 0;
  const lw = new Float64Array(S);
  for (let s = 0; s < S; s++) lw[s] = Number.isFinite(logRatios[s]) ? logRatios[s] - max : -Infinity;
  return smoothTail(lw, S, paretoTailLength(1, S), new PsisWorkspace(S));
}

/** The k above which the approximation is reported as unreliable (Yao et al. 2018). */
export const PARETO_K_UNRELIABLE = 0.7;

export function paretoKNote(k: number, what: string): string {
  const shown = Number.isFinite(k) ? k.toFixed(2) : 'Inf';
  return `The ${what} is far from the posterior (Pareto k of its importance ratios ${shown}, above ${PARETO_K_UNRELIABLE}): treat its means and intervals as rough until the MCMC summary arrives.`;
}
