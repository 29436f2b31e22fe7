// The formula box's model checks are cancellable (issue 22 item 10): a newer check supersedes a
// running one, a stuck worker is replaced, and a check that runs too long is stopped with a message.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AnalysisError, AnalysisWorker, CancelledError, PREPARE_TIMEOUT_MS, SUPERSEDE_GRACE_MS, type WorkerLike,
} from '../../src/app/workspace/analysisWorker';
import type { AnalysisReply, AnalysisRequest } from '../../workers/diagnostics.worker';
import type { DataTable } from '../../src/core/types';

/** A worker that answers 'prepare' after `ms` per formula ('stuck' never answers), in order. */
class FakeWorker implements WorkerLike {
  terminated = false;
  readonly received: AnalysisRequest[] = [];
  private onMessage: ((e: MessageEvent<AnalysisReply>) => void) | null = null;
  private busyUntil = 0;
  constructor(private readonly delays: Record<string, number>) {}
  addEventListener(type: string, listener: (e: never) => void): void {
    if (type === 'message') this.onMessage = listener as (e: MessageEvent<AnalysisReply>) => void;
  }
  postMessage(m: AnalysisRequest): void {
    this.received.push(m);
    const ms = m.type === 'prepare' ? this.delays[m.formula] ?? 0 : 0;
    if (!Number.isFinite(ms)) { this.busyUntil = Infinity; return; }
    // One request at a time, like a real worker.
    const start = Math.max(Date.now(), this.busyUntil);
    this.busyUntil = start + ms;
    if (!Number.isFinite(start)) return;
    const reply: AnalysisReply = m.type === 'prepare'
      ? { id: m.id, type: 'prepared', prepared: { brmsCall: m.formula } as never, ms }
      : { id: m.id, type: 'ok' };
    setTimeout(() => { if (!this.terminated) this.onMessage?.({ data: reply } as MessageEvent<AnalysisReply>); }, this.busyUntil - Date.now());
  }
  terminate(): void { this.terminated = true; }
}

const table = { name: 't', nRows: 0, columns: [] } as DataTable;
const body = (formula: string) => ({ formula, family: 'gaussian' as const, priors: [] });

describe('AnalysisWorker: cancellable model checks', () => {
  let workers: FakeWorker[];
  let aw: AnalysisWorker;
  beforeEach(() => {
    vi.useFakeTimers();
    workers = [];
    aw = new AnalysisWorker(() => {
      const w = new FakeWorker({ stuck: Infinity, slow: 400, good: 5 });
      workers.push(w);
      return w;
    });
  });
  afterEach(() => { aw.dispose(); vi.useRealTimers(); });

  it('a new formula cancels a stuck check, replaces the worker and checks the new one', async () => {
    const stuck = aw.prepare(table, body('stuck'));
    const stuckResult = stuck.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(2000);
    const good = aw.prepare(table, body('good'));
    expect(await stuckResult).toBeInstanceOf(CancelledError);
    await vi.advanceTimersByTimeAsync(10);
    expect((await good).prepared.brmsCall).toBe('good');
    expect(workers).toHaveLength(2);
    expect(workers[0].terminated).toBe(true);
    expect(workers[1].received.map((m) => m.type)).toEqual(['table', 'prepare']);
  });

  it('a check superseded right after it started gets the grace period, then the worker is replaced', async () => {
    const stuck = aw.prepare(table, body('stuck')).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(100);
    const good = aw.prepare(table, body('good'));
    expect(await stuck).toBeInstanceOf(CancelledError);
    await vi.advanceTimersByTimeAsync(SUPERSEDE_GRACE_MS);
    expect((await good).prepared.brmsCall).toBe('good');
    expect(workers).toHaveLength(2);
  });

  it('keeps the worker when the superseded check finishes within the grace period', async () => {
    const slow = aw.prepare(table, body('slow')).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(50);
    const good = aw.prepare(table, body('good'));
    expect(await slow).toBeInstanceOf(CancelledError);
    await vi.advanceTimersByTimeAsync(SUPERSEDE_GRACE_MS);
    expect((await good).prepared.brmsCall).toBe('good');
    expect(workers).toHaveLength(1);
  });

  it('stops a check that takes too long with a message, and the next check works', async () => {
    const stuck = aw.prepare(table, body('stuck')).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(PREPARE_TIMEOUT_MS + 1);
    const err = await stuck;
    expect(err).toBeInstanceOf(AnalysisError);
    expect((err as AnalysisError).message).toMatch(/took more than 30 s, so it was stopped/);
    const good = aw.prepare(table, body('good'));
    await vi.advanceTimersByTimeAsync(10);
    expect((await good).prepared.brmsCall).toBe('good');
  });
});

describe('AnalysisWorker: back-to-back checks', () => {
  it('a check superseded before it was posted never runs', async () => {
    vi.useFakeTimers();
    const workers: FakeWorker[] = [];
    const aw = new AnalysisWorker(() => { const w = new FakeWorker({ stuck: Infinity, good: 5 }); workers.push(w); return w; });
    const stuck = aw.prepare(table, body('stuck')).catch((e: unknown) => e);
    const good = aw.prepare(table, body('good'));
    expect(await stuck).toBeInstanceOf(CancelledError);
    await vi.advanceTimersByTimeAsync(10);
    expect((await good).prepared.brmsCall).toBe('good');
    expect(workers[0].received.filter((m) => m.type === 'prepare').map((m) => (m as { formula: string }).formula)).toEqual(['good']);
    aw.dispose();
    vi.useRealTimers();
  });
});
