import { describe, expect, it } from 'vitest';
import { silvermanBandwidth } from '../../../src/plots/compute/silvermanBandwidth';

describe('silvermanBandwidth', () => {
  it('silvermanBandwidth(1:10) equals R bw.nrd0(1:10) = 0.9 * sd * 10^-0.2', () => {
    const x = Float64Array.from({ length: 10 }, (_, i) => i + 1);
    // sd(1:10) = sqrt(55/6); IQR/1.34 = 4.5/1.34 is larger, so sd is used.
    expect(silvermanBandwidth(x)).toBeCloseTo(0.9 * Math.sqrt(55 / 6) * Math.pow(10, -0.2), 12);
  });
  it('silvermanBandwidth uses IQR / 1.34 when it is smaller than sd (heavy tails)', () => {
    const x = Float64Array.from([0, 0, 1, 1, 1, 1, 2, 2, 50, -50]);
    const sorted = [...x].sort((a, b) => a - b);
    // type 7 quartiles of the sorted values: positions 2.25 and 6.75 (0-based)
    const q1 = sorted[2] + 0.25 * (sorted[3] - sorted[2]);
    const q3 = sorted[6] + 0.75 * (sorted[7] - sorted[6]);
    expect(silvermanBandwidth(x)).toBeCloseTo(0.9 * ((q3 - q1) / 1.34) * Math.pow(10, -0.2), 12);
  });
  it('silvermanBandwidth falls back to sd when the IQR is zero, then to |x1|, like bw.nrd0', () => {
    const x = Float64Array.from([1, 1, 1, 1, 1, 1, 1, 1, 1, 11]);
    let m = 2;
    let ss = 0;
    for (const v of x) ss += (v - m) ** 2;
    expect(silvermanBandwidth(x)).toBeCloseTo(0.9 * Math.sqrt(ss / 9) * Math.pow(10, -0.2), 12);
    m = 0;
    expect(silvermanBandwidth(Float64Array.from([4, 4, 4, 4]))).toBeCloseTo(0.9 * 4 * Math.pow(4, -0.2), 12);
    expect(silvermanBandwidth(Float64Array.from([0, 0]))).toBeCloseTo(0.9 * Math.pow(2, -0.2), 12);
  });
  it('silvermanBandwidth reads only values[start..end)', () => {
    const x = Float64Array.from([1000, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, -1000]);
    expect(silvermanBandwidth(x, 1, 11)).toBeCloseTo(silvermanBandwidth(Float64Array.from({ length: 10 }, (_, i) => i + 1)), 14);
  });
  it('silvermanBandwidth rejects fewer than two values and non-finite values', () => {
    expect(() => silvermanBandwidth(Float64Array.from([1]))).toThrow(/at least 2/);
    expect(() => silvermanBandwidth(Float64Array.from([1, NaN, 2]))).toThrow(/not finite/);
  });
});
