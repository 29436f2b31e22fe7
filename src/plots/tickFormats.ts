import { format } from 'd3';

const plain = format(',~r');
const si = format('~s');

/** Tick labels for counts and iterations: 1,500 below 10,000, then 20k, 200k, 1.2M. */
export function countTick(value: number | { valueOf(): number }): string {
  const v = Number(value);
  return Math.abs(v) >= 10_000 ? si(v) : plain(v);
}

/** Tick labels for narrow panels (rank plots per chain): 500, 1k, 1.5k, 20k. */
export function compactCountTick(value: number | { valueOf(): number }): string {
  const v = Number(value);
  return Math.abs(v) >= 1000 ? si(v) : plain(v);
}
