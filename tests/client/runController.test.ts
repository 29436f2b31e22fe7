import { describe, expect, it } from 'vitest';
import { ChainRun } from '../../src/client/runController';
import { runPool } from '../../src/client/chainPool';
import { fakeSpawner, collectEvents } from './fakeEngine';
import { DEFAULT_SETTINGS, type SamplerSettings } from '../../src/core/types';
import type { ChainJob } from '../../workers/protocol';

const data = { name: 't.csv', nRows: 0, columns: [] };
const spec = { formula: 'y ~ 1', family: 'gaussian' as const };
const batch = { maxMs: 1e9, maxIterations: 5 };

function makeRun(settings: Partial<SamplerSettings> = {}, formula = 'y ~ 1', concurrency = 2) {
  const fake = fakeSpawner();
  const run = new ChainRun({
    spec: { ...spec, formula }, data, batch, concurrency, spawn: fake.spawn,
    settings: { ...DEFAULT_SETTINGS, chains: 4, warmup: 40, iter: 60, ...settings },
  });
  return { run, fake };
}

/** Resolves once `cond` holds after some event. */
function when(run: ChainRun, cond: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const off = run.subscribe(() => { if (cond()) { off(); resolve(); } });
  });
}

describe('chain pool', () => {
  it('runs more chains than workers: at most `concurrency` at once, the rest queued, all finish', async () => {
    const fake = fakeSpawner();
    const jobs: ChainJob[] = [1, 2, 3, 4, 5].map((c) => ({
      spec, data, chainId: c, batch, settings: { ...DEFAULT_SETTINGS, chains: 5, warmup: 5, iter: 10 },
    }));
    const done = new Set<number>();
    const pool = runPool(jobs, (e) => { if (e.type === 'done') done.add(e.chainId); }, fake.spawn, 2);
    expect(pool.running).toBe(2);
    expect(pool.queued).toBe(3);
    expect(await pool.finished).toEqual({ status: 'done' });
    expect([...done].sort()).toEqual([1, 2, 3, 4, 5]);
    expect(fake.maxLive()).toBe(2);
    expect(fake.live()).toBe(0);
    expect(pool.running).toBe(0);
  });

  it('rejects a concurrency below one', () => {
    expect(() => runPool([], () => {}, fakeSpawner().spawn, 0)).toThrow(/at least 1/);
  });
});

