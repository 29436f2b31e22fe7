// What the run controls, the model list and the session / Open fit buttons do to the store: each
// makes a fit record or a new record of one, and dispatches it. The ChainRun does the sampling;
// when a segment ends (Run, Sample more) its outcome becomes a new record of the fit.
import type { Dispatch } from 'react';
import type { DataTable, SamplerSettings } from '../../core/types';
import { ChainRun } from '../../client/runController';
import { spawnBrowserWorker } from '../../client/browserWorker';
import type { FitChecks } from '../../core/diagnostics/warnings';
import type { ConvergenceRule } from '../../core/diagnostics/autoStop';
import type { WorkspaceAction } from './store/actions';
import type { Fit, PriorSpec } from './store/types';
import { statusOfRun } from './store/selectors';
import { commonDraws, fitStore, makeFit, usableChains } from './fit';
import type { PreparedForUi } from './analysisWorker';
import type { RestoredSession } from './session';
import { browserMemoryLimit, runMemoryNote } from './runMemoryNote';
import { priorKey } from './ModelPanel';
import { formOf } from './settings';

let fitIds = 0;
/** Ids of the workspace's fits (the diagnostics and caches are keyed by fit id). */
export const nextFitId = (): number => ++fitIds;

// At most one chain per core: more workers than cores starve the main thread (long tasks while
// streaming; bench/NOTES.md) and finish no sooner. Queued chains start as others finish.
const concurrencyFor = (settings: SamplerSettings) => Math.max(1, Math.min(settings.chains, navigator.hardwareConcurrency || 4));

/** When a segment of a run ends: the fit's new record (status, time, reason, observations). */
function segmentEnded(dispatch: Dispatch<WorkspaceAction>, fit: Fit, run: ChainRun, t0: number, previousId: number | null) {
  const wallSeconds = fit.wallSeconds + (performance.now() - t0) / 1000;
  dispatch({
    type: 'fit/updated', id: fit.id,
    update: { status: statusOfRun(run.status), wallSeconds, stopReason: run.stopReason, error: run.error, data: { ...fit.data, nObs: run.nObs || fit.data.nObs } },
  });
  if (run.status !== 'error') return;
  // A run that failed before its first draw stays in the list as failed; the results shown go
  // back to the fit shown before it.
  const noDraws = !run.store || usableChains(run.store).length === 0;
  if (noDraws && previousId !== null) dispatch({ type: 'fit/shown', id: previousId });
  dispatch({ type: 'run/error', message: noDraws ? `${run.error ?? 'The run failed.'}${previousId !== null ? ' The previous results are still shown.' : ''}` : run.error });
}

export interface RunRequest {
  spec: { formula: string; family: Fit['spec']['family']; priors: PriorSpec[] };
  table: DataTable;
  settings: SamplerSettings;
  /** The analysis worker's preparation of this very model (its structure is reused), if current. */
  prepared: PreparedForUi | null;
  checks: FitChecks | null;
  autoStop: ConvergenceRule | null;
  previousId: number | null;
}

export function startRun(dispatch: Dispatch<WorkspaceAction>, r: RunRequest): void {
  dispatch({ type: 'run/error', message: null });
  let run: ChainRun;
  try {
    run = new ChainRun({
      spec: r.spec, data: r.table, settings: r.settings, spawn: spawnBrowserWorker, concurrency: concurrencyFor(r.settings),
      // The analysis worker compiled this very model: the chain workers take its structure.
      ...(r.prepared ? { structure: r.prepared.structure } : {}),
    });
  } catch (err) {
    dispatch({ type: 'run/error', message: err instanceof Error ? err.message : String(err) });
    return;
  }
  const fit = makeFit({
    id: nextFitId(), source: 'run', spec: r.spec, settings: r.settings, table: r.table, run, status: 'running',
    checks: r.checks, autoStop: r.autoStop,
    data: {
      name: r.table.name, nRows: r.table.nRows, nObs: r.prepared?.structure.N ?? 0,
      dropped: r.prepared ? r.prepared.messages.filter((m) => /^Dropped/.test(m)) : [],
    },
  });
  dispatch({ type: 'fit/added', fit });
  const t0 = performance.now();
  run.start().then(() => segmentEnded(dispatch, fit, run, t0, r.previousId),
    (err: unknown) => dispatch({ type: 'run/error', message: err instanceof Error ? err.message : String(err) }));
}

