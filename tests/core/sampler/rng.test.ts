import { afterEach, describe, expect, test, vi } from 'vitest';
import { createChainRng, rngFromState } from '../../../src/core/sampler/rng';

const take = (r: { normal(): number; uniform(): number }, n: number) =>
  Array.from({ length: n }, (_, i) => (i % 2 ? r.uniform() : r.normal()));

describe('chain RNG', () => {
  afterEach(() => vi.restoreAllMocks());

  test('the same (seed, chain id) gives bit-identical streams', () => {
    expect(take(createChainRng(123, 2), 200)).toEqual(take(createChainRng(123, 2), 200));
  });

  test('different chain ids and different seeds give different streams', () => {
    const a = take(createChainRng(123, 1), 50);
    expect(take(createChainRng(123, 2), 50)).not.toEqual(a);
    expect(take(createChainRng(124, 1), 50)).not.toEqual(a);
  });

  test('exported state (plain numbers) restores the stream exactly', () => {
    const r = createChainRng(5, 3);
    take(r, 37);
    const state = r.getState();
    expect(state.every((x) => Number.isInteger(x) && x >= 0 && x <= 0xffffffff)).toBe(true);
    const expected = take(r, 100);
    expect(take(rngFromState(structuredClone(state)), 100)).toEqual(expected);
  });

  test('streams drawn alternately (one shared generator underneath) give exactly their own sequences', () => {
    const keys: Array<[number, number]> = [[11, 1], [11, 2], [12, 1]];
    const alone = keys.map(([seed, id]) => take(createChainRng(seed, id), 60));
    const rs = keys.map(([seed, id]) => createChainRng(seed, id));
    const got: number[][] = [[], [], []];
    const draw = (k: number) => got[k].push(got[k].length % 2 ? rs[k].uniform() : rs[k].normal());
    // Uneven turns, so the generator moves between the streams in every direction.
    const turns = [0, 1, 2, 1, 0, 2, 2, 0];
    for (let t = 0; got.some((g) => g.length < 60); t++) {
      const k = turns[t % turns.length];
      for (let n = 0; n < 1 + (t % 4) && got[k].length < 60; n++) draw(k);
    }
    expect(got).toEqual(alone);
  });

  test('getState and setState work whether or not the stream currently holds the shared generator', () => {
    const a = createChainRng(3, 1), b = createChainRng(3, 2);
    take(a, 10);
    const sa = a.getState(); // a holds the generator
    take(b, 10); // now b does
    const sa2 = a.getState(); // a's saved copy
    expect(sa2).toEqual(sa);
    const expectedA = take(rngFromState(sa), 20);
    b.setState(sa); // b (the holder) jumps to a's state
    expect(take(b, 20)).toEqual(expectedA);
    a.setState(b.getState()); // a (not the holder) takes b's current state
    expect(take(a, 5)).toEqual(take(b, 5));
  });

  test('never uses Math.random', () => {
    const spy = vi.spyOn(Math, 'random').mockImplementation(() => { throw new Error('Math.random used'); });
    const r = createChainRng(1, 1);
    expect(() => take(r, 1000)).not.toThrow();
    expect(spy).not.toHaveBeenCalled();
  });

  test('normals have mean 0 and variance 1 and uniforms lie in [0, 1)', () => {
    const r = createChainRng(99, 1);
    let s = 0, s2 = 0, umin = 1, umax = 0;
    const n = 50000;
    for (let i = 0; i < n; i++) {
      const x = r.normal(); s += x; s2 += x * x;
      const u = r.uniform(); umin = Math.min(umin, u); umax = Math.max(umax, u);
    }
    expect(Math.abs(s / n)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(s2 / n - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
    expect(umin).toBeGreaterThanOrEqual(0);
    expect(umax).toBeLessThan(1);
  });

  test('uniforms are standard MT19937 genrand_res53 after init_by_array([seed, chain id]), so any platform can reproduce them', () => {
    const ref = referenceMt19937([2024, 3]);
    const r = createChainRng(2024, 3);
    for (let i = 0; i < 10; i++) expect(r.uniform()).toBe(ref.res53());
  });

  test('the reference MT19937 used above reproduces the published mt19937ar.out values', () => {
    const ref = referenceMt19937([0x123, 0x234, 0x345, 0x456]);
    expect([ref.int32(), ref.int32(), ref.int32()]).toEqual([1067595299, 955945823, 477289528]);
  });

  test('rejects seeds and chain ids that are not uint32 integers', () => {
    expect(() => createChainRng(-1, 1)).toThrow(/Seed must be an integer/);
    expect(() => createChainRng(1.5, 1)).toThrow(/Seed must be an integer/);
    expect(() => createChainRng(1, 2 ** 32)).toThrow(/Chain id must be an integer/);
  });
});

/** Matsumoto & Nishimura's mt19937ar.c (init_by_array, genrand_int32, genrand_res53), written out. */
function referenceMt19937(key: number[]) {
  const N = 624, M = 397;
  const mt = new Uint32Array(N);
  let mti = N + 1;
  const initGenrand = (s: number) => {
    mt[0] = s >>> 0;
    for (mti = 1; mti < N; mti++) {
      const prev = mt[mti - 1] ^ (mt[mti - 1] >>> 30);
      mt[mti] = (Math.imul(1812433253, prev) + mti) >>> 0;
    }
  };
  initGenrand(19650218);
  let i = 1, j = 0;
  for (let k = Math.max(N, key.length); k; k--) {
    const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
    mt[i] = ((mt[i] ^ Math.imul(prev, 1664525)) + key[j] + j) >>> 0;
    i++; j++;
    if (i >= N) { mt[0] = mt[N - 1]; i = 1; }
    if (j >= key.length) j = 0;
  }
  for (let k = N - 1; k; k--) {
    const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
    mt[i] = ((mt[i] ^ Math.imul(prev, 1566083941)) - i) >>> 0;
    i++;
    if (i >= N) { mt[0] = mt[N - 1]; i = 1; }
  }
  mt[0] = 0x80000000;
  const int32 = (): number => {
    if (mti >= N) {
      for (let kk = 0; kk < N; kk++) {
        const y = (mt[kk] & 0x80000000) | (mt[(kk + 1) % N] & 0x7fffffff);
        mt[kk] = mt[(kk + M) % N] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      mti = 0;
    }
    let y = mt[mti++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  };
  const res53 = () => ((int32() >>> 5) * 67108864 + (int32() >>> 6)) / 9007199254740992;
  return { int32, res53 };
}
