// The live analysis workspace: model panel + equations, run controls with live progress,
// convergence and traces, then results (summary, charts, warnings, ICC) and exports / sessions.
// Model state lives here; the data table comes from the app state (data panel).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { FamilyName, ModelStructure } from '../../core/types';
import { parsePriorString } from '../../core/model/priorsParse';
import { samplerWarnings } from '../../core/diagnostics/warnings';
import { ChainRun } from '../../client/runController';
import { spawnBrowserWorker } from '../../client/browserWorker';
import { useAppDispatch, useAppState } from '../state/AppState';
import { AnalysisError, AnalysisWorker, type PreparedForUi, type WorkerError } from './analysisWorker';
import { FormulaBox, PriorsTable, SettingsFields, priorKey } from './ModelPanel';
import { Equations } from './Equations';
import { ConvergencePanel, ProgressList } from './RunPanel';
import { TracePlots, prewarmTracePlot } from './TracePlots';
import { SummaryTable } from './SummaryTable';
import { ResultCharts } from './ResultCharts';
import { HypothesesView } from './HypothesesView';
import { PoolingView } from './PoolingView';
import { VarianceView } from './VarianceView';
import { IccPanel, PreflightNotes, WarningsPanel } from './ResultsExtras';
import { NO_PREFLIGHT, checkInputs, preflight } from './preflight';
import { ExportsPanel } from './ExportsPanel';
import { DEFAULT_FORM, autoStopRule, formOf, parseSettings, type SettingsForm } from './settings';
import { SamplerCounts, usableChains, commonDraws, fitNObs, fitProgress, fitStatus, fitStore, stoppedStatus, type Fit } from './fit';
import { convergenceVerdict } from '../../core/diagnostics/autoStop';
import { OpenedFitNote, noModelReason } from './OpenFit';
import { useDiagnostics, useFitTick } from './useFit';
import { useUnloadGuard } from './useUnloadGuard';
import { requestedProbs } from './summaryGroups';
import { fileStem } from './exports';
import type { RestoredSession } from './session';
import { browserMemoryLimit, runMemoryNote } from './runMemoryNote';
import { modelLayout } from '../../core/model/layout';
import './workspace.css';

let fitIds = 0;

type PrepState =
  | { kind: 'idle' }
  | { kind: 'pending' }
  | { kind: 'ok'; key: string; prepared: PreparedForUi }
  | { kind: 'error'; key: string; error: WorkerError };

