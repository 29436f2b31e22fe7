// A fit as a record (binary.ts): its metadata as JSON (name, model, settings with the seed, status,
// timing, the data it used, the draws' names, chain lengths and warmup, the sampler stat names) and
// its draws, sampler stats and chain checkpoints as Float64 arrays, exact. The data table is a
// record of its own (tableCodec.ts) the fit names by id, so fits of one data set share it.
// Reading checks every field (sessionSchema.ts style: a message naming the field) before any
// array is read, then the values that need it (checkpoints).
import type { SamplerSettings } from '../../core/types';
import { SAMPLER_STAT_NAMES } from '../../core/types';
import type { ChainCheckpoint } from '../../../workers/protocol';
import {
  Described, checkChain, checkCheckpoint, checkCheckpointValues, checkModel, checkSettings, choice, fieldError, list, real, record, text, textList, whole,
  type CheckedModel,
} from '../workspace/sessionSchema';
import type { BlobArray, BlobSpec, EncodedRecord } from './binary';
import { ArrayList, refsOf } from './tableCodec';

export type FitModel = CheckedModel;

export interface PersistedChain {
  nWarmup: number;
  nIterations: number;
  /** nIterations x names.length, row-major, warmup first. */
  draws: Float64Array;
  /** nIterations x SAMPLER_STAT_NAMES.length. */
  stats: Float64Array;
  warmupSeconds: number;
  samplingSeconds: number;
  gradientEvaluations: number;
  /** The chain's state after its last iteration ("Sample more" continues from it), if known. */
  checkpoint: ChainCheckpoint | null;
}

/** Everything a fit needs to be shown again (and continued), except its data table. */
export interface PersistedFit {
  /** Unique within the app's storage and a session file. */
  id: string;
  name: string;
  /** ISO time the run started. */
  createdAt: string;
  model: FitModel;
  /** Sampler settings, the seed among them. */
  settings: SamplerSettings;
  status: 'done' | 'stopped';
  stopReason: string | null;
  wallSeconds: number;
  /** Observations the model used (rows with missing values dropped). */
  nObs: number;
  /** What the preparation said about dropped rows ("Dropped 7 of 90 rows with missing values in ..."). */
  dropped: string[];
  names: string[];
  chains: PersistedChain[];
}

/** What a fit's record says about its data table. */
export interface FitData { table: string; name: string; nRows: number }

const N_STATS = SAMPLER_STAT_NAMES.length;
const STATUSES = ['done', 'stopped', 'running', 'failed', 'error'] as const;

/** The fit as a record referring to table `data.table`. */
export function encodeFit(f: PersistedFit, data: FitData): EncodedRecord {
  const list = new ArrayList();
  const chains = f.chains.map((c) => ({
    nWarmup: c.nWarmup, nIterations: c.nIterations, draws: list.add(c.draws.subarray(0, c.nIterations * f.names.length)), stats: list.add(c.stats.subarray(0, c.nIterations * N_STATS)),
    warmupSeconds: c.warmupSeconds, samplingSeconds: c.samplingSeconds, gradientEvaluations: c.gradientEvaluations,
    ...(c.checkpoint ? {
      checkpoint: {
        ...c.checkpoint, position: list.add(Float64Array.from(c.checkpoint.position)),
        inverseMetric: list.add(Float64Array.from(c.checkpoint.inverseMetric)), rngState: list.add(Float64Array.from(c.checkpoint.rngState)),
      },
    } : {}),
  }));
  const meta = {
    id: f.id, name: f.name, createdAt: f.createdAt, data: { ...data, dropped: f.dropped }, model: f.model, settings: f.settings,
    run: { status: f.status, stopReason: f.stopReason, wallSeconds: f.wallSeconds, nObs: f.nObs, names: f.names, statNames: SAMPLER_STAT_NAMES, chains },
  };
  return { meta, blobs: list.blobs, arrays: list.arrays };
}

type CheckedChainRef = ReturnType<typeof checkChain<number>> & { checkpoint: (ReturnType<typeof checkCheckpoint<number>>) | null };
export interface CheckedFitRecord {
  id: string; name: string; createdAt: string; data: FitData; model: FitModel; settings: SamplerSettings;
  status: 'done' | 'stopped'; stopReason: string | null; wallSeconds: number; nObs: number; dropped: string[]; names: string[]; chains: CheckedChainRef[];
}

/**
 * Every field of a fit record, before any array is read. `at` names it in messages ("fits[1]");
 * `tables` the data tables it may use (id to rows), when known.
 */
