// Bundles the Node entry points (CLI, benchmarks, chain thread, LOO / Bayes R2 thread) with esbuild into dist-cli/.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const entries = {
  fit: 'src/cli/fit.ts',
  bench: 'src/cli/bench.ts',
  'chain-thread': 'workers/chain-thread.ts',
  'criteria-thread': 'workers/criteria-thread.ts',
};
const entryPoints = Object.fromEntries(Object.entries(entries).filter(([, f]) => existsSync(f)));
await build({
  entryPoints,
  outdir: 'dist-cli',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
