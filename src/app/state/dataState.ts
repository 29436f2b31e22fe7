// The data slice of the app state: the loaded DataTable (the one table every panel reads), where
// it came from, the messages of the last import, and the progress of an import under way.
import type { ImportMessage } from '../../core/io/csvMessages';
import { withFactorRole } from '../../core/io/tableTyping';
import { withoutDerived } from '../../core/design/withinBetween';
import type { DataColumn, DataTable } from '../../core/types';
import type { ExampleDataset } from '../data/examples';

export type DataSource = { kind: 'example'; example: ExampleDataset } | { kind: 'file'; fileName: string; bytes: number };

export interface ImportProgress {
  name: string;
  phase: 'fetching' | 'reading' | 'parsing';
  /** 0..1, or null when unknown. */
  fraction: number | null;
}

export interface ImportReport {
  /** File the messages are about. */
  name: string;
  /** False when the import failed and the previous table stayed loaded. */
  loaded: boolean;
  messages: ImportMessage[];
  ms: number | null;
}

export interface DataState {
  table: DataTable | null;
  source: DataSource | null;
  examples: ExampleDataset[];
  importing: ImportProgress | null;
  report: ImportReport | null;
}

export const initialDataState: DataState = { table: null, source: null, examples: [], importing: null, report: null };

export type DataAction =
  | { type: 'data/examples'; examples: ExampleDataset[] }
  | { type: 'data/importStarted'; name: string; phase: ImportProgress['phase'] }
  | { type: 'data/importProgress'; phase: ImportProgress['phase']; fraction: number | null }
  | { type: 'data/imported'; table: DataTable; source: DataSource; messages: ImportMessage[]; ms: number | null }
  | { type: 'data/importFailed'; name: string; messages: ImportMessage[] }
  | { type: 'data/importCancelled' }
  | { type: 'data/dismissReport' }
  | { type: 'data/setFactor'; column: string; asFactor: boolean }
  /** The order of a text column's levels, lowest first (DataColumn.levels); null: R's sort order. */
  | { type: 'data/setLevels'; column: string; levels: string[] | null }
  /**
   * Appends columns the app made (design/withinBetween.ts) from the columns `from`; ignored when
   * the table no longer holds those very columns (another file was loaded meanwhile).
   */
  | { type: 'data/addDerived'; columns: DataColumn[]; from?: DataColumn[] }
  /** Removes a derived column and its partner. */
  | { type: 'data/removeDerived'; column: string };

export function dataReducer(state: DataState, action: DataAction): DataState {
  switch (action.type) {
    case 'data/examples':
      return { ...state, examples: action.examples };
    case 'data/importStarted':
      return { ...state, importing: { name: action.name, phase: action.phase, fraction: null } };
    case 'data/importProgress':
      return state.importing ? { ...state, importing: { ...state.importing, phase: action.phase, fraction: action.fraction } } : state;
    case 'data/imported':
      return {
        ...state, table: action.table, source: action.source, importing: null,
        report: { name: action.table.name, loaded: true, messages: action.messages, ms: action.ms },
      };
    case 'data/importFailed':
      // The previous table stays loaded.
      return { ...state, importing: null, report: { name: action.name, loaded: false, messages: action.messages, ms: null } };
    case 'data/importCancelled':
      return { ...state, importing: null };
    case 'data/dismissReport':
      return { ...state, report: null };
    case 'data/setFactor': {
      if (!state.table) return state;
      const columns = state.table.columns.map((c) => (c.name === action.column ? withFactorRole(c, action.asFactor) : c));
      return { ...state, table: { ...state.table, columns } };
    }
    case 'data/setLevels': {
      if (!state.table) return state;
      const columns = state.table.columns.map((c) => {
        if (c.name !== action.column) return c;
        const { levels: _old, ...rest } = c;
        return action.levels ? { ...rest, levels: action.levels } : rest;
      });
      return { ...state, table: { ...state.table, columns } };
    }
    case 'data/addDerived': {
      if (!state.table) return state;
      if (action.from && !action.from.every((c) => state.table!.columns.includes(c))) return state;
      const taken = new Set(state.table.columns.map((c) => c.name));
      const fresh = action.columns.filter((c) => c.derived && c.raw.length === state.table!.nRows && !taken.has(c.name));
      return fresh.length ? { ...state, table: { ...state.table, columns: [...state.table.columns, ...fresh] } } : state;
    }
    case 'data/removeDerived': {
      if (!state.table) return state;
      const table = withoutDerived(state.table, action.column);
      return table === state.table ? state : { ...state, table };
    }
    default: {
      const unhandled: never = action;
      return unhandled;
    }
  }
}
