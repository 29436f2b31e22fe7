// Every change to the workspace state is one of these actions (reducer.ts applies them).
import type { FamilyName } from '../../../core/types';
import type { PreparedForUi, WorkerError } from '../analysisWorker';
import type { SettingsForm } from '../settings';
import type { EditorState, Fit } from './types';

/** The fields of a fit that a later event may change; each change makes a new record. */
export type FitUpdate = Partial<Pick<Fit, 'status' | 'wallSeconds' | 'stopReason' | 'error' | 'autoStop' | 'loo' | 'data'>>;

export type WorkspaceAction =
  | { type: 'editor/formula'; formula: string }
  /** A family, with its default link (the link select then offers its others). */
  | { type: 'editor/family'; family: FamilyName }
  | { type: 'editor/link'; link: string }
  | { type: 'editor/prior'; key: string; value: string | null }
  | { type: 'editor/form'; form: SettingsForm }
  /** Replaces the model being edited (an example's suggestion, a session, "duplicate into editor"). */
  | { type: 'editor/load'; editor: Partial<EditorState> }
  | { type: 'prep/idle' }
  | { type: 'prep/pending'; key: string }
  | { type: 'prep/ok'; key: string; prepared: PreparedForUi }
  | { type: 'prep/error'; key: string; error: WorkerError }
  /** A new fit joins the session and is shown; a blank name takes the next "model N". */
  | { type: 'fit/added'; fit: Fit }
  | { type: 'fit/updated'; id: number; update: FitUpdate }
  | { type: 'fit/renamed'; id: number; name: string }
  | { type: 'fit/deleted'; id: number }
  | { type: 'fit/shown'; id: number }
  | { type: 'run/error'; message: string | null }
  | { type: 'view/level'; level: number }
  | { type: 'view/moreDraws'; text: string }
  | { type: 'compare/toggle'; id: number };
