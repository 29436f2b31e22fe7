// The workspace's analysis worker: the two jobs too slow for the main thread.
//  - 'prepare': formula + family + priors + data -> prepareModel (a noticeable pause on 10k+ rows):
//    priors table, equations, exports and the ModelStructure (for the posterior predictive check).
//    The data table is sent once ('table') and kept, so a keystroke in the formula box costs
//    only the formula.
//  - 'summarise': summariseDraws over the post-warmup draws (every parameter's ESS and R-hat), plus
//    E-BFMI per chain. The draws arrive as transferred buffers.
//  - 'hypotheses': brms's hypothesis() for each line the user wrote (src/core/interpret). The
//    pooled draws come once per fit version (transferred) and are kept for the next keystroke.
//  - 'views': the Pooling, Variance by level, Conditional effects and Group lines views
//    (src/core/interpret/views.ts); the draws and the fit's design come once per fit version and
//    are kept for the next choice; the last two also read the table sent with 'table'.
//  - 'loo': PSIS-LOO (and Bayes R2 where the family defines it) of a finished or stopped fit,
//    from its post-warmup draws (transferred) and its model compiled here on its table; the
//    log-likelihood is computed in blocks of observations (core/loo), never as an N x S matrix.
// Requests carry an id; each reply names it. Errors come back as data (name, message, caret),
// never as an uncaught exception, so the page can show them next to the input.
import { prepareModel, type PreparedModel } from '../src/core/model/spec';
import { summariseDraws } from '../src/core/diagnostics/summary';
import { ebfmi } from '../src/core/diagnostics/ebfmi';
import type { DataTable, FamilyName, SamplerSettings, SummaryRow } from '../src/core/types';
import { TableReceiver, type TablePieceMessage } from '../src/app/data/postTable';
import { evaluateHypothesis, type HypothesisResult } from '../src/core/interpret/hypothesis';
import { quantileSorted } from '../src/core/diagnostics/quantile7';
import { runView, type ViewJob, type ViewResult, type ViewsDesign } from '../src/core/interpret/views';
import { compileSpec } from '../src/core/model/spec';
import { fitBayesR2, fitLoo, paretoKIds, type BayesR2Summary, type LooResult } from '../src/core/loo';

export interface PrepareRequestBody {
  formula: string;
  family: FamilyName;
  /** The family's link (absent: its default). */
  link?: string;
  priors: { prior: string; class: string; coef?: string; group?: string }[];
  settings?: Partial<SamplerSettings>;
}

export type AnalysisRequest =
  // A big table's cell texts come first in pieces (no reply), then the table with empty raw
  // arrays and `pieces: true` (src/app/data/postTable.ts).
  | TablePieceMessage
  | { id: number; type: 'table'; table: DataTable; pieces?: boolean }
  | ({ id: number; type: 'prepare' } & PrepareRequestBody)
  | { id: number; type: 'summarise'; names: string[]; chains: Float64Array[]; nIterations: number[]; probs: number[]; energy: Float64Array[] }
  | { id: number; type: 'hypotheses'; texts: string[]; alpha: number; key: string; draws?: HypothesisDraws }
  | { id: number; type: 'views'; job: ViewJob; key: string; draws?: HypothesisDraws; design?: ViewsDesign }
  | ({ id: number; type: 'loo'; names: string[]; chains: Float64Array[]; nIterations: number } & PrepareRequestBody);

/** A fit's PSIS-LOO, its worst Pareto k (1-based data rows), and Bayes R2 (null where not defined). */
export interface LooOutcome { loo: LooResult; worst: { row: number; k: number }[]; bayesR2: BayesR2Summary | null }

/** Pooled post-warmup draws, row-major (nDraws x names.length), for the hypotheses. */
export interface HypothesisDraws { names: string[]; rows: Float64Array; nDraws: number }

/** One line's outcome: brms's row plus the 25%/75% quantiles for the plot's inner interval, or the error. */
export type HypothesisOutcome =
  | { ok: true; result: HypothesisResult; q25: number; q75: number }
  | { ok: false; error: WorkerError };

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
  | { id: number; type: 'hypotheses'; outcomes: HypothesisOutcome[]; nDraws: number; ms: number }
  | { id: number; type: 'views'; result: ViewResult; ms: number }
  | { id: number; type: 'needDraws' }
  | { id: number; type: 'loo'; outcome: LooOutcome; ms: number }
  | { id: number; type: 'error'; error: WorkerError };