describe('ChainRun', () => {
  it('streams every chain into the DrawStore and records checkpoints and timing', async () => {
    const { run, fake } = makeRun();
    expect(await run.start()).toBe('done');
    const store = run.store!;
    expect(store.names).toEqual(['b_Intercept', 'sigma']);
    for (let c = 1; c <= 4; c++) {
      expect(store.nWarmup(c)).toBe(40);
      expect(store.nSampling(c)).toBe(60);
      expect(run.checkpoints[c - 1]!.iterationsDone).toBe(100);
      expect(run.progress[c - 1].gradientEvaluations).toBe(300);
    }
    expect(fake.spawned()).toBe(4);
    expect(fake.maxLive()).toBe(2);
    expect(run.runningWorkers).toBe(0);
  });

  it('matches what one chain run directly produces (same seed, same draws)', async () => {
    const { run } = makeRun({ chains: 2 });
    await run.start();
    const direct = collectEvents({ spec, data, chainId: 2, batch, settings: run.settings });
    const rows = direct.flatMap((e) => (e.type === 'batch' ? Array.from(e.draws.subarray(0, e.count * 2)) : []));
    expect(Array.from(run.store!.chain(2).draws)).toEqual(rows);
  });

  it('stop mid-warmup keeps the warmup draws received and leaves no worker running', async () => {
    const { run, fake } = makeRun();
    const finished = run.start();
    await when(run, () => (run.store?.nWarmup(1) ?? 0) >= 10);
    run.stop();
    expect(await finished).toBe('stopped');
    expect(fake.live()).toBe(0);
    expect(run.runningWorkers).toBe(0);
    const kept = run.store!.nWarmup(1);
    expect(kept).toBeGreaterThanOrEqual(10);
    expect(kept).toBeLessThan(40);
    expect(run.store!.nSampling(1)).toBe(0);
    await new Promise((r) => setTimeout(r, 30));
    expect(run.store!.nWarmup(1)).toBe(kept); // nothing arrives after stop
    expect(run.checkpoints.every((c) => c === null)).toBe(true); // no chain finished warmup
    expect(run.progress.map((p) => p.phase).sort()).toEqual(['queued', 'queued', 'stopped', 'stopped']);
  });

  it('stop mid-sampling keeps the post-warmup draws, usable for diagnostics', async () => {
    const { run, fake } = makeRun();
    const finished = run.start();
    await when(run, () => (run.store?.nSampling(1) ?? 0) >= 20);
    run.stop();
    expect(await finished).toBe('stopped');
    expect(fake.live()).toBe(0);
    const n = run.store!.nSampling(1);
    expect(n).toBeGreaterThanOrEqual(20);
    expect(n).toBeLessThan(60);
    const d = run.store!.diagnosticsInput();
    expect(d.chains).toHaveLength(4);
    expect(d.nIterations[0]).toBe(Math.min(...[1, 2, 3, 4].map((c) => run.store!.nSampling(c))));
  });

  it('sample more continues every chain from its checkpoint with no new warmup', async () => {
    const { run } = makeRun();
    await run.start();
    expect(await run.sampleMore(25)).toBe('done');
    for (let c = 1; c <= 4; c++) {
      expect(run.store!.nWarmup(c)).toBe(40);
      expect(run.store!.nSampling(c)).toBe(85);
      expect(run.checkpoints[c - 1]!.iterationsDone).toBe(125);
    }
    // the continuation is the same chain: identical to one uninterrupted run of 40 + 85
    const { run: long } = makeRun({ iter: 85 });
    await long.start();
    // the fake's step size keeps adapting only in warmup, so both continue identically
    expect(Array.from(run.store!.samplingDraws(3))).toEqual(Array.from(long.store!.samplingDraws(3)));
  });

  it('a failed initialisation ends the run with the worker message and no worker left', async () => {
    const { run, fake } = makeRun({}, 'fail init');
    expect(await run.start()).toBe('error');
    expect(run.error).toBe('Chain 1: Initialization failed after 100 attempts');
    expect(fake.live()).toBe(0);
  });

  it('a model that throws mid-run ends the run with its message; earlier draws are kept', async () => {
    const { run, fake } = makeRun({}, 'fail at 50');
    expect(await run.start()).toBe('error');
    expect(run.error).toMatch(/^Chain \d: fake model blew up at iteration 50$/);
    expect(fake.live()).toBe(0);
    expect(run.store!.nIterations(1)).toBeGreaterThan(0);
  });

  it('refuses chains < 1 and sample more with no draws requested', async () => {
    expect(() => makeRun({ chains: 0 })).toThrow(/chains must be a positive integer/);
    const { run } = makeRun({ chains: 1 });
    await run.start();
    expect(() => run.sampleMore(0)).toThrow(/positive number of draws/);
  });
});

describe('exports of a run', () => {
  it('a stopped run exports the post-warmup draws its chains share, and a summary of the kept draws', async () => {
    const { drawsCsvFromStore, summaryJsonFromRun } = await import('../../src/client/exports');
    const { run } = makeRun();
    const finished = run.start();
    await when(run, () => (run.store?.nSampling(1) ?? 0) >= 20);
    run.stop();
    await finished;
    const store = run.store!;
    const lines = drawsCsvFromStore(store).trimEnd().split('\n');
    const have = [1, 2, 3, 4].map((c) => store.nSampling(c)).filter((n) => n > 0);
    expect(lines).toHaveLength(1 + have.length * Math.min(...have));
    expect(lines[0].startsWith('b_Intercept,sigma,lp__,')).toBe(true);
    const json = JSON.parse(summaryJsonFromRun(run, spec, 1.5));
    const kept = [1, 2, 3, 4].map((c) => store.nSampling(c)).filter((n) => n > 0);
    expect(json.chains).toBe(kept.length);
    expect(json.iter).toBe(Math.min(...kept));
    expect(json.parameters.map((p: { name: string }) => p.name)).toEqual(['b_Intercept', 'sigma']);
    expect(json.divergences).toBeGreaterThanOrEqual(0);
  });
});

