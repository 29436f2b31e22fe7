// Diagnostics of a fit for the summary JSON and the printed summary (CLI and browser exports):
// summary rows (with the 90% and 95% intervals), divergences, tree-depth hits, E-BFMI per chain
// and the sampler warnings. Chains of unequal length (a stopped run) are cut to the shortest.
import type { SamplerSettings, SummaryRow } from '../types';
import { SAMPLER_STAT_NAMES } from '../types';
import { ebfmi, samplerWarnings, summariseDraws } from '../diagnostics';
import type { DrawsCsvChain } from './drawsCsv';

const N_STATS = SAMPLER_STAT_NAMES.length;
const TREEDEPTH = SAMPLER_STAT_NAMES.indexOf('treedepth__');
const DIVERGENT = SAMPLER_STAT_NAMES.indexOf('divergent__');
const ENERGY = SAMPLER_STAT_NAMES.indexOf('energy__');

export interface FitSummary {
  rows: SummaryRow[];
  divergences: number;
  treedepthHits: number;
  ebfmi: number[];
  warnings: string[];
}

/** Post-warmup draws and stats per chain (the draws CSV's input). */
export interface FitDraws {
  outputNames: string[];
  chains: DrawsCsvChain[];
}

export function summariseFit(fit: FitDraws, settings: Pick<SamplerSettings, 'maxTreedepth'>): FitSummary {
  const { chains, outputNames } = fit;
  if (chains.length === 0) throw new Error('summariseFit: no chains');
  const n = Math.min(...chains.map((c) => c.nDraws));
  const rows = summariseDraws(
    { names: outputNames, chains: chains.map((c) => c.draws), nIterations: chains.map(() => n) },
    [0.025, 0.05, 0.95, 0.975],
  );
  let divergences = 0;
  let treedepthHits = 0;
  const energies: number[] = [];
  for (const c of chains) {
    const energy = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      if (c.stats[i * N_STATS + DIVERGENT] !== 0) divergences++;
      if (c.stats[i * N_STATS + TREEDEPTH] >= settings.maxTreedepth) treedepthHits++;
      energy[i] = c.stats[i * N_STATS + ENERGY];
    }
    energies.push(ebfmi(energy));
  }
  const warnings = samplerWarnings({
    summary: rows, chains: chains.length, divergent: divergences, iterations: n,
    treedepthHits, maxTreedepth: settings.maxTreedepth, ebfmi: energies,
  }).map((w) => w.message);
  return { rows, divergences, treedepthHits, ebfmi: energies, warnings };
}
