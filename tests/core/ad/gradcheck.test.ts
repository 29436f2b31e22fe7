import { describe, expect, it } from 'vitest';
import { gradCheck } from '../../../src/core/ad/gradcheck';

describe('gradCheck', () => {
  it('accepts a correct gradient of sum(sin(x_i) * x_{i+1})', () => {
    const f = (x: Float64Array, g: Float64Array) => {
      g.fill(0);
      let s = 0;
      for (let i = 0; i + 1 < x.length; i++) {
        s += Math.sin(x[i]) * x[i + 1];
        g[i] += Math.cos(x[i]) * x[i + 1];
        g[i + 1] += Math.sin(x[i]);
      }
      return s;
    };
    const r = gradCheck(f, Float64Array.from([0.3, -1.2, 2.5, 40]));
    expect(r.ok, r.message).toBe(true);
    expect(r.maxError).toBeLessThan(0.1);
  });

  it('rejects a gradient with one wrong coordinate and names it', () => {
    const f = (x: Float64Array, g: Float64Array) => {
      g[0] = 2 * x[0];
      g[1] = 3 * x[1] * x[1] * 1.001; // wrong by 0.1%
      return x[0] * x[0] + x[1] ** 3;
    };
    const r = gradCheck(f, Float64Array.from([1, 2]));
    expect(r.ok).toBe(false);
    expect(r.worstIndex).toBe(1);
    expect(r.message).toContain('coordinate 1');
  });

  it('reports a non-finite value instead of passing', () => {
    const r = gradCheck((x, g) => { g[0] = 0; return Math.log(x[0]); }, Float64Array.from([-1]));
    expect(r.ok).toBe(false);
    expect(r.message).toContain('not finite');
  });

  it('treats a NaN gradient as a failure', () => {
    const r = gradCheck((x, g) => { g[0] = NaN; return x[0]; }, Float64Array.from([1]));
    expect(r.ok).toBe(false);
  });

  it('does not modify its input', () => {
    const x = Float64Array.from([1, 2, 3]);
    gradCheck((v, g) => { g.fill(1); return v[0] + v[1] + v[2]; }, x);
    expect(Array.from(x)).toEqual([1, 2, 3]);
  });
});
