// The shown fit's own model structure (for the PPC, ICC, pooling and variance views), prepared
// once per fit in an analysis worker of its own.
import { useCallback, useRef } from 'react';
import type { ModelStructure } from '../../core/types';
import { AnalysisWorker } from './analysisWorker';
import { noModelReason } from './OpenFit';
import type { Fit } from './store/types';

export function useFitStructure(fit: Fit | null): () => Promise<ModelStructure> {
  const cache = useRef(new Map<number, Promise<ModelStructure>>());
  return useCallback((): Promise<ModelStructure> => {
    if (!fit) return Promise.reject(new Error('No fit'));
    if (fit.external) return Promise.reject(new Error(noModelReason(fit, 'predictive check')));
    const hit = cache.current.get(fit.id);
    if (hit) return hit;
    const w = new AnalysisWorker();
    const p = w.prepare(fit.table, { ...fit.spec, priors: fit.spec.priors ?? [] })
      .then((r) => r.prepared.structure).finally(() => w.dispose());
    // A failed preparation is not kept: the next view asks again.
    p.catch(() => cache.current.delete(fit.id));
    cache.current.set(fit.id, p);
    return p;
  }, [fit?.id]); // eslint-disable-line react-hooks/exhaustive-deps
}
