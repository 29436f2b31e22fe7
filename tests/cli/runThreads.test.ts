import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runChainThreads, spawnChainThreads, summariseOnThreads } from '../../src/cli/runThreads';
import { summariseDraws } from '../../src/core/diagnostics';
import { DEFAULT_SETTINGS } from '../../src/core/types';
import type { ChainJob } from '../../workers/protocol';
import { ar1Chains } from '../core/diagnostics/helpers';
import { buildCli, ROOT } from './helpers';

const threadUrl = new URL('./fixtures/failing-thread.mjs', import.meta.url);
const jobs = (formula: string, n: number): ChainJob[] => Array.from({ length: n }, (_, i) => ({
  spec: { formula, family: 'gaussian' }, data: { name: 'x', nRows: 0, columns: [] },
  settings: { ...DEFAULT_SETTINGS, chains: n, warmup: 1, iter: 2 }, chainId: i + 1,
}));

describe('chains on worker threads', () => {
  it('runs more chains than threads at once and collects each chain\'s post-warmup draws', async () => {
    let maxRunning = 0;
    const run = runChainThreads(jobs('ok', 5), {
      threadUrl, concurrency: 2,
      onProgress: (p) => { maxRunning = Math.max(maxRunning, p.filter((c) => c.phase !== 'queued' && c.phase !== 'done').length); },
    });
    const r = await run.result;
    expect(r.outputNames).toEqual(['a']);
    expect(r.chains.map((c) => Array.from(c.draws))).toEqual([1, 2, 3, 4, 5].map((id) => [id, id + 0.5]));
    expect(r.chains.map((c) => c.gradientEvaluations)).toEqual([5, 5, 5, 5, 5]);
    expect(maxRunning).toBeLessThanOrEqual(2);
    // Two threads ran all five chains: a thread that finishes takes the next queued chain.
    expect(new Set(r.chains.map((c) => c.stats[0])).size).toBe(2);
  });

  it('uses threads started beforehand and terminates them when done', async () => {
    const threads = spawnChainThreads(threadUrl, 2);
    const ids = threads.map((t) => t.threadId);
    const exited = threads.map((t) => new Promise((res) => t.once('exit', res)));
    const r = await runChainThreads(jobs('ok', 3), { threadUrl, concurrency: 2, threads }).result;
    expect(r.chains.map((c) => c.chainId)).toEqual([1, 2, 3]);
    expect(new Set(r.chains.map((c) => c.stats[0]))).toEqual(new Set(ids));
    await Promise.all(exited);
  });

  it('stopWhen ends the run with every chain cut to the draws it names, once every chain holds them', async () => {
    const seen: number[] = [];
    const r = await runChainThreads(jobs('ok', 3), {
      threadUrl, concurrency: 2,
      stopWhen: (names, chains) => {
        expect(names).toEqual(['a']);
        seen.push(chains.filter((c) => c !== null).length);
        return chains.every((c) => c !== null && c.nDraws >= 1) ? 1 : null;
      },
    }).result;
    expect(r.stoppedAt).toBe(1);
    expect(r.threads).toEqual([]);
    expect(r.chains.map((c) => [c.nDraws, ...Array.from(c.draws)])).toEqual([[1, 1], [1, 2], [1, 3]]);
    expect(seen.at(-1)).toBe(3); // asked after each batch, chain 3 (queued behind two threads) last
  });

  it('rejects with the failing chain\'s message', async () => {
    await expect(runChainThreads(jobs('error', 3), { threadUrl, concurrency: 3 }).result)
      .rejects.toThrow('Chain 2: Initialization failed');
  });

  it('rejects when a thread dies without reporting', async () => {
    await expect(runChainThreads(jobs('exit', 1), { threadUrl, concurrency: 1 }).result)
      .rejects.toThrow(/Chain 1: the worker thread exited \(code 3\) before finishing/);
  });

  it('keeps the threads alive for the caller when asked (keepThreads)', async () => {
    const r = await runChainThreads(jobs('ok', 3), { threadUrl, concurrency: 2, keepThreads: true }).result;
    expect(r.chains.map((c) => c.chainId)).toEqual([1, 2, 3]);
    expect(r.threads).toHaveLength(2);
    expect(r.threads!.every((t) => t.threadId > 0)).toBe(true);
    expect(await Promise.all(r.threads!.map((t) => t.terminate()))).toEqual([1, 1]);
  });
});

describe('the summary on the chain threads', () => {
  // 4 chains x 80 iterations of 5 parameters, iteration-major as the CLI collects them.
  const P = 5, n = 80;
  const params = Array.from({ length: P }, (_, j) => ar1Chains(4, n, 0.2 * j, j + 1));
  const chains = [0, 1, 2, 3].map((c) => {
    const out = new Float64Array(n * P);
    for (let i = 0; i < n; i++) for (let j = 0; j < P; j++) out[i * P + j] = params[j][c][i];
    return out;
  });
  const names = ['b_Intercept', 'b_x', 'sd_g__Intercept', 'sigma', 'r_g[1,Intercept]'];
  const probs = [0.025, 0.05, 0.95, 0.975];

  it('gives the rows summariseDraws gives on this thread, in parameter order', async () => {
    buildCli();
    const threads = spawnChainThreads(pathToFileURL(join(ROOT, 'dist-cli/chain-thread.mjs')), 2);
    try {
      const rows = await summariseOnThreads(threads, names, chains, n, probs);
      expect(rows).toEqual(summariseDraws({ names, chains, nIterations: [n, n, n, n] }, probs));
      // The chains the caller holds are untouched (each block is a transposed copy).
      expect(chains[3][(n - 1) * P + 4]).toBe(params[4][3][n - 1]);
    } finally {
      await Promise.all(threads.map((t) => t.terminate()));
    }
  });

  it('rejects (so the caller can summarise itself) when a thread has exited or replies with an error', async () => {
    buildCli();
    const threads = spawnChainThreads(pathToFileURL(join(ROOT, 'dist-cli/chain-thread.mjs')), 2);
    try {
      await expect(summariseOnThreads(threads, names, chains, n + 1, probs)).rejects.toThrow(/chain 1 holds 400 values, not 81 iterations x 5/);
      await expect(summariseOnThreads(threads, names, chains, n, [0.5, 1.5])).rejects.toThrow(/quantile probabilities must be numbers between 0 and 1/);
      await threads[1].terminate();
      await expect(summariseOnThreads(threads, names, chains, n, probs)).rejects.toThrow(/already exited/);
    } finally {
      await Promise.all(threads.map((t) => t.terminate()));
    }
  });
});
