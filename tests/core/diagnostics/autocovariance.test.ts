import { describe, expect, it } from 'vitest';
import { autocovariance, autocovarianceInto, autocovarianceNaive, essCore } from '../../../src/core/diagnostics';
import { ar1Chains } from './helpers';

function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

describe('autocovariance', () => {
  for (const n of [2, 3, 7, 64, 100, 257, 1000]) {
    it(`the FFT estimate equals the naive O(n^2) definition at every lag (n = ${n})`, () => {
      const [x] = ar1Chains(1, n, 0.7, n);
      const fast = autocovariance(x);
      const naive = autocovarianceNaive(x);
      expect(fast.length).toBe(n);
      expect(maxAbsDiff(fast, naive)).toBeLessThan(1e-13 * naive[0]);
    });
  }

  it('lag 0 is the variance with divisor n', () => {
    const x = Float64Array.from([1, 2, 4, 8]);
    const m = 15 / 4;
    const expected = ((1 - m) ** 2 + (2 - m) ** 2 + (4 - m) ** 2 + (8 - m) ** 2) / 4;
    expect(autocovariance(x)[0]).toBeCloseTo(expected, 14);
  });

  it('is all zeros for a constant chain (no NaN from dividing by a zero lag 0)', () => {
    const acov = autocovariance(new Float64Array(50).fill(0.3));
    expect(Array.from(acov).every((v) => v === 0)).toBe(true);
  });

  it('adds into the output when accumulating over chains', () => {
    const [a, b] = ar1Chains(2, 120, 0.3, 9);
    const sum = new Float64Array(120);
    autocovarianceInto(a, sum, true);
    autocovarianceInto(b, sum, true);
    const expected = autocovarianceNaive(a).map((v, t) => v + autocovarianceNaive(b)[t]);
    expect(maxAbsDiff(sum, expected)).toBeLessThan(1e-12);
  });
});

describe('essCore', () => {
  it('gives the same ESS whether Geyer stops in the direct short-lag range or runs into the FFT range', () => {
    // phi = 0.98 needs far more than 32 lags (FFT path); compare with an all-naive reference
    for (const phi of [0, 0.5, 0.98]) {
      const chains = ar1Chains(4, 400, phi, 3);
      const values = new Float64Array(1600);
      chains.forEach((c, i) => values.set(c, i * 400));
      const ess = essCore({ values, chains: 4, iterations: 400 }) as number;
      expect(ess).toBeCloseTo(referenceEss(chains), 8);
    }
  });

  it('is S / 2 when the chains are too short for the positive sequence loop (R quirk: sum(rho[1:0]) = rho[1])', () => {
    const values = Float64Array.from([0.1, 0.5, -0.3, 0.9, 1.2, -0.7, 0.2, 0.4]);
    expect(essCore({ values, chains: 2, iterations: 4 })).toBe(4);
  });

  it('is null with fewer than 3 iterations, non-finite values or constant values', () => {
    expect(essCore({ values: Float64Array.from([1, 2, 3, 4]), chains: 2, iterations: 2 })).toBeNull();
    expect(essCore({ values: Float64Array.from([1, 2, NaN, 4, 5, 6]), chains: 2, iterations: 3 })).toBeNull();
    expect(essCore({ values: Float64Array.from([1, 2, Infinity, 4, 5, 6]), chains: 2, iterations: 3 })).toBeNull();
    expect(essCore({ values: new Float64Array(6).fill(2), chains: 2, iterations: 3 })).toBeNull();
  });
});

/** posterior's .ess written plainly with the naive autocovariance (for cross-checking). */
function referenceEss(chains: Float64Array[]): number {
  const m = chains.length;
  const n = chains[0].length;
  const acov = new Float64Array(n);
  const means = chains.map((c) => c.reduce((s, v) => s + v, 0) / n);
  for (const c of chains) autocovarianceNaive(c).forEach((v, t) => { acov[t] += v / m; });
  const meanVar = (acov[0] * n) / (n - 1);
  const grand = means.reduce((s, v) => s + v, 0) / m;
  const varPlus = (meanVar * (n - 1)) / n + means.reduce((s, v) => s + (v - grand) ** 2, 0) / (m - 1);
  const rho = new Float64Array(n);
  rho[0] = 1;
  rho[1] = 1 - (meanVar - acov[1]) / varPlus;
  let t = 0;
  let even = 1;
  let odd = rho[1];
  while (t < n - 5 && even + odd > 0) {
    t += 2;
    even = 1 - (meanVar - acov[t]) / varPlus;
    odd = 1 - (meanVar - acov[t + 1]) / varPlus;
    if (even + odd >= 0) { rho[t] = even; rho[t + 1] = odd; }
  }
  const maxT = t;
  if (even > 0) rho[maxT] = even;
  for (let k = 2; k <= maxT - 2; k += 2) {
    if (rho[k] + rho[k + 1] > rho[k - 2] + rho[k - 1]) { rho[k] = (rho[k - 2] + rho[k - 1]) / 2; rho[k + 1] = rho[k]; }
  }
  let sum = 0;
  for (let k = 0; k < Math.max(maxT, 1); k++) sum += rho[k];
  const tau = Math.max(-1 + 2 * sum + rho[maxT], 1 / Math.log10(m * n));
  return (m * n) / tau;
}
