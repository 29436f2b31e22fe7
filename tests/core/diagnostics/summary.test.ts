import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  summariseParameter, summariseDraws, summariseParameterMajor, parameterMajorDraws, quantileKey, rhat, essBulk, essTail,
  mcseMean, mean, sd,
} from '../../../src/core/diagnostics';
import { ar1Chains } from './helpers';

const fixture = JSON.parse(readFileSync('/work/shared/fixtures/diagnostics/ar1_phi0.9_4x1000.json', 'utf8')) as {
  expected: Record<string, number>;
  draws: number[][];
};

/** Interleave per-parameter chains into iteration-major rows (iterations x P), as the DrawStore holds them. */
function rowMajor(params: Float64Array[][], chain: number, n: number, capacity = n): Float64Array {
  const P = params.length;
  const out = new Float64Array(capacity * P);
  for (let i = 0; i < n; i++) for (let j = 0; j < P; j++) out[i * P + j] = params[j][chain][i];
  return out;
}

describe('quantileKey', () => {
  it("names quantiles like posterior: 'q' + 100 p without trailing zeros", () => {
    expect(quantileKey(0.05)).toBe('q5');
    expect(quantileKey(0.95)).toBe('q95');
    expect(quantileKey(0.025)).toBe('q2.5');
    expect(quantileKey(0.5)).toBe('q50');
    expect(quantileKey(0.07)).toBe('q7');
    expect(quantileKey(0.001)).toBe('q0.1');
  });
});

describe('summariseParameter', () => {
  it('reproduces posterior for mean, sd, median, mad, 5% and 95% quantiles, R-hat, ESS and MCSE', () => {
    const chains = fixture.draws.map((d) => Float64Array.from(d));
    const row = summariseParameter('mu', chains);
    const e = fixture.expected;
    const rel = (a: number | null, b: number) => Math.abs((a as number) - b) / Math.abs(b);
    expect(row.name).toBe('mu');
    expect(rel(row.mean, e.mean)).toBeLessThan(1e-12);
    expect(rel(row.sd, e.sd)).toBeLessThan(1e-12);
    expect(rel(row.median, e.median)).toBeLessThan(1e-12);
    expect(rel(row.mad, e.mad)).toBeLessThan(1e-12);
    expect(Object.keys(row.quantiles)).toEqual(['q5', 'q95']);
    expect(rel(row.quantiles.q5, e.quantile_05)).toBeLessThan(1e-12);
    expect(rel(row.quantiles.q95, e.quantile_95)).toBeLessThan(1e-12);
    expect(rel(row.rhat, e.rhat)).toBeLessThan(1e-8);
    expect(rel(row.ess_bulk, e.ess_bulk)).toBeLessThan(1e-8);
    expect(rel(row.ess_tail, e.ess_tail)).toBeLessThan(1e-8);
    expect(rel(row.mcse_mean, e.mcse_mean)).toBeLessThan(1e-8);
  });

  it('reports the quantiles asked for', () => {
    const row = summariseParameter('x', ar1Chains(2, 100, 0.2), [0.025, 0.5, 0.975]);
    expect(Object.keys(row.quantiles)).toEqual(['q2.5', 'q50', 'q97.5']);
    expect(row.quantiles.q50).toBe(row.median);
  });

  it('gives NaN statistics and null diagnostics for a parameter with a NaN draw (posterior: NA)', () => {
    const chains = ar1Chains(2, 100, 0.2);
    chains[0][10] = NaN;
    const row = summariseParameter('x', chains);
    expect(row.mean).toBeNaN();
    expect(row.quantiles.q5).toBeNaN();
    expect([row.rhat, row.ess_bulk, row.ess_tail, row.mcse_mean]).toEqual([null, null, null, null]);
  });
});

describe('summariseDraws', () => {
  const P = 3;
  const params = [ar1Chains(3, 60, 0.1, 1), ar1Chains(3, 60, 0.6, 2), ar1Chains(3, 60, 0.9, 3)];
  const names = ['b_Intercept', 'sigma', 'r_g[1,Intercept]'];

  it('gives, for every parameter, the same row as summariseParameter on that parameter', () => {
    const chains = [0, 1, 2].map((c) => rowMajor(params, c, 60));
    const rows = summariseDraws({ names, chains, nIterations: [60, 60, 60] });
    expect(rows).toHaveLength(P);
    rows.forEach((row, j) => expect(row).toEqual(summariseParameter(names[j], params[j])));
  });

  it('uses the shortest chain while chains are still streaming (and ignores unused capacity)', () => {
    const chains = [0, 1, 2].map((c) => rowMajor(params, c, 60, 100));
    const rows = summariseDraws({ names, chains, nIterations: [60, 45, 52] });
    const trimmed = params[1].map((c) => c.subarray(0, 45));
    expect(rows[1]).toEqual(summariseParameter('sigma', trimmed));
    expect(rows[1].mean).toBeCloseTo(mean(Float64Array.from(trimmed.flatMap((c) => Array.from(c)))), 14);
  });

  it('matches the one-quantity functions', () => {
    const chains = [0, 1, 2].map((c) => rowMajor(params, c, 60));
    const [row] = summariseDraws({ names, chains, nIterations: [60, 60, 60] });
    const x = params[0];
    expect(row.rhat).toBe(rhat(x));
    expect(row.ess_bulk).toBe(essBulk(x));
    expect(row.ess_tail).toBe(essTail(x));
    expect(row.mcse_mean).toBe(mcseMean(x));
    expect(row.sd).toBe(sd(Float64Array.from(x.flatMap((c) => Array.from(c)))));
  });

  it('summarised block by block (as the CLI does on its threads), gives the same rows', () => {
    const chains = [0, 1, 2].map((c) => rowMajor(params, c, 60, 70));
    const probs = [0.025, 0.05, 0.95, 0.975];
    const all = summariseDraws({ names, chains, nIterations: [60, 60, 60] }, probs);
    const first = summariseParameterMajor(names.slice(0, 1), parameterMajorDraws(chains, 60, P, 0, 1), 3, 60, probs);
    const rest = summariseParameterMajor(names.slice(1), parameterMajorDraws(chains, 60, P, 1, 2), 3, 60, probs);
    expect([...first, ...rest]).toEqual(all);
    // parameter-major layout: parameter j's draws, chain after chain
    const block = parameterMajorDraws(chains, 60, P, 1, 2);
    expect(Array.from(block.subarray(60 * 3 + 60, 60 * 3 + 120))).toEqual(Array.from(params[2][1]));
    expect(() => summariseParameterMajor(names, block, 3, 60)).toThrow(/3 parameters x 3 chains x 60 iterations need 540 values, got 360/);
  });

  it('explains bad input: mismatched counts, too-short chains, no draws yet', () => {
    const chains = [0, 1, 2].map((c) => rowMajor(params, c, 60));
    expect(() => summariseDraws({ names, chains, nIterations: [60, 60] })).toThrow(/3 chains but 2 iteration counts/);
    expect(() => summariseDraws({ names, chains, nIterations: [60, 61, 60] })).toThrow(/chain 2 holds 180 values/);
    expect(() => summariseDraws({ names, chains, nIterations: [60, 0, 60] })).toThrow(/no draws yet/);
    expect(() => summariseDraws({ names, chains: [], nIterations: [] })).toThrow(/no chains/);
  });
});
