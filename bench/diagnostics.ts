/**
 * Benchmark: summary rows (R-hat, ESS bulk/tail, MCSE, quantiles) for 4 chains x 1,000 draws x
 * 300 parameters, the size the live view refreshes about once a second.
 *
 * Run directly:
 *   npx esbuild bench/diagnostics.ts --bundle --platform=node --format=cjs --outfile=/tmp/bench-diagnostics.cjs && node /tmp/bench-diagnostics.cjs
 */
import { summariseDraws } from '../src/core/diagnostics';

/** Deterministic AR(1) draws (phi varies by parameter), iteration-major like the DrawStore. */
function syntheticChains(chains: number, iterations: number, parameters: number): Float64Array[] {
  let state = 12345;
  const uniform = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state + 0.5) / 4294967296;
  };
  const normal = (): number => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const out: Float64Array[] = [];
  for (let c = 0; c < chains; c++) {
    const draws = new Float64Array(iterations * parameters);
    for (let j = 0; j < parameters; j++) {
      const phi = (j % 10) / 11;
      let x = normal();
      for (let i = 0; i < iterations; i++) {
        x = phi * x + Math.sqrt(1 - phi * phi) * normal();
        draws[i * parameters + j] = x + j;
      }
    }
    out.push(draws);
  }
  return out;
}

export async function benchDiagnostics(repeats = 5): Promise<{ msFor4x1000x300: number }> {
  const P = 300;
  const chains = syntheticChains(4, 1000, P);
  const input = { names: Array.from({ length: P }, (_, j) => `theta[${j + 1}]`), chains, nIterations: [1000, 1000, 1000, 1000] };
  summariseDraws(input); // warm up the JIT, FFT plans, qnorm table and scratch buffers
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    const rows = summariseDraws(input);
    times.push(performance.now() - t0);
    if (rows.length !== P || rows[0].rhat === null) throw new Error('benchmark produced an invalid summary');
  }
  times.sort((a, b) => a - b);
  return { msFor4x1000x300: times[Math.floor(times.length / 2)] };
}

const entry = typeof process !== 'undefined' ? process.argv[1] ?? '' : '';
if (/bench[-_/]?diagnostics\.(ts|mjs|cjs|js)$/.test(entry)) {
  benchDiagnostics().then((r) => {
    console.log(`summariseDraws, 4 chains x 1,000 draws x 300 parameters: ${r.msFor4x1000x300.toFixed(1)} ms (median of 5)`);
  });
}
