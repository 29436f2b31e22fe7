// The workspace reducer: pure, (state, action) -> state. Fits are added and replaced by new
// records, never changed in place; the live ChainRun and DrawStore a record references are the
// only mutable things, and they are never touched here.
import { DEFAULT_FORM } from '../settings';
import type { WorkspaceAction } from './actions';
import type { Fit, WorkspaceState } from './types';

export const initialWorkspace: WorkspaceState = {
  editor: { formula: '', family: 'gaussian', priorEdits: {}, form: DEFAULT_FORM },
  prep: { kind: 'idle' },
  lastGood: null,
  fits: [],
  shownId: null,
  nextNumber: 1,
  runError: null,
  level: 0.95,
  moreDraws: '500',
  compareIds: [],
};

const replaceFit = (fits: readonly Fit[], id: number, make: (f: Fit) => Fit): readonly Fit[] =>
  fits.map((f) => (f.id === id ? Object.freeze(make(f)) : f));

function editorReducer(state: WorkspaceState, action: WorkspaceAction): WorkspaceState | null {
  const e = state.editor;
  switch (action.type) {
    case 'editor/formula': return { ...state, editor: { ...e, formula: action.formula } };
    case 'editor/family': {
      const { link: _old, ...rest } = e; // the new family's default link
      return { ...state, editor: { ...rest, family: action.family } };
    }
    case 'editor/link': return { ...state, editor: { ...e, link: action.link } };
    case 'editor/form': return { ...state, editor: { ...e, form: action.form } };
    case 'editor/prior': {
      const priorEdits = { ...e.priorEdits };
      if (action.value === null) delete priorEdits[action.key]; else priorEdits[action.key] = action.value;
      return { ...state, editor: { ...e, priorEdits } };
    }
    case 'editor/load': return { ...state, editor: { ...e, ...action.editor } };
    case 'prep/idle': return { ...state, prep: { kind: 'idle' } };
    // A repeated error for the same model stays shown while it is checked again (no flicker).
    case 'prep/pending': return state.prep.kind === 'error' && state.prep.key === action.key ? state : { ...state, prep: { kind: 'pending' } };
    case 'prep/ok': return { ...state, prep: { kind: 'ok', key: action.key, prepared: action.prepared }, lastGood: action.prepared };
    case 'prep/error': return { ...state, prep: { kind: 'error', key: action.key, error: action.error } };
    default: return null;
  }
}

function fitsReducer(state: WorkspaceState, action: WorkspaceAction): WorkspaceState | null {
  switch (action.type) {
    case 'fit/added': {
      if (state.fits.some((f) => f.id === action.fit.id)) throw new Error(`fit ${action.fit.id} is already in the session`);
      const name = action.fit.name.trim() || `model ${state.nextNumber}`;
      const fit = Object.freeze({ ...action.fit, name });
      return { ...state, fits: [...state.fits, fit], shownId: fit.id, nextNumber: state.nextNumber + 1 };
    }
    case 'fit/updated':
      return { ...state, fits: replaceFit(state.fits, action.id, (f) => ({ ...f, ...action.update })) };
    case 'fit/renamed': {
      const name = action.name.trim();
      return name ? { ...state, fits: replaceFit(state.fits, action.id, (f) => ({ ...f, name })) } : state;
    }
    case 'fit/deleted': {
      const fits = state.fits.filter((f) => f.id !== action.id);
      // Deleting the fit shown shows the newest one left.
      const shownId = state.shownId === action.id ? (fits[fits.length - 1]?.id ?? null) : state.shownId;
      return { ...state, fits, shownId, compareIds: state.compareIds.filter((id) => id !== action.id) };
    }
    case 'fit/shown':
      return state.fits.some((f) => f.id === action.id) ? { ...state, shownId: action.id } : state;
    case 'compare/toggle': {
      const has = state.compareIds.includes(action.id);
      if (!has && !state.fits.some((f) => f.id === action.id)) return state;
      return { ...state, compareIds: has ? state.compareIds.filter((id) => id !== action.id) : [...state.compareIds, action.id] };
    }
    default: return null;
  }
}

export function workspaceReducer(state: WorkspaceState, action: WorkspaceAction): WorkspaceState {
  const next = editorReducer(state, action) ?? fitsReducer(state, action);
  if (next) return next;
  switch (action.type) {
    case 'run/error': return { ...state, runError: action.message };
    case 'view/level': return { ...state, level: action.level };
    case 'view/moreDraws': return { ...state, moreDraws: action.text };
    default: return state;
  }
}
