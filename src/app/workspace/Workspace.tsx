// The live analysis workspace: model panel + equations, run controls with live progress, the
// session's fits (model list, comparison), then the shown fit's header, convergence and traces,
// results (summary, charts, warnings, ICC, LOO) and exports / sessions. All of its state is one
// store (store/reducer.ts); the data table comes from the app state (data panel).
import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import { samplerWarnings } from '../../core/diagnostics/warnings';
import { useAppDispatch, useAppState } from '../state/AppState';
import { FormulaBox, PriorsTable, SettingsFields } from './ModelPanel';
import { Equations } from './Equations';
import { ConvergencePanel, ProgressList } from './RunPanel';
import { TracePlots, prewarmTracePlot } from './TracePlots';
import { SummaryTable } from './SummaryTable';
import { ResultCharts } from './ResultCharts';
import { HypothesesView } from './HypothesesView';
import { PoolingView } from './PoolingView';
import { VarianceView } from './VarianceView';
import { ConditionalEffectsView } from './ConditionalEffectsView';
import { GroupLinesView } from './GroupLinesView';
import { IccPanel, PreflightNotes, WarningsPanel } from './ResultsExtras';
import { NO_PREFLIGHT, checkInputs, preflight } from './preflight';
import { ExportsPanel } from './ExportsPanel';
import { autoStopRule, formOf, parseSettings } from './settings';
import { SamplerCounts, usableChains, commonDraws, fitNObs, fitProgress, fitStatus, fitStore, stoppedStatus, type Fit } from './fit';
import { convergenceVerdict } from '../../core/diagnostics/autoStop';
import { OpenedFitNote } from './OpenFit';
import { useDiagnostics, useFitTick } from './useFit';
import { useUnloadGuard } from './useUnloadGuard';
import { requestedProbs } from './summaryGroups';
import { FIXED_PARAMETER_NAMES, getFamily } from '../../core/families';
import { distinctRawCells } from '../../core/io/rawCells';
import { compareR } from '../../core/design/collate';
import type { DataTable } from '../../core/types';

/** An ordinal family's text response: its category names in the model's order (DataColumn.levels, else R's). */
function responseCategories(table: DataTable, family: string, response: string): string[] | undefined {
  if (!getFamily(family).ordinal) return undefined;
  const col = table.columns.find((c) => c.name === response);
  if (!col || col.numeric !== null) return undefined;
  return col.levels ?? distinctRawCells(col.raw, (i) => !col.missing[i]).sort(compareR);
}
import { fileStem } from './exports';
import type { RestoredSession } from './session';
import { browserMemoryLimit, runMemoryNote } from './runMemoryNote';
import { modelLayout } from '../../core/model/layout';
import { initialWorkspace, workspaceReducer } from './store/reducer';
import { editorPriors, fitById, modelDifferences, runningFit, shownFit } from './store/selectors';
import { useModelPrep } from './useModelPrep';
import { useRunFocus } from './useRunFocus';
import { useFitStructure } from './useFitStructure';
import { editorOfFit, editorOfSession, fitOfSession, nextFitId, sampleMore, startRun } from './fitActions';
import { FitHeader } from './FitHeader';
import { ModelList } from './ModelList';
import { ComparisonView } from './ComparisonView';
import { LooCard } from './LooCard';
import { useFitLoo } from './useFitLoo';
import { usePersistedFits } from './usePersistedFits';
import { workspaceFitOf } from '../persist/workspaceFits';
import type { SessionEntry } from '../persist/sessionFile';
import './workspace.css';

