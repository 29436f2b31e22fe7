// The views that evaluate the formula on new data (conditional effects, group lines) need the
// fit's table in the analysis worker: AnalysisWorker.view sends it once, before the request,
// and not again for the next choice; the draws go once per key as before.
import { describe, expect, it } from 'vitest';
import { AnalysisWorker, type WorkerLike } from '../../src/app/workspace/analysisWorker';
import type { AnalysisReply, AnalysisRequest } from '../../workers/diagnostics.worker';
import type { DataTable } from '../../src/core/types';
import type { ViewsDesign } from '../../src/core/interpret/views';

class ViewsFake implements WorkerLike {
  readonly received: string[] = [];
  private onMessage: ((e: MessageEvent<AnalysisReply>) => void) | null = null;
  addEventListener(type: string, listener: (e: never) => void): void {
    if (type === 'message') this.onMessage = listener as (e: MessageEvent<AnalysisReply>) => void;
  }
  postMessage(message: AnalysisRequest): void {
    const m = message as { type: string; id?: number; draws?: unknown };
    this.received.push(m.type === 'views' && m.draws ? 'views+draws' : m.type);
    if (m.id === undefined) return; // table pieces get no reply
    const reply: AnalysisReply = m.type === 'views' ? { id: m.id, type: 'views', result: { kind: 'variance' } as never, ms: 0 } : { id: m.id, type: 'ok' };
    setTimeout(() => this.onMessage?.({ data: reply } as MessageEvent<AnalysisReply>), 0);
  }
  terminate(): void {}
}

describe('AnalysisWorker.view with the fit\'s table', () => {
  it('sends the table once, before the first request that needs it, and the draws once per key', async () => {
    const fake = new ViewsFake();
    const aw = new AnalysisWorker(() => fake);
    const table = { name: 't.csv', nRows: 0, columns: [] } as DataTable;
    const inputs = () => ({ draws: { names: ['b_Intercept'], rows: new Float64Array(1), nDraws: 1 }, design: {} as ViewsDesign });
    const job = { kind: 'effects' as const, formula: 'y ~ x', prob: 0.95, robust: false };
    await aw.view(job, 'k1', inputs, table);
    await aw.view({ ...job, robust: true }, 'k1', inputs, table);
    await aw.view({ kind: 'variance', prob: 0.95 }, 'k1', inputs);
    expect(fake.received).toEqual(['table', 'views+draws', 'views', 'views']);
    aw.dispose();
  });
});
