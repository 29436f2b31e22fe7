// The workspace's run lifecycle helpers: the stopped status line and the auto-stop settings.
import { describe, expect, it } from 'vitest';
import { DrawStore } from '../../src/client/drawStore';
import { stoppedStatus } from '../../src/app/workspace/fit';
import { drawsCsvOf } from '../../src/app/workspace/exports';
import { DEFAULT_FORM, autoStopRule, parseSettings } from '../../src/app/workspace/settings';
import { DEFAULT_SETTINGS } from '../../src/core/types';

function storeWith(sampling: number[]): DrawStore {
  const s = new DrawStore(['a'], sampling.length);
  sampling.forEach((n, i) => {
    s.append(i + 1, { phase: 'warmup', count: 5, draws: new Float64Array(5), stats: new Float64Array(35) });
    if (n > 0) s.append(i + 1, { phase: 'sampling', count: n, draws: new Float64Array(n), stats: new Float64Array(7 * n) });
  });
  return s;
}

describe('stoppedStatus', () => {
  it('says how many chains and draws the results use (cut to the shortest) and what Sample more does', () => {
    expect(stoppedStatus(storeWith([1500, 1492, 1600, 1497]), null, 2000))
      .toBe('Stopped: 4 chains x 1,492 draws. Sample more continues every chain to 2,000 draws.');
  });
  it('names the chains left out and gives the reason', () => {
    expect(stoppedStatus(storeWith([300, 0, 0]), 'It converged at draw 250 per chain', 1000))
      .toBe('Stopped: 1 chain x 300 draws (chains 2, 3 had no post-warmup draws yet). It converged at draw 250 per chain. Sample more continues every chain to 1,000 draws.');
  });
});

describe('Stop when converged settings', () => {
  it('is off by default and leaves the sampler settings alone', () => {
    expect(autoStopRule(DEFAULT_FORM)).toBeNull();
    expect(parseSettings({ ...DEFAULT_FORM, stopWhenConverged: true }).settings).toEqual(DEFAULT_SETTINGS);
  });
  it('reads the ESS target and refuses a bad one with a message naming the field', () => {
    expect(autoStopRule({ ...DEFAULT_FORM, stopWhenConverged: true })).toEqual({ rhatBelow: 1.01, essAbove: 400 });
    expect(autoStopRule({ ...DEFAULT_FORM, stopWhenConverged: true, essTarget: '1000' })).toEqual({ rhatBelow: 1.01, essAbove: 1000 });
    const bad = parseSettings({ ...DEFAULT_FORM, stopWhenConverged: true, essTarget: '0' });
    expect(bad.settings).toBeNull();
    expect(bad.errors.essTarget).toBe("The ESS target must be a whole number from 1 to 1,000,000 (got '0').");
    // ignored while the box is unchecked
    expect(parseSettings({ ...DEFAULT_FORM, essTarget: '0' }).settings).toEqual(DEFAULT_SETTINGS);
  });
});

describe('Export draws of a stopped run', () => {
  it('holds the chains with post-warmup draws, each cut to the shortest (posterior reads it)', async () => {
    const lines = (await drawsCsvOf(storeWith([4, 2, 0])).text()).trimEnd().split('\n');
    expect(lines.slice(1).map((l) => l.split(',').slice(-3).join(','))).toEqual(['1,1,1', '1,2,2', '2,1,3', '2,2,4']);
  });
});
