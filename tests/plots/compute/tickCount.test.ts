import { describe, expect, it } from 'vitest';
import { tickCount } from '../../../src/plots/compute/tickCount';

describe('tickCount', () => {
  it('tickCount asks for one tick per spacing, never fewer than 2', () => {
    expect(tickCount(800, 80)).toBe(10);
    expect(tickCount(50, 80)).toBe(2);
  });
  it('tickCount rejects a non-positive spacing', () => {
    expect(() => tickCount(100, 0)).toThrow(/spacingPx > 0/);
  });
});
