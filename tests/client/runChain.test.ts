import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { collectEvents, fakeEnvironment } from './fakeEngine';
import { runChain, withModelCache } from '../../workers/runChain';
import type { BatchEvent, ChainEvent, ChainJob } from '../../workers/protocol';
import { DEFAULT_SETTINGS } from '../../src/core/types';

const data = { name: 't.csv', nRows: 0, columns: [] };
function job(over: Partial<ChainJob> = {}, settings = {}): ChainJob {
  return {
    spec: { formula: 'y ~ 1', family: 'gaussian' }, data,
    settings: { ...DEFAULT_SETTINGS, warmup: 30, iter: 50, ...settings },
    chainId: 2, batch: { maxMs: 1e9, maxIterations: 8 }, ...over,
  };
}
const batches = (ev: ChainEvent[]) => ev.filter((e): e is BatchEvent => e.type === 'batch');

describe('runChain', () => {
  it('posts started, then batches covering every iteration in order, then done', () => {
    const ev = collectEvents(job());
    expect(ev[0].type).toBe('started');
    expect(ev.at(-1)!.type).toBe('done');
    const b = batches(ev);
    let next = 1;
    for (const x of b) {
      expect(x.firstIteration).toBe(next);
      expect(x.count).toBeLessThanOrEqual(8);
      next += x.count;
    }
    expect(next - 1).toBe(80);
    expect(b.reduce((s, x) => s + x.count, 0)).toBe(80);
  });

  it('never mixes warmup and sampling rows in one batch, and flags warmup batches', () => {
    const b = batches(collectEvents(job()));
    const warm = b.filter((x) => x.phase === 'warmup').reduce((s, x) => s + x.count, 0);
    const samp = b.filter((x) => x.phase === 'sampling').reduce((s, x) => s + x.count, 0);
    expect(warm).toBe(30);
    expect(samp).toBe(50);
    const firstSampling = b.findIndex((x) => x.phase === 'sampling');
    expect(b.slice(firstSampling).every((x) => x.phase === 'sampling')).toBe(true);
    expect(b[firstSampling].firstIteration).toBe(31);
  });

  it('writes output parameters via writeDraw (sigma = exp of the unconstrained coordinate)', () => {
    const b = batches(collectEvents(job()));
    for (const x of b) for (let i = 0; i < x.count; i++) expect(x.draws[i * 2 + 1]).toBeGreaterThan(0);
    expect(b[0].stats.length % 7).toBe(0);
  });

  it('posts each batch as exact-size copies, a new buffer every time, with no transfer list', () => {
    // A chain must never detach a buffer in its thread (every later chain there would run ~20%
    // slower: runChain.ts), so what it posts are copies, each used once.
    const seen = new Set<ArrayBufferLike>();
    let nBatches = 0;
    runChain(job({ batch: { maxMs: 1e9, maxIterations: 7 } }), (...args: unknown[]) => {
      expect(args).toHaveLength(1);
      const e = args[0] as ChainEvent;
      if (e.type !== 'batch') return;
      nBatches++;
      expect(e.draws.length).toBe(e.count * 2);
      expect(e.stats.length).toBe(e.count * 7);
      expect(e.draws.byteOffset).toBe(0);
      expect(e.draws.buffer.byteLength).toBe(e.draws.byteLength);
      for (const b of [e.draws.buffer, e.stats.buffer]) { expect(seen.has(b)).toBe(false); seen.add(b); }
    }, fakeEnvironment());
    expect(nBatches).toBeGreaterThan(4);
  });

  it.each(['chain-thread.ts', 'chain.worker.ts'])('the %s shell posts events without a transfer list', (file) => {
    const source = readFileSync(new URL(`../../workers/${file}`, import.meta.url), 'utf8');
    expect(source).not.toMatch(/Comlink\.transfer|postMessage\([^)]*,|structuredClone/);
  });

  it('posts a batch when the time limit passes even if the batch is not full', () => {
    let t = 0;
    const ev: ChainEvent[] = [];
    // every clock read advances 60 ms: limit 100 ms -> batches of a few iterations
    runChain(job({ batch: { maxMs: 100, maxIterations: 1000 } }), (e) => ev.push(e), fakeEnvironment(() => (t += 60)));
    const b = batches(ev);
    expect(b.length).toBeGreaterThan(10);
    expect(Math.max(...b.map((x) => x.count))).toBeLessThan(30);
  });

  it('is reproducible: same seed and chain give identical draws, another chain differs', () => {
    const a = batches(collectEvents(job()));
    const b = batches(collectEvents(job()));
    const c = batches(collectEvents(job({ chainId: 3 })));
    expect(a.map((x) => Array.from(x.draws))).toEqual(b.map((x) => Array.from(x.draws)));
    expect(Array.from(a[0].draws)).not.toEqual(Array.from(c[0].draws));
  });

  it('resumes from a checkpoint without warmup, numbering iterations after the first run', () => {
    const first = collectEvents(job());
    const done = first.at(-1)!;
    if (done.type !== 'done') throw new Error('no done');
    expect(done.checkpoint.iterationsDone).toBe(80);
    const more = collectEvents(job({ resume: done.checkpoint }, { warmup: 0, iter: 20 }));
    const started = more[0];
    if (started.type !== 'started') throw new Error('no started');
    expect(started.iterationOffset).toBe(80);
    expect(started.warmupIterations).toBe(0);
    const b = batches(more);
    expect(b.every((x) => x.phase === 'sampling')).toBe(true);
    expect(b.reduce((s, x) => s + x.count, 0)).toBe(20);
  });

  it('reports a failed initialisation as an error event naming the chain', () => {
    const ev = collectEvents(job({ spec: { formula: 'fail init', family: 'gaussian' } }));
    expect(ev).toHaveLength(1);
    expect(ev[0]).toEqual({ type: 'error', chainId: 2, message: 'Chain 2: Initialization failed after 100 attempts' });
  });

  it('posts the draws made before a model throws, then the error', () => {
    const ev = collectEvents(job({ spec: { formula: 'fail at 20', family: 'gaussian' } }));
    const last = ev.at(-1)!;
    expect(last.type).toBe('error');
    if (last.type === 'error') expect(last.message).toContain('blew up at iteration 20');
    expect(batches(ev).reduce((s, x) => s + x.count, 0)).toBe(20);
  });
});

