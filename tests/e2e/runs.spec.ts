// The run lifecycle end to end: Stop keeps a resumable fit (issue 20) and Stop when converged
// (issue 23). Real Web Workers running the real model.
import { expect, test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openApp, screenshotPath } from './helpers';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CSV_PATH = [resolve(ROOT, 'public/examples/sleepstudy.csv'), resolve(ROOT, '../shared/data/sleepstudy.csv')]
  .find((p) => existsSync(p))!;
const CSV = readFileSync(CSV_PATH, 'utf8');
const SPEC = { formula: 'Reaction ~ Days + (Days | Subject)', family: 'gaussian' };

type Result = {
  status: string; error: string | null; names: string[]; draws: number[][][]; nWarmup: number[];
  nSampling: number[]; runningWorkers: number; rowsAtStop?: number[]; csvAtStop?: string;
};

async function runInBrowser(page: Page, settings: object, options: object = {}): Promise<Result> {
  await page.waitForFunction(() => Boolean((window as any).__mlsTest));
  return page.evaluate(([s, csv, st, o]) => (window as any).__mlsTest.runChains(s, csv, st, o), [SPEC, CSV, settings, options] as const);
}

/** Checks a draws CSV the way posterior::as_draws_df needs it; returns draws per chain. */
function checkDrawsCsv(text: string): { chains: number; perChain: number } {
  const lines = text.trimEnd().split('\n');
  const header = lines[0].match(/("([^"]|"")*"|[^,]+)/g)!;
  const [ci, ii, di] = ['.chain', '.iteration', '.draw'].map((n) => header.indexOf(n));
  const iterations = new Map<string, number[]>();
  const draws = new Set<string>();
  // One expect per row costs Playwright milliseconds each (minutes for 24,000 rows): count instead.
  let short = 0;
  for (const line of lines.slice(1)) {
    const cells = line.split(',').slice(-3); // .chain, .iteration, .draw end every row
    if (cells.length !== 3) short++;
    const [chain, iteration, draw] = cells;
    (iterations.get(chain) ?? iterations.set(chain, []).get(chain)!).push(Number(iteration));
    draws.add(draw);
  }
  expect(short, 'rows without .chain, .iteration, .draw').toBe(0);
  expect([ci, ii, di]).toEqual([header.length - 3, header.length - 2, header.length - 1]);
  const lengths = [...iterations.values()].map((v) => v.length);
  expect(new Set(lengths).size, `chain lengths ${lengths.join(', ')}`).toBe(1); // equal chain lengths
  for (const v of iterations.values()) expect(v).toEqual(v.map((_, i) => i + 1)); // contiguous .iteration
  expect(draws.size).toBe(lines.length - 1); // unique .draw
  return { chains: iterations.size, perChain: lengths[0] };
}

