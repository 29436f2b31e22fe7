import { describe, expect, it } from 'vitest';
import {
  BROWSER_HARD_LIMIT_BYTES, MAX_TYPED_ARRAY_LENGTH, checkRunMemory, estimateRunMemory, formatBytes,
} from '../../../src/core/sampler/runMemory';

// sleepstudy with (Days | Subject): 6 population/variance parameters + 36 r_ = 42 outputs.
const sleep = { chains: 1, warmup: 1000, iter: 5_000_000, parameters: 42 };

describe('estimateRunMemory', () => {
  it('CLI: draws + stats per chain and one transposed copy of the draws (8 bytes each)', () => {
    expect(estimateRunMemory(sleep, 'cli').bytes).toBe(8 * 5_000_000 * (2 * 42 + 7));
    expect(estimateRunMemory({ ...sleep, chains: 4 }, 'cli').bytes).toBe(4 * 8 * 5_000_000 * (2 * 42 + 7));
    expect(estimateRunMemory({ ...sleep, chains: 4 }, 'cli').largestArray).toBe(4 * 5_000_000 * 42);
  });

  it('browser: every iteration (warmup too) with stats, plus the diagnostics copy and its transposition', () => {
    const run = { chains: 2, warmup: 10, iter: 20, parameters: 3 };
    expect(estimateRunMemory(run, 'browser').bytes).toBe(8 * 2 * (30 * (3 + 7) + 2 * 20 * 3));
  });
});

describe('checkRunMemory', () => {
  it('refuses --iter 300000000 on sleepstudy (the array would exceed 2^32 elements, and any sane limit)', () => {
    const v = checkRunMemory({ ...sleep, chains: 4, iter: 300_000_000 }, 'cli', 16e9);
    expect(v.fits).toBe(false);
    expect(v.largestArray).toBeGreaterThan(MAX_TYPED_ARRAY_LENGTH);
    expect(v.maxIter).toBe(Math.floor(16e9 / (4 * 8 * (2 * 42 + 7))));
  });

  it('maxIter is the largest iter that fits: one more does not', () => {
    for (const host of ['cli', 'browser'] as const) {
      const run = { chains: 3, warmup: 500, iter: 1, parameters: 1234 };
      const { maxIter } = checkRunMemory(run, host, BROWSER_HARD_LIMIT_BYTES);
      expect(checkRunMemory({ ...run, iter: maxIter }, host, BROWSER_HARD_LIMIT_BYTES).fits).toBe(true);
      expect(checkRunMemory({ ...run, iter: maxIter + 1 }, host, BROWSER_HARD_LIMIT_BYTES).fits).toBe(false);
    }
  });

  it('maxIter is 0 when even the warmup alone does not fit in the browser', () => {
    expect(checkRunMemory({ chains: 16, warmup: 1_000_000, iter: 10, parameters: 5000 }, 'browser', BROWSER_HARD_LIMIT_BYTES).maxIter).toBe(0);
  });

  it('a default sleepstudy run fits easily', () => {
    expect(checkRunMemory({ chains: 4, warmup: 1000, iter: 1000, parameters: 42 }, 'browser', BROWSER_HARD_LIMIT_BYTES).fits).toBe(true);
  });
});

describe('formatBytes', () => {
  it.each([[3.64e9, '3.6 GB'], [950e6, '950 MB'], [1, '1 MB'], [2.5e13, '25.0 TB'], [8.736e11, '874 GB']])('%d -> %s', (b, s) => {
    expect(formatBytes(b)).toBe(s);
  });
});