interface WorkerScope {
  postMessage(message: AnalysisReply, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<AnalysisRequest>) => void): void;
}
const scope = self as unknown as WorkerScope;
let table: DataTable | null = null;
const pieces = new TableReceiver();
let hypothesisDraws: { key: string; draws: HypothesisDraws; columns: Map<string, Float64Array> } | null = null;
let viewInputs: { key: string; draws: HypothesisDraws; design: ViewsDesign } | null = null;

function drawsColumn(d: HypothesisDraws, name: string): Float64Array {
  const j = d.names.indexOf(name);
  const P = d.names.length;
  const out = new Float64Array(d.nDraws);
  for (let i = 0; i < d.nDraws; i++) out[i] = d.rows[i * P + j];
  return out;
}

function runHypotheses(texts: string[], alpha: number): HypothesisOutcome[] {
  const h = hypothesisDraws!;
  const of = (name: string) => {
    let c = h.columns.get(name);
    if (!c) { c = drawsColumn(h.draws, name); h.columns.set(name, c); }
    return c;
  };
  return texts.map((text) => {
    try {
      const { result, values } = evaluateHypothesis(text, h.draws.names, of, h.draws.nDraws, alpha);
      const sorted = values.sort(); // values is the result's own array (never a cached column)
      return { ok: true, result, q25: quantileSorted(sorted, 0.25), q75: quantileSorted(sorted, 0.75) };
    } catch (err) {
      return { ok: false, error: toWorkerError(err) };
    }
  });
}

/** How many of the worst observations (highest Pareto k above 0.5) the LOO card lists. */
const WORST_SHOWN = 10;

function runLoo(req: Extract<AnalysisRequest, { type: 'loo' }>): LooOutcome {
  if (!table) throw new Error('No data loaded yet: load a CSV file or pick an example first.');
  // The fit's link travels with its spec once the app sets one (ModelSpec.link; absent: the default).
  const link = (req as { link?: string }).link;
  const { structure, design } = compileSpec({ formula: req.formula, family: req.family, priors: req.priors, ...(link ? { link } : {}) }, table);
  const loo = fitLoo(structure, req.names, req.chains, req.nIterations);
  const worst = paretoKIds(loo.pointwise.paretoK).slice(0, WORST_SHOWN)
    .map((i) => ({ row: design.rows[i] + 1, k: loo.pointwise.paretoK[i] }));
  let bayesR2: BayesR2Summary | null = null;
  try {
    bayesR2 = fitBayesR2(structure, req.names, req.chains, req.nIterations);
  } catch {
    bayesR2 = null; // a family without an expected value (brms: bayes_R2 not defined)
  }
  return { loo, worst, bayesR2 };
}

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
          { formula: req.formula, family: req.family, ...(req.link ? { link: req.link } : {}), priors: req.priors }, table, { settings: req.settings },
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
      case 'hypotheses': {
        const t0 = performance.now();
        if (req.draws) hypothesisDraws = { key: req.key, draws: req.draws, columns: new Map() };
        if (!hypothesisDraws || hypothesisDraws.key !== req.key) {
          scope.postMessage({ id: req.id, type: 'needDraws' });
          return;
        }
        const outcomes = runHypotheses(req.texts, req.alpha);
        scope.postMessage({ id: req.id, type: 'hypotheses', outcomes, nDraws: hypothesisDraws.draws.nDraws, ms: performance.now() - t0 });
        return;
      }
      case 'views': {
        const t0 = performance.now();
        if (req.draws && req.design) viewInputs = { key: req.key, draws: req.draws, design: req.design };
        if (!viewInputs || viewInputs.key !== req.key) {
          scope.postMessage({ id: req.id, type: 'needDraws' });
          return;
        }
        const result = runView(viewInputs.design, viewInputs.draws, req.job, table);
        scope.postMessage({ id: req.id, type: 'views', result, ms: performance.now() - t0 });
        return;
      }
      case 'loo': {
        const t0 = performance.now();
        const outcome = runLoo(req);
        scope.postMessage({ id: req.id, type: 'loo', outcome, ms: performance.now() - t0 });
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
