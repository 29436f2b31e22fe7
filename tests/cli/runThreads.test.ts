import { describe, expect, it } from 'vitest';
import { runChainThreads, spawnChainThreads } from '../../src/cli/runThreads';
import { DEFAULT_SETTINGS } from '../../src/core/types';
import type { ChainJob } from '../../workers/protocol';

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

  it('rejects with the failing chain\'s message', async () => {
    await expect(runChainThreads(jobs('error', 3), { threadUrl, concurrency: 3 }).result)
      .rejects.toThrow('Chain 2: Initialization failed');
  });

  it('rejects when a thread dies without reporting', async () => {
    await expect(runChainThreads(jobs('exit', 1), { threadUrl, concurrency: 1 }).result)
      .rejects.toThrow(/Chain 1: the worker thread exited \(code 3\) before finishing/);
  });
});
