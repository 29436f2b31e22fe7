// Main-thread side of workers/diagnostics.worker.ts: one module worker, requests by id.
// The workspace starts two: one prepares models (formula box), one summarises draws (live
// convergence), so a slow model preparation never delays the convergence panel.
//
// Model checks are cancellable. A worker runs one request at a time, so a check that never ends
// (or takes minutes) would hold every later formula behind it. A new prepare() supersedes the one
// in flight: the old promise is rejected at once with CancelledError, and if the old check has not
// answered within SUPERSEDE_GRACE_MS of its start the worker is terminated and a fresh one gets
// the table and the latest request. A check that runs longer than PREPARE_TIMEOUT_MS is stopped
// the same way and reported as an error, so the panel never stays on "Checking the model...".
import type { DataTable, SummaryRow } from '../../core/types';
import { postRawPieces, type TablePieceMessage } from '../data/postTable';
import type { ViewJob, ViewResult, ViewsDesign } from '../../core/interpret/views';
import type {
  AnalysisReply, AnalysisRequest, HypothesisDraws, HypothesisOutcome, LooOutcome, PrepareRequestBody, PreparedForUi, WorkerError,
} from '../../../workers/diagnostics.worker';

export type { HypothesisDraws, HypothesisOutcome, LooOutcome, PreparedForUi, WorkerError };

/** A failure reported by the worker, with the formula caret when there is one. */
export class AnalysisError extends Error {
  constructor(readonly detail: WorkerError) {
    super(detail.message);
    this.name = detail.name;
  }
}

/** The request was superseded by a newer one or the worker was disposed; nothing to show. */
export class CancelledError extends Error {
  constructor(message = 'cancelled') {
    super(message);
    this.name = 'CancelledError';
  }
}

/** How long a superseded check may keep the worker before the worker is replaced. */
export const SUPERSEDE_GRACE_MS = 750;
/** Longest model check; a slower one is stopped with a message. */
export const PREPARE_TIMEOUT_MS = 30_000;

/** What AnalysisWorker needs from a Worker (a fake in unit tests). */
export interface WorkerLike {
  postMessage(message: AnalysisRequest | TablePieceMessage, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<AnalysisReply>) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
  terminate(): void;
}

type Pending = {
  resolve: (r: AnalysisReply) => void;
  reject: (e: Error) => void;
  /** The request, kept to replay on a fresh worker (null when it transferred buffers). */
  replay: AnalysisRequest | null;
};
type RequestBody = AnalysisRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

const defaultWorker = (): WorkerLike =>
  new Worker(new URL('../../../workers/diagnostics.worker.ts', import.meta.url), { type: 'module', name: 'analysis' });

const timeoutError = (): WorkerError => ({
  name: 'ModelError',
  message: `Checking the model took more than ${PREPARE_TIMEOUT_MS / 1000} s, so it was stopped. Simplify the formula (fewer interactions, or a factor with many levels as a grouping factor) and try again.`,
});

export class AnalysisWorker {
  private worker: WorkerLike | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private tableSent: DataTable | null = null;
  /** The table being sent (big ones go in pieces, see postTable.ts); prepare waits for it. */
  private tableQueue: Promise<unknown> = Promise.resolve();
  private drawsKeySent: string | null = null;
  /** The latest prepare request and when it was sent. */
  private latest: { id: number; sent: number } | null = null;
  /** Superseded prepares the worker may still be running (their replies are ignored). */
  private readonly abandoned = new Set<number>();
  private readonly timers = new Map<number, ReturnType<typeof setTimeout>>();
  private graceTimer: ReturnType<typeof setTimeout> | null = null;
  /** Counts prepare() calls, so one superseded before it was posted is dropped. */
  private generation = 0;
  private viewKeySent: string | null = null;
  busy = 0;

  constructor(private readonly spawn: () => WorkerLike = defaultWorker) {}

  private ensure(): WorkerLike {
    if (this.worker) return this.worker;
    const w = this.spawn();
    w.addEventListener('message', (event: MessageEvent<AnalysisReply>) => {
      if (this.worker !== w) return;
      const id = event.data.id;
      this.abandoned.delete(id);
      const p = this.pending.get(id);
      if (!p) return;
      this.settle(id);
      p.resolve(event.data);
    });
    w.addEventListener('error', (event: ErrorEvent) => {
      if (this.worker !== w) return;
      // The worker died (script failed to load or crashed): fail everything pending, start fresh next time.
      const err = new Error(`The analysis worker stopped: ${event.message || 'it could not be loaded'}`);
      this.rejectAll(err);
    });
    this.worker = w;
    return w;
  }

