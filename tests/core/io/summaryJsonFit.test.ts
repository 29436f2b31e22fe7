import { describe, expect, it } from 'vitest';
import { summariseFit } from '../../../src/core/io/summaryJsonFit';

/** A chain of n draws of one parameter (a deterministic wiggle) with given stats per draw. */
function chain(n: number, shift: number, divergentAt: number[], treedepth: (i: number) => number) {
  const draws = new Float64Array(n);
  const stats = new Float64Array(n * 7);
  for (let i = 0; i < n; i++) {
    draws[i] = Math.sin(i * 1.7 + shift) + shift * 0.01;
    stats[i * 7 + 3] = treedepth(i);
    stats[i * 7 + 5] = divergentAt.includes(i) ? 1 : 0;
    stats[i * 7 + 6] = Math.cos(i * 0.9 + shift) * 3;
  }
  return { draws, stats, nDraws: n };
}

describe('summariseFit', () => {
  it('counts divergences and max-treedepth hits over the chains and gives one E-BFMI per chain', () => {
    const fit = summariseFit({ outputNames: ['mu'], chains: [
      chain(100, 0, [3, 50], () => 4), chain(100, 1, [7], (i) => (i < 10 ? 10 : 3)),
    ] }, { maxTreedepth: 10 });
    expect(fit.divergences).toBe(3);
    expect(fit.treedepthHits).toBe(10);
    expect(fit.ebfmi).toHaveLength(2);
    expect(fit.ebfmi.every((e) => e > 0)).toBe(true);
    expect(fit.rows.map((r) => r.name)).toEqual(['mu']);
    expect(Object.keys(fit.rows[0].quantiles)).toEqual(['q2.5', 'q5', 'q95', 'q97.5']);
    expect(fit.warnings.some((w) => /divergent/i.test(w))).toBe(true);
  });

  it('cuts chains of unequal length (a stopped run) to the shortest', () => {
    const fit = summariseFit({ outputNames: ['mu'], chains: [chain(100, 0, [90], () => 3), chain(60, 1, [], () => 3)] },
      { maxTreedepth: 10 });
    expect(fit.divergences).toBe(0); // draw 90 of chain 1 is past the cut
  });

  it('refuses an empty fit', () => {
    expect(() => summariseFit({ outputNames: ['mu'], chains: [] }, { maxTreedepth: 10 })).toThrow(/no chains/);
  });
});
