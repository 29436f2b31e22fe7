// Exports and sessions: draws CSV, summary CSV / JSON, Stan program + data JSON, brms call,
// and a session file that reopens the whole analysis: every fit of the model list with its data
// (format 3, persist/sessionFile.ts, streamed), or with no fit yet the data, model and settings
// (format 2, session.ts). Open session reads all three formats.
import { useRef, useState } from 'react';
import type { DataTable, FamilyName, SamplerSettings } from '../../core/types';
import type { DrawStore } from '../../client/drawStore';
import { AnalysisWorker } from './analysisWorker';
import { download, drawsCsvOf, summaryCsvText, summaryJsonOf } from './exports';
import { fitNObs, fitProgress, fitStatus, type Fit } from './fit';
import { SESSION_EXTENSION, SessionFileError, sessionBlob, type RestoredSession } from './session';
import { openSessionFile, sessionFileBlob, type SessionEntry } from '../persist/sessionFile';
import { keepable, persistedOf } from '../persist/workspaceFits';
import { excerpt } from '../../core/model/codeEscape';
import type { DiagnosticsState } from './useFit';
import { OpenFitControl, noModelReason } from './OpenFit';
import { OpenInR } from './OpenInR';

export function ExportsPanel({ fit, fits, store, diag, probs, stem, formula, family, link, userPriors, settings, table, onRestore, onOpenSession, onOpenFit }: {
  fit: Fit | null;
  /** Every fit of the model list: Save session writes those that finished or stopped. */
  fits: readonly Fit[];
  store: DrawStore | null;
  diag: DiagnosticsState;
  probs: number[];
  stem: string;
  formula: string;
  family: FamilyName;
  /** The model panel's link (absent: the family's default). */
  link?: string;
  userPriors: { prior: string; class: string; coef?: string; group?: string }[];
  settings: SamplerSettings | null;
  table: DataTable | null;
  /** A format-1 or format-2 session (one fit, or the data and model only). */
  onRestore: (s: RestoredSession) => void;
  /** A format-3 session: its fits join the model list. */
  onOpenSession: (entries: SessionEntry[]) => Promise<void>;
  onOpenFit?: (fit: Fit) => void;
}) {
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const guard = async (what: string, fn: () => Promise<void> | void) => {
    setBusy(true);
    try {
      await fn();
      setMessage(null);
    } catch (err) {
      setMessage({ kind: 'error', text: `${what}: ${err instanceof Error ? err.message : String(err)}` });
    } finally {
      setBusy(false);
    }
  };

  // The model the code exports describe: the fit's when there is one, else the model panel's.
  const spec = fit ? { ...fit.spec, priors: fit.spec.priors ?? [] } : { formula, family, ...(link ? { link } : {}), priors: userPriors };
  const data = fit ? fit.table : table;
  const runSettings = fit ? fit.settings : settings;

  const withPrepared = async (use: (p: Awaited<ReturnType<AnalysisWorker['prepare']>>['prepared']) => void) => {
    if (!data) throw new Error('load data first');
    const w = new AnalysisWorker();
    try {
      const r = await w.prepare(data, { ...spec, settings: runSettings ?? undefined });
      use(r.prepared);
    } finally {
      w.dispose();
    }
  };

  const hasDraws = !!store && !!fit;
  const noModel = !!fit?.external;
  const hasSummary = hasDraws && !!diag.rows;

  return (
    <section className="ws-card" aria-label="Exports">
      <h3 className="ws-title">Export and sessions</h3>
      <div className="ws-buttons">
        <button type="button" disabled={!hasDraws || busy} onClick={() => void guard('Draws CSV', () => download(`${stem}-draws.csv`, drawsCsvOf(store!), 'text/csv'))}>Export draws</button>
        <button type="button" disabled={!hasSummary || busy} onClick={() => void guard('Summary CSV', () => download(`${stem}-summary.csv`, summaryCsvText(diag.rows!, probs), 'text/csv'))}>Summary CSV</button>
        <button type="button" disabled={!hasSummary || busy || noModel} onClick={() => void guard('Summary JSON', () => download(`${stem}-summary.json`, summaryJsonOf(fit!, diag.rows!, diag.ebfmi, store!), 'application/json'))}>Summary JSON</button>
        <button type="button" disabled={!data || busy || noModel} onClick={() => void guard('Stan program', () => withPrepared((p) => download(`${stem}.stan`, p.stanProgram)))}>Stan program</button>
        <button type="button" disabled={!data || busy || noModel} onClick={() => void guard('Stan data', () => withPrepared((p) => download(`${stem}-data.json`, JSON.stringify(p.stanData, null, 1), 'application/json')))}>Stan data JSON</button>
        <button type="button" disabled={!data || busy || noModel} onClick={() => void guard('brms call', () => withPrepared((p) => download(`${stem}-brms.R`, p.brmsCall + '\n')))}>brms call</button>
      </div>
      <OpenInR fit={fit} store={store} stem={stem} />
      <div className="ws-buttons">
        <button type="button" disabled={!data || !runSettings || busy || noModel || (fit ? fitStatus(fit) === 'running' : false)} onClick={() => void guard('Save session', async () => {
          const kept = fits.filter(keepable);
          if (kept.length) {
            const entries = kept.map((f, i) => ({ fit: persistedOf(f, `fit-${i + 1}`)!, table: f.table }));
            download(`${stem}${SESSION_EXTENSION}`, await sessionFileBlob(entries));
            return;
          }
          // No fit yet: the data, the model and the settings (format 2).
          const blob = await sessionBlob({
            table: data!, model: spec, settings: runSettings!, store: hasDraws ? store : null,
            progress: fit ? fitProgress(fit) : [], nObs: fit ? fitNObs(fit) : 0, wallSeconds: fit?.wallSeconds ?? 0,
            status: fit ? fitStatus(fit) : 'done',
            checkpoints: fit?.run ? fit.run.checkpoints : undefined,
          });
          download(`${stem}${SESSION_EXTENSION}`, blob);
        })}>Save session</button>
        <label className="ws-file">
          <span>Open session</span>
          <input ref={fileInput} type="file" accept={`${SESSION_EXTENSION},.json,application/json,application/gzip`} aria-label="Open session" onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (!file) return;
            const name = excerpt(file.name, 60);
            void guard(`Open session ${name}`, async () => {
              // readSession throws only SessionFileErrors (a message naming the field); onRestore
              // builds everything before it changes anything.
              const opened = await openSessionFile(file);
              try {
                if (opened.kind === 'legacy') onRestore(opened.session);
                else if (opened.fits.length === 0) throw new SessionFileError('This session holds no fits. The current session is kept.');
                else await onOpenSession(opened.fits);
              } catch (err) {
                if (err instanceof SessionFileError) throw err;
                throw new SessionFileError('The session was read but could not be shown in this page. The current session is kept.');
              }
            }).then(() => setMessage((m) => m ?? { kind: 'ok', text: `Reopened ${name}.` }));
          }} />
        </label>
        {onOpenFit ? <OpenFitControl onOpen={onOpenFit} disabled={busy || (fit ? fitStatus(fit) === 'running' : false)} /> : null}
      </div>
      {noModel ? <p className="ws-hint">{noModelReason(fit!, 'summary JSON (it describes the model), Stan program, Stan data, brms call or session file')}</p> : null}
      {message ? <p className={message.kind === 'error' ? 'ws-error-text' : 'ws-ok-text'} role={message.kind === 'error' ? 'alert' : 'status'}>{message.text}</p> : null}
    </section>
  );
}
