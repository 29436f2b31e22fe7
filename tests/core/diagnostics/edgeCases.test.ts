import { describe, expect, it } from 'vitest';
import {
  rhat, rhatBasic, essBulk, essTail, essBasic, essMean, essSd, essQuantile, mcseMean, mcseSd, mcseQuantile,
  summariseParameter,
} from '../../../src/core/diagnostics';
import { ar1Chains } from './helpers';

const all = (chains: Float64Array[]) => ({
  rhat: rhat(chains), rhatBasic: rhatBasic(chains), essBulk: essBulk(chains), essTail: essTail(chains),
  essBasic: essBasic(chains), essMean: essMean(chains), essSd: essSd(chains), essQ: essQuantile(chains, 0.5),
  mcseMean: mcseMean(chains), mcseSd: mcseSd(chains), mcseQ: mcseQuantile(chains, 0.95),
});

describe('validity gate: undefined diagnostics are null, as posterior gives NA', () => {
  it('constant draws give null for every diagnostic', () => {
    const chains = [new Float64Array(50).fill(2), new Float64Array(50).fill(2)];
    for (const [name, value] of Object.entries(all(chains))) expect(value, name).toBeNull();
  });

  it('values closer than machine epsilon (absolute) count as constant', () => {
    const chains = [Float64Array.from({ length: 20 }, (_, i) => 1e-17 * i)];
    expect(essMean(chains)).toBeNull();
    expect(rhatBasic(chains)).toBeNull();
  });

  it('a NaN draw anywhere gives null for every diagnostic', () => {
    const chains = ar1Chains(2, 100, 0.2, 4);
    chains[1][37] = NaN;
    for (const [name, value] of Object.entries(all(chains))) expect(value, name).toBeNull();
  });

  it('an infinite draw makes moment-based diagnostics null; rank-based R-hat and bulk-ESS stay defined as in posterior', () => {
    const chains = ar1Chains(2, 100, 0.2, 4);
    chains[0][3] = Infinity;
    expect(essMean(chains)).toBeNull();
    expect(mcseMean(chains)).toBeNull();
    expect(essTail(chains)).toBeNull();
    expect(rhat(chains)).not.toBeNull();
    expect(essBulk(chains)).not.toBeNull();
  });

  it('fewer than 4 draws per chain leave R-hat and ESS undefined (split chains of one draw)', () => {
    for (const n of [1, 2, 3]) {
      const chains = ar1Chains(4, n, 0, n);
      const r = all(chains);
      expect(r.rhat, `n=${n}`).toBeNull();
      expect(r.essBulk, `n=${n}`).toBeNull();
      expect(r.mcseMean, `n=${n}`).toBeNull();
    }
  });

  it('4 or 5 draws per chain define R-hat but not ESS (split chains of 2 draws; ESS needs 3)', () => {
    for (const n of [4, 5]) {
      const chains = ar1Chains(4, n, 0, 10 + n);
      expect(rhat(chains)).toBeGreaterThan(0);
      expect(essBulk(chains)).toBeNull();
    }
  });
});

describe('degenerate but defined cases', () => {
  it('a single chain is split into two halves, so R-hat is defined', () => {
    const chains = ar1Chains(1, 200, 0.3, 8);
    expect(rhat(chains)).toBeGreaterThan(0.9);
    expect(essBulk(chains)).toBeGreaterThan(0);
  });

  it('an odd number of draws drops the middle draw of every chain', () => {
    const chains = ar1Chains(3, 101, 0.3, 2);
    const moved = chains.map((c) => Float64Array.from(c));
    for (const c of moved) c[50] = 1e6; // the dropped middle draw does not enter split diagnostics
    expect(rhatBasic(moved)).toBe(rhatBasic(chains));
    expect(essMean(moved)).toBe(essMean(chains));
  });

  it('a chain stuck at one value inflates R-hat (through the folded part) while the others mix', () => {
    const chains = ar1Chains(4, 500, 0.1, 3);
    chains[2].fill(0.3);
    expect(rhat(chains) as number).toBeGreaterThan(1.1);
    expect(rhatBasic(chains) as number).toBeLessThan(rhat(chains) as number);
  });

  it('chains stuck at different constants have infinite R-hat (zero within-chain variance), as in posterior', () => {
    const stuck = (v: number) => new Float64Array(10).fill(v);
    expect(rhat([stuck(1), stuck(2), stuck(4)])).toBe(Infinity);
    // two constants fold to one constant |x - 1.5| = 0.5: the tail part is NA, so R-hat is NA
    expect(rhat([stuck(1), stuck(2)])).toBeNull();
  });
});

describe('input checks', () => {
  it('rejects chains of unequal length with a message saying how to fix it', () => {
    expect(() => rhat([new Float64Array(10), new Float64Array(9)])).toThrow(/equal length.*chain 2 has 9/);
  });
  it('rejects an empty list of chains and non-Float64Array chains', () => {
    expect(() => essBulk([])).toThrow(/at least one chain/);
    expect(() => essBulk([[1, 2, 3] as unknown as Float64Array])).toThrow(/not a Float64Array/);
  });
  it('rejects quantile probabilities outside [0, 1]', () => {
    expect(() => essQuantile(ar1Chains(2, 10, 0), 1.2)).toThrow(/between 0 and 1/);
    expect(() => mcseQuantile(ar1Chains(2, 10, 0), -0.1)).toThrow(/between 0 and 1/);
    expect(() => summariseParameter('x', ar1Chains(2, 10, 0), [0.5, 2])).toThrow(/between 0 and 1/);
  });
});

describe('diagnosticUndefined (the one gate)', () => {
  it('flags too few iterations or chains, non-finite and constant values, and nothing else', async () => {
    const { diagnosticUndefined } = await import('../../../src/core/diagnostics');
    const x = (values: number[], chains: number) => ({ values: Float64Array.from(values), chains, iterations: values.length / chains });
    expect(diagnosticUndefined(x([1, 2, 3, 4, 5, 6], 2), 3)).toBe(false);
    expect(diagnosticUndefined(x([1, 2, 3, 4], 2), 3)).toBe(true);
    expect(diagnosticUndefined(x([1, 2, 3, 4], 1), 2, 2)).toBe(true);
    expect(diagnosticUndefined(x([1, 2, NaN, 4, 5, 6], 2), 3)).toBe(true);
    expect(diagnosticUndefined(x([1, 2, -Infinity, 4, 5, 6], 2), 3)).toBe(true);
    expect(diagnosticUndefined(x([7, 7, 7, 7, 7, 7], 2), 3)).toBe(true);
  });
});

describe('a NaN in the middle draw of an odd-length chain (dropped by the split)', () => {
  it('leaves split-only diagnostics defined and makes those using all draws NA, as in posterior', () => {
    const chains = ar1Chains(2, 51, 0.2, 21);
    chains[1][25] = NaN;
    expect(essBulk(chains)).not.toBeNull(); // z_scale(split(x)) never sees the NaN
    expect(essMean(chains)).not.toBeNull();
    expect(rhatBasic(chains)).not.toBeNull();
    expect(rhat(chains)).toBeNull(); // the fold uses median(x), which is NA
    expect(mcseMean(chains)).toBeNull(); // sd(x) is NA
    expect(essQuantile(chains, 0.5)).toBeNull(); // gated on all draws first
    const row = summariseParameter('x', chains);
    expect(row.ess_bulk).toBe(essBulk(chains));
    expect(row.rhat).toBeNull();
    expect(row.mcse_mean).toBeNull();
  });
});
