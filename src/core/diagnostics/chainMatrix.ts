/**
 * Draws of one scalar quantity from several chains, stored chain-major in one Float64Array:
 * iteration i of chain c is values[c * iterations + i]. This is posterior's
 * iterations x chains matrix, transposed so that each chain is a contiguous subarray.
 */
export interface ChainMatrix {
  /** Exactly chains * iterations values. */
  values: Float64Array;
  chains: number;
  iterations: number;
}

/** The draws of chain c as a view (no copy). */
export function chainView(x: ChainMatrix, c: number): Float64Array {
  return x.values.subarray(c * x.iterations, (c + 1) * x.iterations);
}

/** A Float64Array of at least `length` values, reusing `buffer` when it is large enough. */
export function ensureCapacity(buffer: Float64Array, length: number): Float64Array {
  if (buffer.length >= length) return buffer;
  return new Float64Array(Math.max(length, buffer.length * 2));
}

/**
 * Checks the public input shape (one Float64Array per chain, all of equal length) and copies the
 * draws chain-major into `out` (grown if too small). Throws a specific error for bad shapes.
 */
export function packChains(chains: readonly Float64Array[], out: Float64Array, what = 'draws'): { matrix: ChainMatrix; buffer: Float64Array } {
  if (!Array.isArray(chains) || chains.length === 0) {
    throw new Error(`${what}: expected at least one chain (an array of Float64Array, one per chain), got ${Array.isArray(chains) ? 'an empty array' : typeof chains}`);
  }
  const n = chains[0]?.length ?? 0;
  for (let c = 0; c < chains.length; c++) {
    const chain = chains[c];
    if (!(chain instanceof Float64Array)) {
      throw new Error(`${what}: chain ${c + 1} is not a Float64Array; pass one Float64Array of draws per chain`);
    }
    if (chain.length !== n) {
      throw new Error(`${what}: chains must have equal length, but chain 1 has ${n} draws and chain ${c + 1} has ${chain.length}; trim them to the shortest chain first`);
    }
  }
  if (n === 0) throw new Error(`${what}: chains have no draws`);
  const total = chains.length * n;
  const buffer = ensureCapacity(out, total);
  for (let c = 0; c < chains.length; c++) buffer.set(chains[c], c * n);
  return { matrix: { values: buffer.subarray(0, total), chains: chains.length, iterations: n }, buffer };
}