/** Post-warmup draws of chain c as plain numbers. */
const drawsOf = (run: ChainRun, c: number) => Array.from(run.store!.samplingDraws(c));
const warmupOf = (run: ChainRun, c: number) => Array.from(run.store!.chain(c).draws.subarray(0, run.store!.nWarmup(c) * 2));

describe('Stop keeps a resumable fit (issue 20)', () => {
  it('after a stop mid-sampling, Sample more brings every chain to the planned length with an uninterrupted run\'s draws', async () => {
    const { run } = makeRun();
    const finished = run.start();
    await when(run, () => (run.store?.nSampling(1) ?? 0) >= 20);
    run.stop('It converged');
    expect(await finished).toBe('stopped');
    expect(run.stopReason).toBe('It converged');
    // progress no longer says "sampling" for a chain that is not running
    expect(run.progress.some((p) => p.phase === 'warmup' || p.phase === 'sampling')).toBe(false);
    expect(run.progress[0].phase).toBe('stopped');
    expect(run.checkpoints[0]!.iterationsDone).toBe(run.store!.nIterations(1));
    expect(await run.sampleMore(999)).toBe('done'); // after Stop: the planned 60, not 999 more
    expect(run.stopReason).toBeNull();
    const { run: whole } = makeRun();
    await whole.start();
    for (let c = 1; c <= 4; c++) {
      expect(run.store!.nWarmup(c)).toBe(40);
      expect(run.store!.nSampling(c)).toBe(60);
      expect(run.progress[c - 1]).toMatchObject({ phase: 'done', iterationsDone: 100, totalIterations: 100 });
      expect(drawsOf(run, c)).toEqual(drawsOf(whole, c));
      expect(warmupOf(run, c)).toEqual(warmupOf(whole, c));
    }
    // and Sample more after that adds draws as before
    expect(await run.sampleMore(10)).toBe('done');
    expect(run.store!.nSampling(2)).toBe(70);
  });

  it('chains stopped in warmup or never started run again from their seed (same draws) on Sample more', async () => {
    const { run, fake } = makeRun();
    const finished = run.start();
    await when(run, () => (run.store?.nWarmup(1) ?? 0) >= 10);
    run.stop();
    await finished;
    expect(run.store!.nIterations(3)).toBe(0); // queued: concurrency 2
    const spawnedBefore = fake.spawned();
    expect(await run.sampleMore(1)).toBe('done');
    expect(fake.spawned() - spawnedBefore).toBe(4);
    const { run: whole } = makeRun();
    await whole.start();
    for (let c = 1; c <= 4; c++) {
      expect(run.store!.nWarmup(c)).toBe(40);
      expect(drawsOf(run, c)).toEqual(drawsOf(whole, c));
      expect(warmupOf(run, c)).toEqual(warmupOf(whole, c));
    }
  });

  it('a stop, Sample more, stop again and Sample more still ends with the uninterrupted draws', async () => {
    const { run } = makeRun({ iter: 80 }, 'y ~ 1', 4);
    let finished = run.start();
    await when(run, () => (run.store?.nSampling(2) ?? 0) >= 15);
    run.stop();
    await finished;
    finished = run.sampleMore(0);
    await when(run, () => (run.store?.nSampling(2) ?? 0) >= 50);
    run.stop();
    expect(await finished).toBe('stopped');
    expect(await run.sampleMore(0)).toBe('done');
    const { run: whole } = makeRun({ iter: 80 }, 'y ~ 1', 4);
    await whole.start();
    for (let c = 1; c <= 4; c++) expect(drawsOf(run, c)).toEqual(drawsOf(whole, c));
  });

  it('the draws CSV after Stop reads with posterior: equal chain lengths, contiguous .iteration, unique .draw', async () => {
    const { drawsCsvFromStore } = await import('../../src/client/exports');
    const { run } = makeRun();
    const finished = run.start();
    await when(run, () => (run.store?.nSampling(1) ?? 0) >= 20 && (run.store?.nSampling(2) ?? 0) >= 1);
    run.stop();
    await finished;
    const lines = drawsCsvFromStore(run.store!).trimEnd().split('\n');
    const header = lines[0].split(',');
    const [ci, ii, di] = ['.chain', '.iteration', '.draw'].map((n) => header.indexOf(n));
    const rows = lines.slice(1).map((l) => l.split(','));
    const byChain = new Map<string, number[]>();
    for (const r of rows) byChain.set(r[ci], [...(byChain.get(r[ci]) ?? []), Number(r[ii])]);
    const lengths = [...byChain.values()].map((v) => v.length);
    expect(new Set(lengths).size).toBe(1);
    const kept = [1, 2, 3, 4].map((c) => run.store!.nSampling(c)).filter((n) => n > 0);
    expect(lengths[0]).toBe(Math.min(...kept));
    expect(byChain.size).toBe(kept.length);
    for (const its of byChain.values()) expect(its).toEqual(its.map((_, i) => i + 1));
    const draws = rows.map((r) => r[di]);
    expect(new Set(draws).size).toBe(draws.length);
  });
});

