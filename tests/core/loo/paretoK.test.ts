import { describe, expect, it } from 'vitest';
import { paretoKIds, paretoKMessage, paretoKSlightlyHigh, paretoKTable } from '../../../src/core/loo/paretoK';

const table = (k: number[], nEff = k.map((_, i) => 100 + i)) => paretoKTable(Float64Array.from(k), Float64Array.from(nEff));

describe('Pareto k table (loo 2.5.1 thresholds, right-closed)', () => {
  it('k = 0.5 is good, 0.7 ok, 1 bad, above 1 and Inf very bad', () => {
    const t = table([0.5, 0.50001, 0.7, 0.70001, 1, 1.00001, Infinity, -0.2]);
    expect([t.good.count, t.ok.count, t.bad.count, t.very_bad.count]).toEqual([2, 2, 2, 2]);
    expect(t.good.proportion).toBe(0.25);
  });
  it('min n_eff per class, null for an empty class (R: NA)', () => {
    const t = table([0.1, 0.2, 0.9], [300, 250, 12]);
    expect([t.good.minNEff, t.ok.minNEff, t.bad.minNEff, t.very_bad.minNEff]).toEqual([250, null, 12, null]);
  });
  it("loo's sentences: all good, all ok, slightly high, too high with advice", () => {
    expect(paretoKMessage(table([0.1, 0.4])).text).toBe('All Pareto k estimates are good (k < 0.5).');
    expect(paretoKMessage(table([0.1, 0.6])).text).toBe('All Pareto k estimates are ok (k < 0.7).');
    expect(paretoKSlightlyHigh(table([0.1, 0.6]))).toBe('Some Pareto k diagnostic values are slightly high.');
    const m = paretoKMessage(table([0.1, 0.8, 1.4]));
    expect(m.level).toBe('warning');
    expect(m.text).toBe('Some Pareto k diagnostic values are too high.');
    expect(m.advice[0]).toMatch(/^2 observations have k > 0.7/);
    expect(m.advice.join(' ')).toMatch(/k-fold cross-validation/);
    expect(paretoKSlightlyHigh(table([0.1, 0.8]))).toBeNull();
  });
  it('pareto_k_ids: observations above the threshold, worst first', () => {
    expect(paretoKIds(Float64Array.from([0.2, 0.9, 0.6, Infinity, 0.51]))).toEqual([3, 1, 2, 4]);
    expect(paretoKIds(Float64Array.from([0.2, 0.9, 0.6]), 0.7)).toEqual([1]);
  });
});
