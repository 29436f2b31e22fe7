// PSIS-LOO for every finished or stopped fit of the session, one at a time in an analysis worker
// of its own (off the main thread): each result becomes a new record of its fit (loo: ok / error).
// A fit that samples again (Sample more) drops its LOO and gets a new one when it ends.
import { useEffect, useRef, useState, type Dispatch } from 'react';
import { AnalysisWorker, CancelledError } from './analysisWorker';
import { diagnosticsCopy, fitStore } from './fit';
import type { WorkspaceAction } from './store/actions';
import type { Fit } from './store/types';

/** Fits that need a LOO: a model (not opened from files), draws, not running, none computed. */
export const needsLoo = (f: Fit): boolean =>
  !f.external && f.loo === null && (f.status === 'done' || f.status === 'stopped') && fitStore(f) !== null;

export function useFitLoo(fits: readonly Fit[], dispatch: Dispatch<WorkspaceAction>): void {
  const worker = useRef<AnalysisWorker | null>(null);
  const busy = useRef(false);
  // Counts finished computations, so the next waiting fit starts when one ends.
  const [finished, setFinished] = useState(0);
  const latest = useRef(fits);
  latest.current = fits;
  useEffect(() => {
    worker.current = new AnalysisWorker();
    return () => { worker.current?.dispose(); worker.current = null; };
  }, []);
  useEffect(() => {
    const w = worker.current;
    const fit = fits.find(needsLoo);
    if (!w || busy.current || !fit) return;
    const copy = diagnosticsCopy(fitStore(fit)!);
    if (!copy) return;
    busy.current = true;
    dispatch({ type: 'fit/updated', id: fit.id, update: { loo: { state: 'pending' } } });
    // Still wanted: the fit is there and has not sampled again meanwhile (that resets its loo).
    const wanted = () => latest.current.find((f) => f.id === fit.id)?.loo?.state === 'pending';
    w.loo(fit.table, { ...fit.spec, priors: fit.spec.priors ?? [] },
      { names: copy.names, chains: copy.chains, nIterations: copy.nIterations[0] }).then(
      ({ outcome, ms }) => { if (wanted()) dispatch({ type: 'fit/updated', id: fit.id, update: { loo: { state: 'ok', ...outcome, ms } } }); },
      (err: unknown) => {
        if (err instanceof CancelledError || !wanted()) return;
        dispatch({ type: 'fit/updated', id: fit.id, update: { loo: { state: 'error', message: err instanceof Error ? err.message : String(err) } } });
      },
    ).finally(() => {
      busy.current = false;
      setFinished((n) => n + 1);
    });
  }, [fits, dispatch, finished]);
}