describe('the host-compiled structure', () => {
  it('reaches every chain job, for the first run and for "sample more"', async () => {
    const fake = fakeSpawner();
    const seen: (ChainJob['structure'] | undefined)[] = [];
    const structure = { family: 'gaussian', N: 1 } as unknown as NonNullable<ChainJob['structure']>;
    const run = new ChainRun({
      spec, data, batch, concurrency: 2, structure,
      spawn: (job, onEvent) => { seen.push(job.structure); return fake.spawn(job, onEvent); },
      settings: { ...DEFAULT_SETTINGS, chains: 3, warmup: 10, iter: 10 },
    });
    expect(await run.start()).toBe('done');
    expect(await run.sampleMore(5)).toBe('done');
    expect(seen).toHaveLength(6);
    expect(seen.every((s) => s === structure)).toBe(true);
  });
});

describe('ChainRun.restored (a session reopened with its chains\' final states)', () => {
  it('is a finished run around the saved draws; Sample more continues each chain as the original would', async () => {
    const { run: original } = makeRun();
    await original.start();
    const fake = fakeSpawner();
    const reopened = ChainRun.restored(
      { spec, data, batch, concurrency: 2, spawn: fake.spawn, settings: { ...DEFAULT_SETTINGS, chains: 4, warmup: 40, iter: 60 } },
      { store: original.store!, nObs: 7, checkpoints: original.checkpoints.map((c) => c!), progress: original.progress },
    );
    expect(reopened.status).toBe('done');
    expect(reopened.nObs).toBe(7);
    expect(reopened.progress[2]).toEqual(original.progress[2]);
    expect(reopened.progress[2]).not.toBe(original.progress[2]);
    const before = [1, 2, 3, 4].map((c) => drawsOf(reopened, c));
    const { run: longer } = makeRun();
    await longer.start();
    expect(await longer.sampleMore(15)).toBe('done');
    expect(await reopened.sampleMore(15)).toBe('done');
    for (let c = 1; c <= 4; c++) {
      expect(reopened.store!.nSampling(c)).toBe(75);
      expect(drawsOf(reopened, c).slice(0, before[c - 1].length)).toEqual(before[c - 1]);
      expect(drawsOf(reopened, c)).toEqual(drawsOf(longer, c));
    }
  });
});
