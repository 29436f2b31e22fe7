// Auto-stop (issue 23): the rule fed with draws as they "arrive", every few draws per chain.
import { describe, expect, it } from 'vitest';
import {
  CHECK_EVERY, DEFAULT_CONVERGENCE_RULE, convergenceChecks, convergenceVerdict,
} from '../../../src/core/diagnostics/autoStop';
import { createChainRng } from '../../../src/core/sampler/rng';

/** The first check (n draws per chain) at which the rule says stop, or null; `at` lists the checks. */
function firstStop(names: string[], chains: Float64Array[], at: number[]): number | null {
  for (const n of at) {
    if (convergenceVerdict(convergenceChecks(names, chains, n), chains.length, chains.length).converged) return n;
  }
  return null;
}
const every = (step: number, from: number, to: number) => Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

/** Pooled mean and share above 0 of parameter j over the first n draws of each chain. */
function pooled(chains: Float64Array[], n: number, P = 1, j = 0) {
  let s = 0;
  let pos = 0;
  for (const c of chains) for (let i = 0; i < n; i++) { s += c[i * P + j]; if (c[i * P + j] > 0) pos++; }
  return { mean: s / (n * chains.length), above0: pos / (n * chains.length) };
}

describe('convergenceVerdict', () => {
  it('stops on well-mixed chains once R-hat < 1.01 and both ESS > 400, not before', () => {
    const chains = [1, 2, 3, 4].map((c) => { const r = createChainRng(1, c); return Float64Array.from({ length: 1000 }, () => r.normal()); });
    const n = firstStop(['x'], chains, every(CHECK_EVERY, CHECK_EVERY, 1000));
    expect(n).not.toBeNull();
    expect(n!).toBeLessThan(1000); // long before the requested 1000
    // 4 chains of independent draws: ESS is about 4n, so not before 100 draws per chain
    expect(n!).toBeGreaterThanOrEqual(100);
    const rows = convergenceChecks(['x'], chains, n!);
    expect(rows[0].rhat!).toBeLessThan(1.01);
    expect(rows[0].ess_bulk!).toBeGreaterThan(400);
    expect(rows[0].ess_tail!).toBeGreaterThan(400);
    expect(convergenceVerdict(convergenceChecks(['x'], chains, n! - CHECK_EVERY), 4, 4).converged).toBe(false);
  });

  it('leaves out a quantity fixed in every draw (brms\'s disc = 1), which has no R-hat', () => {
    // two columns per draw: x (independent normal draws) and disc = 1
    const chains = [1, 2, 3, 4].map((c) => { const r = createChainRng(1, c); return Float64Array.from({ length: 2000 }, (_, i) => (i % 2 === 0 ? r.normal() : 1)); });
    const rows = convergenceChecks(['x', 'disc'], chains, 1000);
    expect(rows.map((r) => r.name)).toEqual(['x']);
    expect(firstStop(['x', 'disc'], chains, every(CHECK_EVERY, CHECK_EVERY, 1000))).not.toBeNull();
  });

  it('does not stop early on a bimodal target whose second mode the chains find late', () => {
    // Mixture 0.5 N(-3, 1) + 0.5 N(3, 1) explored by chains that all start in the left mode and
    // switch modes with probability 0.004 per iteration (a sticky sampler): the first draws sit in
    // one mode and look like a converged unimodal posterior (R-hat near 1, ESS in the hundreds).
    const chains = [1, 2, 3, 4].map((c) => {
      const r = createChainRng(2, c);
      let mode = -3;
      return Float64Array.from({ length: 20000 }, () => { if (r.uniform() < 0.004) mode = -mode; return mode + r.normal(); });
    });
    const early = convergenceChecks(['x'], chains, CHECK_EVERY)[0];
    expect(early.rhat!).toBeLessThan(1.05);
    expect(early.ess_bulk!).toBeGreaterThan(200);
    expect(pooled(chains, CHECK_EVERY).mean).toBeLessThan(-2); // ... but all in the left mode
    const n = firstStop(['x'], chains, [...every(CHECK_EVERY, CHECK_EVERY, 2000), ...every(500, 2500, 20000)]);
    expect(n).not.toBeNull();
    expect(n!).toBeGreaterThan(5000);
    // When it stops, both modes are represented as they should be: mean 0, half the mass above 0.
    const at = pooled(chains, n!);
    expect(Math.abs(at.mean)).toBeLessThan(0.5);
    expect(Math.abs(at.above0 - 0.5)).toBeLessThan(0.1);
  });

  it('does not stop while a chain sticks in a funnel\'s neck: R-hat and bulk ESS pass, tail ESS does not', () => {
    // A centred funnel: a chain that enters the neck (log scale around -2) sticks there for 40
    // iterations, twice. Independent draws otherwise.
    const chains = [1, 2, 3, 4].map((c) => {
      const r = createChainRng(5, c);
      const a = Float64Array.from({ length: 1000 }, () => r.normal());
      for (const at of [150 + 40 * c, 550 + 30 * c]) {
        const v = -2 - 0.3 * r.uniform();
        for (let i = 0; i < 40; i++) a[at + i] = v + 0.05 * r.normal();
      }
      return a;
    });
    const [row] = convergenceChecks(['log_tau'], chains, 1000);
    expect(row.rhat!).toBeLessThan(1.01);
    expect(row.ess_bulk!).toBeGreaterThan(400);
    expect(row.ess_tail!).toBeLessThan(400);
    expect(convergenceVerdict([row], 4, 4)).toEqual({ converged: false, failing: 1, first: `log_tau: tail ESS ${Math.round(row.ess_tail!)}` });
  });

  it('needs every reported parameter and every chain of the run', () => {
    const good = { name: 'b_Intercept', rhat: 1.001, ess_bulk: 1500, ess_tail: 1200 };
    expect(convergenceVerdict([good], 4, 4).converged).toBe(true);
    expect(convergenceVerdict([good, { name: 'sigma', rhat: 1.02, ess_bulk: 900, ess_tail: 800 }], 4, 4))
      .toEqual({ converged: false, failing: 1, first: 'sigma: R-hat 1.020' });
    expect(convergenceVerdict([good, { name: 'sd_g', rhat: null, ess_bulk: null, ess_tail: null }], 4, 4).converged).toBe(false);
    // Two chains of four sampling (the others queued) are not enough, however good they look.
    expect(convergenceVerdict([good], 2, 4)).toMatchObject({ converged: false, first: '2 of 4 chains have no post-warmup draws yet' });
    expect(convergenceVerdict([good], 4, 4, { ...DEFAULT_CONVERGENCE_RULE, essAbove: 2000 }).converged).toBe(false);
    expect(() => convergenceVerdict([good], 4, 4, { rhatBelow: 1.01, essAbove: 0 })).toThrow(/ESS target/);
  });

  it('convergenceChecks gives the summary rows\' R-hat and ESS of the first n draws (iteration-major chains)', async () => {
    const { summariseParameter } = await import('../../../src/core/diagnostics/summary');
    const chains = [1, 2].map((c) => { const r = createChainRng(7, c); return Float64Array.from({ length: 2 * 300 }, () => r.normal()); });
    const rows = convergenceChecks(['a', 'b'], chains, 200);
    const b = summariseParameter('b', chains.map((c) => Float64Array.from({ length: 200 }, (_, i) => c[2 * i + 1])));
    expect(rows[1]).toEqual({ name: 'b', rhat: b.rhat, ess_bulk: b.ess_bulk, ess_tail: b.ess_tail });
  });
});
