// Main-thread side of workers/diagnostics.worker.ts: one module worker, requests by id.
// The workspace starts two: one prepares models (formula box), one summarises draws (live
// convergence), so a slow model preparation never delays the convergence panel.
import type { DataTable, SummaryRow } from '../../core/types';
import { postRawPieces } from '../data/postTable';
import type {
  AnalysisReply, AnalysisRequest, HypothesisDraws, HypothesisOutcome, PrepareRequestBody, PreparedForUi, WorkerError,
} from '../../../workers/diagnostics.worker';

export type { HypothesisDraws, HypothesisOutcome, PreparedForUi, WorkerError };

/** A failure reported by the worker, with the formula caret when there is one. */
export class AnalysisError extends Error {
  constructor(readonly detail: WorkerError) {
    super(detail.message);
    this.name = detail.name;
  }
}

type Pending = { resolve: (r: AnalysisReply) => void; reject: (e: Error) => void };
type RequestBody = AnalysisRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export class AnalysisWorker {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private tableSent: DataTable | null = null;
  /** The table being sent (big ones go in pieces, see postTable.ts); prepare waits for it. */
  private tableQueue: Promise<unknown> = Promise.resolve();
  private drawsKeySent: string | null = null;
  busy = 0;

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(new URL('../../../workers/diagnostics.worker.ts', import.meta.url), { type: 'module', name: 'analysis' });
    w.addEventListener('message', (event: MessageEvent<AnalysisReply>) => {
      const p = this.pending.get(event.data.id);
      if (!p) return;
      this.pending.delete(event.data.id);
      this.busy = this.pending.size;
      p.resolve(event.data);
    });
    w.addEventListener('error', (event) => {
      // The worker died (script failed to load or crashed): fail everything pending, start fresh next time.
      const err = new Error(`The analysis worker stopped: ${event.message || 'it could not be loaded'}`);
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
      this.busy = 0;
      w.terminate();
      this.worker = null;
      this.tableSent = null;
      this.drawsKeySent = null;
    });
    this.worker = w;
    return w;
  }

  private request(body: RequestBody, transfer: Transferable[] = []): Promise<AnalysisReply> {
    const w = this.ensure();
    const id = this.nextId++;
    return new Promise<AnalysisReply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.busy = this.pending.size;
      w.postMessage({ ...body, id } as AnalysisRequest, transfer);
    });
  }

  /** Prepares the model; throws AnalysisError (FormulaError carries position + caret). */
  async prepare(table: DataTable, body: PrepareRequestBody): Promise<{ prepared: PreparedForUi; ms: number }> {
    if (this.tableSent !== table) {
      this.tableSent = table;
      const w = this.ensure();
      const superseded = () => this.tableSent !== table || this.worker !== w;
      this.tableQueue = this.tableQueue.then(() => postRawPieces((m, t) => w.postMessage(m, t), table, superseded)).then((sent) => {
        if (sent) void this.request({ type: 'table', table: sent.table, pieces: sent.pieces });
      });
    }
    await this.tableQueue;
    const reply = await this.request({ type: 'prepare', ...body });
    if (reply.type === 'prepared') return { prepared: reply.prepared, ms: reply.ms };
    if (reply.type === 'error') throw new AnalysisError(reply.error);
    throw new Error(`Unexpected reply ${reply.type}`);
  }

  /** Summary rows + E-BFMI; the buffers are transferred (the caller passes copies). */
  async summarise(input: { names: string[]; chains: Float64Array[]; nIterations: number[]; energy: Float64Array[] }, probs: number[]): Promise<{ rows: SummaryRow[]; ebfmi: number[]; ms: number }> {
    const transfer = [...input.chains, ...input.energy].map((a) => a.buffer as ArrayBuffer);
    const reply = await this.request({ type: 'summarise', ...input, probs }, transfer);
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
      return this.request({ type: 'hypotheses', texts, alpha, key, ...(d ? { draws: d } : {}) }, d ? [d.rows.buffer as ArrayBuffer] : []);
    };
    let reply = await send(this.drawsKeySent !== key);
    if (reply.type === 'needDraws') reply = await send(true);
    if (reply.type === 'hypotheses') return { outcomes: reply.outcomes, nDraws: reply.nDraws, ms: reply.ms };
    if (reply.type === 'error') throw new AnalysisError(reply.error);
    throw new Error(`Unexpected reply ${reply.type}`);
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
    for (const p of this.pending.values()) p.reject(new Error('cancelled'));
    this.pending.clear();
    this.tableSent = null;
    this.drawsKeySent = null;
  }
}
