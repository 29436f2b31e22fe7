// Region "Models": every fit of the session (runs, reopened sessions, opened files), with its
// name (editable), formula, family, status, time and elpd_loo; show one, pick fits to compare,
// duplicate a fit's model into the editor, delete.
import type { Dispatch } from 'react';
import type { WorkspaceAction } from './store/actions';
import type { Fit } from './store/types';
import { editorOfFit } from './fitActions';

const statusText = (f: Fit): string => (f.status === 'done' ? 'done' : f.status === 'stopped' ? 'stopped' : f.status === 'failed' ? 'failed' : 'running');

function elpdText(f: Fit): string {
  if (f.external) return 'no model';
  const l = f.loo;
  if (!l) return f.status === 'running' ? '' : '—';
  if (l.state === 'pending') return 'computing…';
  if (l.state === 'error') return 'failed';
  return `${l.loo.elpdLoo.estimate.toFixed(1)} (${l.loo.elpdLoo.se.toFixed(1)})`;
}

/** Status and time in one cell: "done, 0.6 s" (the start time in the title). */
function statusCell(f: Fit): { text: string; title: string } {
  const clock = new Date(f.createdAt).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return { text: f.status === 'running' ? 'running' : `${statusText(f)}, ${f.wallSeconds.toFixed(1)} s`, title: `Started at ${clock}` };
}

function FitRow({ fit, shown, picked, dispatch }: { fit: Fit; shown: boolean; picked: boolean; dispatch: Dispatch<WorkspaceAction> }) {
  return (
    <tr aria-current={shown ? 'true' : undefined} className={shown ? 'ws-shown' : undefined}>
      <td>
        <input type="checkbox" checked={picked} aria-label={`Compare ${fit.name}`} disabled={!!fit.external}
          onChange={() => dispatch({ type: 'compare/toggle', id: fit.id })} />
      </td>
      <td>
        {/* Renamed on blur or Enter: a record per finished name, not per key stroke. */}
        <input key={fit.name} className="ws-name" defaultValue={fit.name} aria-label={`Name of ${fit.name}`}
          onBlur={(e) => dispatch({ type: 'fit/renamed', id: fit.id, name: e.target.value })}
          onKeyDown={(e) => { if (e.key === 'Enter') (e.target as HTMLInputElement).blur(); }} />
      </td>
      <td className="ws-mono">
        {fit.external ? `(opened: ${fit.external.files.length} file${fit.external.files.length > 1 ? 's' : ''})` : fit.spec.formula}
        {fit.external ? null : <span className="ws-family">{fit.spec.family}</span>}
      </td>
      <td title={statusCell(fit).title}>{statusCell(fit).text}</td>
      <td className="ws-num">{elpdText(fit)}</td>
      <td className="ws-actions">
        <button type="button" onClick={() => dispatch({ type: 'fit/shown', id: fit.id })} disabled={shown}
          aria-label={`Show ${fit.name}`}>{shown ? 'Shown' : 'Show'}</button>
        <button type="button" disabled={!!fit.external} aria-label={`Duplicate ${fit.name} into editor`}
          title={fit.external ? 'An opened fit has no model to edit' : 'Put this fit\'s formula, family and priors back in the editor'}
          onClick={() => dispatch({ type: 'editor/load', editor: editorOfFit(fit) })}>Duplicate</button>
        <button type="button" aria-label={`Delete ${fit.name}`} onClick={() => {
          fit.run?.stop();
          dispatch({ type: 'fit/deleted', id: fit.id });
        }}>Delete</button>
      </td>
    </tr>
  );
}

export function ModelList({ fits, shownId, compareIds, dispatch }: {
  fits: readonly Fit[];
  shownId: number | null;
  compareIds: readonly number[];
  dispatch: Dispatch<WorkspaceAction>;
}) {
  if (fits.length === 0) return null;
  return (
    <section className="ws-card" aria-label="Models">
      <h3 className="ws-title">Models</h3>
      <div className="ws-models-wrap">
      <table className="ws-table ws-models">
        <thead>
          <tr><th>Compare</th><th>Name</th><th>Formula, family</th><th>Status, time</th><th>elpd_loo (SE)</th><th><span className="visually-hidden">Actions</span></th></tr>
        </thead>
        <tbody>
          {fits.map((f) => <FitRow key={f.id} fit={f} shown={f.id === shownId} picked={compareIds.includes(f.id)} dispatch={dispatch} />)}
        </tbody>
      </table>
      </div>
      {fits.some((f) => f.external) ? <p className="ws-hint">Fits opened from files hold draws only: no model, so no LOO, comparison or model views for them.</p> : null}
    </section>
  );
}
