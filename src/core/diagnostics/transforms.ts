import { ensureCapacity, type ChainMatrix } from './chainMatrix';

/**
 * Elementwise transforms of a chain matrix used by the diagnostics. Each writes into `out`
 * (default: its own module scratch buffer, reused by the next call of the same transform).
 */

let foldScratch: Float64Array = new Float64Array(0);
let indicatorScratch: Float64Array = new Float64Array(0);
let powerScratch: Float64Array = new Float64Array(0);

function target(scratch: Float64Array, S: number, out?: Float64Array): Float64Array {
  return out && out.length >= S ? out : ensureCapacity(scratch, S);
}

/**
 * Folding (Vehtari et al. 2021, sec. 4.2): |x - center|, posterior's fold_draws with center the
 * median of all draws; R-hat of the folded draws detects chains that differ in scale.
 * Also |x - mean(x)| for posterior 1.4.0's ess_sd.
 */
export function absoluteDeviation(x: ChainMatrix, center: number, out?: Float64Array): ChainMatrix {
  const S = x.values.length;
  const buffer = target(foldScratch, S, out);
  if (buffer !== out) foldScratch = buffer;
  for (let i = 0; i < S; i++) buffer[i] = Math.abs(x.values[i] - center);
  return { values: buffer.subarray(0, S), chains: x.chains, iterations: x.iterations };
}

/** The indicator I[x <= threshold] as 0/1 (posterior's ess_quantile works on this). */
export function indicatorAtOrBelow(x: ChainMatrix, threshold: number, out?: Float64Array): ChainMatrix {
  const S = x.values.length;
  const buffer = target(indicatorScratch, S, out);
  if (buffer !== out) indicatorScratch = buffer;
  for (let i = 0; i < S; i++) buffer[i] = x.values[i] <= threshold ? 1 : 0;
  return { values: buffer.subarray(0, S), chains: x.chains, iterations: x.iterations };
}

/** (x - center)^power, used by mcse_sd (power 2: squared deviations). */
export function centredPower(x: ChainMatrix, center: number, power: number, out?: Float64Array): ChainMatrix {
  const S = x.values.length;
  const buffer = target(powerScratch, S, out);
  if (buffer !== out) powerScratch = buffer;
  for (let i = 0; i < S; i++) buffer[i] = (x.values[i] - center) ** power;
  return { values: buffer.subarray(0, S), chains: x.chains, iterations: x.iterations };
}
