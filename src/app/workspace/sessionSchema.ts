// The schema of a session file, checked field by field before anything is built from it: a file
// that was edited or damaged gets a SessionFileError naming the field (e.g. `settings.chains must
// be a whole number from 1 to 16`), never a crash deeper in the app. Pure TypeScript, runs in Node
// (the fuzz tier feeds it thousands of tampered files).
//
// Array fields are references: in format 2 the index of a binary array in the header's `blobs`,
// in format 1 a base64 string (or, for checkpoints, a JSON list). The caller passes a `RefCheck`
// that says what a reference points to; the lengths are checked here.
import { rawCellsFromStrings, type RawCells } from '../../core/io/rawCells';
import type { ColumnType, DataTable, DerivedFrom, FamilyName, MetricSetting, SamplerSettings } from '../../core/types';
import { derivedMismatch } from '../../core/design/withinBetween';
import { SAMPLER_STAT_NAMES } from '../../core/types';
import { FAMILIES } from '../../core/model/spec';
import { rngFromState } from '../../core/sampler/rng';

/** A session file that cannot be opened; `field` is the path of the offending field, if any. */
export class SessionFileError extends Error {
  readonly field: string | null;
  constructor(message: string, field: string | null = null) {
    super(message);
    this.name = 'SessionFileError';
    this.field = field;
  }
}

const KEPT = 'The current session is kept.';

/** Throws the message for a field: what it must be, and (briefly) what the file has. */
export function fieldError(path: string, must: string, value: unknown): never {
  throw new SessionFileError(`This session file cannot be opened: ${path} ${must} (the file has ${describe(value)}). The file is damaged or was edited; open a copy saved by "Save session". ${KEPT}`, path);
}

/** A damaged file whose fault is not one field (the arrays do not add up, ...). */
export function damaged(what: string): never {
  throw new SessionFileError(`This session file cannot be opened: ${what}. The file is damaged; open a copy saved by "Save session". ${KEPT}`);
}

/** A description written as is in a message ("18 values"), not quoted as file content. */
export class Described {
  constructor(readonly text: string) {}
}

/** A short description of a value for a message: at most 40 characters of it. */
function describe(v: unknown): string {
  if (v instanceof Described) return v.text;
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'number' && Number.isNaN(v)) return 'NaN';
  const s = typeof v === 'string' ? JSON.stringify(v) : String(v);
  return s.length > 40 ? `${s.slice(0, 40)}...` : s;
}

const fmt = (n: number) => n.toLocaleString('en-US');

export function record(v: unknown, path: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fieldError(path, 'must be an object', v);
  return v as Record<string, unknown>;
}

export function text(v: unknown, path: string): string {
  if (typeof v !== 'string') fieldError(path, 'must be text', v);
  return v;
}

export function whole(v: unknown, path: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) fieldError(path, `must be a whole number from ${fmt(min)} to ${fmt(max)}`, v);
  return v;
}

/** A finite number in [min, max], or (min, max) when `open`. */
export function real(v: unknown, path: string, min: number, max: number, open = false): number {
  const ok = typeof v === 'number' && Number.isFinite(v) && (open ? v > min && v < max : v >= min && v <= max);
  if (!ok) fieldError(path, `must be a number ${open ? 'between' : 'from'} ${min} ${open ? 'and' : 'to'} ${max}${open ? ' (exclusive)' : ''}`, v);
  return v as number;
}

export function flag(v: unknown, path: string): boolean {
  if (typeof v !== 'boolean') fieldError(path, 'must be true or false', v);
  return v;
}

export function choice<T extends string>(v: unknown, path: string, options: readonly T[]): T {
  if (typeof v !== 'string' || !(options as readonly string[]).includes(v)) fieldError(path, `must be one of ${options.map((o) => `"${o}"`).join(', ')}`, v);
  return v as T;
}

export function list(v: unknown, path: string, minLength = 0): unknown[] {
  if (!Array.isArray(v)) fieldError(path, 'must be a list', v);
  if (v.length < minLength) fieldError(path, `must have at least ${minLength} entr${minLength === 1 ? 'y' : 'ies'}`, v);
  return v;
}

function textList(v: unknown, path: string, length: number | null, unique: boolean): string[] {
  const xs = list(v, path);
  if (length !== null && xs.length !== length) fieldError(path, `must have ${fmt(length)} entries`, v);
  const seen = new Set<string>();
  xs.forEach((x, i) => {
    if (typeof x !== 'string') fieldError(`${path}[${i}]`, 'must be text', x);
    if (unique && seen.has(x)) fieldError(`${path}[${i}]`, 'must not repeat an earlier name', x);
    seen.add(x);
  });
  return xs as string[];
}

