// The model in the editor prepared in the analysis worker (priors table, equations, messages,
// the compiled structure the chains reuse): debounced, the latest request wins.
import { useEffect, useRef, type Dispatch } from 'react';
import type { DataTable, FamilyName, SamplerSettings } from '../../core/types';
import { AnalysisError, AnalysisWorker, type WorkerError } from './analysisWorker';
import type { WorkspaceAction } from './store/actions';
import type { PriorSpec } from './store/types';

export const prepKeyOf = (formula: string, family: FamilyName, priors: PriorSpec[], link?: string): string => JSON.stringify([formula, family, link ?? null, priors]);

export function useModelPrep(table: DataTable | null, formula: string, family: FamilyName, link: string | undefined, userPriors: PriorSpec[],
  settings: SamplerSettings | null, dispatch: Dispatch<WorkspaceAction>): string {
  const worker = useRef<AnalysisWorker | null>(null);
  useEffect(() => {
    worker.current = new AnalysisWorker();
    return () => { worker.current?.dispose(); worker.current = null; };
  }, []);
  const key = prepKeyOf(formula, family, userPriors, link);
  useEffect(() => {
    if (!table || formula.trim() === '') { dispatch({ type: 'prep/idle' }); return; }
    let cancelled = false;
    dispatch({ type: 'prep/pending', key });
    const timer = setTimeout(() => {
      worker.current?.prepare(table, { formula, family, ...(link ? { link } : {}), priors: userPriors, settings: settings ?? undefined }).then(
        ({ prepared }) => { if (!cancelled) dispatch({ type: 'prep/ok', key, prepared }); },
        (err: unknown) => {
          if (cancelled) return;
          const error: WorkerError = err instanceof AnalysisError ? err.detail : { name: 'Error', message: err instanceof Error ? err.message : String(err) };
          dispatch({ type: 'prep/error', key, error });
        },
      );
    }, 200);
    return () => { cancelled = true; clearTimeout(timer); };
  }, [table, key]); // eslint-disable-line react-hooks/exhaustive-deps
  return key;
}
