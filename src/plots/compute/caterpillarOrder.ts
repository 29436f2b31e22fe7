import type { IntervalRow } from '../types';

/**
 * Row order for a caterpillar plot: indices of `rows` by ascending posterior mean (ties by label),
 * after checking each row is finite with lo90 <= lo50 <= hi50 <= hi90.
 */
export function caterpillarOrder(rows: readonly IntervalRow[], descending = false): Int32Array {
  rows.forEach((r, i) => {
    const fields: (keyof IntervalRow)[] = ['mean', 'lo90', 'hi90', 'lo50', 'hi50'];
    for (const f of fields) {
      if (!Number.isFinite(r[f] as number)) {
        throw new Error(`caterpillar row ${i + 1} ('${r.label}'): ${f} is ${r[f]}, expected a finite number`);
      }
    }
    if (!(r.lo90 <= r.lo50 && r.lo50 <= r.hi50 && r.hi50 <= r.hi90)) {
      throw new Error(
        `caterpillar row ${i + 1} ('${r.label}'): intervals must nest (lo90 <= lo50 <= hi50 <= hi90), ` +
          `got ${r.lo90}, ${r.lo50}, ${r.hi50}, ${r.hi90}`,
      );
    }
  });
  const order = Int32Array.from(rows.keys());
  const sign = descending ? -1 : 1;
  order.sort((a, b) => sign * (rows[a].mean - rows[b].mean) || (rows[a].label < rows[b].label ? -1 : rows[a].label > rows[b].label ? 1 : 0));
  return order;
}
