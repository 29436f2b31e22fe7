// Diagnostics of a fit for the summary JSON and the printed summary (CLI and browser exports):
// summary rows (with the 90% and 95% intervals), divergences, tree-depth hits, E-BFMI per chain
// and the sampler warnings. Chains of unequal length (a stopped run) are cut to the shortest.
import type { SamplerSettings, SummaryRow } from '../types';
import { SAMPLER_STAT_NAMES } from '../types';
// The modules, not the diagnostics index: the index also loads the quantile MCSE (mcseQuantile.ts).
import { ebfmi } from '../diagnostics/ebfmi';
import { fitCheckInputs, samplerWarnings, type FitChecks } from '../diagnostics/warnings';
import { summariseDraws } from '../diagnostics/summary';
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

/** The quantiles of the summary rows: the 90% and 95% intervals. */
export const FIT_SUMMARY_PROBS: readonly number[] = [0.025, 0.05, 0.95, 0.975];

/** Draws per chain that the summary uses: the shortest chain's. */
export function fitSummaryDraws(fit: FitDraws): number {
  if (fit.chains.length === 0) throw new Error('summariseFit: no chains');
  return Math.min(...fit.chains.map((c) => c.nDraws));
}

/** One parameter's first n draws per chain (the draws are row-major, one row per draw). */
function drawsOf(fit: FitDraws, n: number): (name: string) => Float64Array[] | null {
  const P = fit.outputNames.length;
  return (name) => {
    const j = fit.outputNames.indexOf(name);
    if (j < 0) return null;
    return fit.chains.map((c) => Float64Array.from({ length: n }, (_, i) => c.draws[i * P + j]));
  };
}

/**
 * `rows`: the summary rows when already computed elsewhere (the CLI summarises blocks of parameters
 * on its threads), with FIT_SUMMARY_PROBS over the first fitSummaryDraws(fit) draws of every chain.
 * `checks`: what core/model/preflight.ts found before sampling; with them the warnings also name
 * separation and priors whose bounds the draws pile up at. `settings.warmup` 0 is warned about.
 */
export function summariseFit(
  fit: FitDraws, settings: Pick<SamplerSettings, 'maxTreedepth'> & Partial<Pick<SamplerSettings, 'warmup'>>,
  rows?: SummaryRow[], checks?: FitChecks,
): FitSummary {
  const { chains, outputNames } = fit;
  const n = fitSummaryDraws(fit);
  rows ??= summariseDraws(
    { names: outputNames, chains: chains.map((c) => c.draws), nIterations: chains.map(() => n) },
    FIT_SUMMARY_PROBS,
  );
  if (rows.length !== outputNames.length) {
    throw new Error(`summariseFit: ${rows.length} summary rows for ${outputNames.length} parameters`);
  }
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
    treedepthHits, maxTreedepth: settings.maxTreedepth, ebfmi: energies, warmup: settings.warmup, shell: 'cli',
    ...(checks ? fitCheckInputs(checks, drawsOf(fit, n)) : {}),
  }).map((w) => w.message);
  return { rows, divergences, treedepthHits, ebfmi: energies, warnings };
}
