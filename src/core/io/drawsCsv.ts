// Draws CSV (design.md §6): one row per post-warmup draw; columns = output parameters (brms
// names), the 7 sampler stats, then .chain, .iteration, .draw (1-based, posterior's
// as_draws_df convention). Numbers are written shortest round-trip (JS Number#toString),
// non-finite values as R writes them (Inf, -Inf, NaN). Column names are RFC 4180-quoted when
// they hold a comma, quote or line break; a name starting with = + - @ (or tab/CR) is quoted AND
// prefixed with an apostrophe, the OWASP defence against spreadsheet formula injection.
import { SAMPLER_STAT_NAMES } from '../types';

const N_STATS = SAMPLER_STAT_NAMES.length;

/** One chain's post-warmup draws: nDraws x names.length and nDraws x 7, row-major. */
export interface DrawsCsvChain {
  draws: Float64Array;
  stats: Float64Array;
  nDraws: number;
}

/** Shortest text that parses back to exactly x; Inf/-Inf/NaN for non-finite values. */
export function formatCsvNumber(x: number): string {
  if (Number.isFinite(x)) return String(x);
  if (Number.isNaN(x)) return 'NaN';
  return x > 0 ? 'Inf' : '-Inf';
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** A header cell: quoted when needed, neutralised when it could start a spreadsheet formula. */
export function csvHeaderCell(name: string): string {
  if (FORMULA_START.test(name)) return `"'${name.replace(/"/g, '""')}"`;
  if (/[",\r\n]/.test(name)) return `"${name.replace(/"/g, '""')}"`;
  return name;
}

export function drawsCsvColumns(names: string[]): string[] {
  return [...names, ...SAMPLER_STAT_NAMES, '.chain', '.iteration', '.draw'];
}

/**
 * Writes the CSV in chunks of rows to `write` (a file stream, or an array join). Chains are
 * given in order (chain 1 first); `.draw` counts across chains.
 */
export function writeDrawsCsv(
  names: string[], chains: DrawsCsvChain[], write: (chunk: string) => void, rowsPerChunk = 256,
): void {
  const P = names.length;
  chains.forEach((c, i) => {
    if (c.draws.length < c.nDraws * P || c.stats.length < c.nDraws * N_STATS) {
      throw new Error(`Draws CSV: chain ${i + 1} holds fewer values than ${c.nDraws} draws x ${P} parameters`);
    }
  });
  write(drawsCsvColumns(names).map(csvHeaderCell).join(',') + '\n');
  let draw = 0;
  let chunk: string[] = [];
  const cells: string[] = new Array(P + N_STATS + 3);
  for (let c = 0; c < chains.length; c++) {
    const { draws, stats, nDraws } = chains[c];
    for (let i = 0; i < nDraws; i++) {
      let k = 0;
      for (let p = 0; p < P; p++) cells[k++] = formatCsvNumber(draws[i * P + p]);
      for (let s = 0; s < N_STATS; s++) cells[k++] = formatCsvNumber(stats[i * N_STATS + s]);
      cells[k++] = String(c + 1);
      cells[k++] = String(i + 1);
      cells[k++] = String(++draw);
      chunk.push(cells.join(','));
      if (chunk.length >= rowsPerChunk) {
        write(chunk.join('\n') + '\n');
        chunk = [];
      }
    }
  }
  if (chunk.length > 0) write(chunk.join('\n') + '\n');
}

/** The whole CSV as one string (browser export). */
export function drawsCsvText(names: string[], chains: DrawsCsvChain[]): string {
  const parts: string[] = [];
  writeDrawsCsv(names, chains, (s) => parts.push(s));
  return parts.join('');
}
