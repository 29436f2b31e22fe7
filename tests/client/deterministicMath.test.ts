import { describe, expect, it } from 'vitest';
import { atanh, tanh } from '../../workers/deterministicMath';

describe('portable tanh and atanh (fdlibm on stdlib expm1/log1p)', () => {
  it('agree with the engine to a few ulps over the whole range', () => {
    for (let i = -2000; i <= 2000; i++) {
      const x = i / 73;
      expect(tanh(x)).toBeCloseTo(Math.tanh(x), 14);
      const y = i / 2001;
      expect(Math.abs(atanh(y) - Math.atanh(y))).toBeLessThanOrEqual(4e-16 * Math.max(1, Math.abs(Math.atanh(y))));
    }
  });

  it('handle the edges: signed zero, tiny, saturated, +-1 and NaN', () => {
    expect(Object.is(tanh(-0), -0)).toBe(true);
    expect(tanh(1e-20)).toBe(1e-20);
    expect(tanh(40)).toBe(1);
    expect(tanh(-40)).toBe(-1);
    expect(atanh(1)).toBe(Infinity);
    expect(atanh(-1)).toBe(-Infinity);
    expect(atanh(1.5)).toBeNaN();
    expect(tanh(NaN)).toBeNaN();
  });
});
