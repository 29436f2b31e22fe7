import { ensureCapacity, type ChainMatrix } from './chainMatrix';

let splitScratch: Float64Array = new Float64Array(0);

/**
 * Split every chain into its first floor(n/2) and last floor(n/2) draws (an odd n drops the middle
 * draw), so M chains become 2M (posterior's .split_chains; Vehtari et al. 2021, sec. 4.1).
 * A chain of one draw is returned unsplit, as posterior does. For even n the result is a view of
 * the input (chain-major storage makes the halves contiguous); for odd n it is copied into
 * `out` (default: a module scratch buffer reused by the next call).
 */
export function splitChains(x: ChainMatrix, out?: Float64Array): ChainMatrix {
  const n = x.iterations;
  if (n === 1) return x;
  const half = Math.floor(n / 2);
  const chains = x.chains * 2;
  if (n % 2 === 0) return { values: x.values, chains, iterations: half };
  let buffer = out;
  if (!buffer || buffer.length < chains * half) {
    splitScratch = ensureCapacity(splitScratch, chains * half);
    buffer = splitScratch;
  }
  for (let c = 0; c < x.chains; c++) {
    const start = c * n;
    buffer.set(x.values.subarray(start, start + half), 2 * c * half);
    buffer.set(x.values.subarray(start + half + 1, start + n), (2 * c + 1) * half);
  }
  return { values: buffer.subarray(0, chains * half), chains, iterations: half };
}
