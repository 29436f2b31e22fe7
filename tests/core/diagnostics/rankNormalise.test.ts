import { describe, expect, it } from 'vitest';
import qnorm from '@stdlib/stats-base-dists-normal-quantile';
import { zScale } from '../../../src/core/diagnostics';
import { rankOrder } from '../../../src/core/diagnostics/rankOrder';
import { DrawsWorkspace } from '../../../src/core/diagnostics/preparedDraws';
import { ar1Chains } from './helpers';

const blom = (r: number, S: number): number => qnorm((r - 3 / 8) / (S + 1 / 4), 0, 1);

describe('rankOrder', () => {
  it('orders negatives, zeros, infinities and NaN like a numeric sort (NaN last)', () => {
    const values = Float64Array.from([3.5, -Infinity, -2, NaN, 0, -0.5, Infinity, 1e-300, -1e300, 2]);
    const order = new Uint32Array(values.length);
    rankOrder(values, order);
    const sorted = Array.from(order, (i) => values[i]);
    expect(sorted.slice(0, -1)).toEqual([-Infinity, -1e300, -2, -0.5, 0, 1e-300, 2, 3.5, Infinity]);
    expect(Number.isNaN(sorted[sorted.length - 1])).toBe(true);
  });

  it('agrees with a comparison sort on many random doubles', () => {
    const values = Float64Array.from(ar1Chains(1, 5000, 0.2, 5)[0], (v) => v * 1e3);
    const order = new Uint32Array(values.length);
    rankOrder(values, order);
    const expected = Float64Array.from(values).sort();
    expect(Float64Array.from(order, (i) => values[i])).toEqual(expected);
  });
});

describe('zScale (rank normalisation)', () => {
  it("maps rank r to qnorm((r - 3/8) / (S + 1/4)) (Blom's offset)", () => {
    const x = { values: Float64Array.from([10, 30, 20, 40]), chains: 2, iterations: 2 };
    const z = zScale(x);
    expect(Array.from(z.values)).toEqual([blom(1, 4), blom(3, 4), blom(2, 4), blom(4, 4)]);
  });

  it('gives ties their average rank', () => {
    const z = zScale({ values: Float64Array.from([5, 1, 5, 5, 2]), chains: 1, iterations: 5 });
    expect(z.values[0]).toBe(blom(4, 5));
    expect(z.values[2]).toBe(blom(4, 5));
    expect(z.values[1]).toBe(blom(1, 5));
    expect(z.values[4]).toBe(blom(2, 5));
  });

  it('keeps NaN draws NaN so that the next diagnostic reports NA', () => {
    const z = zScale({ values: Float64Array.from([1, NaN, 3]), chains: 1, iterations: 3 });
    expect(Number.isNaN(z.values[1])).toBe(true);
  });

  it('ranks folded draws from the merged order of the sorted draws exactly as by sorting them', () => {
    const chains = ar1Chains(2, 300, 0.4, 11);
    chains[1][5] = chains[0][7]; // a tie
    const ws = new DrawsWorkspace();
    const d = ws.prepareChains(chains);
    const center = d.sorted[299];
    const folded = { values: d.x.values.map((v) => Math.abs(v - center)), chains: 2, iterations: 300 };
    const viaMerge = Float64Array.from(zScale(folded, ws.foldedOrder(d.sorted, d.order, center)).values);
    const viaSort = Float64Array.from(zScale(folded).values);
    expect(viaMerge).toEqual(viaSort);
  });
});