/** posterior::summarise_draws on the file, when R with posterior is installed. */
function posteriorReads(text: string): string | null {
  if (spawnSync('Rscript', ['-e', 'library(posterior)']).status !== 0) return null;
  const dir = mkdtempSync(join(tmpdir(), 'mls-runs-'));
  writeFileSync(join(dir, 'd.csv'), text);
  const r = spawnSync('Rscript', ['-e',
    `d <- posterior::as_draws_df(read.csv("${join(dir, 'd.csv')}", check.names = FALSE)); s <- posterior::summarise_draws(d); cat(posterior::nchains(d), posterior::niterations(d), nrow(s))`],
  { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.trim();
}

test('Stop, then Sample more: every chain reaches the requested length with the draws of an uninterrupted run', async ({ page }) => {
  await page.goto('/');
  const settings = { chains: 4, warmup: 150, iter: 2000, seed: 3 };
  // Two workers at a time: chain 1 is stopped mid-sampling, chain 2 wherever it is (between two
  // of its batches), chains 3 and 4 have not started. Then Sample more.
  const resumed = await runInBrowser(page, settings, { stopAt: { phase: 'sampling', rows: 800 }, continueAfterStop: true, concurrency: 2 });
  expect(resumed.status, resumed.error ?? '').toBe('done');
  expect(resumed.runningWorkers).toBe(0);
  const atStop = resumed.rowsAtStop!;
  expect(atStop[0]).toBeGreaterThanOrEqual(150 + 800);
  expect(atStop[0]).toBeLessThan(2150);
  console.log(`rows per chain at the stop: ${atStop.join(', ')}`);
  expect(resumed.nSampling).toEqual([2000, 2000, 2000, 2000]);
  expect(resumed.nWarmup).toEqual([150, 150, 150, 150]);
  const whole = await runInBrowser(page, settings, { concurrency: 2 });
  expect(whole.status).toBe('done');
  // Every chain: the one stopped mid-sampling (continued from its last received batch's state),
  // the one stopped wherever it was, and the two that had not started.
  for (let c = 0; c < 4; c++) expect(resumed.draws[c], `chain ${c + 1}`).toEqual(whole.draws[c]);

  // The draws CSV exported right after the stop reads with posterior.
  const shape = checkDrawsCsv(resumed.csvAtStop!);
  expect(shape.perChain).toBe(Math.min(...atStop.filter((r) => r > 150).map((r) => r - 150)));
  const r = posteriorReads(resumed.csvAtStop!);
  if (r !== null) expect(r).toBe(`${shape.chains} ${shape.perChain} ${resumed.names.length + 7}`);
});

const runStatus = (page: Page) => page.getByRole('status', { name: 'Run status' });
const progressList = (page: Page) => page.getByLabel('Chain progress');

async function setSettings(page: Page, s: Record<string, number>) {
  for (const [label, v] of Object.entries(s)) await page.getByLabel(label, { exact: true }).fill(String(v));
}

async function exportDraws(page: Page): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export draws', exact: true }).click()]);
  return readFileSync((await download.path())!, 'utf8');
}

test('in the page: Stop says what is kept, exports equal chains, and Sample more finishes every chain', async ({ page }) => {
  await openApp(page);
  // Stop is pressed as soon as a chain samples: on a quiet machine a 3,000-draw run could end
  // within the half second this test used to wait.
  await setSettings(page, { Chains: 4, Warmup: 300, Iterations: 6000 });
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(progressList(page)).toContainText('sampling', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(runStatus(page)).toContainText(/Stopped: \d chains? x [\d,]+ draws/);
  await expect(runStatus(page)).toContainText('Sample more continues every chain to 6,000 draws');
  await expect(progressList(page)).not.toContainText('sampling');
  await expect(progressList(page)).toContainText('stopped');
  const status = (await runStatus(page).textContent())!;
  const [, chains, draws] = /Stopped: (\d) chains? x ([\d,]+) draws/.exec(status)!;
  const exported = await exportDraws(page);
  const shape = checkDrawsCsv(exported);
  expect(shape).toEqual({ chains: Number(chains), perChain: Number(draws.replace(/,/g, '')) });
  const r = posteriorReads(exported);
  if (r !== null) expect(r.split(' ').slice(0, 2)).toEqual([chains, String(shape.perChain)]);
  await runStatus(page).scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('runs-stopped.png') });

  const more = page.getByRole('button', { name: 'Sample more' });
  await expect(more).toBeEnabled();
  await more.click();
  await expect(runStatus(page)).toContainText('Done', { timeout: 120_000 });
  const rows = await progressList(page).locator('li').allTextContents();
  expect(rows).toHaveLength(4);
  for (const row of rows) expect(row).toContain('done 6300 / 6300');
  expect(checkDrawsCsv(await exportDraws(page))).toEqual({ chains: 4, perChain: 6000 });
});

test('Stop when converged: sleepstudy stops before the requested iterations and says at which draw', async ({ page }) => {
  await openApp(page);
  await setSettings(page, { Chains: 2, Warmup: 300, Iterations: 20000 });
  await page.getByLabel('Stop when converged').check();
  await expect(page.getByLabel('ESS target', { exact: true })).toHaveValue('400');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(runStatus(page)).toContainText('It converged at draw', { timeout: 120_000 });
  const text = (await runStatus(page).textContent())!;
  const m = /It converged at draw ([\d,]+) per chain: every parameter has R-hat below 1.01 and bulk and tail ESS above 400/.exec(text);
  expect(m, text).not.toBeNull();
  const at = Number(m![1].replace(/,/g, ''));
  expect(at).toBeLessThan(20000);
  const kept = Number(/Stopped: 2 chains x ([\d,]+) draws/.exec(text)![1].replace(/,/g, ''));
  expect(kept).toBeGreaterThanOrEqual(at);
  expect(kept).toBeLessThan(20000);
  const rows = await progressList(page).locator('li').allTextContents();
  // The rule is checked about once a second, so on a quiet machine a chain may finish its 20,300
  // iterations before it fires; the others are stopped, and the fit keeps the shortest chain's draws.
  for (const row of rows) expect(row).toMatch(/stopped \d+ \/ 20300|done 20300 \/ 20300/);
  expect(rows.some((row) => /stopped \d+ \/ 20300/.test(row)), rows.join('; ')).toBe(true);
  await expect(page.getByRole('region', { name: 'Convergence', exact: true })).toContainText(/parameters pass all checks/);
  await runStatus(page).scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('runs-converged.png') });
  // Sample more after it: the requested iterations, not stopped again at once.
  await page.getByRole('button', { name: 'Sample more' }).click();
  await expect(runStatus(page)).toContainText('Done', { timeout: 120_000 });
  for (const row of await progressList(page).locator('li').allTextContents()) expect(row).toContain('done 20300 / 20300');
});