/** What an array reference points to: 'u8' bytes, 'f64' exact numbers, 'draws' (f64 or f32). */
export type RefKind = 'u8' | 'f64' | 'draws';
/** Checks a reference (throwing a field error) and returns it with its number of values. */
export type RefCheck<R> = (v: unknown, path: string, kind: RefKind) => { ref: R; length: number };

function sized<R>(refs: RefCheck<R>, v: unknown, path: string, kind: RefKind, length: number): R {
  const r = refs(v, path, kind);
  if (r.length !== length) fieldError(path, `must hold ${fmt(length)} values`, new Described(`${fmt(r.length)} values`));
  return r.ref;
}

/** Largest table, parameter count and iteration count a session may hold (the file bounds them anyway). */
const MAX_ROWS = 2 ** 31 - 1;
const COLUMN_TYPES: readonly ColumnType[] = ['numeric', 'integer', 'binary', 'categorical'];

export interface CheckedColumn<R> { name: string; raw: RawCells; missing: R; numeric: R | null; type: ColumnType; asFactor: boolean; nMissing: number; derived?: DerivedFrom; levels?: string[] }

/**
 * A derived column's recipe (design/withinBetween.ts): its kind, and a source, a group and a
 * partner that name other columns of the table (`names`: every column name in the file).
 */
function checkDerived(v: unknown, p: string, self: string, names: ReadonlySet<string>): DerivedFrom {
  const d = record(v, p);
  const ref = (x: unknown, path: string) => {
    const name = text(x, path);
    if (name === self || !names.has(name)) fieldError(path, 'must name another column of the table', x);
    return name;
  };
  return {
    kind: choice(d.kind, `${p}.kind`, ['between', 'within'] as const),
    source: ref(d.source, `${p}.source`), group: ref(d.group, `${p}.group`), partner: ref(d.partner, `${p}.partner`),
  };
}

/** Derived columns hold what their recipe makes from the table's other columns (an edited file is refused). */
export function checkDerivedValues(table: DataTable): void {
  const j = table.columns.findIndex((c) => c.derived);
  if (j < 0) return;
  const why = derivedMismatch(table);
  if (why) fieldError(`data.columns[${j}].derived`, 'must describe how the derived columns were made', new Described(why));
}
export interface CheckedData<R> { name: string; nRows: number; columns: CheckedColumn<R>[] }

export function checkData<R>(v: unknown, refs: RefCheck<R>): CheckedData<R> {
  const d = record(v, 'data');
  const name = text(d.name, 'data.name');
  const nRows = whole(d.nRows, 'data.nRows', 1, MAX_ROWS);
  const cols = list(d.columns, 'data.columns', 1);
  const seen = new Set<string>();
  const names = new Set(cols.map((cv) => (typeof cv === 'object' && cv !== null ? (cv as Record<string, unknown>).name : undefined)).filter((n): n is string => typeof n === 'string'));
  const columns = cols.map((cv, j) => {
    const p = `data.columns[${j}]`;
    const c = record(cv, p);
    const colName = text(c.name, `${p}.name`);
    if (seen.has(colName)) fieldError(`${p}.name`, 'must not repeat an earlier column name', colName);
    seen.add(colName);
    return {
      name: colName,
      raw: rawCellsFromStrings(textList(c.raw, `${p}.raw`, nRows, false)),
      missing: sized(refs, c.missing, `${p}.missing`, 'u8', nRows),
      numeric: c.numeric === null ? null : sized(refs, c.numeric, `${p}.numeric`, 'f64', nRows),
      type: choice(c.type, `${p}.type`, COLUMN_TYPES),
      asFactor: flag(c.asFactor, `${p}.asFactor`),
      nMissing: whole(c.nMissing, `${p}.nMissing`, 0, nRows),
      ...(c.derived === undefined ? {} : { derived: checkDerived(c.derived, `${p}.derived`, colName, names) }),
      ...(c.levels === undefined ? {} : { levels: textList(c.levels, `${p}.levels`, null, true) }),
    };
  });
  return { name, nRows, columns };
}

/** A decoded column's values agree with its header: missing flags 0/1 and counted, numbers finite. */
export function checkColumnValues(j: number, c: { missing: Uint8Array; numeric: Float64Array | null; nMissing: number }): void {
  let n = 0;
  for (let i = 0; i < c.missing.length; i++) {
    const m = c.missing[i];
    if (m > 1) fieldError(`data.columns[${j}].missing[${i}]`, 'must be 0 or 1', m);
    n += m;
    if (c.numeric && m === 0 && !Number.isFinite(c.numeric[i])) fieldError(`data.columns[${j}].numeric[${i}]`, 'must be a finite number (the cell is not missing)', c.numeric[i]);
  }
  if (n !== c.nMissing) fieldError(`data.columns[${j}].nMissing`, `must count the missing cells (${fmt(n)})`, c.nMissing);
}