export function Workspace() {
  const { data } = useAppState();
  const dispatch = useAppDispatch();
  const table = data.table;
  const example = data.source?.kind === 'example' ? data.source.example : null;

  const [formula, setFormula] = useState('');
  const [family, setFamily] = useState<FamilyName>('gaussian');
  const [priorEdits, setPriorEdits] = useState<Record<string, string>>({});
  const [form, setForm] = useState<SettingsForm>(DEFAULT_FORM);
  const [prep, setPrep] = useState<PrepState>({ kind: 'idle' });
  const [lastGood, setLastGood] = useState<PreparedForUi | null>(null);
  const [fit, setFit] = useState<Fit | null>(null);
  const [runError, setRunError] = useState<string | null>(null);
  const [level, setLevel] = useState(0.95);
  const [moreDraws, setMoreDraws] = useState('500');
  const [, bump] = useState(0);

  useEffect(() => { prewarmTracePlot(); }, []);

  // Switching example fills in its suggested formula and family.
  const exampleSeen = useRef<unknown>(null);
  useEffect(() => {
    if (!example || exampleSeen.current === data.source) return;
    exampleSeen.current = data.source;
    setFormula(example.formula);
    setFamily(example.family);
    setPriorEdits({});
  }, [example, data.source]);

  // Priors the user edited: valid ones go to the model, invalid ones get a message.
  const { userPriors, priorErrors } = useMemo(() => {
    const list: { prior: string; class: string; coef?: string; group?: string }[] = [];
    const errors: Record<string, string> = {};
    for (const [key, text] of Object.entries(priorEdits)) {
      const [cls, coef, group] = key.split('|');
      try {
        parsePriorString(text);
        list.push({ prior: text.trim(), class: cls, ...(coef ? { coef } : {}), ...(group ? { group } : {}) });
      } catch (err) {
        errors[key] = err instanceof Error ? err.message : String(err);
      }
    }
    return { userPriors: list, priorErrors: errors };
  }, [priorEdits]);

  const { settings, errors: settingsErrors } = useMemo(() => parseSettings(form), [form]);

  // Model preparation in the analysis worker, debounced, latest request wins.
  const prepWorker = useRef<AnalysisWorker | null>(null);
  useEffect(() => {
    prepWorker.current = new AnalysisWorker();
    return () => { prepWorker.current?.dispose(); prepWorker.current = null; };
  }, []);
  const prepKey = JSON.stringify([formula, family, userPriors]);
  useEffect(() => {
    if (!table || formula.trim() === '') { setPrep({ kind: 'idle' }); return; }
    let cancelled = false;
    setPrep((p) => (p.kind === 'error' && p.key === prepKey ? p : { kind: 'pending' }));
    const timer = setTimeout(() => {
      prepWorker.current?.prepare(table, { formula, family, priors: userPriors, settings: settings ?? undefined }).then(
        ({ prepared }) => { if (!cancelled) { setPrep({ kind: 'ok', key: prepKey, prepared }); setLastGood(prepared); } },
        (err: unknown) => {
          if (cancelled) return;
          const error: WorkerError = err instanceof AnalysisError ? err.detail : { name: 'Error', message: err instanceof Error ? err.message : String(err) };
          setPrep({ kind: 'error', key: prepKey, error });
        },
      );
    }, 200);
    return () => { cancelled = true; clearTimeout(timer); };
  }, [table, prepKey]); // eslint-disable-line react-hooks/exhaustive-deps

  const prepared = prep.kind === 'ok' ? prep.prepared : null;
  const formulaError = prep.kind === 'error' ? prep.error : null;

  const suggestion = useMemo(() => (example ? { name: example.name, formula: example.formula, family: example.family } : null), [example]);
  const onPriorEdit = useCallback((key: string, value: string | null) => setPriorEdits((e) => {
    const next = { ...e };
    if (value === null) delete next[key]; else next[key] = value;
    return next;
  }), []);

  // ---- run ------------------------------------------------------------------------------
  const tick = useFitTick(fit);
  const status = fit ? fitStatus(fit) : 'idle';
  const running = status === 'running';
  useUnloadGuard(running);
  const store = fit ? fitStore(fit) : null;
  const probs = useMemo(() => [...new Set([0.25, 0.75, ...requestedProbs(level)])].sort((a, b) => a - b), [level]);
  const diag = useDiagnostics(fit, probs, tick);
  const counts = useMemo(() => new SamplerCounts(), [fit]); // eslint-disable-line react-hooks/exhaustive-deps
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
  else if (prep.kind === 'pending' && !running) blockers.push('Checking the model…');
  if (Object.keys(priorErrors).length) blockers.push('Fix the prior marked in the priors table.');
  if (!settings) blockers.push('Fix the sampler settings marked below.');
  // The draws must fit in the tab (issue 22): refused above the limit, a warning below it.
  const memory = useMemo(() => (settings && prepared
    ? runMemoryNote(settings, modelLayout(prepared.structure).outputNames.length,
      browserMemoryLimit((navigator as { deviceMemory?: number }).deviceMemory))
    : null), [settings, prepared]);
  if (memory?.block) blockers.push(memory.block);
  if (checked.error) blockers.push(checked.error);

  const startRun = () => {
    if (!table || !settings || blockers.length) return;
    setRunError(null);
    const spec = { formula, family, priors: userPriors };
    let run: ChainRun;
    try {
      run = new ChainRun({
        spec, data: table, settings, spawn: spawnBrowserWorker,
        // The analysis worker compiled this very model (same key): the chain workers take its
        // structure instead of compiling the model again.
        ...(prep.kind === 'ok' && prep.key === prepKey ? { structure: prep.prepared.structure } : {}),
        // At most one chain per core: more workers than cores starve the main thread (long tasks
        // while streaming; bench/NOTES.md) and finish no sooner. Queued chains start as others finish; diagnostics and a stopped
        // run use the chains that have post-warmup draws.
        concurrency: Math.max(1, Math.min(settings.chains, navigator.hardwareConcurrency || 4)),
      });
    } catch (err) {
      setRunError(err instanceof Error ? err.message : String(err));
      return;
    }
    const f: Fit = {
      id: ++fitIds, spec, settings, table, run, restored: null, startedAt: performance.now(), wallSeconds: 0,
      checks: checked.checks, autoStop: autoStopRule(form),
    };
    const previous = fit;
    setFit(f);
    const t0 = performance.now();
    run.start().then(() => {
      f.wallSeconds = (performance.now() - t0) / 1000;
      if (run.status === 'error') {
        setRunError(run.error);
        // A run that failed before its first draw does not replace the results already there.
        if (!run.store || usableChains(run.store).length === 0) {
          if (previous) setFit(previous);
          setRunError(`${run.error ?? 'The run failed.'}${previous ? ' The previous results are still shown.' : ''}`);
        }
      }
      bump((x) => x + 1);
    }, (err: unknown) => setRunError(err instanceof Error ? err.message : String(err)));
  };

  const stopRun = () => { fit?.run?.stop(); };

  // Keyboard focus through a run: Run and Sample more are disabled while chains run, so a focused
  // one would drop the focus to the page body. Focus moves to Stop instead, and back to the
  // button that started the run when it ends (only if the focus is still on Stop or lost).
  const runButton = useRef<HTMLButtonElement>(null);
  const stopButton = useRef<HTMLButtonElement>(null);
  const moreButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef<HTMLButtonElement | null>(null);
  useEffect(() => {
    const active = document.activeElement;
    const lost = active === null || active === document.body;
    if (running) {
      if (active === runButton.current || active === moreButton.current || lost) {
        returnFocus.current = active === moreButton.current ? moreButton.current : runButton.current;
        stopButton.current?.focus();
      }
    } else if (returnFocus.current) {
      const target = returnFocus.current;
      returnFocus.current = null;
      if (active === stopButton.current || lost) target.focus();
    }
  }, [running]);

  // After Done: `moreDraws` more per chain. After Stop: every chain continues to the planned length.
  const sampleMore = () => {
    const run = fit?.run;
    if (!run || (run.status !== 'done' && run.status !== 'stopped')) return;
    const n = run.status === 'stopped' ? 0 : Number(moreDraws);
    if (run.status === 'done' && (!Number.isInteger(n) || n < 1 || n > 1_000_000)) { setRunError(`Draws to add must be a whole number from 1 to 1,000,000 (got '${moreDraws}').`); return; }
    const held = fitStore(fit!);
    const more = held ? runMemoryNote({ ...fit!.settings, iter: Math.max(run.plannedDraws, commonDraws(held)) + n }, held.nParams,
      browserMemoryLimit((navigator as { deviceMemory?: number }).deviceMemory)) : null;
    if (more?.block) { setRunError(more.block); return; }
    setRunError(null);
    const f = fit!;
    // Asked for more draws: Stop when converged, which holds already, would end them at once.
    f.autoStop = null;
    const t0 = performance.now();
    run.sampleMore(n).then(() => {
      f.wallSeconds += (performance.now() - t0) / 1000;
      if (run.status === 'error') setRunError(run.error);
      bump((x) => x + 1);
    }, (err: unknown) => setRunError(err instanceof Error ? err.message : String(err)));
  };

  // ---- sessions -------------------------------------------------------------------------
  const restore = useCallback((s: RestoredSession) => {
    // Everything that can fail is built first, so a session that cannot be shown leaves the
    // current one untouched.
    let next: Fit | null = null;
    if (s.fit) {
      const spec = { formula: s.model.formula, family: s.model.family, priors: s.model.priors };
      const base = { id: ++fitIds, spec, settings: s.settings, table: s.table, startedAt: performance.now(), wallSeconds: s.fit.wallSeconds };
      const cps = s.fit.checkpoints;
      if (s.fit.status === 'done' && cps && cps.length === s.fit.store.nChains) {
        // A finished run with its chains' final states: rebuild a finished ChainRun around the
        // restored draws so "Sample more" continues every chain exactly where it stopped.
        const run = new ChainRun({
          spec, data: s.table, settings: s.settings, spawn: spawnBrowserWorker,
          concurrency: Math.max(1, Math.min(s.settings.chains, navigator.hardwareConcurrency || 4)),
        });
        run.store = s.fit.store;
        run.nObs = s.fit.nObs;
        run.status = 'done';
        cps.forEach((cp, i) => { run.checkpoints[i] = cp; Object.assign(run.progress[i], s.fit!.progress[i]); });
        next = { ...base, run, restored: null };
      } else {
        next = { ...base, run: null, restored: s.fit };
      }
    }
    const edits: Record<string, string> = {};
    for (const p of s.model.priors) edits[priorKey(p)] = p.prior;
    fit?.run?.stop();
    dispatch({ type: 'data/imported', table: s.table, source: { kind: 'file', fileName: s.table.name, bytes: 0 }, messages: [], ms: null });
    setFormula(s.model.formula);
    setFamily(s.model.family);
    setPriorEdits(edits);
    setForm(formOf(s.settings));
    setFit(next);
  }, [dispatch, fit]);

  // A fit opened from files (OpenFit.tsx) replaces the one shown, like an opened session.
  const openFit = useCallback((f: Fit) => { fit?.run?.stop(); setRunError(null); setFit(f); }, [fit]);

  // The fit's own structure (for the PPC), prepared once per fit in the analysis worker.
  const structureCache = useRef<{ id: number; p: Promise<ModelStructure> } | null>(null);
  const loadStructure = useCallback((): Promise<ModelStructure> => {
    if (!fit) return Promise.reject(new Error('No fit'));
    if (fit.external) return Promise.reject(new Error(noModelReason(fit, 'predictive check')));
    if (structureCache.current?.id === fit.id) return structureCache.current.p;
    const w = new AnalysisWorker();
    const p = w.prepare(fit.table, { formula: fit.spec.formula, family: fit.spec.family, priors: fit.spec.priors ?? [] })
      .then((r) => r.prepared.structure).finally(() => w.dispose());
    structureCache.current = { id: fit.id, p };
    return p;
  }, [fit]);

  const stem = fileStem(fit?.table.name ?? table?.name ?? 'model');
  const traceParams = useMemo(() => (store ? store.names.filter((n) => !n.startsWith('r_')).slice(0, 24) : []), [store]);
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
          table={table} formula={formula} onFormula={setFormula} family={family} onFamily={setFamily}
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
        <SettingsFields form={form} onChange={setForm} errors={settingsErrors} disabled={running} />
      </section>

      <Equations latex={(prepared ?? lastGood)?.equations ?? null} stale={!prepared && !!lastGood} />

      <section className="ws-card ws-runbar" aria-label="Run">
        <div className="ws-row">
          <button ref={runButton} type="button" className="ws-primary" onClick={startRun} disabled={running || blockers.length > 0}>Run</button>
          <button ref={stopButton} type="button" onClick={stopRun} disabled={!running}>Stop</button>
          <label className="ws-inline">
            Draws to add
            <input type="number" className="ws-narrow" value={moreDraws} min={1} onChange={(e) => setMoreDraws(e.target.value)}
              disabled={status === 'stopped'} title={status === 'stopped' ? 'After Stop, Sample more first finishes the requested draws' : undefined} />
          </label>
          <button ref={moreButton} type="button" onClick={sampleMore} disabled={!fit?.run || (status !== 'done' && status !== 'stopped')}>Sample more</button>
          <span className="ws-status" role="status" aria-label="Run status">
            {fit?.external ? `Opened from ${fit.external.files.length} file${fit.external.files.length > 1 ? 's' : ''}`
              : status === 'idle' ? (fit?.restored ? 'Reopened from a session' : 'Not run yet')
              : status === 'running' ? (store ? 'Sampling…' : 'Starting the chains…')
                : status === 'done' ? `Done in ${fit!.wallSeconds.toFixed(1)} s`
                  : status === 'stopped' ? stoppedStatus(store, fit?.run?.stopReason ?? null, fit?.run?.plannedDraws ?? fit!.settings.iter)
                    : `Failed${fit?.run?.error ? `: ${fit.run.error}` : ''}`}
          </span>
        </div>
        {blockers.length && !running ? <p className="ws-hint">{blockers.join(' ')}</p> : null}
        {memory?.warn && !running ? <p className="ws-hint">{memory.warn}</p> : null}
        {!running && checked.checks ? <PreflightNotes warnings={checked.checks.warnings} /> : null}
        {runError ? <p className="ws-error-text" role="alert">{runError}</p> : null}
        {diag.error ? <p className="ws-error-text" role="alert">Diagnostics could not be computed: {diag.error}</p> : null}
        {progress.length ? <ProgressList progress={progress} /> : null}
      </section>

      {fit ? (
        <>
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
          <SummaryTable rows={diag.rows} level={level} onLevel={setLevel} chains={diag.chains} draws={diag.draws} nObs={fitNObs(fit)}
            family={fit.external ? undefined : fit.spec.family} />
          <WarningsPanel warnings={warnings} />
          {fit.external ? null : <IccPanel fit={fit} store={store} loadStructure={loadStructure} level={level} />}
          <HypothesesView key={fit.id} store={store} fileStem={stem} />
          {/* an opened fit (files, no model) has no design to pool or split */}
          {!fit.external && store.names.some((n) => n.startsWith('sd_')) ? (
            <>
              <PoolingView key={`pooling-${fit.id}`} store={store} loadStructure={loadStructure} fileStem={stem} level={level} />
              <VarianceView key={`variance-${fit.id}`} store={store} loadStructure={loadStructure} fileStem={stem} level={level} />
            </>
          ) : null}
          <ResultCharts store={store} rows={diag.rows} storeVersion={store.version} fileStem={stem} loadStructure={loadStructure}
            outcome={fit.spec.formula.split('~')[0].split('|')[0].trim() || 'y'} family={fit.spec.family} level={level} />
        </>
      ) : null}

      <ExportsPanel fit={fit} store={running ? null : store} diag={diag} probs={probs} stem={stem}
        formula={formula} family={family} userPriors={userPriors} settings={settings} table={table} onRestore={restore} onOpenFit={openFit} />
    </div>
  );
}
