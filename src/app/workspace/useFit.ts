// Hooks that connect a Fit to React without flooding it: run updates re-render at most every
// ~200 ms, diagnostics run in the analysis worker about once a second while sampling (never two
// at once) and once more when the run ends, the fit shown changes or the interval level changes.
// Keyed by the fit's id: a new record of the same fit (renamed, LOO computed) is not a new fit.
import { useEffect, useRef, useState } from 'react';
import type { SummaryRow } from '../../core/types';
import { AnalysisWorker } from './analysisWorker';
import { commonDraws, diagnosticsCopy, fitStatus, fitStore, type Fit } from './fit';

/** A counter that changes when the fit's run reports progress (throttled). */
export function useFitTick(fit: Fit | null, throttleMs = 200): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const run = fit?.run;
    if (!run) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let lastStatus = run.status;
    const off = run.subscribe(() => {
      if (run.status !== lastStatus) {
        lastStatus = run.status;
        if (timer) { clearTimeout(timer); timer = null; }
        setTick((t) => t + 1);
        return;
      }
      if (timer) return;
      timer = setTimeout(() => { timer = null; setTick((t) => t + 1); }, throttleMs);
    });
    return () => { off(); if (timer) clearTimeout(timer); };
  }, [fit?.run, throttleMs]); // eslint-disable-line react-hooks/exhaustive-deps
  return tick;
}

export interface DiagnosticsState {
  rows: SummaryRow[] | null;
  ebfmi: number[];
  /** Post-warmup draws per chain the rows are based on, and the number of chains used. */
  draws: number;
  chains: number;
  /** Fit id and probabilities the rows belong to. */
  fitId: number;
  probsKey: string;
  error: string | null;
  ms: number;
}

const EMPTY: DiagnosticsState = { rows: null, ebfmi: [], draws: 0, chains: 0, fitId: -1, probsKey: '', error: null, ms: 0 };

export function useDiagnostics(fit: Fit | null, probs: number[], tick: number): DiagnosticsState {
  const worker = useRef<AnalysisWorker | null>(null);
  const [state, setState] = useState<DiagnosticsState>(EMPTY);
  const busy = useRef(false);
  const cost = useRef(0);
  const again = useRef(false);
  const latest = useRef({ fit, probs });
  latest.current = { fit, probs };
  const probsKey = probs.join(',');

  useEffect(() => {
    worker.current = new AnalysisWorker();
    return () => { worker.current?.dispose(); worker.current = null; };
  }, []);

  const compute = useRef<() => void>(() => {});
  compute.current = () => {
    const { fit: f, probs: p } = latest.current;
    const w = worker.current;
    if (!f || !w) return;
    if (busy.current) { again.current = true; return; }
    const store = fitStore(f);
    if (!store) return;
    const copy = diagnosticsCopy(store);
    if (!copy) return;
    busy.current = true;
    const draws = commonDraws(store);
    const key = p.join(',');
    const t0 = performance.now();
    w.summarise(copy, p).then(
      (r) => {
        cost.current = performance.now() - t0;
        setState({ rows: r.rows, ebfmi: r.ebfmi, draws, chains: copy.chains.length, fitId: f.id, probsKey: key, error: null, ms: r.ms });
      },
      (err: unknown) => setState((s) => ({ ...(s.fitId === f.id ? s : EMPTY), fitId: f.id, error: err instanceof Error ? err.message : String(err) })),
    ).finally(() => {
      busy.current = false;
      if (again.current) { again.current = false; compute.current(); }
    });
  };

  const status = fit ? fitStatus(fit) : 'idle';
  // While running: about once a second, less often when a refresh itself takes long (big
  // models: copying and summarising thousands of parameters), so the worker is never saturated.
  useEffect(() => {
    if (status !== 'running') return;
    let t: ReturnType<typeof setTimeout>;
    const schedule = () => {
      t = setTimeout(() => { compute.current(); schedule(); }, Math.max(1000, 3 * cost.current));
    };
    schedule();
    return () => clearTimeout(t);
  }, [status, fit?.id]);
  // When the run ends (done / stopped / error) or the level changes: once more.
  useEffect(() => {
    if (status === 'running' || status === 'idle') return;
    compute.current();
  }, [status, fit?.id, probsKey]);
  // Restored fits never "run": compute on open.
  useEffect(() => {
    if (fit?.restored) compute.current();
  }, [fit?.id]); // eslint-disable-line react-hooks/exhaustive-deps
  void tick;
  return state.fitId === (fit?.id ?? -2) ? state : EMPTY;
}
