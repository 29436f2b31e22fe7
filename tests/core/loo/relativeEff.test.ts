import { describe, expect, it } from 'vitest';
import { RelativeEffWorkspace, fftNextGoodSize, relativeEffInto } from '../../../src/core/loo/relativeEff';

/** loo:::ess_rfun(sims) / S, translated line by line, with loo's autocovariance written out as
 * (M / N) sum_t yc_t yc_{t+lag} / N, M = fft_next_good_size(N) (its FFT's 2 N^2 divisor). */
function essRfunReference(values: Float64Array, chains: number, n: number): number {
  const acov: number[][] = [];
  const means: number[] = [];
  for (let c = 0; c < chains; c++) {
    const y = Array.from(values.subarray(c * n, (c + 1) * n));
    const m = y.reduce((a, b) => a + b, 0) / n;
    means.push(m);
    const yc = y.map((v) => v - m);
    const M = fftNextGoodSize(n);
    acov.push(yc.map((_, lag) => { let s = 0; for (let t = 0; t + lag < n; t++) s += yc[t] * yc[t + lag]; return (M / n) * s / n; }));
  }
  const meanAt = (row: number): number => acov.reduce((s, a) => s + a[row], 0) / chains; // acov[row + 1, ] in R
  const meanVar = meanAt(0) * n / (n - 1);
  let varPlus = meanVar * (n - 1) / n;
  if (chains > 1) {
    const mm = means.reduce((a, b) => a + b, 0) / chains;
    varPlus += means.reduce((s, v) => s + (v - mm) ** 2, 0) / (chains - 1);
  }
  const rho = new Array<number>(n + 1).fill(0); // 1-based like R
  let t = 0;
  let even = 1;
  rho[t + 1] = even;
  let odd = 1 - (meanVar - meanAt(t + 1)) / varPlus;
  rho[t + 2] = odd;
  while (t < n - 5 && !Number.isNaN(even + odd) && even + odd > 0) {
    t += 2;
    even = 1 - (meanVar - meanAt(t)) / varPlus;
    odd = 1 - (meanVar - meanAt(t + 1)) / varPlus;
    if (even + odd >= 0) { rho[t + 1] = even; rho[t + 2] = odd; }
  }
  const maxT = t;
  if (even > 0) rho[maxT + 1] = even;
  t = 0;
  while (t <= maxT - 4) {
    t += 2;
    if (rho[t + 1] + rho[t + 2] > rho[t - 1] + rho[t]) { rho[t + 1] = (rho[t - 1] + rho[t]) / 2; rho[t + 2] = rho[t + 1]; }
  }
  const idx = maxT >= 1 ? Array.from({ length: maxT }, (_, j) => j + 1) : [1]; // R's 1:max_t (1:0 -> c(1, 0) -> rho[1])
  const ess = chains * n;
  const tau = Math.max(-1 + 2 * idx.reduce((s, j) => s + rho[j], 0) + rho[maxT + 1], 1 / Math.log10(ess));
  return ess / tau / ess;
}

function ar1Chains(chains: number, n: number, phi: number, seed: number): Float64Array {
  let st = seed;
  const u = (): number => { st = (Math.imul(st, 1664525) + 1013904223) >>> 0; return (st + 0.5) / 4294967296; };
  const z = (): number => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  const out = new Float64Array(chains * n);
  for (let c = 0; c < chains; c++) {
    let x = z();
    for (let t = 0; t < n; t++) { x = phi * x + Math.sqrt(1 - phi * phi) * z(); out[c * n + t] = Math.exp(0.3 * x); }
  }
  return out;
}

describe('relativeEffInto (loo::relative_eff)', () => {
  it('fft_next_good_size as loo: the next 2^a 3^b 5^c', () => {
    expect([1, 2, 7, 301, 1000, 1001, 4097].map(fftNextGoodSize)).toEqual([2, 2, 8, 320, 1000, 1024, 4320]);
  });
  for (const [phi, n] of [[0, 1000], [0.5, 301], [0.97, 1000], [-0.6, 250], [0.995, 400]] as const) {
    it(`equals the line-by-line ess_rfun for AR(1) phi = ${phi}, 4 x ${n} draws (direct lags, or the FFT for long sums)`, () => {
      const v = ar1Chains(4, n, phi, 11);
      const ws = new RelativeEffWorkspace(4, n);
      expect(relativeEffInto(v, 0, ws)).toBeCloseTo(essRfunReference(v, 4, n), 10);
      if (phi === 0.995) expect(ws.lagsDone).toBe(n); // still correlated at lag 40: the FFT path
      if (phi === 0.97) expect(ws.lagsDone).toBeGreaterThan(40); // long direct sum
      if (phi <= 0.5) expect(ws.lagsDone).toBeLessThan(40);
    });
  }
  it('a constant likelihood gives r_eff = 0.5 (R: rho_hat_t[1:0] counts rho[1] again)', () => {
    expect(relativeEffInto(new Float64Array(400).fill(0.3), 0, new RelativeEffWorkspace(4, 100))).toBe(0.5);
  });
  it('one chain: no between-chain variance term', () => {
    const v = ar1Chains(1, 500, 0.3, 5);
    expect(relativeEffInto(v, 0, new RelativeEffWorkspace(1, 500))).toBeCloseTo(essRfunReference(v, 1, 500), 10);
  });
});
