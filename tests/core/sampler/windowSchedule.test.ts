import { describe, expect, test } from 'vitest';
import { windowSchedule, inMetricWindow } from '../../../src/core/sampler/windowSchedule';

// Window ends (inclusive, 0-based) from Stan's windowed_adaptation.hpp; NumPyro's
// test_build_adaptation_schedule asserts the same windows.
const TABLE: [number, number[]][] = [
  [1000, [99, 149, 249, 449, 949]],
  [500, [99, 149, 249, 449]],
  [280, [99, 229]],
  [200, [99, 149]],
  [150, [99]],
  [100, [89]],
];

describe('windowSchedule', () => {
  test.each(TABLE)('window ends for %i warmup iterations match Stan', (w, ends) => {
    expect(windowSchedule(w).windowEnds).toEqual(ends);
  });

  test('short warmup shrinks the buffers to 15% / 10% (100 iterations: init 15, window 75, term 10)', () => {
    const s = windowSchedule(100);
    expect([s.initBuffer, s.baseWindow, s.termBuffer]).toEqual([15, 75, 10]);
  });

  test('defaults are 75 / 25 / 50 when they fit', () => {
    const s = windowSchedule(1000);
    expect([s.initBuffer, s.baseWindow, s.termBuffer]).toEqual([75, 25, 50]);
  });

  test('under 20 warmup iterations there is no metric adaptation', () => {
    expect(windowSchedule(19).windowEnds).toEqual([]);
    expect(inMetricWindow(windowSchedule(19), 10)).toBe(false);
    expect(windowSchedule(20).windowEnds.length).toBeGreaterThan(0);
  });

  test('draws enter the estimator from the end of the init buffer to the start of the term buffer', () => {
    const s = windowSchedule(1000);
    expect(inMetricWindow(s, 74)).toBe(false);
    expect(inMetricWindow(s, 75)).toBe(true);
    expect(inMetricWindow(s, 949)).toBe(true);
    expect(inMetricWindow(s, 950)).toBe(false);
  });

  test('the last window always ends right before the terminal buffer', () => {
    for (const w of [20, 37, 120, 151, 333, 777, 2000, 5000]) {
      const s = windowSchedule(w);
      expect(s.windowEnds[s.windowEnds.length - 1]).toBe(w - s.termBuffer - 1);
    }
  });

  test('rejects a negative or fractional number of warmup iterations', () => {
    expect(() => windowSchedule(-1)).toThrow(/non-negative integer/);
    expect(() => windowSchedule(10.5)).toThrow(/non-negative integer/);
  });
});
