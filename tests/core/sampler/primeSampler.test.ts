import { describe, expect, test } from 'vitest';
import { ChainRunner } from '../../../src/core/sampler/chain';
import { primeSampler, primedMetricKinds, primingTransitions, PRIMING_STEP_SIZES } from '../../../src/core/sampler/primeSampler';
import { AUTO_DENSE_MAX_DIM } from '../../../src/core/sampler/metricChoice';
import { DEFAULT_SETTINGS, type SamplerSettings } from '../../../src/core/types';
import { normalTarget } from './helpers';

const t = normalTarget([1, 2, 0.5]);
const settings: SamplerSettings = { ...DEFAULT_SETTINGS, warmup: 150, iter: 60, seed: 9 };

function drawsOf(r: ChainRunner, between?: () => void): number[][] {
  const theta = new Float64Array(r.dim), st = new Float64Array(7);
  const rows: number[][] = [];
  while (r.step(theta, st)) {
    rows.push([...theta, ...st]);
    between?.();
  }
  return rows;
}

describe('priming the sampler before the first chain', () => {
  test("a chain's draws are the same before and after priming, which happens once per scope", () => {
    const unprimed = drawsOf(new ChainRunner(t, settings, 1)); // ChainRunner itself never primes
    expect(primeSampler(3, 'auto')).toBe(true); // so this process's first priming is this one
    expect(primeSampler(3, 'auto')).toBe(false);
    const primed = drawsOf(new ChainRunner(t, settings, 1));
    expect(primed).toEqual(unprimed);
  });

  test("priming transitions between a chain's iterations leave its draws unchanged (own random stream)", () => {
    const alone = drawsOf(new ChainRunner(t, settings, 2));
    let k = 0;
    const interleaved = drawsOf(new ChainRunner(t, settings, 2), () => { if (k++ % 50 === 0) primingTransitions(3, ['diag', 'dense']); });
    expect(interleaved).toEqual(alone);
  });

  test('the transitions diverge, U-turn in deeper trees and accept partially, for each metric kind', () => {
    for (const dim of [2, 42, 300]) {
      const out = primingTransitions(dim, ['diag', 'dense']);
      expect(out).toHaveLength(2 * PRIMING_STEP_SIZES.length);
      for (const kind of ['diag', 'dense'] as const) {
        const infos = out.filter((o) => o.kind === kind).map((o) => o.info);
        expect(infos.some((i) => i.divergent)).toBe(true);
        const regular = infos.filter((i) => !i.divergent);
        expect(regular.some((i) => i.treeDepth >= 2)).toBe(true);
        expect(regular.every((i) => i.treeDepth < 5)).toBe(true); // stopped by a U-turn, not the depth cap
        expect(regular.some((i) => i.acceptStat > 0.05 && i.acceptStat < 0.99)).toBe(true);
      }
    }
  });

  test('a dense metric is primed only where a chain may use one', () => {
    expect(primedMetricKinds(42, 'auto')).toEqual(['diag', 'dense']);
    expect(primedMetricKinds(42, 'dense')).toEqual(['diag', 'dense']);
    expect(primedMetricKinds(42, 'diag')).toEqual(['diag']);
    expect(primedMetricKinds(1, 'auto')).toEqual(['diag']);
    expect(primedMetricKinds(AUTO_DENSE_MAX_DIM + 1, 'auto')).toEqual(['diag']);
  });
});
