import { describe, expect, it } from 'vitest';
import { gaussianKde } from '../../../src/plots/compute/gaussianKde';
import { linearGrid } from '../../../src/plots/compute/linearGrid';

function naiveKde(x: number[], grid: Float64Array, h: number): number[] {
  return Array.from(grid, (g) => x.reduce((s, xi) => s + Math.exp(-0.5 * ((g - xi) / h) ** 2), 0) / (x.length * h * Math.sqrt(2 * Math.PI)));
}

describe('gaussianKde', () => {
  it('gaussianKde of one point is the normal density centred there with sd = bandwidth', () => {
    const grid = linearGrid(-3, 3, 61);
    const d = gaussianKde(Float64Array.from([0]), grid, 0.5);
    expect(d[30]).toBeCloseTo(1 / (0.5 * Math.sqrt(2 * Math.PI)), 12);
    expect(d[40]).toBeCloseTo(Math.exp(-0.5 * 4) / (0.5 * Math.sqrt(2 * Math.PI)), 12);
  });
  it('gaussianKde agrees with the naive sum over all draws and grid points', () => {
    const x = [0.3, -1.2, 2.5, 0.31, 0.9, -0.4, 1.7];
    const grid = linearGrid(-4, 5, 200);
    const fast = gaussianKde(Float64Array.from(x), grid, 0.4);
    const slow = naiveKde(x, grid, 0.4);
    for (let j = 0; j < grid.length; j++) expect(fast[j]).toBeCloseTo(slow[j], 8);
  });
  it('gaussianKde integrates to about 1 when the grid covers the data plus 4 bandwidths', () => {
    const x = Float64Array.from({ length: 500 }, (_, i) => Math.sin(i * 12.9898) * 3);
    const grid = linearGrid(-3 - 2, 3 + 2, 512);
    const d = gaussianKde(x, grid, 0.5);
    const step = grid[1] - grid[0];
    let area = 0;
    for (let j = 1; j < grid.length; j++) area += 0.5 * (d[j] + d[j - 1]) * step;
    expect(area).toBeCloseTo(1, 3);
  });
  it('gaussianKde uses only values[start..end)', () => {
    const grid = linearGrid(-2, 2, 9);
    const a = gaussianKde(Float64Array.from([100, 0, 1, -100]), grid, 1, 1, 3);
    const b = gaussianKde(Float64Array.from([0, 1]), grid, 1);
    expect(Array.from(a)).toEqual(Array.from(b));
  });
  it('gaussianKde of no draws is zero everywhere', () => {
    expect(Array.from(gaussianKde(new Float64Array(0), linearGrid(0, 1, 3), 1))).toEqual([0, 0, 0]);
  });
  it('gaussianKde rejects a non-positive bandwidth and non-finite draws', () => {
    const grid = linearGrid(0, 1, 3);
    expect(() => gaussianKde(Float64Array.from([1]), grid, 0)).toThrow(/bandwidth must be a positive/);
    expect(() => gaussianKde(Float64Array.from([1, NaN]), grid, 1)).toThrow(/index 1 is not finite/);
  });
});
