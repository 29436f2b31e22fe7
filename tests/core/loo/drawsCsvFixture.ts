// Reads a draws CSV (design.md §6) for the LOO tests: the column names and one row-major
// Float64Array per chain (rows grouped by the .chain column).
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';

/** The draws CSV as names plus one row-major Float64Array per chain (by the .chain column). */
export function readDrawsCsv(path: string): { names: string[]; chains: Float64Array[]; nIterations: number } {
  const rows = Papa.parse<string[]>(readFileSync(path, 'utf8').trim(), { header: false }).data;
  const names = rows[0];
  const chainCol = names.indexOf('.chain');
  const byChain = new Map<number, number[]>();
  for (const r of rows.slice(1)) {
    const c = Number(r[chainCol]);
    if (!byChain.has(c)) byChain.set(c, []);
    byChain.get(c)!.push(...r.map(Number));
  }
  const chains = [...byChain.keys()].sort((a, b) => a - b).map((c) => Float64Array.from(byChain.get(c)!));
  return { names, chains, nIterations: chains[0].length / names.length };
}
