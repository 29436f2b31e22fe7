// The pooled post-warmup draws of a few named parameters: every usable chain cut to the common
// length (as fit.ts pooledDraws), but only the columns asked for. Summaries built from a handful of
// parameters (the ICC reads the group sds and sigma) need not copy a model's thousands of group
// coefficients on every refresh while the chains stream.
import type { DrawStore } from '../../client/drawStore';
import { commonDraws, usableChains } from './fit';

export interface PooledColumns {
  names: string[];
  /** (n draws) x names.length, row-major. */
  rows: Float64Array;
  n: number;
}

export function pooledColumns(store: DrawStore, names: readonly string[]): PooledColumns {
  const index = names.map((name) => store.names.indexOf(name));
  const kept = names.filter((_, j) => index[j] >= 0);
  const cols = index.filter((i) => i >= 0);
  const n = commonDraws(store);
  const ids = usableChains(store);
  const P = store.nParams;
  const Q = cols.length;
  const rows = new Float64Array(n * ids.length * Q);
  let r = 0;
  for (const c of ids) {
    const d = store.samplingDraws(c);
    for (let i = 0; i < n; i++, r++) for (let q = 0; q < Q; q++) rows[r * Q + q] = d[i * P + cols[q]];
  }
  return { names: kept, rows, n: n * ids.length };
}

/** The parameters the summaries of variance read: everything but the group-level coefficients. */
export const notGroupCoefficients = (names: readonly string[]): string[] => names.filter((n) => !n.startsWith('r_'));
