// Browser exports of a run (finished or stopped): the draws CSV (design.md §6) and the summary
// JSON (§5), written from the DrawStore's post-warmup draws with the same core writers as the CLI.
import { drawsCsvText, type DrawsCsvChain } from '../core/io/drawsCsv';
import { summaryJsonText } from '../core/io/summaryJson';
import { summariseFit, type FitSummary } from '../core/io/summaryJsonFit';
import type { DrawStore } from './drawStore';
import type { ChainRun } from './runController';
import type { ModelSpecInput } from '../../workers/protocol';

/** Every chain's post-warmup draws, as many as it holds (chain lengths may differ). */
export function postWarmupChains(store: DrawStore): DrawsCsvChain[] {
  const chains: DrawsCsvChain[] = [];
  for (let c = 1; c <= store.nChains; c++) {
    chains.push({ draws: store.samplingDraws(c), stats: store.samplingStats(c), nDraws: store.nSampling(c) });
  }
  return chains;
}

/** 1-based ids of the chains holding post-warmup draws (a stopped run may have chains without). */
function chainsWithDraws(store: DrawStore): number[] {
  const ids: number[] = [];
  for (let c = 1; c <= store.nChains; c++) if (store.nSampling(c) > 0) ids.push(c);
  if (ids.length === 0) throw new Error('No post-warmup draws yet: the run stopped during warmup');
  return ids;
}

/**
 * The post-warmup draws of the chains holding any, each cut to the shortest of them: a stopped
 * run's chains differ in length, and posterior::as_draws_df wants equal lengths.
 */
export function sharedPostWarmupChains(store: DrawStore): DrawsCsvChain[] {
  const ids = chainsWithDraws(store);
  const n = Math.min(...ids.map((c) => store.nSampling(c)));
  const all = postWarmupChains(store);
  return ids.map((c) => ({ ...all[c - 1], nDraws: n }));
}

/** The draws CSV of the post-warmup draws every kept chain shares (sharedPostWarmupChains). */
export function drawsCsvFromStore(store: DrawStore): string {
  return drawsCsvText(store.names, sharedPostWarmupChains(store));
}

/** Diagnostics over the chains with post-warmup draws (cut to the shortest of them). */
export function fitSummaryFromRun(run: ChainRun): FitSummary {
  if (!run.store) throw new Error('No draws yet: the model has not started sampling');
  return summariseFit({ outputNames: run.store.names, chains: sharedPostWarmupChains(run.store) }, run.settings);
}

/**
 * Summary JSON of a run over the chains holding post-warmup draws; `chains` and `iter` say
 * how many chains and draws per chain (the minimum) the summary actually used.
 */
export function summaryJsonFromRun(run: ChainRun, spec: ModelSpecInput, wallSeconds: number): string {
  const store = run.store;
  if (!store) throw new Error('No draws yet: the model has not started sampling');
  const ids = chainsWithDraws(store);
  const fit = fitSummaryFromRun(run);
  const iter = Math.min(...ids.map((c) => store.nSampling(c)));
  const progress = ids.map((c) => run.progress[c - 1]);
  return summaryJsonText({
    formula: spec.formula, family: spec.family, ...(spec.link ? { link: spec.link } : {}),
    settings: { chains: ids.length, warmup: run.settings.warmup, iter, seed: run.settings.seed },
    nObs: run.nObs,
    timing: {
      warmupSeconds: progress.map((p) => p.warmupSeconds),
      samplingSeconds: progress.map((p) => p.samplingSeconds), wallSeconds,
    },
    gradientEvaluations: run.progress.reduce((s, p) => s + p.gradientEvaluations, 0),
    divergences: fit.divergences, maxTreedepthHits: fit.treedepthHits, ebfmi: fit.ebfmi, rows: fit.rows,
  });
}