describe('withModelCache', () => {
  it('compiles once for jobs sharing a modelKey and every time without one', () => {
    let compiles = 0;
    const base = fakeEnvironment();
    const counting = { ...base, compile: (s: ChainJob['spec'], d: ChainJob['data']) => { compiles++; return base.compile(s, d); } };
    const envFor = withModelCache(counting);
    for (const chainId of [1, 2, 3]) {
      const ev: ChainEvent[] = [];
      runChain(job({ chainId, modelKey: 'm' }), (e) => ev.push(e), envFor(job({ chainId, modelKey: 'm' })));
      expect(ev.at(-1)!.type).toBe('done');
    }
    expect(compiles).toBe(1);
    runChain(job({ modelKey: 'other' }), () => {}, envFor(job({ modelKey: 'other' })));
    expect(compiles).toBe(2);
    runChain(job(), () => {}, envFor(job()));
    runChain(job(), () => {}, envFor(job()));
    expect(compiles).toBe(4);
  });
});

describe('the real engine with a structure prepared by the host', () => {
  it('builds the model from job.structure (no second prepareModel) and gives the same draws', async () => {
    const { engineEnvironment } = await import('../../workers/engine');
    const { prepareModel } = await import('../../src/core/model/spec');
    const { readCsvText } = await import('../../src/core/io/csvRead');
    const csv = 'y,g\n3.1,a\n2.2,a\n4.5,a\n3.3,b\n5.1,b\n4.0,b\n2.9,c\n3.8,c\n4.4,c\n5.0,d\n3.6,d\n4.2,d\n';
    const real = readCsvText(csv, 'd.csv').table!;
    const spec = { formula: 'y ~ 1 + (1 | g)', family: 'gaussian' as const };
    const settings = { ...DEFAULT_SETTINGS, warmup: 40, iter: 30 };
    const run = (j: ChainJob) => { const ev: ChainEvent[] = []; runChain(j, (e) => ev.push(e), engineEnvironment('passes')); return ev; };
    const base: ChainJob = { spec, data: real, settings, chainId: 1 };
    const fromData = run(base);
    expect(fromData.at(-1)!.type).toBe('done');
    // The structure survives postMessage's structured clone; with it, the data is not read at all.
    const structure = structuredClone(prepareModel(spec, real).structure);
    const fromStructure = run({ ...base, data: { name: 'empty', nRows: 0, columns: [] }, structure });
    expect(fromStructure.at(-1)!.type).toBe('done');
    // The same draws; batch boundaries may differ (a batch is also cut after 100 ms of wall time).
    expect(batches(fromStructure).flatMap((b) => Array.from(b.draws))).toEqual(batches(fromData).flatMap((b) => Array.from(b.draws)));
  });
});

