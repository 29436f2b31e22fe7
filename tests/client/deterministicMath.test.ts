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

describe('portable exp (stdlib fdlibm port with a table ldexp)', () => {
  it('gives exactly stdlib exp\'s bits everywhere, subnormal and overflow edges included', async () => {
    const { default: stdlibExp } = await import('@stdlib/math-base-special-exp');
    const { exp } = await import('../../workers/deterministicMath');
    const xs: number[] = [0, -0, 1e-300, -1e-300, 1e-9, -1e-9, 709.78, 709.7827128933840, 709.79, -708.39, -708.4, -709, -744.4, -745.2, -746, Infinity, -Infinity, NaN];
    let s = 12345;
    const rand = () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648; };
    for (let i = 0; i < 200000; i++) xs.push((rand() - 0.5) * (i % 3 === 0 ? 1500 : i % 3 === 1 ? 40 : 1));
    const bad = xs.filter((x) => !Object.is(exp(x), stdlibExp(x)));
    expect(bad).toEqual([]);
  });
});

describe('portable log1p (stdlib fdlibm port with its common branches inlinable)', () => {
  it('gives exactly stdlib log1p\'s bits everywhere, branch boundaries and edges included', async () => {
    const { default: stdlibLog1p } = await import('@stdlib/math-base-special-log1p');
    const { log1p } = await import('../../workers/deterministicMath');
    const sqrt2m1 = 4.142135623730950488017e-01, sqrt2halfm1 = -2.928932188134524755992e-01, small = 1.862645149230957e-09;
    const xs: number[] = [0, -0, -1, 1, 2, -2, Infinity, -Infinity, NaN, 5e-324, -5e-324, 1e300, 2 ** 53, 2 ** 53 - 1,
      small, -small, small * 2, sqrt2m1, sqrt2halfm1, 1 - 2 ** -53, 1 - 2 ** -52, 1 - 3 * 2 ** -20, 1 - 2 ** -18];
    for (const b of [sqrt2m1, sqrt2halfm1, small, -small, 1, 0.5]) {
      let lo = b, hi = b;
      for (let i = 0; i < 50; i++) { lo = lo - Math.abs(lo) * 2 ** -52 || -5e-324; hi = hi + Math.abs(hi) * 2 ** -52 || 5e-324; xs.push(lo, hi); }
    }
    let s = 987654321;
    const rand = () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648; };
    for (let i = 0; i < 300000; i++) {
      const k = i % 6;
      xs.push(k === 0 ? rand() : k === 1 ? sqrt2m1 + (1 - sqrt2m1) * rand() : k === 2 ? -1 + 2 * rand()
        : k === 3 ? Math.exp(-40 * rand()) : k === 4 ? (rand() - 0.5) * 1e-7 : Math.exp(100 * (rand() - 0.5)));
    }
    const bad = xs.filter((x) => !Object.is(log1p(x), stdlibLog1p(x)));
    expect(bad).toEqual([]);
  });
});