  /** Forgets request id (reply received, cancelled or timed out). */
  private settle(id: number): void {
    this.pending.delete(id);
    const t = this.timers.get(id);
    if (t !== undefined) clearTimeout(t);
    this.timers.delete(id);
    this.busy = this.pending.size;
  }

  private stopWorker(): void {
    this.worker?.terminate();
    this.worker = null;
    this.tableSent = null;
    this.drawsKeySent = null;
    this.viewKeySent = null;
    this.abandoned.clear();
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.graceTimer = null;
  }

  private rejectAll(err: Error): void {
    this.stopWorker();
    const all = [...this.pending];
    for (const [id] of all) this.settle(id);
    for (const [, p] of all) p.reject(err);
  }

  /** Replaces the worker; pending requests that can be replayed go to the new one, the rest are cancelled. */
  private restart(table: DataTable | null): void {
    this.stopWorker();
    const all = [...this.pending];
    this.pending.clear();
    const replays: [number, Pending][] = [];
    for (const [id, p] of all) {
      if (!p.replay) { this.settle(id); p.reject(new CancelledError('the analysis worker was restarted')); continue; }
      // A table request is answered: the table is sent again, from scratch, below.
      if (p.replay.type === 'table') { this.settle(id); p.resolve({ id, type: 'ok' }); continue; }
      replays.push([id, p]);
    }
    if (table) this.sendTable(table);
    const w = this.ensure();
    for (const [id, p] of replays) this.pending.set(id, p);
    this.busy = this.pending.size;
    this.tableQueue = this.tableQueue.then(() => {
      if (this.worker !== w) return;
      for (const [id, p] of replays) if (this.pending.get(id) === p) w.postMessage(p.replay!);
    });
  }

