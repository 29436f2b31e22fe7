// Issue 22 items 7 and 13: the browser says before Run when a run needs more memory than a tab is
// likely to get, and refuses Run above the hard limit.
import { describe, expect, it } from 'vitest';
import { browserMemoryLimit, runMemoryNote } from '../../src/app/workspace/runMemoryNote';
import { BROWSER_HARD_LIMIT_BYTES } from '../../src/core/sampler/runMemory';

const sleep = 42; // sleepstudy (Days | Subject): output parameters

describe('runMemoryNote', () => {
  it('a default run: nothing to say', () => {
    expect(runMemoryNote({ chains: 4, warmup: 1000, iter: 1000 }, sleep, BROWSER_HARD_LIMIT_BYTES)).toEqual({ block: null, warn: null });
  });

  it('16 chains x 1,000,000 draws: Run refused, with the need, the limit and the largest iterations that fit', () => {
    const n = runMemoryNote({ chains: 16, warmup: 1000, iter: 1_000_000 }, sleep, BROWSER_HARD_LIMIT_BYTES);
    expect(n.warn).toBeNull();
    expect(n.block).toMatch(/^This run needs about 17 GB in this tab \(16 chains x 1,001,000 iterations x 42 parameters\); the limit here is 4\.0 GB\. Use at most [\d,]+ iterations, fewer chains, or the command line \(npm run fit\)\.$/);
    expect(n.block!.length).toBeLessThan(500);
  });

  it('between the warning level and the limit: Run allowed, with a warning', () => {
    const n = runMemoryNote({ chains: 4, warmup: 1000, iter: 300_000 }, sleep, BROWSER_HARD_LIMIT_BYTES);
    expect(n.block).toBeNull();
    expect(n.warn).toMatch(/^This run needs about 1\.3 GB in this tab; a browser may close the page when memory runs short\./);
  });

  it('the limit follows the device memory the browser reports, never above the hard limit', () => {
    expect(browserMemoryLimit(undefined)).toBe(BROWSER_HARD_LIMIT_BYTES);
    expect(browserMemoryLimit(8)).toBe(BROWSER_HARD_LIMIT_BYTES);
    expect(browserMemoryLimit(2)).toBe(2 ** 30);
  });
});
