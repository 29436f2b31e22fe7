// The workspace's state (one store, reducer.ts): the model being edited, its preparation, and the
// session's fits. A fit is an immutable record: a status change, a rename or a computed LOO makes a
// new record with the same id (reducer.ts 'fit/updated'); nothing in a record is assigned after it
// is made. The live objects a fit needs are referenced, not copied: a running fit's ChainRun (the
// worker pool, its progress and checkpoints) and its DrawStore (append-only draws), the data table.
import type { DataTable, FamilyName, SamplerSettings } from '../../../core/types';
import type { ChainProgress, ChainRun } from '../../../client/runController';
import type { DrawStore } from '../../../client/drawStore';
import type { ModelSpecInput } from '../../../../workers/protocol';
import type { FitChecks } from '../../../core/diagnostics/warnings';
import type { ConvergenceRule } from '../../../core/diagnostics/autoStop';
import type { CmdStanMeta } from '../../../core/io/fitImport';
import type { PreparedForUi, WorkerError } from '../analysisWorker';
import type { SettingsForm } from '../settings';
import type { FitLoo } from './looTypes';

export type FitStatus = 'running' | 'stopped' | 'done' | 'failed';
/** Where a fit came from: a run here, a session file, or draws made elsewhere ("Open fit"). */
export type FitSource = 'run' | 'session' | 'opened';

export type PriorSpec = { prior: string; class: string; coef?: string; group?: string };

/** The data a fit used: the table's name and size, and the rows the model dropped and why. */
export interface FitData {
  readonly name: string;
  readonly nRows: number;
  /** Observations in the model (0 until the chains report it, for an opened fit: unknown). */
  readonly nObs: number;
  /** The preparation's messages about dropped rows ("Dropped 7 of 90 rows with missing values in ..."). */
  readonly dropped: readonly string[];
}

export interface Fit {
  readonly id: number;
  /** Editable in the model list; "model 1", "model 2"... by default. */
  readonly name: string;
  readonly source: FitSource;
  /** The model: formula, family, link (absent: the family's default), priors. */
  readonly spec: Readonly<ModelSpecInput & { link?: string }>;
  readonly settings: Readonly<SamplerSettings>;
  readonly data: FitData;
  /** Referenced, not copied: the table the fit was made from (an opened fit's is empty). */
  readonly table: DataTable;
  readonly status: FitStatus;
  /** Date.now() when the fit was made (the model list's time column). */
  readonly createdAt: number;
  /** Wall-clock seconds of sampling so far (every segment: Run, then each Sample more). */
  readonly wallSeconds: number;
  readonly stopReason: string | null;
  readonly error: string | null;
  /** The live run (referenced): progress, checkpoints and the DrawStore. null for draws from a file. */
  readonly run: ChainRun | null;
  /** A fit reopened from a session file or opened from files (no workers). */
  readonly restored: { readonly store: DrawStore; readonly progress: ChainProgress[]; readonly nObs: number } | null;
  /** The checks before sampling (preflight.ts), for the warnings after it. */
  readonly checks: FitChecks | null;
  /** "Stop when converged": the rule, checked on the live diagnostics (null: off). */
  readonly autoStop: ConvergenceRule | null;
  /** A fit opened from files made elsewhere (OpenFit.tsx): draws only, no model (spec and table are empty). */
  readonly external: { readonly format: 'cmdstan' | 'draws-csv'; readonly files: readonly string[]; readonly meta: readonly CmdStanMeta[]; readonly statsPresent: readonly boolean[] } | null;
  /** PSIS-LOO and Bayes R2, computed in the analysis worker once the fit has stopped or finished. */
  readonly loo: FitLoo | null;
}

export type PrepState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'pending' }
  | { readonly kind: 'ok'; readonly key: string; readonly prepared: PreparedForUi }
  | { readonly kind: 'error'; readonly key: string; readonly error: WorkerError };

/** The model being edited (the model panel). */
export interface EditorState {
  readonly formula: string;
  readonly family: FamilyName;
  /** Prior text per priorKey (class|coef|group), as typed. */
  readonly priorEdits: Readonly<Record<string, string>>;
  readonly form: SettingsForm;
  /** The link of the mean (absent: the family's default); the family + link UI sets it. */
  readonly link?: string;
}

export interface WorkspaceState {
  readonly editor: EditorState;
  readonly prep: PrepState;
  /** The last preparation that succeeded (its priors and equations stay shown while the formula is edited). */
  readonly lastGood: PreparedForUi | null;
  /** Every fit of the session, oldest first. */
  readonly fits: readonly Fit[];
  readonly shownId: number | null;
  /** The number the next default name takes ("model N"). */
  readonly nextNumber: number;
  readonly runError: string | null;
  readonly level: number;
  readonly moreDraws: string;
  /** Fits picked for the comparison view, in the order picked. */
  readonly compareIds: readonly number[];
}