export function Workspace() {
  const { data } = useAppState();
  const appDispatch = useAppDispatch();
  const table = data.table;
  const example = data.source?.kind === 'example' ? data.source.example : null;

  const [state, dispatch] = useReducer(workspaceReducer, initialWorkspace);
  const { editor, prep, lastGood, level, moreDraws, runError } = state;
  const { formula, family, link, priorEdits, form } = editor;
  const shownLink = link ?? getFamily(family).link;

  useEffect(() => { prewarmTracePlot(); }, []);

  // Switching example fills in its suggested formula and family.
  const exampleSeen = useRef<unknown>(null);
  useEffect(() => {
    if (!example || exampleSeen.current === data.source) return;
    exampleSeen.current = data.source;
    dispatch({ type: 'editor/load', editor: { formula: example.formula, family: example.family, link: undefined, priorEdits: {} } });
  }, [example, data.source]);

  const { userPriors, priorErrors } = useMemo(() => editorPriors(priorEdits), [priorEdits]);
  const { settings, errors: settingsErrors } = useMemo(() => parseSettings(form), [form]);
  const prepKey = useModelPrep(table, formula, family, link, userPriors, settings, dispatch);
  const prepared = prep.kind === 'ok' ? prep.prepared : null;
  const formulaError = prep.kind === 'error' ? prep.error : null;

  const suggestion = useMemo(() => (example ? { name: example.name, formula: example.formula, family: example.family } : null), [example]);
  const onPriorEdit = useCallback((key: string, value: string | null) => dispatch({ type: 'editor/prior', key, value }), []);
  const onFormula = useCallback((f: string) => dispatch({ type: 'editor/formula', formula: f }), []);
  const onFamily = useCallback((f: typeof family) => dispatch({ type: 'editor/family', family: f }), []);
  const onLink = useCallback((l: string) => dispatch({ type: 'editor/link', link: l }), []);

  // ---- the fit shown, and the one running (at most one runs) ----------------------------
  const fit = shownFit(state);
  const live = runningFit(state);
  const tick = useFitTick(fit);
  const status = fit ? fitStatus(fit) : 'idle';
  const running = status === 'running';
  const anyRunning = live !== null;
  useUnloadGuard(anyRunning);
  const store = fit ? fitStore(fit) : null;
  const probs = useMemo(() => [...new Set([0.25, 0.75, ...requestedProbs(level)])].sort((a, b) => a - b), [level]);
  const diag = useDiagnostics(fit, probs, tick);
  const counts = useMemo(() => new SamplerCounts(), [fit?.id]); // eslint-disable-line react-hooks/exhaustive-deps
  // Stop when converged (issue 23): the rule on each live refresh of the diagnostics.
  useEffect(() => {
    const run = fit?.run;
    const rule = fit?.autoStop;
    if (!run || !rule || run.status !== 'running' || !diag.rows || diag.draws >= run.plannedDraws) return;
    if (!convergenceVerdict(diag.rows, diag.chains, fit.settings.chains, rule).converged) return;
    run.stop(`It converged at draw ${diag.draws.toLocaleString('en-US')} per chain: every parameter has R-hat below ` +
      `${rule.rhatBelow} and bulk and tail ESS above ${rule.essAbove} (Stop when converged)`);
  }, [diag, fit]);
  if (store && fit) counts.update(store, fit.settings.maxTreedepth);

  const checked = useMemo(() => (prepared && settings && table ? preflight(prepared.structure, settings, table, formula) : NO_PREFLIGHT), [prepared, settings, table]); // eslint-disable-line react-hooks/exhaustive-deps
  const blockers: string[] = [];
  if (!table) blockers.push('Load data first.');
  if (formula.trim() === '') blockers.push('Write a formula.');
  if (formulaError) blockers.push('Fix the formula error above.');
  else if (prep.kind === 'pending' && !anyRunning) blockers.push('Checking the model…');
  if (Object.keys(priorErrors).length) blockers.push('Fix the prior marked in the priors table.');
  if (!settings) blockers.push('Fix the sampler settings marked below.');
  // The draws must fit in the tab (issue 22): refused above the limit, a warning below it.
  const memory = useMemo(() => (settings && prepared
    ? runMemoryNote(settings, modelLayout(prepared.structure).outputNames.length,
      browserMemoryLimit((navigator as { deviceMemory?: number }).deviceMemory))
    : null), [settings, prepared]);
  if (memory?.block) blockers.push(memory.block);
  if (checked.error) blockers.push(checked.error);

  const onRun = () => {
    if (!table || !settings || blockers.length || anyRunning) return;
    startRun(dispatch, {
      spec: { formula, family, ...(link ? { link } : {}), priors: userPriors }, table, settings,
      prepared: prep.kind === 'ok' && prep.key === prepKey ? prep.prepared : null,
      checks: checked.checks, autoStop: autoStopRule(form), previousId: state.shownId,
    });
  };
  const onStop = () => { live?.run?.stop(); };
  const onSampleMore = () => { if (fit && !anyRunning) sampleMore(dispatch, fit, moreDraws); };
  const { runButton, stopButton, moreButton } = useRunFocus(anyRunning);

  // ---- sessions -------------------------------------------------------------------------
  // The session's fit joins the list (the others stay); its data and model go to the editor.
  const restore = useCallback((s: RestoredSession) => {
    const next = fitOfSession(s);
    const nextEditor = editorOfSession(s);
    appDispatch({ type: 'data/imported', table: s.table, source: { kind: 'file', fileName: s.table.name, bytes: 0 }, messages: [], ms: null });
    dispatch({ type: 'editor/load', editor: nextEditor });
    if (next) dispatch({ type: 'fit/added', fit: next });
  }, [appDispatch]);
  // A format-3 session: every fit joins the list (the others stay); the last one's data and
  // model go to the editor. Every record is built before anything is dispatched.
  const openSession = useCallback(async (entries: SessionEntry[]) => {
    const made: Fit[] = [];
    for (const e of entries) made.push(await workspaceFitOf(e.fit, e.table, nextFitId()));
    const last = made[made.length - 1];
    appDispatch({ type: 'data/imported', table: last.table, source: { kind: 'file', fileName: last.table.name, bytes: 0 }, messages: [], ms: null });
    dispatch({ type: 'editor/load', editor: { ...editorOfFit(last), form: formOf(last.settings) } });
    for (const f of made) dispatch({ type: 'fit/added', fit: f });
  }, [appDispatch]);
  // Every finished or stopped fit is kept in the browser; on load the kept fits come back.
  const kept = usePersistedFits(state.fits, dispatch, table);
  // A fit opened from files (OpenFit.tsx) joins the list and is shown.
  const openFit = useCallback((f: Fit) => { dispatch({ type: 'run/error', message: null }); dispatch({ type: 'fit/added', fit: f }); }, []);

  const loadStructure = useFitStructure(fit);
  useFitLoo(state.fits, dispatch);
  const picked = useMemo(() => state.compareIds.map((id) => fitById(state, id)).filter((f): f is Fit => f !== null), [state.compareIds, state.fits]); // eslint-disable-line react-hooks/exhaustive-deps
  const differences = fit ? modelDifferences(editor, table, fit) : [];

  const stem = fileStem(fit?.table.name || table?.name || 'model');
  const traceParams = useMemo(() => (store ? store.names.filter((n) => !n.startsWith('r_') && !FIXED_PARAMETER_NAMES.has(n)).slice(0, 24) : []), [store]);
  const warnings = useMemo(() => {
    if (!fit || !store || !diag.rows || running) return [];
    try {
      return samplerWarnings({
        summary: diag.rows, chains: diag.chains, divergent: counts.divergent, iterations: commonDraws(store),
        treedepthHits: counts.treedepthHits, maxTreedepth: fit.settings.maxTreedepth, ebfmi: diag.ebfmi,
        // An opened fit's settings.warmup counts the warmup rows saved in the files, not the warmup run.
        warmup: fit.external ? fit.external.meta[0]?.numWarmup : fit.settings.warmup, shell: 'app', ...checkInputs(fit.checks, store),
      });
    } catch {
      return [];
    }
  }, [diag, running, fit, store, counts]);
  const progress = fit ? fitProgress(fit) : [];
  const totalIter = fit ? Math.max(fit.settings.warmup + fit.settings.iter, ...progress.map((p, i) => (store ? store.nIterations(i + 1) : 0))) : 0;

  return (
    <div className="ws">
      <section className="ws-card" aria-label="Model specification">
        <FormulaBox
          table={table} formula={formula} onFormula={onFormula} family={family} onFamily={onFamily} link={shownLink} onLink={onLink}
          error={formulaError} preparing={prep.kind === 'pending'}
          suggestion={suggestion}
        />
        {/* The preparation's messages say it all, dropped rows included ("Dropped 7 of 90 rows with
            missing values in ..."): no second line of our own. */}
        {prepared?.messages.length ? (
          <ul className="ws-notes">
            {prepared.messages.map((m, i) => <li key={i}>{m}</li>)}
          </ul>
        ) : null}
        <details className="ws-details">
          <summary>Priors ({(prepared ?? lastGood)?.priorTable.length ?? 0} rows{userPriors.length ? `, ${userPriors.length} edited` : ''})</summary>
          {(prepared ?? lastGood) ? (
            <PriorsTable rows={(prepared ?? lastGood)!.priorTable} edits={priorEdits} errors={priorErrors}
              onEdit={onPriorEdit} />
          ) : <p className="ws-hint">The priors appear once the formula is valid.</p>}
        </details>
        <SettingsFields form={form} onChange={(f) => dispatch({ type: 'editor/form', form: f })} errors={settingsErrors} disabled={anyRunning} />
      </section>

      <Equations latex={(prepared ?? lastGood)?.equations ?? null} stale={!prepared && !!lastGood} />

      <section className="ws-card ws-runbar" aria-label="Run">
        <div className="ws-row">
          <button ref={runButton} type="button" className="ws-primary" onClick={onRun} disabled={anyRunning || blockers.length > 0}>Run</button>
          <button ref={stopButton} type="button" onClick={onStop} disabled={!anyRunning}>Stop</button>
          <label className="ws-inline">
            Draws to add
            <input type="number" className="ws-narrow" value={moreDraws} min={1} onChange={(e) => dispatch({ type: 'view/moreDraws', text: e.target.value })}
              disabled={status === 'stopped'} title={status === 'stopped' ? 'After Stop, Sample more first finishes the requested draws' : undefined} />
          </label>
          <button ref={moreButton} type="button" onClick={onSampleMore} disabled={anyRunning || !fit?.run || (status !== 'done' && status !== 'stopped')}>Sample more</button>
          <span className="ws-status" role="status" aria-label="Run status">
            {fit?.external ? `Opened from ${fit.external.files.length} file${fit.external.files.length > 1 ? 's' : ''}`
              : status === 'idle' ? (fit?.restored ? 'Reopened from a session' : 'Not run yet')
              : status === 'running' ? (store ? 'Sampling…' : 'Starting the chains…')
                : status === 'done' ? `Done in ${fit!.wallSeconds.toFixed(1)} s`
                  : status === 'stopped' ? stoppedStatus(store, fit!.stopReason, fit?.run?.plannedDraws ?? fit!.settings.iter)
                    : `Failed${fit?.error ? `: ${fit.error}` : ''}`}
          </span>
        </div>
        {blockers.length && !anyRunning ? <p className="ws-hint">{blockers.join(' ')}</p> : null}
        {memory?.warn && !anyRunning ? <p className="ws-hint">{memory.warn}</p> : null}
        {!anyRunning && checked.checks ? <PreflightNotes warnings={checked.checks.warnings} /> : null}
        {runError ? <p className="ws-error-text" role="alert">{runError}</p> : null}
        {diag.error ? <p className="ws-error-text" role="alert">Diagnostics could not be computed: {diag.error}</p> : null}
        {progress.length ? <ProgressList progress={progress} /> : null}
      </section>

      <ModelList fits={state.fits} shownId={state.shownId} compareIds={state.compareIds} dispatch={dispatch} />
      {kept ? (
        <p className="ws-hint" role="status" aria-label="Saved fits">
          {kept.summary}
          {kept.problems.map((m, i) => <span key={i} className="ws-error-text"> {m}</span>)}
        </p>
      ) : null}
      {state.fits.length >= 2 ? <ComparisonView fits={picked} /> : null}

      {fit ? (
        <>
          <FitHeader fit={fit} store={store} differences={differences} tick={tick} />
          {fit.external ? <OpenedFitNote fit={fit} /> : null}
          {/* The ESS threshold is per chain (100, design.md) times the run's chains: while chains
              run that is every chain of the run, even those not yet in the diagnostics (queued or
              still in warmup), so it reads the same mid-run and at the end (the last mid-run
              diagnostics, over fewer chains, are still shown for a moment after the end); a
              stopped run is judged on the chains it kept. */}
          <ConvergencePanel rows={diag.rows} chains={running || !store ? fit.settings.chains : usableChains(store).length || fit.settings.chains} draws={diag.draws}
            divergent={counts.divergent} treedepthHits={counts.treedepthHits} status={status} />
          <TracePlots store={store} params={traceParams} totalIterations={totalIter} warmup={fit.settings.warmup} live={running} fileStem={stem} />
        </>
      ) : null}

      {fit && store && !running && diag.rows ? (
        <>
          <SummaryTable rows={diag.rows} level={level} onLevel={(l) => dispatch({ type: 'view/level', level: l })} chains={diag.chains} draws={diag.draws} nObs={fitNObs(fit)}
            family={fit.external ? undefined : fit.spec.family} link={fit.external ? undefined : fit.spec.link} />
          <WarningsPanel warnings={warnings} />
          <LooCard fit={fit} />
          {fit.external ? null : <IccPanel fit={fit} store={store} loadStructure={loadStructure} level={level} />}
          <HypothesesView key={fit.id} store={store} fileStem={stem} />
          {fit.external ? null : <ConditionalEffectsView key={`effects-${fit.id}`} store={store} loadStructure={loadStructure} fileStem={stem} level={level} table={fit.table} formula={fit.spec.formula} />}
          {/* an opened fit (files, no model) has no design to pool or split */}
          {!fit.external && store.names.some((n) => n.startsWith('sd_')) ? (
            <>
              <PoolingView key={`pooling-${fit.id}`} store={store} loadStructure={loadStructure} fileStem={stem} level={level} />
              <VarianceView key={`variance-${fit.id}`} store={store} loadStructure={loadStructure} fileStem={stem} level={level} />
              <GroupLinesView key={`group-lines-${fit.id}`} store={store} loadStructure={loadStructure} fileStem={stem} level={level} table={fit.table} formula={fit.spec.formula} />
            </>
          ) : null}
          <ResultCharts store={store} rows={diag.rows} storeVersion={store.version} fileStem={stem} loadStructure={loadStructure}
            outcome={fit.spec.formula.split('~')[0].split('|')[0].trim() || 'y'} family={fit.spec.family} level={level}
            categories={responseCategories(fit.table, fit.spec.family, fit.spec.formula.split('~')[0].trim())} />
        </>
      ) : null}

      <ExportsPanel fit={fit} fits={state.fits} store={running ? null : store} diag={diag} probs={probs} stem={stem}
        formula={formula} family={family} link={link} userPriors={userPriors} settings={settings} table={table} onRestore={restore} onOpenSession={openSession} onOpenFit={openFit} />
    </div>
  );
}