export function checkFitRecord(v: unknown, blobs: readonly BlobSpec[], at: string, tables?: ReadonlyMap<string, { nRows: number }>): CheckedFitRecord {
  const m = record(v, at);
  const refs = refsOf(blobs);
  const d = record(m.data, `${at}.data`);
  const data = { table: text(d.table, `${at}.data.table`), name: text(d.name, `${at}.data.name`), nRows: whole(d.nRows, `${at}.data.nRows`, 1, 2 ** 31 - 1) };
  const table = tables?.get(data.table);
  if (tables && !table) fieldError(`${at}.data.table`, 'must name one of the data tables saved with it', data.table);
  if (table && table.nRows !== data.nRows) fieldError(`${at}.data.nRows`, `must be the rows of its data table (${table.nRows})`, data.nRows);
  const settings = checkSettings(m.settings, `${at}.settings`);
  const r = record(m.run, `${at}.run`);
  const names = textList(r.names, `${at}.run.names`, null, true);
  if (names.length === 0) fieldError(`${at}.run.names`, 'must name at least one parameter', r.names);
  const statNames = textList(r.statNames, `${at}.run.statNames`, null, false);
  if (statNames.join() !== SAMPLER_STAT_NAMES.join()) fieldError(`${at}.run.statNames`, `must be ${SAMPLER_STAT_NAMES.join(', ')}`, new Described(statNames.slice(0, 3).join(', ')));
  const chainList = list(r.chains, `${at}.run.chains`, 1);
  if (chainList.length !== settings.chains) fieldError(`${at}.run.chains`, `must have one entry per chain (${at}.settings.chains is ${settings.chains})`, chainList);
  let dims = -1;
  const chains = chainList.map((cv, i) => {
    const p = `${at}.run.chains[${i}]`;
    const c = checkChain(cv, p, names.length, refs);
    const raw = record(cv, p).checkpoint;
    const checkpoint = raw === undefined || raw === null ? null : checkCheckpoint(raw, `${p}.checkpoint`, i + 1, refs);
    if (checkpoint && dims >= 0 && checkpoint.dims[0] !== dims) fieldError(`${p}.checkpoint.position`, `must have as many values as the other chains' (${dims})`, new Described(`${checkpoint.dims[0]} values`));
    if (checkpoint) dims = checkpoint.dims[0];
    return { ...c, checkpoint };
  });
  const saved = choice(r.status, `${at}.run.status`, STATUSES);
  return {
    id: text(m.id, `${at}.id`), name: text(m.name, `${at}.name`), createdAt: text(m.createdAt, `${at}.createdAt`), data,
    model: checkModel(m.model, `${at}.model`), settings,
    // A fit saved while running (or after failing) opens as stopped: nothing runs after opening.
    status: saved === 'done' ? 'done' : 'stopped',
    stopReason: r.stopReason === undefined || r.stopReason === null ? null : text(r.stopReason, `${at}.run.stopReason`),
    wallSeconds: real(r.wallSeconds, `${at}.run.wallSeconds`, 0, 1e9),
    nObs: whole(r.nObs, `${at}.run.nObs`, 0, data.nRows),
    dropped: d.dropped === undefined ? [] : textList(d.dropped, `${at}.data.dropped`, null, false),
    names, chains,
  };
}

/** The fit from its checked record and arrays (checkpoints' values checked). */
export function decodeFit(c: CheckedFitRecord, arrays: readonly BlobArray[], at: string): PersistedFit {
  const f64 = (i: number) => arrays[i] as Float64Array;
  const chains = c.chains.map((ch, i): PersistedChain => {
    let checkpoint: ChainCheckpoint | null = null;
    if (ch.checkpoint) {
      const { dims: _dims, ...cp } = ch.checkpoint;
      checkpoint = { ...cp, position: Array.from(f64(cp.position)), inverseMetric: Array.from(f64(cp.inverseMetric)), rngState: Array.from(f64(cp.rngState)) };
      checkCheckpointValues(i, checkpoint, at, `${at}.run.chains[${i}].checkpoint`);
    }
    return {
      nWarmup: ch.nWarmup, nIterations: ch.nIterations, draws: f64(ch.draws), stats: f64(ch.stats),
      warmupSeconds: ch.warmupSeconds, samplingSeconds: ch.samplingSeconds, gradientEvaluations: ch.gradientEvaluations, checkpoint,
    };
  });
  return {
    id: c.id, name: c.name, createdAt: c.createdAt, model: c.model, settings: c.settings, status: c.status, stopReason: c.stopReason,
    wallSeconds: c.wallSeconds, nObs: c.nObs, dropped: c.dropped, names: c.names, chains,
  };
}
