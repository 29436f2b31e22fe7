import { quantileSorted } from './quantileSorted';

export interface PpcCounts {
  /** Distinct integer values (ascending) seen in y or any yrep. */
  values: Float64Array;
  /** Observed count per value. */
  observed: Float64Array;
  /** Replicated count per value: lower quantile, median, upper quantile over the yrep datasets. */
  lo: Float64Array;
  median: Float64Array;
  hi: Float64Array;
}

/**
 * Counts of each outcome value in y and in every replicated dataset, summarised per value by the
 * median and a central interval (default 90%) across replications (bayesplot::ppc_bars).
 */
export function ppcCounts(y: Float64Array, yrep: readonly Float64Array[], interval = 0.9): PpcCounts {
  if (!(interval > 0 && interval < 1)) throw new Error(`ppcCounts: interval must be in (0, 1), got ${interval}`);
  if (yrep.length === 0) throw new Error('ppcCounts: needs at least one replicated dataset in yrep');
  const all = new Set<number>();
  const check = (arr: Float64Array, what: string) => {
    for (let i = 0; i < arr.length; i++) {
      if (!Number.isInteger(arr[i])) {
        throw new Error(`ppcCounts: ${what}[${i}] = ${arr[i]} is not an integer; use the density PPC for continuous outcomes`);
      }
      all.add(arr[i]);
    }
  };
  check(y, 'y');
  yrep.forEach((r, s) => check(r, `yrep[${s}]`));
  const values = Float64Array.from([...all].sort((a, b) => a - b));
  const index = new Map<number, number>();
  values.forEach((v, i) => index.set(v, i));
  const k = values.length;
  const observed = new Float64Array(k);
  for (let i = 0; i < y.length; i++) observed[index.get(y[i])!]++;
  const S = yrep.length;
  const perValue = Array.from({ length: k }, () => new Float64Array(S));
  yrep.forEach((r, s) => {
    for (let i = 0; i < r.length; i++) perValue[index.get(r[i])!][s]++;
  });
  const lo = new Float64Array(k);
  const median = new Float64Array(k);
  const hi = new Float64Array(k);
  const tail = (1 - interval) / 2;
  for (let v = 0; v < k; v++) {
    const sorted = perValue[v].sort();
    lo[v] = quantileSorted(sorted, tail);
    median[v] = quantileSorted(sorted, 0.5);
    hi[v] = quantileSorted(sorted, 1 - tail);
  }
  return { values, observed, lo, median, hi };
}
