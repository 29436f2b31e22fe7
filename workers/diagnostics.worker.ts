// The workspace's analysis worker: the two jobs too slow for the main thread.
//  - 'prepare': formula + family + priors + data -> prepareModel (≈0.2-0.5 s on 10k-70k rows):
//    priors table, equations, exports and the ModelStructure (for the posterior predictive check).
//    The data table is sent once ('table') and kept, so a keystroke in the formula box costs
//    only the formula.
//  - 'summarise': summariseDraws over the post-warmup draws (≈0.3 s for 4 x 1000 x 300), plus
//    E-BFMI per chain. The draws arrive as transferred buffers.
// Requests carry an id; each reply names it. Errors come back as data (name, message, caret),
// never as an uncaught exception, so the page can show them next to the input.
import { prepareModel, type PreparedModel } from '../src/core/model/spec';
import { summariseDraws } from '../src/core/diagnostics/summary';
import { ebfmi } from '../src/core/diagnostics/ebfmi';
import type { DataTable, FamilyName, SamplerSettings, SummaryRow } from '../src/core/types';
import { TableReceiver, type TablePieceMessage } from '../src/app/data/postTable';

export interface PrepareRequestBody {
  formula: string;
  family: FamilyName;
  priors: { prior: string; class: string; coef?: string; group?: string }[];
  settings?: Partial<SamplerSettings>;
}

export type AnalysisRequest =
  // A big table's cell texts come first in pieces (no reply), then the table with empty raw
  // arrays and `pieces: true` (src/app/data/postTable.ts).
  | TablePieceMessage
  | { id: number; type: 'table'; table: DataTable; pieces?: boolean }
  | ({ id: number; type: 'prepare' } & PrepareRequestBody)
  | { id: number; type: 'summarise'; names: string[]; chains: Float64Array[]; nIterations: number[]; probs: number[]; energy: Float64Array[] };

/** PreparedModel without the parsed formula (not needed on the main thread). */
export type PreparedForUi = Omit<PreparedModel, 'formula'>;

export interface WorkerError {
  name: string;
  message: string;
  /** FormulaError only: 0-based position and the formula with a caret line. */
  position?: number;
  caret?: string;
}

export type AnalysisReply =
  | { id: number; type: 'ok' }
  | { id: number; type: 'prepared'; prepared: PreparedForUi; ms: number }
  | { id: number; type: 'summary'; rows: SummaryRow[]; ebfmi: number[]; ms: number }
  | { id: number; type: 'error'; error: WorkerError };

interface WorkerScope {
  postMessage(message: AnalysisReply, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<AnalysisRequest>) => void): void;
}
const scope = self as unknown as WorkerScope;
let table: DataTable | null = null;
const pieces = new TableReceiver();

function toWorkerError(err: unknown): WorkerError {
  if (err instanceof Error) {
    const e = err as Error & { position?: number; caret?: string };
    return { name: e.name, message: e.message, ...(typeof e.position === 'number' ? { position: e.position, caret: e.caret } : {}) };
  }
  return { name: 'Error', message: String(err) };
}

scope.addEventListener('message', (event) => {
  const req = event.data;
  try {
    switch (req.type) {
      case 'table-raw':
      case 'table-array':
        pieces.add(req);
        return;
      case 'table':
        table = req.pieces ? pieces.complete(req.table) : req.table;
        scope.postMessage({ id: req.id, type: 'ok' });
        return;
      case 'prepare': {
        if (!table) throw new Error('No data loaded yet: load a CSV file or pick an example first.');
        const t0 = performance.now();
        const { formula: _parsed, ...prepared } = prepareModel(
          { formula: req.formula, family: req.family, priors: req.priors }, table, { settings: req.settings },
        );
        scope.postMessage({ id: req.id, type: 'prepared', prepared, ms: performance.now() - t0 });
        return;
      }
      case 'summarise': {
        const t0 = performance.now();
        const rows = summariseDraws({ names: req.names, chains: req.chains, nIterations: req.nIterations }, req.probs);
        const bfmi = req.energy.map((e) => (e.length >= 2 ? ebfmi(e) : NaN));
        scope.postMessage({ id: req.id, type: 'summary', rows, ebfmi: bfmi, ms: performance.now() - t0 });
        return;
      }
      default: {
        const never: never = req;
        throw new Error(`Unknown analysis request ${JSON.stringify(never)}`);
      }
    }
  } catch (err) {
    scope.postMessage({ id: req.id, type: 'error', error: toWorkerError(err) });
  }
});
