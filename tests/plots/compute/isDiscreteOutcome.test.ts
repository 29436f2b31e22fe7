import { describe, expect, it } from 'vitest';
import { isDiscreteOutcome } from '../../../src/plots/compute/isDiscreteOutcome';

describe('isDiscreteOutcome', () => {
  it('isDiscreteOutcome is true for counts and 0/1 outcomes', () => {
    expect(isDiscreteOutcome([0, 1, 1, 0])).toBe(true);
    expect(isDiscreteOutcome([0, 3, 7, 2, 2])).toBe(true);
  });
  it('isDiscreteOutcome is false for non-integers, too many levels, or no data', () => {
    expect(isDiscreteOutcome([0, 1.5])).toBe(false);
    expect(isDiscreteOutcome(Array.from({ length: 40 }, (_, i) => i))).toBe(false);
    expect(isDiscreteOutcome(Array.from({ length: 40 }, (_, i) => i), 50)).toBe(true);
    expect(isDiscreteOutcome([])).toBe(false);
  });
});
