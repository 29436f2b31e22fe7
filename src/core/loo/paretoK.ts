/**
 * The Pareto k diagnostic table and its messages, as loo 2.5.1 (`loo::pareto_k_table`,
 * `loo:::k_cut`, `loo:::min_n_eff_by_k`, `print.pareto_k_table`, `loo:::throw_pareto_warnings`)
 * with the advice of its help page `pareto-k-diagnostic`. Classes are loo's right-closed
 * intervals: good (-Inf, 0.5], ok (0.5, 0.7], bad (0.7, 1], very bad (1, Inf] (k = Inf, no tail
 * fitted, is very bad).
 */

export const PARETO_K_CLASSES = ['good', 'ok', 'bad', 'very_bad'] as const;
export type ParetoKClass = (typeof PARETO_K_CLASSES)[number];
/** loo 2.5.1's upper bounds of good, ok and bad. */
export const PARETO_K_THRESHOLDS = { good: 0.5, ok: 0.7, bad: 1 } as const;

export interface ParetoKRow {
  count: number;
  proportion: number;
  /** Smallest PSIS n_eff among the class's observations; null when the class is empty (R: NA). */
  minNEff: number | null;
}
export type ParetoKTable = Record<ParetoKClass, ParetoKRow>;

/** Index into PARETO_K_CLASSES of `loo:::k_cut(k)`; -1 for NaN (R's cut gives NA). */
export function paretoKClassIndex(k: number): number {
  if (Number.isNaN(k)) return -1;
  if (k <= PARETO_K_THRESHOLDS.good) return 0;
  if (k <= PARETO_K_THRESHOLDS.ok) return 1;
  if (k <= PARETO_K_THRESHOLDS.bad) return 2;
  return 3;
}

/** `loo::pareto_k_table`: count, proportion and min n_eff per class. */
export function paretoKTable(k: Float64Array, nEff: Float64Array): ParetoKTable {
  const counts = [0, 0, 0, 0];
  const minNEff = [Infinity, Infinity, Infinity, Infinity];
  let classified = 0;
  for (let i = 0; i < k.length; i++) {
    const c = paretoKClassIndex(k[i]);
    if (c < 0) continue;
    classified++;
    counts[c]++;
    if (nEff[i] < minNEff[c] || Number.isNaN(nEff[i])) minNEff[c] = nEff[i];
  }
  const row = (c: number): ParetoKRow => ({
    count: counts[c],
    proportion: classified > 0 ? counts[c] / classified : NaN,
    minNEff: counts[c] > 0 ? minNEff[c] : null,
  });
  return { good: row(0), ok: row(1), bad: row(2), very_bad: row(3) };
}

/** `loo::pareto_k_ids(x, threshold)`: 0-based indices with k > threshold, worst first. */
export function paretoKIds(k: Float64Array, threshold: number = PARETO_K_THRESHOLDS.good): number[] {
  const ids: number[] = [];
  for (let i = 0; i < k.length; i++) if (k[i] > threshold) ids.push(i);
  return ids.sort((a, b) => k[b] - k[a] || a - b);
}

export interface ParetoKMessage {
  level: 'good' | 'ok' | 'warning';
  /** loo's own sentence (print.pareto_k_table or its warning). */
  text: string;
  /** What to do, from help('pareto-k-diagnostic'); empty when all k are ok. */
  advice: string[];
}

/** loo's summary line for the table and, for k > 0.5 / k > 0.7, its warning and advice. */
export function paretoKMessage(table: ParetoKTable): ParetoKMessage {
  if (table.ok.count + table.bad.count + table.very_bad.count === 0) {
    return { level: 'good', text: 'All Pareto k estimates are good (k < 0.5).', advice: [] };
  }
  if (table.bad.count + table.very_bad.count === 0) {
    return { level: 'ok', text: 'All Pareto k estimates are ok (k < 0.7).', advice: [] };
  }
  const n = table.bad.count + table.very_bad.count;
  return {
    level: 'warning',
    text: 'Some Pareto k diagnostic values are too high.',
    advice: [
      `${n} observation${n === 1 ? ' has' : 's have'} k > 0.7: the PSIS-LOO estimate for `
        + `${n === 1 ? 'it' : 'them'} is unreliable, as the LOO posterior `
        + 'is too different from the full posterior, which is more likely with a non-robust model '
        + 'and highly influential observations.',
      'Sampling directly from the posterior without the problematic observations, or using '
        + 'k-fold cross-validation, will generally be more stable.',
      'A model that is more robust to anomalous observations (e.g. student instead of gaussian) '
        + 'will generally make approximate LOO-CV more stable.',
      'If k >= 1, neither the variance nor the mean of the raw importance ratios exists; the '
        + 'estimate can be badly biased.',
    ],
  };
}

/** loo's warning when some k are only slightly high (0.5 < k <= 0.7), else null. */
export function paretoKSlightlyHigh(table: ParetoKTable): string | null {
  return table.ok.count > 0 && table.bad.count + table.very_bad.count === 0
    ? 'Some Pareto k diagnostic values are slightly high.'
    : null;
}
