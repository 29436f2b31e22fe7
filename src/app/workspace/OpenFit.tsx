// "Open fit": fits made elsewhere (CmdStan CSV files, one per chain; or a draws CSV with .chain)
// read in a worker (openFit.worker.ts) and shown as a fit with no model. The note says where the
// draws came from and which views need a model and are therefore not offered.
import { useRef, useState } from 'react';
import { excerpt } from '../../core/model/codeEscape';
import { SAMPLER_STAT_NAMES } from '../../core/types';
import type { ImportedFit } from '../../core/io/fitImport';
import type { OpenFitReply } from './openFit.worker';
import { buildOpenedFit } from './openFitBuild';
import { commonDraws, fitStore, usableChains, type Fit } from './fit';

// Ids apart from the workspace's own run counter (diagnostics and caches are keyed by fit id).
let openedIds = 1_000_000;

const sourceLabel = (fit: Fit) => (fit.external?.format === 'cmdstan' ? 'CmdStan CSV files' : 'a draws CSV');

/** Why a model-dependent view is missing, e.g. noModelReason(fit, 'predictive check'). */
export function noModelReason(fit: Fit, what: string): string {
  return `This fit was opened from ${sourceLabel(fit)}: no model, so no ${what}.`;
}

function readInWorker(files: File[], onProgress: (done: number, total: number) => void): Promise<ImportedFit> {
  const w = new Worker(new URL('./openFit.worker.ts', import.meta.url), { type: 'module', name: 'open-fit' });
  return new Promise<ImportedFit>((resolve, reject) => {
    w.addEventListener('message', (e: MessageEvent<OpenFitReply>) => {
      const r = e.data;
      if (r.type === 'progress') { onProgress(r.bytesDone, r.bytesTotal); return; }
      w.terminate();
      if (r.type === 'done') resolve(r.fit); else reject(new Error(r.message));
    });
    w.addEventListener('error', (e) => { w.terminate(); reject(new Error(`The file reader stopped: ${e.message || 'it could not be loaded'}`)); });
    w.postMessage({ files });
  });
}

/** The file input (several files at once) with its progress and error line. */
export function OpenFitControl({ onOpen, disabled }: { onOpen: (fit: Fit) => void; disabled: boolean }) {
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'reading'; pct: number } | { kind: 'error' | 'ok'; text: string }>({ kind: 'idle' });
  const input = useRef<HTMLInputElement>(null);
  const open = (files: File[]) => {
    const names = files.map((f) => excerpt(f.name, 60)).join(', ');
    setState({ kind: 'reading', pct: 0 });
    readInWorker(files, (done, total) => setState({ kind: 'reading', pct: total > 0 ? Math.floor((100 * done) / total) : 100 }))
      .then((imported) => {
        onOpen(buildOpenedFit(imported, ++openedIds));
        setState({ kind: 'ok', text: `Opened ${names}.` });
      }, (err: unknown) => setState({ kind: 'error', text: `Open fit: ${err instanceof Error ? err.message : String(err)}` }));
  };
  return (
    <>
      <label className="ws-file" title="CmdStan output CSVs (one per chain, choose them together) or a draws CSV with .chain, .iteration, .draw">
        <span>Open fit</span>
        <input ref={input} type="file" multiple accept=".csv,text/csv" aria-label="Open fit" disabled={disabled || state.kind === 'reading'} onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          if (files.length) open(files);
        }} />
      </label>
      {state.kind === 'reading' ? <span className="ws-hint" role="status">Reading the draws… {state.pct}%</span> : null}
      {state.kind === 'error' ? <p className="ws-error-text" role="alert">{state.text}</p> : null}
      {state.kind === 'ok' ? <span className="ws-ok-text" role="status">{state.text}</span> : null}
    </>
  );
}

/** What the opened fit is, and what is not shown for it. */
export function OpenedFitNote({ fit }: { fit: Fit }) {
  const ext = fit.external;
  const store = fitStore(fit);
  if (!ext || !store) return null;
  const m = ext.meta[0];
  const chains = usableChains(store).length;
  const warm = Math.max(...Array.from({ length: store.nChains }, (_, i) => store.nWarmup(i + 1)));
  const bits = [
    m?.model ? `model ${m.model}` : null,
    m?.stanVersion ? `Stan ${m.stanVersion}` : null,
    `${chains} chains × ${commonDraws(store)} post-warmup draws`,
    warm > 0 ? `${warm} warmup draws saved` : null,
    m?.stepSize !== undefined ? `step size ${ext.meta.map((x) => x.stepSize ?? '?').join(', ')}` : null,
    m?.metric ? `metric ${m.metric}` : null,
  ].filter(Boolean);
  const missing = SAMPLER_STAT_NAMES.filter((_, i) => !ext.statsPresent[i]);
  return (
    <section className="ws-card" aria-label="Opened fit">
      <h3 className="ws-title">Opened fit</h3>
      <p>From {sourceLabel(fit)}: {ext.files.map((f) => excerpt(f, 60)).join(', ')}</p>
      <p className="ws-hint">{bits.join(' · ')}</p>
      <p className="ws-hint">{noModelReason(fit, 'predictive check, intraclass correlation, model equations, Stan or brms code exports, session file or Sample more')}
        {' '}The traces, rank, density, pairs, summary and sampler checks below are computed from the draws in the files.</p>
      {missing.length ? (
        <p className="ws-hint">The files have no {missing.join(', ')} column{missing.length > 1 ? 's' : ''}
          {missing.includes('divergent__') ? ': divergences are not known (counted as none, none drawn in red)' : ''}
          {missing.includes('energy__') ? '; E-BFMI cannot be computed' : ''}.</p>
      ) : null}
    </section>
  );
}
