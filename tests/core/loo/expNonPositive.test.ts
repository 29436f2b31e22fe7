import { describe, expect, it } from 'vitest';
import { expNonPositive } from '../../../src/core/loo/expNonPositive';

describe('expNonPositive (fdlibm exp for x <= 0)', () => {
  it('gives the same bits as Math.exp (V8 runs fdlibm too) over the whole non-positive range', () => {
    let st = 99;
    const u = (): number => { st = (Math.imul(st, 1664525) + 1013904223) >>> 0; return (st + 0.5) / 4294967296; };
    for (let r = 0; r < 100000; r++) {
      const x = -u() * (r % 3 === 0 ? 760 : r % 3 === 1 ? 3 : 1e-6);
      expect(expNonPositive(x)).toBe(Math.exp(x));
    }
  });
  it('edges: 0, tiny, the k = 0 / k = -1 boundary, subnormal results, underflow', () => {
    for (const x of [0, -0, -1e-300, -3.725290298461914e-9, -4e-9, -0.34657359027997264, -0.3465735902799727, -1.0397207708399179, -708.39, -708.4, -744.4, -745.2, -800]) {
      expect(expNonPositive(x)).toBe(Math.exp(x));
    }
  });
});