  private request(body: RequestBody, transfer: Transferable[] = []): { id: number; reply: Promise<AnalysisReply> } {
    const w = this.ensure();
    const id = this.nextId++;
    const message = { ...body, id } as AnalysisRequest;
    const reply = new Promise<AnalysisReply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, replay: transfer.length ? null : message });
      this.busy = this.pending.size;
      w.postMessage(message, transfer);
    });
    return { id, reply };
  }

  /** Sends the table the prepare requests use (a big one in pieces, postTable.ts). */
  private sendTable(table: DataTable): void {
    this.tableSent = table;
    const w = this.ensure();
    const superseded = () => this.tableSent !== table || this.worker !== w;
    this.tableQueue = this.tableQueue
      .then(() => postRawPieces((m, t) => w.postMessage(m, t), table, superseded))
      .then((sent) => {
        if (sent && this.worker === w) void this.request({ type: 'table', table: sent.table, pieces: sent.pieces }).reply.catch(() => undefined);
      });
  }

  /** Cancels the latest prepare if it is still running: its promise rejects now, the worker is freed soon. */
  private supersede(table: DataTable): void {
    const old = this.latest;
    const p = old ? this.pending.get(old.id) : undefined;
    if (!old || !p) return;
    this.settle(old.id);
    p.reject(new CancelledError('superseded by a newer model check'));
    this.abandoned.add(old.id);
    // Give a nearly finished check a moment (a restart costs a worker start and a table copy).
    const left = old.sent + SUPERSEDE_GRACE_MS - Date.now();
    const restartIfStuck = () => { if (this.abandoned.has(old.id)) this.restart(table); };
    if (left <= 0) restartIfStuck();
    else {
      if (this.graceTimer) clearTimeout(this.graceTimer);
      this.graceTimer = setTimeout(restartIfStuck, left);
    }
  }

  /**
   * Prepares the model; throws AnalysisError (FormulaError carries position + caret), or
   * CancelledError when a newer prepare() superseded it.
   */
  async prepare(table: DataTable, body: PrepareRequestBody): Promise<{ prepared: PreparedForUi; ms: number }> {
    this.supersede(table);
    const generation = ++this.generation;
    if (this.tableSent !== table) this.sendTable(table);
    await this.tableQueue;
    // A newer prepare() came while the table was being sent: this one never starts.
    if (generation !== this.generation) throw new CancelledError('superseded by a newer model check');
    const { id, reply: promise } = this.request({ type: 'prepare', ...body });
    this.latest = { id, sent: Date.now() };
    this.timers.set(id, setTimeout(() => {
      const p = this.pending.get(id);
      if (!p) return;
      this.settle(id);
      this.restart(table);
      p.reject(new AnalysisError(timeoutError()));
    }, PREPARE_TIMEOUT_MS));
    const reply = await promise;
    if (reply.type === 'prepared') return { prepared: reply.prepared, ms: reply.ms };
    if (reply.type === 'error') throw new AnalysisError(reply.error);
    throw new Error(`Unexpected reply ${reply.type}`);
  }

  /** Summary rows + E-BFMI; the buffers are transferred (the caller passes copies). */
  async summarise(input: { names: string[]; chains: Float64Array[]; nIterations: number[]; energy: Float64Array[] }, probs: number[]): Promise<{ rows: SummaryRow[]; ebfmi: number[]; ms: number }> {
    const transfer = [...input.chains, ...input.energy].map((a) => a.buffer as ArrayBuffer);
    const reply = await this.request({ type: 'summarise', ...input, probs }, transfer).reply;
    if (reply.type === 'summary') return { rows: reply.rows, ebfmi: reply.ebfmi, ms: reply.ms };
    if (reply.type === 'error') throw new AnalysisError(reply.error);
    throw new Error(`Unexpected reply ${reply.type}`);
  }

  /**
   * brms hypothesis() for each text, in the worker. `key` names the draws (fit + version); they
   * are sent (transferred: pass a fresh copy) only when the worker does not hold them yet.
   */
  async hypotheses(texts: string[], alpha: number, key: string, draws: () => HypothesisDraws): Promise<{ outcomes: HypothesisOutcome[]; nDraws: number; ms: number }> {
    const send = async (withDraws: boolean) => {
      const d = withDraws ? draws() : undefined;
      if (d) this.drawsKeySent = key;
      return this.request({ type: 'hypotheses', texts, alpha, key, ...(d ? { draws: d } : {}) }, d ? [d.rows.buffer as ArrayBuffer] : []).reply;
    };
    let reply = await send(this.drawsKeySent !== key);
    if (reply.type === 'needDraws') reply = await send(true);
    if (reply.type === 'hypotheses') return { outcomes: reply.outcomes, nDraws: reply.nDraws, ms: reply.ms };
    if (reply.type === 'error') throw new AnalysisError(reply.error);
    throw new Error(`Unexpected reply ${reply.type}`);
  }

  /**
   * The interpretation views (src/core/interpret/views.ts), in the worker. As for hypotheses,
   * the draws and the fit's design are sent (draws transferred) once per `key`; `table` (the
   * fit's data, for views that evaluate the formula on new data) once per table.
   */
  async view(job: ViewJob, key: string, inputs: () => { draws: HypothesisDraws; design: ViewsDesign }, table?: DataTable): Promise<{ result: ViewResult; ms: number }> {
    // conditional effects and group lines evaluate the formula on the fit's table: sent once (in pieces when big)
    if (table && this.tableSent !== table) this.sendTable(table);
    if (table) await this.tableQueue;
    const send = async (withDraws: boolean) => {
      const d = withDraws ? inputs() : undefined;
      if (d) this.viewKeySent = key;
      return this.request({ type: 'views', job, key, ...(d ? { draws: d.draws, design: d.design } : {}) }, d ? [d.draws.rows.buffer as ArrayBuffer] : []).reply;
    };
    let reply = await send(this.viewKeySent !== key);
    if (reply.type === 'needDraws') reply = await send(true);
    if (reply.type === 'views') return { result: reply.result, ms: reply.ms };
    if (reply.type === 'error') throw new AnalysisError(reply.error);
    throw new Error(`Unexpected reply ${reply.type}`);
  }

  /**
   * PSIS-LOO and Bayes R2 of a fit in the worker: the model is compiled there on the fit's table
   * (sent once), the draws (each chain cut to `nIterations`) are transferred: pass copies.
   */
  async loo(table: DataTable, body: PrepareRequestBody, draws: { names: string[]; chains: Float64Array[]; nIterations: number }): Promise<{ outcome: LooOutcome; ms: number }> {
    if (this.tableSent !== table) this.sendTable(table);
    await this.tableQueue;
    const transfer = draws.chains.map((a) => a.buffer as ArrayBuffer);
    const reply = await this.request({ type: 'loo', ...body, ...draws }, transfer).reply;
    if (reply.type === 'loo') return { outcome: reply.outcome, ms: reply.ms };
    if (reply.type === 'error') throw new AnalysisError(reply.error);
    throw new Error(`Unexpected reply ${reply.type}`);
  }

  dispose(): void {
    this.rejectAll(new CancelledError());
  }
}
