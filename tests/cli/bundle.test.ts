import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

// What the CLI's bundles load at start-up is on the critical path of every run (the main thread
// before the chains start, each chain thread before its first chain).
async function bundledInputs(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', target: 'node20',
    write: false, metafile: true, outdir: 'dist-cli-test', logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs);
}

describe('CLI bundles', () => {
  it.each(['src/cli/fit.ts', 'workers/chain-thread.ts'])("%s leaves out stdlib's Beta quantile (~9 ms to load; only the quantile MCSE uses it)", async (entry) => {
    const inputs = await bundledInputs(entry);
    expect(inputs.some((p) => p.includes('src/core/diagnostics/summary.ts'))).toBe(true);
    expect(inputs.filter((p) => p.includes('beta-quantile') || p.includes('betaincinv'))).toEqual([]);
  });
});
