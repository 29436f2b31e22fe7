// The analysis-worker side of the Pooling and Variance by level views: the fit's design (from
// its ModelStructure) and pooled draws go to a worker the views share once per fit version;
// each choice (group, coefficient, interval) is then one small request. The main thread only
// copies the draws; every per-draw loop runs in the worker (src/core/interpret/views.ts).
// A view starts only once its section comes near the viewport: right after a run the page draws
// its summary, traces and charts, and views nobody has scrolled to should not add to that.
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { DrawStore } from '../../client/drawStore';
import type { DataTable, ModelStructure } from '../../core/types';
import type { ViewJob, ViewResult, ViewsDesign } from '../../core/interpret/views';
import { AnalysisWorker } from './analysisWorker';
import { pooledDraws } from './fit';

const storeIds = new WeakMap<DrawStore, number>();
let nextStoreId = 1;
/** Names one store's draws at one version (a new run or more draws: a new key). */
export function viewStoreKey(s: DrawStore): string {
  if (!storeIds.has(s)) storeIds.set(s, nextStoreId++);
  return `${storeIds.get(s)}:${s.version}`;
}

/** The parts of a ModelStructure the views read (no priors). */
export function viewsDesign(s: ModelStructure): ViewsDesign {
  return {
    family: s.family, link: s.link, N: s.N, y: s.y, trials: s.trials, offset: s.offset, hasIntercept: s.hasIntercept, X: s.X, K: s.K, bNames: s.bNames,
    groups: s.groups.map((g) => ({ group: g.group, levels: g.levels, index: g.index, coefNames: g.coefNames, Z: g.Z, correlated: g.correlated })),
  };
}

export interface ViewState<R extends ViewResult> { result: R | null; busy: boolean; error: string | null }

/**
 * The content width of `ref`'s element from a ResizeObserver (null until the first report), so a
 * chart can be sized without reading clientWidth, which forces a layout of the whole page (tens
 * of ms on a busy page with many cards).
 */
export function useContentWidth(ref: RefObject<HTMLElement | null>): number | null {
  const [width, setWidth] = useState<number | null>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return undefined;
    const ro = new ResizeObserver((entries) => {
      const w = Math.round(entries[entries.length - 1].contentRect.width);
      setWidth((old) => (old === w ? old : w));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return width;
}

/** True once `ref`'s element has come within 300 px of the viewport (and from then on). */
export function useSeen(ref: RefObject<HTMLElement | null>): boolean {
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (seen || !el) return undefined;
    if (typeof IntersectionObserver === 'undefined') { setSeen(true); return undefined; }
    const io = new IntersectionObserver((entries) => { if (entries.some((e) => e.isIntersecting)) setSeen(true); }, { rootMargin: '300px' });
    io.observe(el);
    return () => io.disconnect();
  }, [seen, ref]);
  return seen;
}

// One worker for all the views of one store: the draws (which can be 100+ MB) are copied to it
// once, not once per view. Counted by users; the last one to go disposes of it.
const sharedWorkers = new Map<DrawStore, { worker: AnalysisWorker; users: number }>();

function useSharedWorker(store: DrawStore): () => AnalysisWorker {
  const held = useRef<DrawStore | null>(null);
  useEffect(() => () => {
    const s = held.current;
    const entry = s ? sharedWorkers.get(s) : undefined;
    if (!s || !entry) return;
    held.current = null;
    if (--entry.users === 0) { entry.worker.dispose(); sharedWorkers.delete(s); }
  }, [store]);
  return () => {
    let entry = sharedWorkers.get(store);
    if (!entry) { entry = { worker: new AnalysisWorker(), users: 0 }; sharedWorkers.set(store, entry); }
    if (held.current !== store) { held.current = store; entry.users++; }
    return entry.worker;
  };
}

/**
 * True once the browser has had an idle moment after `wanted` became true (at most `timeout` ms
 * later), and from then on. A view that waits for it starts after the page's own work of the
 * moment (the summary, the traces and the charts drawn at the end of a run, the views above it),
 * not in the middle of it.
 */
export function useIdleOnce(wanted: boolean, timeout = 4000): boolean {
  const [idle, setIdle] = useState(false);
  useEffect(() => {
    if (!wanted || idle) return undefined;
    if (typeof requestIdleCallback === 'undefined') {
      const t = setTimeout(() => setIdle(true), 100);
      return () => clearTimeout(t);
    }
    const h = requestIdleCallback(() => setIdle(true), { timeout });
    return () => cancelIdleCallback(h);
  }, [wanted, idle, timeout]);
  return idle;
}

export interface InterpretViewOptions {
  /** The fit's data, for the views that evaluate the formula on new data (conditional effects, group lines). */
  table?: DataTable;
  /** Start the first computation in an idle moment (useIdleOnce) rather than as soon as the section is near. */
  idle?: boolean;
}

export function useInterpretView<R extends ViewResult>(store: DrawStore, loadStructure: () => Promise<ModelStructure>, job: ViewJob, section: RefObject<HTMLElement | null>, options: InterpretViewOptions = {}): ViewState<R> {
  const [state, setState] = useState<ViewState<R>>({ result: null, busy: false, error: null });
  const workerFor = useSharedWorker(store);
  const near = useSeen(section);
  const idle = useIdleOnce(near && options.idle === true);
  const seen = near && (idle || options.idle !== true);
  const table = options.table;
  const key = viewStoreKey(store);
  const jobKey = JSON.stringify(job);
  useEffect(() => {
    if (!seen) return undefined;
    let cancelled = false;
    setState((s) => ({ ...s, busy: true }));
    loadStructure().then((structure) => {
      if (cancelled) return undefined;
      const worker = workerFor();
      const inputs = () => {
        const { rows, n } = pooledDraws(store);
        return { draws: { names: store.names.slice(), rows, nDraws: n }, design: viewsDesign(structure) };
      };
      return worker.view(job, key, inputs, table).then(({ result }) => {
        if (!cancelled) setState({ result: result as R, busy: false, error: null });
      });
    }).catch((err: unknown) => {
      if (!cancelled) setState({ result: null, busy: false, error: err instanceof Error ? err.message : String(err) });
    });
    return () => { cancelled = true; };
  }, [seen, key, jobKey, store, loadStructure, table]); // eslint-disable-line react-hooks/exhaustive-deps
  return state;
}

/**
 * `value`, in a later idle moment (at most 2 s later; null until then): a view's chart is then
 * built in a task of its own when nothing else is queued, not in the same task as other views
 * whose results arrived at the same moment (together they made main-thread tasks over 50 ms;
 * one chart alone takes a few to ~25 ms).
 */
export function useNextTask<T>(value: T | null): T | null {
  const [shown, setShown] = useState<T | null>(null);
  useEffect(() => {
    if (value === null) { setShown(null); return undefined; }
    if (typeof requestIdleCallback === 'undefined') {
      const t = setTimeout(() => setShown(() => value), 0);
      return () => clearTimeout(t);
    }
    const h = requestIdleCallback(() => setShown(() => value), { timeout: 2000 });
    return () => cancelIdleCallback(h);
  }, [value]);
  return shown;
}
