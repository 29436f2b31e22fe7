// File exports: draws CSV (design §6), summary CSV and JSON (§5), Stan program + data, brms call.
// Text is built here (pure, unit-tested); download() hands a Blob to the browser.
import type { SummaryRow } from '../../core/types';
import { writeDrawsCsv, formatCsvNumber, csvHeaderCell } from '../../core/io/drawsCsv';
import { summaryJsonText } from '../../core/io/summaryJson';
import { quantileKey } from '../../core/diagnostics/summary';
import type { DrawStore } from '../../client/drawStore';
import { commonDraws, fitNObs, fitProgress, usableChains, type Fit, SamplerCounts } from './fit';

/**
 * The draws CSV of the post-warmup draws every usable chain shares (a stopped run's chains are cut
 * to the shortest, so posterior::as_draws_df reads it), as a Blob of chunks: a big model's CSV
 * (thousands of columns) never becomes one giant string.
 */
export function drawsCsvOf(store: DrawStore): Blob {
  const n = commonDraws(store);
  const chains = usableChains(store).map((c) => ({ draws: store.samplingDraws(c), stats: store.samplingStats(c), nDraws: n }));
  const parts: string[] = [];
  writeDrawsCsv(store.names, chains, (chunk) => parts.push(chunk), 64);
  return new Blob(parts, { type: 'text/csv' });
}

/** One row per parameter: mean, sd, the interval's quantiles, median, R-hat, ESS, MCSE. */
export function summaryCsvText(rows: readonly SummaryRow[], probs: readonly number[]): string {
  const qs = probs.map(quantileKey);
  const header = ['variable', 'mean', 'sd', 'median', 'mad', ...qs, 'rhat', 'ess_bulk', 'ess_tail', 'mcse_mean'];
  const cell = (x: number | null | undefined) => (x === null || x === undefined ? 'NA' : formatCsvNumber(x));
  const lines = [header.join(',')];
  for (const r of rows) {
    lines.push([
      csvHeaderCell(r.name), cell(r.mean), cell(r.sd), cell(r.median), cell(r.mad),
      ...qs.map((q) => cell(r.quantiles[q])), cell(r.rhat), cell(r.ess_bulk), cell(r.ess_tail), cell(r.mcse_mean),
    ].join(','));
  }
  return lines.join('\n') + '\n';
}

export function summaryJsonOf(fit: Fit, rows: SummaryRow[], ebfmi: number[], store: DrawStore): string {
  const counts = new SamplerCounts();
  counts.update(store, fit.settings.maxTreedepth);
  const progress = fitProgress(fit);
  return summaryJsonText({
    formula: fit.spec.formula,
    family: fit.spec.family,
    ...(fit.spec.link ? { link: fit.spec.link } : {}),
    settings: { chains: usableChains(store).length, warmup: fit.settings.warmup, iter: commonDraws(store), seed: fit.settings.seed },
    nObs: fitNObs(fit),
    timing: {
      warmupSeconds: progress.map((p) => p.warmupSeconds),
      samplingSeconds: progress.map((p) => p.samplingSeconds),
      wallSeconds: fit.wallSeconds,
    },
    gradientEvaluations: progress.reduce((s, p) => s + p.gradientEvaluations, 0),
    divergences: counts.divergent,
    maxTreedepthHits: counts.treedepthHits,
    ebfmi,
    rows,
  });
}

/** A file name stem from the data file: 'sleepstudy.csv' -> 'sleepstudy'. */
export function fileStem(name: string): string {
  const base = name.replace(/\.[A-Za-z0-9]{1,5}$/, '').replace(/[^A-Za-z0-9._-]+/g, '_');
  return base || 'model';
}

export function download(name: string, content: Blob | string, type = 'text/plain'): void {
  const blob = typeof content === 'string' ? new Blob([content], { type }) : content;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