export interface CheckedModel { formula: string; family: FamilyName; priors: { prior: string; class: string; coef?: string; group?: string }[] }

export function checkModel(v: unknown): CheckedModel {
  const m = record(v, 'model');
  const priors = list(m.priors, 'model.priors').map((pv, i) => {
    const p = `model.priors[${i}]`;
    const r = record(pv, p);
    return {
      prior: text(r.prior, `${p}.prior`), class: text(r.class, `${p}.class`),
      ...(r.coef === undefined ? {} : { coef: text(r.coef, `${p}.coef`) }),
      ...(r.group === undefined ? {} : { group: text(r.group, `${p}.group`) }),
    };
  });
  return { formula: text(m.formula, 'model.formula'), family: choice(m.family, 'model.family', FAMILIES), priors };
}

/** The settings as the settings form accepts them (settings.ts), and nothing else. */
export function checkSettings(v: unknown): SamplerSettings {
  const s = record(v, 'settings');
  const METRICS: readonly MetricSetting[] = ['auto', 'diag', 'dense'];
  return {
    chains: whole(s.chains, 'settings.chains', 1, 16),
    warmup: whole(s.warmup, 'settings.warmup', 0, 1_000_000),
    iter: whole(s.iter, 'settings.iter', 1, 1_000_000),
    seed: whole(s.seed, 'settings.seed', 0, 2 ** 31 - 1),
    adaptDelta: real(s.adaptDelta, 'settings.adaptDelta', 0, 1, true),
    maxTreedepth: whole(s.maxTreedepth, 'settings.maxTreedepth', 1, 15),
    metric: choice(s.metric, 'settings.metric', METRICS),
    initRadius: s.initRadius === undefined ? 2 : real(s.initRadius, 'settings.initRadius', 0, 1e6, true),
    ...(s.adaptation === undefined ? {} : { adaptation: choice(s.adaptation, 'settings.adaptation', ['fast', 'stan'] as const) }),
  };
}

const N_STATS = SAMPLER_STAT_NAMES.length;
/** Statuses a fit may be saved with. A run saved while running (or failed) opens as stopped: nothing runs after opening. */
const STATUSES = ['done', 'stopped', 'running', 'error', 'idle'] as const;

export interface CheckedChain<R> { nWarmup: number; nIterations: number; draws: R; stats: R; warmupSeconds: number; samplingSeconds: number; gradientEvaluations: number }
export interface CheckedCheckpoint<R> { position: R; stepSize: number; inverseMetric: R; metric: 'diag' | 'dense'; rngState: R; chainId: number; iterationsDone: number; coordinates?: string }
export interface CheckedFit<R> {
  names: string[]; nObs: number; wallSeconds: number; status: 'done' | 'stopped'; drawsPrecision: 'float64' | 'float32';
  chains: CheckedChain<R>[]; checkpoints: CheckedCheckpoint<R>[] | null;
}

function checkChain<R>(v: unknown, p: string, nParams: number, refs: RefCheck<R>): CheckedChain<R> {
  const c = record(v, p);
  const nIterations = whole(c.nIterations, `${p}.nIterations`, 0, 2 ** 31 - 1);
  return {
    nWarmup: whole(c.nWarmup, `${p}.nWarmup`, 0, nIterations),
    nIterations,
    draws: sized(refs, c.draws, `${p}.draws`, 'draws', nIterations * nParams),
    stats: sized(refs, c.stats, `${p}.stats`, 'f64', nIterations * N_STATS),
    warmupSeconds: real(c.warmupSeconds ?? 0, `${p}.warmupSeconds`, 0, 1e9),
    samplingSeconds: real(c.samplingSeconds ?? 0, `${p}.samplingSeconds`, 0, 1e9),
    gradientEvaluations: whole(c.gradientEvaluations ?? 0, `${p}.gradientEvaluations`, 0, Number.MAX_SAFE_INTEGER),
  };
}

