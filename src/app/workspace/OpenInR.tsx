// "Open in R" / "Open in Python" (issue 24): one zip with the data used, the Stan program and
// data, a CmdStan CSV per chain, names.csv and load_fit.R (a real brmsfit, no sampling) or
// load_fit.py (ArviZ). The fit exported is the one shown when the button is pressed: its draws are
// copied at that moment, so a fit chosen, resumed or deleted while the zip is built does not
// change what is written, and the file is named after that fit.
import { useState } from 'react';
import type { DrawStore } from '../../client/drawStore';
import type { BundleTarget } from '../../core/export/bundle';
import type { StanSyntax } from '../../core/export/stanSyntax';
import { fitStatus, usableChains, type Fit } from './fit';
import { download } from './exports';
import type { ExportBundleReply } from './exportBundle.worker';
import { bundleRequest, type ExportBundleRequest } from './exportBundleBuild';

function buildInWorker(req: ExportBundleRequest, onFile: (file: string) => void): Promise<Blob> {
  const w = new Worker(new URL('./exportBundle.worker.ts', import.meta.url), { type: 'module', name: 'export-bundle' });
  return new Promise<Blob>((resolve, reject) => {
    w.addEventListener('message', (e: MessageEvent<ExportBundleReply>) => {
      const r = e.data;
      if (r.type === 'progress') { onFile(r.file); return; }
      w.terminate();
      if (r.type === 'done') resolve(new Blob(r.parts as BlobPart[], { type: 'application/zip' }));
      else reject(new Error(r.message));
    });
    w.addEventListener('error', (e) => { w.terminate(); reject(new Error(e.message || 'the export worker failed')); });
    // copied, not transferred: a detach on this thread would make V8 recompile its typed-array code
    w.postMessage(req);
  });
}

const LABEL: Record<BundleTarget, string> = { r: 'Open in R', python: 'Open in Python' };

export function OpenInR({ fit, store, stem }: { fit: Fit | null; store: DrawStore | null; stem: string }) {
  const [syntax, setSyntax] = useState<StanSyntax>('current');
  const [status, setStatus] = useState<{ kind: 'busy' | 'ok' | 'error'; text: string } | null>(null);
  const busy = status?.kind === 'busy';
  const why = !fit ? 'Run a model first.' : fit.external ? 'This fit has no model to export.'
    : fitStatus(fit) === 'running' ? 'Wait until the run ends (or stop it).' : !store || usableChains(store).length === 0 ? 'No post-warmup draws yet.' : null;

  const start = (target: BundleTarget) => {
    if (!fit || !store || why) return;
    // Everything is taken from the fit shown now (see the header).
    const name = `${stem}-fit${fit.id}-${target === 'r' ? 'R' : 'python'}.zip`;
    let req: ExportBundleRequest;
    try { req = bundleRequest(fit, store, target, syntax, stem); } catch (err) {
      setStatus({ kind: 'error', text: `${LABEL[target]}: ${(err as Error).message}` });
      return;
    }
    setStatus({ kind: 'busy', text: `${LABEL[target]}: preparing ${name}...` });
    buildInWorker(req, (file) => setStatus({ kind: 'busy', text: `${LABEL[target]}: writing ${file}...` })).then(
      (blob) => { download(name, blob); setStatus({ kind: 'ok', text: `${LABEL[target]}: downloaded ${name} (fit ${fit.id}). Unzip it and run ${target === 'r' ? 'load_fit.R' : 'load_fit.py'}.` }); },
      (err: unknown) => setStatus({ kind: 'error', text: `${LABEL[target]}: ${err instanceof Error ? err.message : String(err)}` }),
    );
  };

  return (
    <div className="ws-buttons" role="group" aria-label="Open in R or Python">
      <button type="button" disabled={!!why || busy} title={why ?? 'A zip with the data, the Stan program, CmdStan CSVs and load_fit.R, which rebuilds a brmsfit without sampling'} onClick={() => start('r')}>Open in R</button>
      <button type="button" disabled={!!why || busy} title={why ?? 'A zip with the CmdStan CSVs, ArviZ coords and dims, and load_fit.py'} onClick={() => start('python')}>Open in Python</button>
      <label className="ws-inline">
        <span>Stan syntax </span>
        <select aria-label="Stan syntax" value={syntax} disabled={busy} onChange={(e) => setSyntax(e.target.value as StanSyntax)}>
          <option value="current">current CmdStan (2.33 and later)</option>
          <option value="old">older Stan (rstan 2.21-2.25)</option>
        </select>
      </label>
      <p className="ws-hint">Draws CSV: in R <code>posterior::as_draws_df(read.csv(f, check.names = FALSE))</code>; in Python <code>pandas.read_csv(f)</code> (or the Open in Python zip with <code>arviz.from_cmdstan</code>).</p>
      {status ? <p className={status.kind === 'error' ? 'ws-error-text' : 'ws-ok-text'} role={status.kind === 'error' ? 'alert' : 'status'}>{status.text}</p> : null}
    </div>
  );
}