/** After Done: `moreText` more per chain. After Stop: every chain continues to the planned length. */
export function sampleMore(dispatch: Dispatch<WorkspaceAction>, fit: Fit, moreText: string): void {
  const run = fit.run;
  if (!run || (run.status !== 'done' && run.status !== 'stopped')) return;
  const n = run.status === 'stopped' ? 0 : Number(moreText);
  if (run.status === 'done' && (!Number.isInteger(n) || n < 1 || n > 1_000_000)) {
    dispatch({ type: 'run/error', message: `Draws to add must be a whole number from 1 to 1,000,000 (got '${moreText}').` });
    return;
  }
  const held = fitStore(fit);
  const more = held ? runMemoryNote({ ...fit.settings, iter: Math.max(run.plannedDraws, commonDraws(held)) + n }, held.nParams,
    browserMemoryLimit((navigator as { deviceMemory?: number }).deviceMemory)) : null;
  if (more?.block) { dispatch({ type: 'run/error', message: more.block }); return; }
  dispatch({ type: 'run/error', message: null });
  // Asked for more draws: Stop when converged, which holds already, would end them at once.
  const running = { ...fit, status: 'running' as const, autoStop: null, loo: null };
  dispatch({ type: 'fit/updated', id: fit.id, update: { status: 'running', autoStop: null, loo: null } });
  const t0 = performance.now();
  run.sampleMore(n).then(() => segmentEnded(dispatch, running, run, t0, null),
    (err: unknown) => dispatch({ type: 'run/error', message: err instanceof Error ? err.message : String(err) }));
}

/**
 * A session file's fit as a record (everything that can fail is built before anything is
 * dispatched, so a session that cannot be shown leaves the workspace as it was), then the
 * editor, the data and the list take it.
 */
export function fitOfSession(s: RestoredSession): Fit | null {
  if (!s.fit) return null;
  const spec = { formula: s.model.formula, family: s.model.family, ...(s.model.link ? { link: s.model.link } : {}), priors: s.model.priors };
  const saved = s.fit;
  const cps = saved.checkpoints;
  // A finished run with its chains' final states: a finished ChainRun around the restored draws,
  // so "Sample more" continues every chain exactly where it stopped.
  const run = saved.status === 'done' && cps && cps.length === saved.store.nChains
    ? ChainRun.restored({ spec, data: s.table, settings: s.settings, spawn: spawnBrowserWorker, concurrency: concurrencyFor(s.settings) },
      { store: saved.store, nObs: saved.nObs, checkpoints: cps, progress: saved.progress })
    : null;
  const status = statusOfRun(saved.status);
  return makeFit({
    id: nextFitId(), source: 'session', spec, settings: s.settings, table: s.table, status, wallSeconds: saved.wallSeconds,
    run, restored: run ? null : { store: saved.store, progress: saved.progress, nObs: saved.nObs },
    data: { name: s.table.name, nRows: s.table.nRows, nObs: saved.nObs, dropped: [] },
  });
}

export function editorOfSession(s: RestoredSession) {
  const priorEdits: Record<string, string> = {};
  for (const p of s.model.priors) priorEdits[priorKey(p)] = p.prior;
  return { formula: s.model.formula, family: s.model.family, link: s.model.link, priorEdits, form: formOf(s.settings) };
}

/** "Duplicate into editor": the fit's formula, family, link and priors to edit (the settings stay). */
export function editorOfFit(fit: Fit) {
  const priorEdits: Record<string, string> = {};
  for (const p of fit.spec.priors ?? []) priorEdits[priorKey(p)] = p.prior;
  return { formula: fit.spec.formula, family: fit.spec.family, link: fit.spec.link, priorEdits };
}
