// The remembered lgamma/digamma ratios (families/shapeRatioMemo.ts) must return exactly what the
// plain functions return, whatever order shapes and counts come in (a stale slot from an earlier
// shape would be a wrong number, not a slower one).
import { describe, expect, it } from 'vitest';
import { digammaRatio, lgammaRatio } from '../../../src/core/math/special';
import { digammaRatioRemembered, lgammaRatioRemembered } from '../../../src/core/families/shapeRatioMemo';

describe('shapeRatioMemo', () => {
  it('returns the plain ratios bit for bit as the shape changes between and within rows', () => {
    const counts = [0, 1, 3, 3, 16, 17, 102, 0, 5000, 70000, 2.5];
    const shapes = [7.5, 7.5, 0.3, 1e3, 7.5, 1e-8];
    for (const phi of shapes) {
      for (const y of counts) {
        expect(Object.is(lgammaRatioRemembered(phi, y), lgammaRatio(phi, y))).toBe(true);
        expect(Object.is(digammaRatioRemembered(phi, y), digammaRatio(phi, y))).toBe(true);
      }
    }
    // alternating shapes row by row (as two models in one thread could)
    for (let i = 0; i < 50; i++) {
      const phi = i % 2 ? 2.25 : 9.5;
      const y = (i * 7) % 40;
      expect(lgammaRatioRemembered(phi, y)).toBe(lgammaRatio(phi, y));
      expect(digammaRatioRemembered(phi, y)).toBe(digammaRatio(phi, y));
    }
  });
});
