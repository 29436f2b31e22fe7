import { describe, expect, it } from 'vitest';
import {
  concatPointwise, looFromPointwise, looSummaryJson, psisLoo, psisLooMatrix, psisLooPointwise, type LogLikSource,
} from '../../../src/core/loo/loo';
import { fixtures, logLikOf } from './fixtures';

const c = fixtures.cases.outliers;
const ll = logLikOf(c);
const S = c.chains * c.n_iter;
const dims = { nObs: c.n_obs, nChains: c.chains, nIterations: c.n_iter };

function recordingSource(): LogLikSource & { calls: [number, number, number][] } {
  const calls: [number, number, number][] = [];
  return {
    ...dims,
    calls,
    fill(i0, i1, out) {
      calls.push([i0, i1, out.length]);
      out.set(ll.subarray(i0 * S, i1 * S));
    },
  };
}

describe('psisLoo through the chunked interface', () => {
  const whole = psisLooMatrix(ll, dims);
  for (const chunkSize of [1, 5, 12, 256]) {
    it(`chunks of ${chunkSize}: the same pointwise values, each observation filled once, buffer of chunk x S`, () => {
      const src = recordingSource();
      const r = psisLoo(src, { chunkSize });
      expect(Array.from(r.pointwise.elpdLoo)).toEqual(Array.from(whole.pointwise.elpdLoo));
      expect(Array.from(r.pointwise.paretoK)).toEqual(Array.from(whole.pointwise.paretoK));
      const covered = src.calls.flatMap(([i0, i1]) => Array.from({ length: i1 - i0 }, (_, j) => i0 + j));
      expect(covered).toEqual(Array.from({ length: c.n_obs }, (_, i) => i));
      for (const [, , len] of src.calls) expect(len).toBe(Math.min(chunkSize, c.n_obs) * S);
    });
  }
  it('reports progress after each chunk', () => {
    const seen: number[] = [];
    psisLoo(recordingSource(), { chunkSize: 5, onProgress: (done, total) => { seen.push(done); expect(total).toBe(12); } });
    expect(seen).toEqual([5, 10, 12]);
  });
  it('uses a given r_eff (1 = loo without r_eff) instead of the chains', () => {
    const r = psisLooMatrix(ll, dims, { rEff: 1 });
    expect(Array.from(r.pointwise.rEff)).toEqual(new Array(12).fill(1));
    expect(() => psisLooMatrix(ll, dims, { rEff: [1, 2] })).toThrow("'r_eff' must have one value per observation: got 2 values for 12 observations");
    expect(() => psisLooMatrix(ll, dims, { rEff: NaN })).toThrow("'r_eff' of observation 1 is NaN");
  });
  it('summary JSON as issue 20 specifies', () => {
    const j = looSummaryJson(whole);
    expect(Object.keys(j)).toEqual(['elpd_loo', 'se_elpd_loo', 'p_loo', 'se_p_loo', 'looic', 'se_looic', 'pareto_k']);
    expect(j.pareto_k).toEqual({ good: 7, ok: 2, bad: 1, very_bad: 2 });
    expect(j.elpd_loo).toBeCloseTo(c.estimates.elpd_loo, 8);
  });
});

describe('psisLoo input checks', () => {
  it('names the observation with a non-finite log-likelihood', () => {
    const bad = ll.slice();
    bad[3 * S + 17] = -Infinity;
    expect(() => psisLooMatrix(bad, dims)).toThrow(/observation 4 is not finite/);
    bad[3 * S + 17] = NaN;
    expect(() => psisLooMatrix(bad, dims)).toThrow(/observation 4 is not finite/);
  });
  it('checks the matrix size and the dimensions', () => {
    expect(() => psisLooMatrix(ll.subarray(1), dims)).toThrow(/expected 12 observations x 4000 draws/);
    expect(() => psisLoo({ ...dims, nIterations: 1, fill: () => undefined })).toThrow(/at least 2 draws per chain/);
    expect(() => psisLoo({ ...dims, nObs: 0, fill: () => undefined })).toThrow(/nObs must be a positive integer/);
  });
});

describe('observation ranges (one per worker) joined', () => {
  it('psisLooPointwise on [0, 5) and [5, 12), concatenated, gives psisLoo', () => {
    const src = recordingSource();
    const parts = [psisLooPointwise(src, 0, 5, { chunkSize: 2 }), psisLooPointwise(src, 5, 12)];
    const joined = looFromPointwise(concatPointwise(parts), S);
    const whole = psisLooMatrix(ll, dims);
    expect(Array.from(joined.pointwise.paretoK)).toEqual(Array.from(whole.pointwise.paretoK));
    expect(joined.elpdLoo).toEqual(whole.elpdLoo);
    expect(joined.paretoK).toEqual(whole.paretoK);
    expect(src.calls.map(([i0, i1]) => [i0, i1])).toEqual([[0, 2], [2, 4], [4, 5], [5, 12]]);
    expect(() => psisLooPointwise(src, 5, 13)).toThrow('observation range [5, 13) is not within [0, 12)');
  });
  it('names the observation in errors of a later range', () => {
    const bad = ll.slice();
    bad[9 * S] = NaN;
    expect(() => psisLooPointwise({ ...dims, fill: (i0, i1, out) => out.set(bad.subarray(i0 * S, i1 * S)) }, 5, 12)).toThrow(/observation 10 is not finite/);
  });
});
