// Diagnostics of a finished CLI run: summary rows (with the 90% and 95% intervals), divergences,
// tree-depth hits, E-BFMI per chain and the sampler warnings.
import type { SamplerSettings, SummaryRow } from '../core/types';
import { SAMPLER_STAT_NAMES } from '../core/types';
import { ebfmi, samplerWarnings, summariseDraws } from '../core/diagnostics';
import type { ThreadRunResult } from './runThreads';

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

export function summariseFit(result: ThreadRunResult, settings: SamplerSettings): FitSummary {
  const { chains, outputNames } = result;
  const rows = summariseDraws(
    { names: outputNames, chains: chains.map((c) => c.draws), nIterations: chains.map((c) => c.nDraws) },
    [0.025, 0.05, 0.95, 0.975],
  );
  let divergences = 0;
  let treedepthHits = 0;
  const energies: number[] = [];
  for (const c of chains) {
    const energy = new Float64Array(c.nDraws);
    for (let i = 0; i < c.nDraws; i++) {
      if (c.stats[i * N_STATS + DIVERGENT] !== 0) divergences++;
      if (c.stats[i * N_STATS + TREEDEPTH] >= settings.maxTreedepth) treedepthHits++;
      energy[i] = c.stats[i * N_STATS + ENERGY];
    }
    energies.push(ebfmi(energy));
  }
  const warnings = samplerWarnings({
    summary: rows, chains: chains.length, divergent: divergences, iterations: Math.min(...chains.map((c) => c.nDraws)),
    treedepthHits, maxTreedepth: settings.maxTreedepth, ebfmi: energies,
  }).map((w) => w.message);
  return { rows, divergences, treedepthHits, ebfmi: energies, warnings };
}
