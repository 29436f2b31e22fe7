import { describe, expect, it } from 'vitest';
import { primedEnvironment } from '../../workers/engine';
import { primeSampler } from '../../src/core/sampler/primeSampler';
import { fakeEnvironment, fakeModel } from './fakeEngine';
import { DEFAULT_SETTINGS } from '../../src/core/types';

describe('the worker shells prime the sampler before their first chain', () => {
  it('primedEnvironment primes once, before creating the runner, and creates the same runner', () => {
    const env = fakeEnvironment();
    const primed = primedEnvironment(env);
    const runner = primed.createRunner(fakeModel(), { ...DEFAULT_SETTINGS, warmup: 5, iter: 5 }, 1);
    expect(primeSampler(2, 'auto')).toBe(false); // already primed by createRunner
    expect(runner.totalIterations).toBe(env.createRunner(fakeModel(), { ...DEFAULT_SETTINGS, warmup: 5, iter: 5 }, 1).totalIterations);
  });
});
