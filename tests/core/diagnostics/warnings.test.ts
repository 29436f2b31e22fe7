import { describe, expect, it } from 'vitest';
import type { SummaryRow } from '../../../src/core/types';
import { samplerWarnings, listNames, formatShare, type SamplerWarningsInput } from '../../../src/core/diagnostics';

function row(name: string, rhat: number | null = 1.001, essBulk: number | null = 3000, essTail: number | null = 3000, meanValue = 0): SummaryRow {
  return { name, mean: meanValue, sd: 1, median: 0, mad: 1, quantiles: { q5: -1.6, q95: 1.6 }, rhat, ess_bulk: essBulk, ess_tail: essTail, mcse_mean: 0.02 };
}

const healthy: SamplerWarningsInput = {
  summary: [row('b_Intercept'), row('b_Days'), row('sigma')],
  chains: 4, divergent: 0, iterations: 1000, treedepthHits: 0, maxTreedepth: 10, ebfmi: [0.9, 1.1, 0.8, 1.0],
};

describe('samplerWarnings', () => {
  it('is empty for a healthy fit', () => {
    expect(samplerWarnings(healthy)).toEqual([]);
  });

  it('reports divergences with their count, share and the remedy', () => {
    const [w] = samplerWarnings({ ...healthy, divergent: 12 });
    expect(w.kind).toBe('divergences');
    expect(w.severity).toBe('warning');
    expect(w.message).toMatch(/^12 divergent transitions after warmup \(0\.3% of 4,000\)/);
    expect(w.message).toMatch(/regions the sampler cannot explore/);
    expect(w.message).toMatch(/--adapt-delta 0\.95/);
    expect(w.message).toMatch(/stronger priors/);
    expect(samplerWarnings({ ...healthy, divergent: 1 })[0].message).toMatch(/^1 divergent transition after/);
  });

  it('reports maximum tree depth hits as an efficiency note with the limit and a remedy', () => {
    const [w] = samplerWarnings({ ...healthy, treedepthHits: 40 });
    expect(w.kind).toBe('treedepth');
    expect(w.severity).toBe('info');
    expect(w.message).toMatch(/40 transitions \(1\.0%\) hit the maximum tree depth of 10/);
    expect(w.message).toMatch(/--max-treedepth 12/);
  });

  it('reports chains with E-BFMI below 0.3 by number and value, ignoring undefined (NaN) values', () => {
    const [w] = samplerWarnings({ ...healthy, ebfmi: [0.9, 0.21, NaN, 0.299] });
    expect(w.kind).toBe('ebfmi');
    expect(w.chains).toEqual([2, 4]);
    expect(w.message).toMatch(/E-BFMI is below 0\.3 in chains 2 \(0\.21\) and 4 \(0\.29\)/);
    expect(w.message).toMatch(/more informative priors/);
    expect(samplerWarnings({ ...healthy, ebfmi: [0.3, 0.5, 0.5, 0.5] })).toEqual([]);
  });

  it('reports R-hat at or above 1.01, worst first, listing three names and "and N more"', () => {
    const summary = [row('a', 1.0099), row('b', 1.01), row('c', 1.2), row('d', 1.05), row('e', 1.02), row('f', 1.03), row('g', null)];
    const [w] = samplerWarnings({ ...healthy, summary });
    expect(w.kind).toBe('rhat');
    expect(w.parameters).toEqual(['c', 'd', 'f', 'e', 'b']);
    expect(w.message).toMatch(/R-hat is 1\.01 or higher for 5 parameters: c \(1\.20\), d \(1\.050\), f \(1\.030\) and 2 more\./);
    expect(w.message).toMatch(/have not converged/);
    expect(w.message).toMatch(/more iterations/);
  });

  it('reports bulk and tail ESS below 100 per chain (400 for 4 chains), lowest first', () => {
    const summary = [row('a', 1, 399.6, 3000), row('b', 1, 400, 3000), row('c', 1, 150, 120), row('d', 1, null, null)];
    const warnings = samplerWarnings({ ...healthy, summary });
    const bulk = warnings.find((w) => w.kind === 'ess_bulk');
    const tail = warnings.find((w) => w.kind === 'ess_tail');
    expect(bulk?.parameters).toEqual(['c', 'a']);
    expect(bulk?.message).toMatch(/Bulk effective sample size is below 100 per chain \(400 over 4 chains\) for 2 parameters: c \(150\) and a \(399\)/);
    expect(bulk?.message).toMatch(/means and medians/);
    expect(tail?.parameters).toEqual(['c']);
    expect(tail?.message).toMatch(/Tail effective sample size is below 100 per chain \(400 over 4 chains\) for 1 parameter: c \(120\)/);
    expect(tail?.message).toMatch(/credible interval/);
  });

  it('scales the ESS threshold with the number of chains', () => {
    const summary = [row('a', 1, 250, 250)];
    expect(samplerWarnings({ ...healthy, chains: 2, ebfmi: [1, 1], summary })).toEqual([]);
    expect(samplerWarnings({ ...healthy, chains: 3, ebfmi: [1, 1, 1], summary }).map((w) => w.kind)).toEqual(['ess_bulk', 'ess_tail']);
  });

  it('reports parameters with NaN or infinite draws as an error', () => {
    const [w] = samplerWarnings({ ...healthy, summary: [row('x', null, null, null, NaN), row('y')] });
    expect(w.kind).toBe('nonfinite');
    expect(w.severity).toBe('error');
    expect(w.parameters).toEqual(['x']);
    expect(w.message).toMatch(/1 parameter has NaN or infinite draws: x/);
  });

  it('orders several warnings with the most serious first', () => {
    const kinds = samplerWarnings({
      ...healthy, divergent: 3, treedepthHits: 2, ebfmi: [0.1, 1, 1, 1],
      summary: [row('a', 1.1, 50, 50)],
    }).map((w) => w.kind);
    expect(kinds).toEqual(['divergences', 'rhat', 'ess_bulk', 'ess_tail', 'ebfmi', 'treedepth']);
  });

  it('rejects impossible counts with a specific message', () => {
    expect(() => samplerWarnings({ ...healthy, divergent: 5000 })).toThrow(/divergent .* between 0 and 4000/);
    expect(() => samplerWarnings({ ...healthy, chains: 0 })).toThrow(/chains must be a positive integer/);
    expect(() => samplerWarnings({ ...healthy, ebfmi: [1, 1, 1, 1, 1] })).toThrow(/5 E-BFMI values for 4 chains/);
  });
});

describe('message helpers', () => {
  it('lists a few names, then "and N more"', () => {
    expect(listNames(['a'])).toBe('a');
    expect(listNames(['a', 'b'])).toBe('a and b');
    expect(listNames(['a', 'b', 'c'])).toBe('a, b and c');
    expect(listNames(['a', 'b', 'c', 'd', 'e'])).toBe('a, b, c and 2 more');
  });
  it('formats shares readably', () => {
    expect(formatShare(0.003)).toBe('0.3%');
    expect(formatShare(0.25)).toBe('25%');
    expect(formatShare(0.0004)).toBe('0.04%');
  });
});