describe('batch checkpoints (resume after Stop)', () => {
  it('with the real engine, every batch from the end of warmup carries a state that resumes exactly', async () => {
    const { engineEnvironment } = await import('../../workers/engine');
    const { readCsvText } = await import('../../src/core/io/csvRead');
    const csv = 'y,g\n3.1,a\n2.2,a\n4.5,a\n3.3,b\n5.1,b\n4.0,b\n2.9,c\n3.8,c\n4.4,c\n5.0,d\n3.6,d\n4.2,d\n';
    const real = readCsvText(csv, 'd.csv').table!;
    const spec = { formula: 'y ~ 1 + (1 | g)', family: 'gaussian' as const };
    const settings = { ...DEFAULT_SETTINGS, warmup: 40, iter: 30, seed: 9 };
    const run = (j: ChainJob) => { const ev: ChainEvent[] = []; runChain(j, (e) => ev.push(e), engineEnvironment('passes')); return ev; };
    const base: ChainJob = { spec, data: real, settings, chainId: 3, batch: { maxMs: 1e9, maxIterations: 7 }, batchCheckpoints: true };
    const full = batches(run(base));
    const rows = (b: BatchEvent[]) => b.flatMap((x) => Array.from(x.draws));
    for (const b of full) {
      const end = b.firstIteration + b.count - 1;
      expect(b.checkpoint !== undefined).toBe(end >= 40); // warmup state is not resumable
      if (b.checkpoint) expect(b.checkpoint.iterationsDone).toBe(end);
    }
    // Stopped after the batch ending at iteration 54 (a terminated worker's last batch): resume.
    const cut = full.find((b) => b.firstIteration + b.count - 1 === 54)!;
    const resumed = batches(run({ ...base, resume: cut.checkpoint, settings: { ...settings, warmup: 0, iter: 70 - 54 } }));
    const tail = full.filter((b) => b.firstIteration > 54);
    expect(tail.length).toBeGreaterThan(1);
    expect(rows(resumed)).toEqual(rows(tail));
    // The last warmup batch's state resumes the whole sampling phase.
    const lastWarmup = full.find((b) => b.firstIteration + b.count - 1 === 40)!;
    const fromWarm = batches(run({ ...base, resume: lastWarmup.checkpoint, settings: { ...settings, warmup: 0, iter: 30 } }));
    expect(rows(fromWarm)).toEqual(rows(full.filter((b) => b.phase === 'sampling')));
  });

  it('posts no checkpoints in batches unless the job asks for them', () => {
    expect(batches(collectEvents(job())).some((b) => b.checkpoint)).toBe(false);
  });
});
