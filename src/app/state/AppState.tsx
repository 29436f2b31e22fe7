// App state in one place: a reducer over slices (data now; model and run slices join here) and a
// React context. Panels read with useAppState()/useDataTable() and act through the hooks below.
import { createContext, useCallback, useContext, useEffect, useMemo, useReducer, useRef, type Dispatch, type ReactNode } from 'react';
import { importError, importInfo } from '../../core/io/csvMessages';
import { checkCsvFileSize } from '../../core/io/csvSniff';
import { withFactorRole } from '../../core/io/tableTyping';
import type { DataColumn, DataTable } from '../../core/types';
import { CancelledError, parseInWorker, type ParseJob } from '../data/parseInWorker';
import { DEFAULT_EXAMPLE, fetchExampleFile, fetchExampleManifest, SLEEPSTUDY, type ExampleDataset } from '../data/examples';
import { dataReducer, initialDataState, type DataAction, type DataSource, type DataState } from './dataState';

export interface AppState {
  data: DataState;
}

export type AppAction = DataAction;

function appReducer(state: AppState, action: AppAction): AppState {
  if (action.type.startsWith('data/')) {
    const data = dataReducer(state.data, action);
    return data === state.data ? state : { ...state, data };
  }
  return state;
}

const StateContext = createContext<AppState | null>(null);
const DispatchContext = createContext<Dispatch<AppAction> | null>(null);

export function useAppState(): AppState {
  const s = useContext(StateContext);
  if (!s) throw new Error('useAppState outside <AppStateProvider>');
  return s;
}

export function useAppDispatch(): Dispatch<AppAction> {
  const d = useContext(DispatchContext);
  if (!d) throw new Error('useAppDispatch outside <AppStateProvider>');
  return d;
}

/** The loaded dataset: the single table the data view, model panel and exports read. */
export function useDataTable(): DataTable | null {
  return useAppState().data.table;
}

export interface DataActions {
  loadFile(file: File): void;
  loadExample(example: ExampleDataset): void;
  setColumnFactor(column: string, asFactor: boolean): void;
  /** Orders a text column's levels, lowest first (an ordinal response's categories); null: R's sort order. */
  setColumnLevels(column: string, levels: string[] | null): void;
  /** Appends derived columns (a within/between split) made from the columns `from`. */
  addDerivedColumns(columns: DataColumn[], from?: DataColumn[]): void;
  /** Removes a derived column together with its partner. */
  removeDerivedColumn(column: string): void;
  dismissReport(): void;
}

const DataActionsContext = createContext<DataActions | null>(null);

export function useDataActions(): DataActions {
  const a = useContext(DataActionsContext);
  if (!a) throw new Error('useDataActions outside <AppStateProvider>');
  return a;
}

function applyExampleFactors(table: DataTable, example: ExampleDataset): DataTable {
  const levels = example.levels ?? {};
  if (example.factors.length === 0 && Object.keys(levels).length === 0) return table;
  return {
    ...table,
    columns: table.columns.map((c) => {
      const typed = example.factors.includes(c.name) ? withFactorRole(c, true) : c;
      const order = Object.hasOwn(levels, c.name) ? levels[c.name] : undefined;
      return order && typed.numeric === null ? { ...typed, levels: order } : typed;
    }),
  };
}

export function AppStateProvider({ children }: { children: ReactNode }) {
  const [state, dispatch] = useReducer(appReducer, { data: initialDataState });
  const job = useRef<ParseJob | null>(null);
  const generation = useRef(0);

  const runImport = useCallback(async (name: string, getBlob: () => Promise<Blob>, source: DataSource, example?: ExampleDataset) => {
    job.current?.cancel();
    job.current = null;
    const myGeneration = ++generation.current;
    dispatch({ type: 'data/importStarted', name, phase: source.kind === 'example' ? 'fetching' : 'reading' });
    try {
      const blob = await getBlob();
      if (myGeneration !== generation.current) return;
      const current = parseInWorker(blob, name, (phase, fraction) => dispatch({ type: 'data/importProgress', phase, fraction }));
      job.current = current;
      const { result, ms } = await current.promise;
      if (myGeneration !== generation.current) return;
      job.current = null;
      if (!result.table) {
        dispatch({ type: 'data/importFailed', name, messages: result.messages });
        return;
      }
      let table = result.table;
      const messages = [...result.messages];
      if (example) table = applyExampleFactors(table, example);
      if (example && example.factors.length > 0) {
        messages.push(importInfo('example-factors', `${example.factors.join(', ')} ${example.factors.length === 1 ? 'is' : 'are'} used as a factor, as in the reference analysis of this dataset.`));
      }
      dispatch({ type: 'data/imported', table, source, messages, ms });
    } catch (err) {
      if (err instanceof CancelledError || myGeneration !== generation.current) return;
      dispatch({ type: 'data/importFailed', name, messages: [importError('read-failed', `${name} could not be loaded: ${err instanceof Error ? err.message : String(err)}.`)] });
    }
  }, []);

  const actions = useMemo<DataActions>(() => ({
    loadFile(file) {
      const tooLarge = checkCsvFileSize(file.size);
      if (tooLarge) {
        dispatch({ type: 'data/importFailed', name: file.name, messages: [tooLarge] });
        return;
      }
      void runImport(file.name, async () => file, { kind: 'file', fileName: file.name, bytes: file.size });
    },
    loadExample(example) {
      void runImport(example.file, () => fetchExampleFile(example), { kind: 'example', example }, example);
    },
    setColumnFactor(column, asFactor) {
      dispatch({ type: 'data/setFactor', column, asFactor });
    },
    setColumnLevels(column, levels) {
      dispatch({ type: 'data/setLevels', column, levels });
    },
    addDerivedColumns(columns, from) {
      dispatch({ type: 'data/addDerived', columns, from });
    },
    removeDerivedColumn(column) {
      dispatch({ type: 'data/removeDerived', column });
    },
    dismissReport() {
      dispatch({ type: 'data/dismissReport' });
    },
  }), [runImport]);

  // First open: read the example manifest and load sleepstudy.
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void fetchExampleManifest()
      .catch(() => [SLEEPSTUDY])
      .then((examples) => {
        dispatch({ type: 'data/examples', examples });
        actions.loadExample(examples.find((e) => e.name === DEFAULT_EXAMPLE) ?? SLEEPSTUDY);
      });
  }, [actions]);

  return (
    <StateContext.Provider value={state}>
      <DispatchContext.Provider value={dispatch}>
        <DataActionsContext.Provider value={actions}>{children}</DataActionsContext.Provider>
      </DispatchContext.Provider>
    </StateContext.Provider>
  );
}
