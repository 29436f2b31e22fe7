// The browser worker pool end to end: real Web Workers running the real model, driven through
// window.__mlsTest (src/client/testHook.ts), compared with the CLI on worker threads.
import { expect, test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// The bundled copy (in the repo, so a clean clone has it), else the shared data folder.
const CSV_PATH = [resolve(ROOT, 'public/examples/sleepstudy.csv'), resolve(ROOT, '../shared/data/sleepstudy.csv')]
  .find((p) => existsSync(p))!;
const CSV = readFileSync(CSV_PATH, 'utf8');
const SPEC = { formula: 'Reaction ~ Days + (Days | Subject)', family: 'gaussian' };

type Result = {
  status: string; error: string | null; names: string[]; draws: number[][][]; nWarmup: number[];
  nSampling: number[]; runningWorkers: number; maxWorkers: number; batches: number;
};

async function runInBrowser(page: Page, spec: object, settings: object, options: object = {}): Promise<Result> {
  await page.waitForFunction(() => Boolean((window as any).__mlsTest));
  return page.evaluate(([s, csv, st, o]) => (window as any).__mlsTest.runChains(s, csv, st, o), [spec, CSV, settings, options] as const);
}

/** The CLI's draws CSV as [chain][draw][parameter] plus the parameter names. */
function runCli(args: string[]): { names: string[]; draws: number[][][] } {
  const build = spawnSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: ROOT, encoding: 'utf8' });
  expect(build.status, build.stderr).toBe(0);
  const dir = mkdtempSync(join(tmpdir(), 'mls-e2e-'));
  const r = spawnSync(process.execPath, [join(ROOT, 'dist-cli/fit.mjs'), '--data', CSV_PATH, '--formula', SPEC.formula,
    ...args, '--draws', 'd.csv', '--quiet'], { cwd: dir, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  const lines = readFileSync(join(dir, 'd.csv'), 'utf8').trimEnd().split('\n');
  // names: split on commas outside quotes
  const header = lines[0].match(/("([^"]|"")*"|[^,]+)/g)!.map((h) => h.replace(/^"|"$/g, ''));
  const nParams = header.length - 10;
  const draws: number[][][] = [];
  for (const line of lines.slice(1)) {
    const cells = line.match(/("([^"]|"")*"|[^,]+)/g)!;
    const chain = Number(cells[cells.length - 3]);
    (draws[chain - 1] ??= []).push(cells.slice(0, nParams).map(Number));
  }
  return { names: header.slice(0, nParams), draws };
}

test.beforeEach(async ({ page }) => {
  await page.goto('/');
});

test('the same model and seed give the same draws in the browser and in the CLI', async ({ page }) => {
  const settings = { chains: 2, warmup: 150, iter: 40, seed: 5 };
  const browser = await runInBrowser(page, SPEC, settings);
  expect(browser.status).toBe('done');
  const cli = runCli(['--chains', '2', '--warmup', '150', '--iter', '40', '--seed', '5']);
  expect(browser.names).toEqual(cli.names);
  expect(browser.draws.length).toBe(2);
  let maxDiff = 0;
  for (let c = 0; c < 2; c++) {
    expect(browser.draws[c].length).toBe(40);
    for (let i = 0; i < 40; i++) {
      for (let p = 0; p < cli.names.length; p++) {
        const a = browser.draws[c][i][p];
        const b = cli.draws[c][i][p];
        maxDiff = Math.max(maxDiff, Math.abs(a - b) / Math.max(1, Math.abs(b)));
      }
    }
  }
  expect(maxDiff).toBe(0); // bit-identical: the shells use portable Math (workers/deterministicMath.ts)
});

test('more chains than cores: the extra chains queue and every chain finishes', async ({ page }) => {
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const chains = cores + 1;
  const r = await runInBrowser(page, SPEC, { chains, warmup: 60, iter: 20, seed: 2 });
  expect(r.status).toBe('done');
  expect(r.nSampling).toEqual(Array(chains).fill(20));
  expect(r.maxWorkers).toBeLessThanOrEqual(cores);
  expect(r.runningWorkers).toBe(0);
});

test('stop mid-warmup keeps the warmup draws received and leaves no worker running', async ({ page }) => {
  const r = await runInBrowser(page, SPEC, { chains: 2, warmup: 3000, iter: 100, seed: 3 },
    { stopAt: { phase: 'warmup', rows: 1 } });
  expect(r.status).toBe('stopped');
  expect(r.runningWorkers).toBe(0);
  expect(r.nWarmup[0]).toBeGreaterThan(0);
  expect(r.nWarmup[0]).toBeLessThan(3000);
  expect(r.nSampling[0]).toBe(0);
});

test('stop mid-sampling keeps the post-warmup draws received', async ({ page }) => {
  const r = await runInBrowser(page, SPEC, { chains: 2, warmup: 100, iter: 5000, seed: 3 },
    { stopAt: { phase: 'sampling', rows: 1 } });
  expect(r.status).toBe('stopped');
  expect(r.runningWorkers).toBe(0);
  expect(r.nWarmup[0]).toBe(100);
  expect(r.nSampling[0]).toBeGreaterThan(0);
  expect(r.nSampling[0]).toBeLessThan(5000);
  expect(r.draws[0].length).toBe(r.nSampling[0]);
});

test('sample more continues each chain: 20 + 15 draws equal one run of 35', async ({ page }) => {
  const more = await runInBrowser(page, SPEC, { chains: 2, warmup: 100, iter: 20, seed: 4 }, { sampleMore: 15 });
  expect(more.status).toBe('done');
  expect(more.nWarmup).toEqual([100, 100]);
  expect(more.nSampling).toEqual([35, 35]);
  const once = await runInBrowser(page, SPEC, { chains: 2, warmup: 100, iter: 35, seed: 4 });
  expect(more.draws).toEqual(once.draws);
});

test('a worker failure ends the run with the worker message', async ({ page }) => {
  const r = await runInBrowser(page, { ...SPEC, formula: 'Reaction ~ Dayz + (1 | Subject)' }, { chains: 2, warmup: 50, iter: 10 });
  expect(r.status).toBe('error');
  expect(r.error).toMatch(/^Chain \d: .*Dayz/);
  expect(r.runningWorkers).toBe(0);
});
