/** Deterministic draws for tests: a small LCG with Box-Muller normals. */
export function normalStream(seed: number): () => number {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** m chains of n AR(1) draws with autocorrelation phi and unit marginal variance. */
export function ar1Chains(m: number, n: number, phi: number, seed = 1): Float64Array[] {
  const normal = normalStream(seed);
  return Array.from({ length: m }, () => {
    const out = new Float64Array(n);
    let x = normal();
    for (let i = 0; i < n; i++) {
      x = phi * x + Math.sqrt(1 - phi * phi) * normal();
      out[i] = x;
    }
    return out;
  });
}