function checkCheckpoint<R>(v: unknown, p: string, chainId: number, refs: RefCheck<R>): CheckedCheckpoint<R> & { dims: number[] } {
  const c = record(v, p);
  const metric = choice(c.metric, `${p}.metric`, ['diag', 'dense'] as const);
  const position = refs(c.position, `${p}.position`, 'f64');
  const inverse = refs(c.inverseMetric, `${p}.inverseMetric`, 'f64');
  const d = position.length;
  const want = metric === 'diag' ? d : d * d;
  if (inverse.length !== want) fieldError(`${p}.inverseMetric`, `must hold ${fmt(want)} values for a ${metric} metric in ${fmt(d)} dimensions`, new Described(`${fmt(inverse.length)} values`));
  return {
    position: position.ref, inverseMetric: inverse.ref, metric,
    stepSize: real(c.stepSize, `${p}.stepSize`, 0, 1e300, true),
    rngState: refs(c.rngState, `${p}.rngState`, 'f64').ref,
    chainId: whole(c.chainId, `${p}.chainId`, chainId, chainId),
    iterationsDone: whole(c.iterationsDone, `${p}.iterationsDone`, 0, 2 ** 31 - 1),
    ...(c.coordinates === undefined ? {} : { coordinates: text(c.coordinates, `${p}.coordinates`) }),
    dims: [d],
  };
}

/**
 * The fit part. `chains` must match settings.chains (the views count chains from the settings).
 * A status other than done opens as stopped, without checkpoints (only a finished run resumes).
 */
export function checkFit<R>(v: unknown, settings: SamplerSettings, nRows: number, refs: RefCheck<R>): CheckedFit<R> | null {
  if (v === null || v === undefined) return null;
  const f = record(v, 'fit');
  const names = textList(f.names, 'fit.names', null, true);
  if (names.length === 0) fieldError('fit.names', 'must name at least one parameter', f.names);
  const saved = choice(f.status, 'fit.status', STATUSES);
  const status = saved === 'done' ? 'done' : 'stopped';
  const chainList = list(f.chains, 'fit.chains', 1);
  if (chainList.length !== settings.chains) fieldError('fit.chains', `must have one entry per chain (settings.chains is ${settings.chains})`, chainList);
  const chains = chainList.map((c, i) => checkChain(c, `fit.chains[${i}]`, names.length, refs));
  let checkpoints: CheckedCheckpoint<R>[] | null = null;
  if (f.checkpoints !== undefined && f.checkpoints !== null) {
    const cps = list(f.checkpoints, 'fit.checkpoints');
    if (cps.length !== chains.length) fieldError('fit.checkpoints', `must have one entry per chain (${chains.length})`, cps);
    const checked = cps.map((c, i) => checkCheckpoint(c, `fit.checkpoints[${i}]`, i + 1, refs));
    if (checked.some((c) => c.dims[0] !== checked[0].dims[0])) fieldError('fit.checkpoints', 'must all have the same number of dimensions', cps);
    checkpoints = status === 'done' ? checked.map(({ dims: _dims, ...c }) => c) : null;
  }
  return {
    names, status, chains, checkpoints,
    nObs: whole(f.nObs, 'fit.nObs', 0, nRows),
    wallSeconds: real(f.wallSeconds ?? 0, 'fit.wallSeconds', 0, 1e9),
    drawsPrecision: f.drawsPrecision === undefined ? 'float64' : choice(f.drawsPrecision, 'fit.drawsPrecision', ['float64', 'float32'] as const),
  };
}

/** A decoded checkpoint's values: finite position, positive finite metric, a valid MT19937 state. */
export function checkCheckpointValues(i: number, cp: { position: ArrayLike<number>; inverseMetric: ArrayLike<number>; metric: 'diag' | 'dense'; rngState: ArrayLike<number> }): void {
  const p = `fit.checkpoints[${i}]`;
  for (let k = 0; k < cp.position.length; k++) if (!Number.isFinite(cp.position[k])) fieldError(`${p}.position[${k}]`, 'must be a finite number', cp.position[k]);
  const d = cp.position.length;
  for (let k = 0; k < cp.inverseMetric.length; k++) {
    const x = cp.inverseMetric[k];
    const diagonal = cp.metric === 'diag' || k % (d + 1) === 0;
    if (!Number.isFinite(x) || (diagonal && !(x > 0))) fieldError(`${p}.inverseMetric[${k}]`, diagonal ? 'must be a positive number' : 'must be a finite number', x);
  }
  const words = Array.from(cp.rngState);
  words.forEach((w, k) => { if (!Number.isInteger(w) || w < 0 || w > 0xffffffff) fieldError(`${p}.rngState[${k}]`, 'must be a whole number from 0 to 4,294,967,295', w); });
  try {
    rngFromState(words);
  } catch {
    fieldError(`${p}.rngState`, 'must be a random generator state saved by this app', new Described(`${fmt(words.length)} values`));
  }
}
