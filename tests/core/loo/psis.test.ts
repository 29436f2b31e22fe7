import { describe, expect, it } from 'vitest';
import { PsisWorkspace, largestSorted, paretoTailLength, smoothTail } from '../../../src/core/loo/psis';

/** R's sort.int(x, index.return = TRUE) (stable), last `count` entries. */
function referenceTop(x: Float64Array, count: number): { value: number[]; index: number[] } {
  const order = Array.from(x, (_, i) => i).sort((a, b) => x[a] - x[b] || a - b);
  const top = order.slice(x.length - count);
  return { value: top.map((i) => x[i]), index: top };
}

function draws(n: number, seed: number, levels = 0): Float64Array {
  let st = seed;
  const u = (): number => { st = (Math.imul(st, 1664525) + 1013904223) >>> 0; return (st + 0.5) / 4294967296; };
  return Float64Array.from({ length: n }, () => (levels ? -Math.floor(u() * levels) : Math.log(u())));
}

describe('largestSorted: the tail as the end of R\'s stable sort', () => {
  const cases: [string, Float64Array, number][] = [
    ['distinct values, prefiltered', draws(4000, 1), 191],
    ['many ties (5 levels), ties at the cutoff', draws(4000, 2, 5), 263],
    ['20% tail (no prefilter gain)', draws(4000, 3), 801],
    ['short series (no sample)', draws(40, 4), 9],
    ['increasing values (the threshold must hold)', Float64Array.from({ length: 2000 }, (_, i) => i / 2000 - 1), 101],
  ];
  for (const [name, x, count] of cases) {
    it(name, () => {
      const ws = new PsisWorkspace(x.length);
      largestSorted(x, x.length, count, ws);
      const ref = referenceTop(x, count);
      expect(Array.from(ws.tailValue.subarray(0, count))).toEqual(ref.value);
      expect(Array.from(ws.tailIndex.subarray(0, count))).toEqual(ref.index);
    });
  }
});

describe('smoothTail (loo:::do_psis_i steps 2-3)', () => {
  it('no fit below 5 tail draws: k = Inf and lw untouched', () => {
    const lw = draws(20, 5);
    const before = lw.slice();
    expect(paretoTailLength(1, 20)).toBe(4);
    expect(smoothTail(lw, 20, 4, new PsisWorkspace(20))).toBe(Infinity);
    expect(lw).toEqual(before);
  });
  it('a tail of equal values: k = Inf and lw untouched', () => {
    const lw = new Float64Array(1000).fill(-0.5); // the 500 largest are equal
    for (let i = 0; i < 500; i++) lw[2 * i] = -1 - i / 1000;
    const before = lw.slice();
    expect(smoothTail(lw, 1000, 95, new PsisWorkspace(1000))).toBe(Infinity);
    expect(lw).toEqual(before);
  });
  it('smoothed tail values are increasing in rank, truncated at 0, and only tail draws change', () => {
    const lw = draws(4000, 6);
    let max = -Infinity;
    for (const v of lw) max = Math.max(max, v);
    for (let i = 0; i < lw.length; i++) lw[i] -= max;
    const before = lw.slice();
    const ws = new PsisWorkspace(4000);
    const k = smoothTail(lw, 4000, 190, ws);
    expect(Number.isFinite(k)).toBe(true);
    const tail = Array.from(ws.tailIndex.subarray(0, 190));
    const inTail = new Set(tail);
    for (let i = 0; i < 4000; i++) if (!inTail.has(i)) expect(lw[i]).toBe(before[i]);
    for (let j = 1; j < 190; j++) expect(lw[tail[j]]).toBeGreaterThanOrEqual(lw[tail[j - 1]]);
    for (const i of tail) expect(lw[i]).toBeLessThanOrEqual(0);
  });
});
